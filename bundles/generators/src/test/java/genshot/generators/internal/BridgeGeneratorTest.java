package genshot.generators.internal;

import static genshot.generators.internal.BridgeFixtures.Disc;
import static genshot.generators.internal.BridgeFixtures.Scene;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Cancellation;
import genshot.api.CancelledException;
import genshot.api.Frame;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.ShotContext;
import genshot.api.ShotContext.Neighbour;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.media.internal.HumbleMediaDecoder;
import genshot.timeline.Rate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bridge generator on clips made with the real encoder and read with the real decoder, against the true
 * frames of the gap.
 */
class BridgeGeneratorTest {
    static final int W = 320;
    static final int H = 180;
    static final Rate RATE = Rate.FPS_25;
    /** Frames of each neighbour clip. */
    static final int CLIP = 4;

    @TempDir
    static Path dir;
    static BridgeGenerator bridge;
    static HumbleMediaDecoder decoder = new HumbleMediaDecoder();

    @BeforeAll
    static void start() {
        bridge = new BridgeGenerator(decoder, 2);
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    /** The scene cut into a clip before (frames 0..CLIP-1), a gap of k frames and a clip after. */
    record Cut(Scene scene, int k, ShotContext context) {
        long gapStart() {
            return CLIP;
        }
    }

    static Cut cut(Scene scene, int k, String name) {
        Path before = BridgeFixtures.encode(scene, 0, CLIP, W, H, RATE, dir.resolve(name + "-before.mp4"));
        Path after = BridgeFixtures.encode(scene, CLIP + k, CLIP, W, H, RATE, dir.resolve(name + "-after.mp4"));
        return new Cut(scene, k, new ShotContext(new Neighbour(before, CLIP - 1, CLIP, 1),
                new Neighbour(after, 0, CLIP, 1)));
    }

    static List<byte[]> run(BridgeGenerator g, Map<String, String> params, long frames, ShotContext ctx) {
        List<byte[]> out = new ArrayList<>();
        g.generate(req(params), spec(frames), ctx, f -> {
            assertEquals(out.size(), f.index());
            assertEquals(W, f.width());
            assertEquals(H, f.height());
            out.add(f.bgr().clone());
        }, Progress.NONE, Cancellation.NEVER);
        assertEquals(frames, out.size());
        return out;
    }

    static ShotRequest req(Map<String, String> params) {
        return new ShotRequest("bridge", "", "", 0, params, "cpu");
    }

    static ShotSpec spec(long frames) {
        return new ShotSpec(RATE, W, H, frames, 100, "V1:2");
    }

    static byte[] decoded(Neighbour n) {
        byte[][] got = new byte[1][];
        decoder.decode(n.media(), n.cutFrame(), 1, f -> got[0] = f.bgr().clone());
        return got[0];
    }

    /** Bounds for the in-between frames against the truth (0..255 per channel value, frame less the motion border). */
    static final double MAX_MAE = 3.5;
    static final double MIN_PSNR = 33.0;

    @ParameterizedTest(name = "gap of {0}")
    @ValueSource(ints = {1, 3, 8})
    void knownTranslationIsInterpolatedLikeFootage(int k) {
        Scene scene = new Scene(11, 5, 2);
        Cut c = cut(scene, k, "pan" + k);
        List<byte[]> got = run(bridge, Map.of(), k, c.context());
        byte[] a = decoded(c.context().before());
        byte[] b = decoded(c.context().after());
        int border = (int) Math.ceil(Math.hypot(5, 2) * (k + 1));
        System.out.printf(Locale.ROOT, "pan k=%d codec alone: MAE %.2f PSNR %.1f%n", k,
                BridgeFixtures.mae(a, scene.frame(CLIP - 1, W, H), W, H, border),
                BridgeFixtures.psnr(a, scene.frame(CLIP - 1, W, H), W, H, border));
        for (int i = 0; i < k; i++) {
            byte[] truth = scene.frame(c.gapStart() + i, W, H);
            double mae = BridgeFixtures.mae(got.get(i), truth, W, H, border);
            double psnr = BridgeFixtures.psnr(got.get(i), truth, W, H, border);
            byte[] dis = BridgeFixtures.dissolve(a, b, (i + 1.0) / (k + 1));
            double disMae = BridgeFixtures.mae(dis, truth, W, H, border);
            double disPsnr = BridgeFixtures.psnr(dis, truth, W, H, border);
            System.out.printf(Locale.ROOT, "pan k=%d frame %d: bridge MAE %.2f PSNR %.1f dB (border 4: MAE %.2f PSNR %.1f); dissolve MAE %.2f PSNR %.1f%n",
                    k, i, mae, psnr, BridgeFixtures.mae(got.get(i), truth, W, H, 4),
                    BridgeFixtures.psnr(got.get(i), truth, W, H, 4), disMae, disPsnr);
            assertTrue(mae < MAX_MAE, "frame " + i + ": mean abs error " + mae);
            assertTrue(psnr > MIN_PSNR, "frame " + i + ": PSNR " + psnr);
            // the bound means something: a cross-dissolve of the same two frames misses it by far
            assertTrue(disMae > 2 * MAX_MAE, "dissolve error only " + disMae);
            assertTrue(disPsnr < MIN_PSNR - 4, "dissolve PSNR " + disPsnr);
        }
    }

    @ParameterizedTest(name = "gap of {0}")
    @ValueSource(ints = {1, 3, 8})
    void anObjectMovingAgainstTheBackgroundKeepsItsShape(int k) {
        Disc disc = new Disc(200, 90, 30, -4, 0);
        Scene scene = new Scene(5, 3, 1, 1, disc);
        Cut c = cut(scene, k, "disc" + k);
        List<byte[]> got = run(bridge, Map.of(), k, c.context());
        byte[] a = decoded(c.context().before());
        byte[] b = decoded(c.context().after());
        int border = (int) Math.ceil(Math.hypot(3, 1) * (k + 1));
        for (int i = 0; i < k; i++) {
            long frame = c.gapStart() + i;
            byte[] truth = scene.frame(frame, W, H);
            double mae = BridgeFixtures.mae(got.get(i), truth, W, H, border);
            double psnr = BridgeFixtures.psnr(got.get(i), truth, W, H, border);
            byte[] dis = BridgeFixtures.dissolve(a, b, (i + 1.0) / (k + 1));
            double disMae = BridgeFixtures.mae(dis, truth, W, H, border);
            // around the disc, where it covers and uncovers the background
            int cx = (int) Math.round(disc.cx() + disc.vx() * frame);
            int cy = (int) Math.round(disc.cy() + disc.vy() * frame);
            int r = (int) disc.r() + 8;
            double near = BridgeFixtures.mae(got.get(i), truth, W, cx - r, cy - r, cx + r, cy + r);
            double disNear = BridgeFixtures.mae(dis, truth, W, cx - r, cy - r, cx + r, cy + r);
            System.out.printf(Locale.ROOT, "disc k=%d frame %d: bridge MAE %.2f PSNR %.1f dB, around the disc %.2f; "
                    + "dissolve MAE %.2f, around the disc %.2f%n", k, i, mae, psnr, near, disMae, disNear);
            assertTrue(mae < MAX_DISC_MAE, "frame " + i + ": mean abs error " + mae);
            assertTrue(psnr > MIN_DISC_PSNR, "frame " + i + ": PSNR " + psnr);
            assertTrue(near < MAX_NEAR_DISC_MAE, "frame " + i + ": mean abs error around the disc " + near);
            assertTrue(near < 0.85 * disNear, "around the disc no better than a dissolve: " + near + " vs " + disNear);
            assertTrue(disMae > 1.7 * mae, "dissolve error only " + disMae + " against " + mae);
        }
    }

    /** Looser: the disc's edges (occlusion) cost a little more. */
    static final double MAX_DISC_MAE = 5.0;
    static final double MIN_DISC_PSNR = 29.0;
    static final double MAX_NEAR_DISC_MAE = 9.0;

    /** The shift between consecutive pictures, measured by exhaustive search (not with the flow code). */
    static double[] step(byte[] from, byte[] to) {
        return BridgeFixtures.shift(BridgeFixtures.grey(from, W, H), BridgeFixtures.grey(to, W, H), W, H, 40, 8);
    }

    @Test
    void withOnlyTheClipBeforeTheMotionCarriesOnAndSlowsDown() {
        Scene scene = new Scene(21, 3, 1);
        Path before = BridgeFixtures.encode(scene, 0, CLIP, W, H, RATE, dir.resolve("end-before.mp4"));
        Neighbour n = new Neighbour(before, CLIP - 1, CLIP, 1);
        int k = 10;
        List<byte[]> got = run(bridge, Map.of(), k, new ShotContext(n, null));
        byte[] prev = decoded(n);
        double last = Double.MAX_VALUE;
        double first = 0;
        for (int i = 0; i < k; i++) {
            double[] d = step(prev, got.get(i));
            double len = Math.hypot(d[0], d[1]);
            System.out.printf(Locale.ROOT, "end gap frame %d: moved (%.2f, %.2f)%n", i, d[0], d[1]);
            // along the clip's own motion (3, 1)
            assertTrue((d[0] * 3 + d[1]) / Math.hypot(3, 1) > 0.9 * len, "frame " + i + " moved " + d[0] + ", " + d[1]);
            assertTrue(len <= last + 0.15, "frame " + i + " sped up: " + len + " after " + last);
            if (i == 0) {
                first = len;
                assertTrue(len > 2 && len < 3.5, "first step " + len + " (the clip moves 3.2 a frame)");
            }
            last = len;
            prev = got.get(i);
        }
        assertTrue(last < 0.5 * first, "no slowing down: " + first + " then " + last);
    }

    @Test
    void withOnlyTheClipAfterTheMotionLeadsIntoIt() {
        Scene scene = new Scene(22, -2, 2);
        int k = 10;
        Path after = BridgeFixtures.encode(scene, 100, CLIP, W, H, RATE, dir.resolve("start-after.mp4"));
        Neighbour n = new Neighbour(after, 0, CLIP, 1);
        List<byte[]> got = run(bridge, Map.of(), k, new ShotContext(null, n));
        // played forwards, the pictures move along (-2, 2) and speed up into the clip: seen from the cut
        // backwards, each step is no longer than the one nearer the cut
        byte[] next = decoded(n);
        double last = Double.MAX_VALUE;
        for (int i = k - 1; i >= 0; i--) {
            double[] d = step(got.get(i), next);
            double len = Math.hypot(d[0], d[1]);
            System.out.printf(Locale.ROOT, "start gap frame %d: moves (%.2f, %.2f) into the next%n", i, d[0], d[1]);
            assertTrue((-d[0] + d[1]) / Math.hypot(1, 1) > 0.9 * len, "frame " + i + " moves " + d[0] + ", " + d[1]);
            assertTrue(len <= last + 0.15, "frame " + i + ": " + len + " after " + last);
            last = len;
            next = got.get(i);
        }
        assertTrue(last < 1.5, "the first frames should be nearly still, moved " + last);
    }

    @Test
    void colourAndExposureMoveFromOneSideToTheOther() {
        Scene scene = new Scene(31, 2, 0);
        int k = 6;
        Path before = BridgeFixtures.encode(scene.darker(0.55), 0, CLIP, W, H, RATE, dir.resolve("dark-before.mp4"));
        Path after = BridgeFixtures.encode(scene, CLIP + k, CLIP, W, H, RATE, dir.resolve("bright-after.mp4"));
        ShotContext ctx = new ShotContext(new Neighbour(before, CLIP - 1, CLIP, 1), new Neighbour(after, 0, CLIP, 1));
        List<byte[]> got = run(bridge, Map.of(), k, ctx);
        double start = BridgeFixtures.luma(decoded(ctx.before()));
        double end = BridgeFixtures.luma(decoded(ctx.after()));
        double prev = start;
        for (int i = 0; i < k; i++) {
            double l = BridgeFixtures.luma(got.get(i));
            System.out.printf(Locale.ROOT, "colour frame %d: mean luma %.1f (sides %.1f .. %.1f)%n", i, l, start, end);
            // rises by at least a fifth of an even step each frame, and stays between the sides
            assertTrue(l > prev + 0.2 * (end - start) / (k + 1), "frame " + i + ": " + l + " after " + prev);
            assertTrue(l < end, "frame " + i + ": " + l + " beyond " + end);
            prev = l;
        }
    }

    /**
     * A cut between two pictures with nothing in common (the sample project's test pattern and colour bars): the
     * flow between them is noise, and warped along it the pictures tore into streaks. The morph lets nothing move
     * there: every frame is the plain eased dissolve that motion=hold makes, on short gaps and long ones.
     */
    @ParameterizedTest(name = "gap of {0}")
    @ValueSource(ints = {5, 20})
    void aCutBetweenUnrelatedPicturesDissolvesWithoutMotion(int k) {
        Path before = BridgeFixtures.encode(new Scene(51, 3, 1), 0, CLIP, W, H, RATE, dir.resolve("u" + k + "-a.mp4"));
        Path after = BridgeFixtures.encode(new Scene(77, -2, 2), CLIP + k, CLIP, W, H, RATE,
                dir.resolve("u" + k + "-b.mp4"));
        ShotContext ctx = new ShotContext(new Neighbour(before, CLIP - 1, CLIP, 1), new Neighbour(after, 0, CLIP, 1));
        List<byte[]> auto = new ArrayList<>();
        ShotResult r = bridge.generate(req(Map.of()), spec(k), ctx, f -> auto.add(f.bgr().clone()), Progress.NONE,
                Cancellation.NEVER);
        Map<String, String> d = r.details();
        assertEquals("morph", d.get("mode"), d.get("why"));
        assertTrue(Double.parseDouble(d.get("unmatched")) >= BridgeGenerator.DISSOLVE_SHARE, d.get("unmatched"));
        assertEquals("0.00", d.get("morphLimit"));
        assertTrue(d.get("why").endsWith("nothing moves: a dissolve"), d.get("why"));
        List<byte[]> hold = run(bridge, Map.of("motion", "hold"), k, ctx);
        for (int i = 0; i < k; i++) {
            assertArrayEquals(hold.get(i), auto.get(i), "frame " + i);
        }
        // and asked for, a morph does the same
        List<byte[]> morph = run(bridge, Map.of("motion", "morph"), k, ctx);
        for (int i = 0; i < k; i++) {
            assertArrayEquals(hold.get(i), morph.get(i), "morph, frame " + i);
        }
    }

    @Test
    void aMorphsLimitFallsEvenlyFromTheCutShareToNothing() {
        assertEquals(6f, BridgeGenerator.morphLimit(6f, 0.1));
        assertEquals(6f, BridgeGenerator.morphLimit(6f, BridgeGenerator.CUT_SHARE));
        double half = (BridgeGenerator.CUT_SHARE + BridgeGenerator.DISSOLVE_SHARE) / 2;
        assertEquals(3f, BridgeGenerator.morphLimit(6f, half), 1e-4);
        assertEquals(0f, BridgeGenerator.morphLimit(6f, BridgeGenerator.DISSOLVE_SHARE));
        assertEquals(0f, BridgeGenerator.morphLimit(6f, 0.99));
    }

    /**
     * The two neighbours are read at the same time (each decode of a cut frame waits, through the real decoder, until
     * the other side's has begun: read one after the other, the first would wait in vain), and the frames are
     * the bridge's as ever.
     */
    @Test
    void bothNeighboursAreReadAtOnce() throws Exception {
        Cut c = cut(new Scene(46, 3, -1), 3, "both");
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.atomic.AtomicBoolean alone = new java.util.concurrent.atomic.AtomicBoolean();
        genshot.api.MediaDecoder meeting = new genshot.api.MediaDecoder() {
            @Override
            public genshot.api.MediaInfo probe(Path file) {
                return decoder.probe(file);
            }

            @Override
            public void decode(Path file, long first, long count, genshot.api.FrameSink sink) {
                started.countDown();
                try {
                    if (!started.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                        alone.set(true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                decoder.decode(file, first, count, sink);
            }
        };
        BridgeGenerator both = new BridgeGenerator(meeting, 2);
        try {
            List<byte[]> got = run(both, Map.of(), 3, c.context());
            assertTrue(!alone.get(), "a side's decode waited alone: the sides were read one after the other");
            List<byte[]> plain = run(bridge, Map.of(), 3, c.context());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(plain.get(i), got.get(i), "frame " + i);
            }
        } finally {
            both.close();
        }
    }

    @Test
    void sameBytesEveryRunAndWithAnyNumberOfThreads() {
        Cut c = cut(new Scene(41, 4, -1), 3, "det");
        List<byte[]> a = run(bridge, Map.of(), 3, c.context());
        List<byte[]> b = run(bridge, Map.of(), 3, c.context());
        BridgeGenerator single = new BridgeGenerator(decoder, 1);
        List<byte[]> one = run(single, Map.of(), 3, c.context());
        single.close();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a.get(i), b.get(i), "frame " + i);
            assertArrayEquals(a.get(i), one.get(i), "frame " + i + " with one thread");
        }
    }

    @Test
    void cancelStopsBetweenFramesAndProgressCounts() {
        Cut c = cut(new Scene(42, 2, 1), 6, "cancel");
        AtomicInteger got = new AtomicInteger();
        List<Long> done = new ArrayList<>();
        assertThrows(CancelledException.class, () -> bridge.generate(req(Map.of()), spec(6), c.context(),
                f -> got.incrementAndGet(), (phase, d, total) -> {
                    assertEquals("generating", phase);
                    assertEquals(6, total);
                    done.add(d);
                }, () -> got.get() >= 2));
        assertEquals(2, got.get());
        assertEquals(List.of(0L, 1L, 2L), done);
    }

    @Test
    void morphEasesAndHoldHolds() {
        Cut c = cut(new Scene(43, 1, 1), 20, "long");
        List<byte[]> frames = new ArrayList<>();
        ShotResult r = bridge.generate(req(Map.of("motion", "morph")), spec(20), c.context(),
                f -> frames.add(f.bgr().clone()), Progress.NONE, Cancellation.NEVER);
        assertEquals("morph", r.details().get("mode"));
        assertEquals("asked for (motion=morph)", r.details().get("why"));
        assertEquals(20, frames.size());
        // eased: the middle changes faster than the ends
        byte[] a = decoded(c.context().before());
        double startStep = BridgeFixtures.mae(a, frames.get(0), W, H, 0);
        double midStep = BridgeFixtures.mae(frames.get(9), frames.get(10), W, H, 0);
        assertTrue(startStep < midStep, "ease in: " + startStep + " vs " + midStep);

        // hold with one side: the cut frame, unchanged
        List<byte[]> held = run(bridge, Map.of("motion", "hold"), 3, new ShotContext(c.context().before(), null));
        for (byte[] f : held) {
            assertArrayEquals(a, f);
        }
    }

    @Test
    void errors() {
        GenshotException none = assertThrows(GenshotException.class, () -> bridge.generate(req(Map.of()), spec(2),
                ShotContext.NONE, f -> { }, Progress.NONE, Cancellation.NEVER));
        assertEquals("bridge.no-neighbours", none.problem().code());
        assertEquals("bridge needs a clip before or after the gap on the same track", none.problem().message());
        // the plain overload has no neighbours either
        assertEquals("bridge.no-neighbours", assertThrows(GenshotException.class, () -> bridge.generate(
                req(Map.of()), spec(2), f -> { }, Progress.NONE, Cancellation.NEVER)).problem().code());
        // the decoder's own problem passes through
        Neighbour missing = new Neighbour(dir.resolve("nowhere.mp4"), 0, 10, 1);
        assertEquals("media.missing", assertThrows(GenshotException.class, () -> bridge.generate(req(Map.of()),
                spec(2), new ShotContext(missing, null), f -> { }, Progress.NONE, Cancellation.NEVER))
                .problem().code());
        // with both neighbours, the side after is read beside the one before: its problem passes through as well
        Cut ok = cut(new Scene(45, 1, 0), 2, "err");
        assertEquals("media.missing", assertThrows(GenshotException.class, () -> bridge.generate(req(Map.of()),
                spec(2), new ShotContext(ok.context().before(), missing), f -> { }, Progress.NONE,
                Cancellation.NEVER)).problem().code());
        assertEquals("media.missing", assertThrows(GenshotException.class, () -> bridge.generate(req(Map.of()),
                spec(2), new ShotContext(missing, ok.context().after()), f -> { }, Progress.NONE,
                Cancellation.NEVER)).problem().code());
        Neighbour any = new Neighbour(dir.resolve("x.mp4"), 0, 10, 1);
        assertEquals("bridge.parameter", assertThrows(GenshotException.class, () -> bridge.generate(
                req(Map.of("motion", "wild")), spec(2), new ShotContext(any, null), f -> { }, Progress.NONE,
                Cancellation.NEVER)).problem().code());
        assertEquals("bridge.parameter", assertThrows(GenshotException.class, () -> bridge.generate(
                req(Map.of("fit", "zoom")), spec(2), new ShotContext(any, null), f -> { }, Progress.NONE,
                Cancellation.NEVER)).problem().code());
    }

    @Test
    void mediaOfAnotherSizeAndRateIsConformed() {
        // 50 fps media, twice the size and another shape, on a 25 fps timeline
        Scene scene = new Scene(44, 2, 0);
        Path media = dir.resolve("big50.mp4");
        try (genshot.api.VideoWriter wr = new genshot.media.internal.HumbleMediaEncoder().open(media, 640, 400,
                Rate.FPS_50)) {
            for (int i = 0; i < 12; i++) {
                wr.accept(new Frame(i, 640, 400, scene.frame(i, 640, 400)));
            }
            wr.finish();
        }
        // timeline frame 5 of the clip = 0.2 s = media frame 10
        ShotResult r = bridge.generate(req(Map.of("motion", "hold")), spec(1),
                new ShotContext(new Neighbour(media, 5, 6, 1), null), f -> {
                    assertEquals(W, f.width());
                    assertEquals(H, f.height());
                }, Progress.NONE, Cancellation.NEVER);
        assertEquals("10", r.details().get("before.frame"));
    }

    @Test
    void info() {
        assertEquals("bridge", bridge.info().id());
        assertEquals(List.of("cpu"), bridge.info().devices());
        assertEquals("auto", bridge.info().parameters().get("motion"));
        assertEquals("crop", bridge.info().parameters().get("fit"));
    }
}
