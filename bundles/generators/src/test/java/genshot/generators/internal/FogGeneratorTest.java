package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Cancellation;
import genshot.api.CancelledException;
import genshot.api.GeneratorInfo;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.onnx.Sha256;
import genshot.onnx.internal.OrtOnnxService;
import genshot.timeline.Rate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fog generator on the real ONNX Runtime (CPU). */
class FogGeneratorTest {

    static OrtOnnxService onnx;
    static FogGenerator fog;

    @BeforeAll
    static void start() {
        onnx = new OrtOnnxService();
        onnx.activate();
        fog = new FogGenerator(onnx);
    }

    @AfterAll
    static void stop() {
        fog.close();
    }

    static ShotRequest request(long seed, String prompt, Map<String, String> params) {
        return new ShotRequest("fog", prompt, "", seed, params, "cpu");
    }

    /** Renders frames and keeps copies (the generator reuses its array). */
    static List<byte[]> frames(ShotRequest req, int w, int h, long n) {
        List<byte[]> out = new ArrayList<>();
        fog.generate(req, new ShotSpec(Rate.FPS_24, w, h, n, 100, "V1:1"), f -> {
            assertEquals(out.size(), f.index());
            assertEquals(w, f.width());
            assertEquals(h, f.height());
            out.add(f.bgr().clone());
        }, Progress.NONE, Cancellation.NEVER);
        return out;
    }

    /** Mean absolute difference per byte. */
    static double diff(byte[] a, byte[] b) {
        long s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) s / a.length;
    }

    /** Root mean square difference per byte. */
    static double rmse(byte[] a, byte[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (a[i] & 0xff) - (b[i] & 0xff);
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }

    static double[] meanAndSpread(byte[] bgr) {
        double sum = 0, sq = 0;
        for (byte b : bgr) {
            int v = b & 0xff;
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / bgr.length;
        return new double[] {mean, Math.sqrt(sq / bgr.length - mean * mean)};
    }

    @Test
    void infoNamesTheModelAndItsHash() throws Exception {
        GeneratorInfo info = fog.info();
        assertEquals("fog", info.id());
        byte[] bundled;
        try (var in = FogGenerator.class.getResourceAsStream(FogModel.RESOURCE)) {
            bundled = in.readAllBytes();
        }
        assertEquals(Map.of("fog.onnx", Sha256.of(bundled)), info.modelFiles());
        assertEquals(Map.of("density", "0.5", "speed", "1.0", "palette", "neutral", "colour", ""), info.parameters());
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherFog() {
        List<byte[]> a = frames(request(42, "", Map.of()), 160, 90, 3);
        List<byte[]> b = frames(request(42, "", Map.of()), 160, 90, 3);
        List<byte[]> c = frames(request(43, "", Map.of()), 160, 90, 3);
        assertEquals(3, a.size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a.get(i), b.get(i), "frame " + i + " differs for the same seed");
        }
        assertTrue(diff(a.get(0), c.get(0)) > 4, "seeds 42 and 43 look alike: " + diff(a.get(0), c.get(0)));
    }

    @Test
    void motionIsSmoothAndDrifts() {
        // 24 fps: frames 0, 1 and 48 (2 s later)
        List<byte[]> f = frames(request(7, "", Map.of()), 256, 144, 49);
        double step = diff(f.get(0), f.get(1));
        double twoSeconds = diff(f.get(0), f.get(48));
        assertTrue(step > 0, "consecutive frames are identical: no motion");
        assertTrue(step < 1.5, "consecutive frames jump: " + step);
        assertTrue(twoSeconds > 4 * step, "2 s apart " + twoSeconds + " vs one frame " + step);
        double[] ms = meanAndSpread(f.get(0));
        assertTrue(ms[1] > 8, "the fog has no structure, spread " + ms[1]);
    }

    @Test
    void noBandingInSmoothAreas() {
        // a frame has many distinct levels per channel (dither + smooth float field), not a few steps
        byte[] f = frames(request(5, "", Map.of()), 320, 180, 1).get(0);
        boolean[] seen = new boolean[256];
        int distinct = 0;
        for (int i = 1; i < f.length; i += 3) {
            int v = f[i] & 0xff;
            if (!seen[v]) {
                seen[v] = true;
                distinct++;
            }
        }
        assertTrue(distinct > 40, "only " + distinct + " green levels");
    }

    @Test
    void paletteAndDensityFromParametersAndPrompt() {
        double neutral = meanAndSpread(frames(request(9, "", Map.of()), 128, 72, 1).get(0))[0];
        double night = meanAndSpread(frames(request(9, "a night street", Map.of()), 128, 72, 1).get(0))[0];
        double nightParam = meanAndSpread(frames(request(9, "", Map.of("palette", "night")), 128, 72, 1).get(0))[0];
        assertTrue(night < neutral - 40, "night " + night + " vs neutral " + neutral);
        assertEquals(night, nightParam, 1e-9);
        double thin = meanAndSpread(frames(request(9, "", Map.of("density", "0.1")), 128, 72, 1).get(0))[0];
        double thick = meanAndSpread(frames(request(9, "thick fog", Map.of()), 128, 72, 1).get(0))[0];
        assertTrue(thick > thin + 20, "thick " + thick + " vs thin " + thin);
        // sunset is warmer: red above blue (BGR order)
        byte[] dawn = frames(request(9, "fog at sunset", Map.of()), 128, 72, 1).get(0);
        long r = 0, b = 0;
        for (int i = 0; i < dawn.length; i += 3) {
            b += dawn[i] & 0xff;
            r += dawn[i + 2] & 0xff;
        }
        assertTrue(r > b * 1.1, "dawn is not warm: r " + r + " b " + b);
    }

    @Test
    void badParametersAreClearErrors() {
        GenshotException e = assertThrows(GenshotException.class,
                () -> frames(request(1, "", Map.of("density", "2")), 64, 36, 1));
        assertEquals("parameter.invalid", e.problem().code());
        assertTrue(e.problem().message().contains("density"));
        assertEquals("parameter.invalid", assertThrows(GenshotException.class,
                () -> frames(request(1, "", Map.of("palette", "sepia")), 64, 36, 1)).problem().code());
        assertEquals("parameter.invalid", assertThrows(GenshotException.class,
                () -> frames(request(1, "", Map.of("speed", "fast")), 64, 36, 1)).problem().code());
    }

    @Test
    void cudaWithoutGpuIsTheServicesClearError() {
        org.junit.jupiter.api.Assumptions.assumeFalse(onnx.availableProviders().contains("CUDA"));
        AtomicInteger got = new AtomicInteger();
        GenshotException e = assertThrows(GenshotException.class, () -> fog.generate(
                new ShotRequest("fog", "", "", 1, Map.of(), "cuda"), new ShotSpec(Rate.FPS_25, 64, 36, 2, 0, "x"),
                f -> got.incrementAndGet(), Progress.NONE, Cancellation.NEVER));
        assertEquals("device.unavailable", e.problem().code());
        assertTrue(e.getMessage().contains("--device cuda was asked"), e.getMessage());
        assertEquals(0, got.get());
    }

    @Test
    void cancelStopsWithinAFrameAndProgressCounts() {
        AtomicInteger got = new AtomicInteger();
        List<Long> generating = new ArrayList<>();
        Cancellation cancel = () -> got.get() >= 3;
        assertThrows(CancelledException.class, () -> fog.generate(request(3, "", Map.of()),
                new ShotSpec(Rate.FPS_24, 64, 36, 50, 0, "x"), f -> got.incrementAndGet(),
                (phase, done, total) -> {
                    if (phase.equals("generating")) {
                        assertEquals(50, total);
                        generating.add(done);
                    }
                }, cancel));
        assertEquals(3, got.get());
        assertEquals(List.of(0L, 1L, 2L, 3L), generating);
    }

    @Test
    void resultSaysWhereItRan() {
        ShotResult r = fog.generate(request(3, "", Map.of("speed", "2")), new ShotSpec(Rate.FPS_30, 1280, 720, 1, 0, "x"),
                f -> { }, Progress.NONE, Cancellation.NEVER);
        assertEquals("cpu", r.device());
        assertEquals("427x240", r.details().get("internalSize"));
        assertEquals("2.000", r.details().get("speed"));
        assertFalse(r.details().get("model.sha256").isEmpty());
    }

    @Test
    void nonSquarePixelsDrawForTheDisplayedShape() {
        ShotRequest req = request(42, "", Map.of());
        List<byte[]> wide = new ArrayList<>();
        fog.generate(req, new ShotSpec(Rate.FPS_24, 64, 36, 1, 0, "V1:1", new genshot.timeline.PixelAspect(2, 1)),
                f -> wide.add(f.bgr().clone()), Progress.NONE, Cancellation.NEVER);
        byte[] square = frames(req, 128, 36, 1).get(0);
        // the anamorphic frame is the 128-wide square-pixel picture squeezed to 64 pixels
        byte[] squeezed = new byte[64 * 36 * 3];
        for (int y = 0; y < 36; y++) {
            for (int x = 0; x < 64; x++) {
                for (int c = 0; c < 3; c++) {
                    int a = square[(y * 128 + 2 * x) * 3 + c] & 0xff;
                    int b = square[(y * 128 + 2 * x + 1) * 3 + c] & 0xff;
                    squeezed[(y * 64 + x) * 3 + c] = (byte) ((a + b + 1) / 2);
                }
            }
        }
        double matched = diff(wide.get(0), squeezed);
        double ignored = diff(wide.get(0), frames(req, 64, 36, 1).get(0));
        assertTrue(matched < 3 && ignored > 2 * matched, "anamorphic vs squeezed " + matched
                + ", vs drawn as if square " + ignored);
    }

    /** Mean of each channel, R, G, B. */
    static double[] rgbMeans(byte[] bgr) {
        double[] m = new double[3];
        for (int i = 0; i < bgr.length; i += 3) {
            m[0] += bgr[i + 2] & 0xff;
            m[1] += bgr[i + 1] & 0xff;
            m[2] += bgr[i] & 0xff;
        }
        int n = bgr.length / 3;
        return new double[] {m[0] / n, m[1] / n, m[2] / n};
    }

    @Test
    void morningFogIsGreyWhiteAndColourWordsTintIt() {
        // the review's showcase: "morning" used to pick the pink dawn palette
        double[] morning = rgbMeans(frames(request(7, "thick morning fog", Map.of()), 160, 90, 1).get(0));
        assertTrue(morning[0] > 185 && morning[1] > 185 && morning[2] > 185, "morning fog is not light: "
                + java.util.Arrays.toString(morning));
        double cast = Math.max(morning[0], Math.max(morning[1], morning[2]))
                - Math.min(morning[0], Math.min(morning[1], morning[2]));
        assertTrue(cast < 8, "morning fog has a colour cast of " + cast + ": " + java.util.Arrays.toString(morning));

        double[] pink = rgbMeans(frames(request(7, "pink fog", Map.of()), 160, 90, 1).get(0));
        assertTrue(pink[0] > pink[1] + 25 && pink[2] > pink[1] + 5, "pink fog is not pink: "
                + java.util.Arrays.toString(pink));
        double[] blue = rgbMeans(frames(request(7, "blue morning fog", Map.of()), 160, 90, 1).get(0));
        assertTrue(blue[2] > blue[0] + 25, "a colour word beats the time of day: " + java.util.Arrays.toString(blue));
        // the colour parameter beats the prompt's words; #rrggbb works
        byte[] param = frames(request(7, "pink fog", Map.of("colour", "blue")), 160, 90, 1).get(0);
        assertArrayEquals(frames(request(7, "blue fog", Map.of()), 160, 90, 1).get(0), param);
        double[] hex = rgbMeans(frames(request(7, "fog", Map.of("colour", "#30ff30")), 160, 90, 1).get(0));
        assertTrue(hex[1] > hex[0] + 25 && hex[1] > hex[2] + 25, java.util.Arrays.toString(hex));
        GenshotException e = assertThrows(GenshotException.class,
                () -> frames(request(1, "", Map.of("colour", "plaid")), 64, 36, 1));
        assertEquals("parameter.invalid", e.problem().code());
        assertTrue(e.problem().message().contains("plaid"), e.problem().message());
    }

    @Test
    void fogMovesVisiblyAtTheAskedSpeed() {
        // 2 s at 24 fps; the plate the review saw moved 2.3 % (RMSE, first vs last frame) over its gap
        List<byte[]> normal = frames(request(7, "thick morning fog", Map.of()), 192, 108, 49);
        double moved = 100 * rmse(normal.get(0), normal.get(48)) / 255;
        assertTrue(moved > 5, "the fog hardly moves in 2 s: " + moved + " %");
        double perFrame = 0;
        for (int i = 1; i < normal.size(); i++) {
            perFrame += diff(normal.get(i - 1), normal.get(i)) / (normal.size() - 1);
        }
        assertTrue(perFrame > 0.15 && perFrame < 1.5, "mean change per frame " + perFrame + " levels");
        List<byte[]> fast = frames(request(7, "thick morning fog", Map.of("speed", "3")), 192, 108, 49);
        double fastMoved = 100 * rmse(fast.get(0), fast.get(48)) / 255;
        assertTrue(fastMoved > 1.4 * moved, "speed 3 moved " + fastMoved + " %, speed 1 " + moved + " %");
        List<byte[]> still = frames(request(7, "thick morning fog", Map.of("speed", "0")), 192, 108, 3);
        assertArrayEquals(still.get(0), still.get(2), "speed 0 is a still");
    }

    /** Frames and alpha planes with footage under the given frames. */
    static List<byte[][]> withContext(ShotRequest req, int w, int h, long n, genshot.api.ShotContext ctx) {
        List<byte[][]> out = new ArrayList<>();
        fog.generate(req, new ShotSpec(Rate.FPS_24, w, h, n, 0, "V2:1"), ctx, f -> out.add(new byte[][] {
                f.bgr().clone(), f.alpha() == null ? null : f.alpha().clone()}), Progress.NONE, Cancellation.NEVER);
        return out;
    }

    /** Into arrays a sink lends (holding an earlier frame), the fog is the very bytes it draws into its own. */
    @Test
    void framesDrawnIntoLentArraysAreTheSameBytes() {
        ShotRequest req = request(7, "thick morning fog", Map.of());
        var ctx = new genshot.api.ShotContext(null, null, List.of(new genshot.timeline.TimeRange(0, 2)));
        for (genshot.api.ShotContext c : List.of(genshot.api.ShotContext.NONE, ctx)) {
            List<byte[][]> own = withContext(req, 160, 90, 3, c);
            LendingSink sink = new LendingSink();
            fog.generate(req, new ShotSpec(Rate.FPS_24, 160, 90, 3, 0, "V2:1"), c, sink, Progress.NONE,
                    Cancellation.NEVER);
            assertEquals(List.of(true, true, true), sink.inLentArrays, "every frame in the lent arrays");
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(own.get(i)[0], sink.frames.get(i).bgr(), "frame " + i);
                assertArrayEquals(own.get(i)[1], sink.frames.get(i).alpha(), "alpha of frame " + i);
            }
        }
    }

    @Test
    void overFootageTheFogIsAnAlphaPlateOpaqueWhereNothingIsBelow() {
        ShotRequest req = request(7, "thick morning fog", Map.of());
        assertFalse(fog.producesAlpha(req, genshot.api.ShotContext.NONE));
        var ctx = new genshot.api.ShotContext(null, null, List.of(new genshot.timeline.TimeRange(0, 2)));
        assertTrue(fog.producesAlpha(req, ctx));
        List<byte[][]> got = withContext(req, 160, 90, 3, ctx);
        for (int i = 0; i < 2; i++) {
            double[] a = meanAndSpread(got.get(i)[1]);
            assertTrue(a[0] > 60 && a[0] < 235, "frame " + i + ": the fog's alpha averages " + a[0]);
            assertTrue(a[1] > 10, "frame " + i + ": the alpha has no structure, spread " + a[1]);
            double[] c = rgbMeans(got.get(i)[0]);
            assertTrue(c[0] > 200 && c[1] > 200 && c[2] > 200, "the plate's colour is the fog's, white-grey: "
                    + java.util.Arrays.toString(c));
        }
        byte[] last = got.get(2)[1];
        for (byte b : last) {
            assertEquals(-1, b, "nothing is under frame 2: opaque");
        }
        // the opaque frame is the fog over its sky, as without footage
        assertArrayEquals(frames(req, 160, 90, 3).get(2), got.get(2)[0]);
        // the sidecar says what the take depends on besides the request
        var result = fog.generate(req, new ShotSpec(Rate.FPS_24, 160, 90, 3, 0, "V2:1"), ctx, f -> { }, Progress.NONE,
                Cancellation.NEVER);
        assertEquals("[0+2]", result.details().get("footageBelow"));
        assertEquals(null, fog.generate(req, new ShotSpec(Rate.FPS_24, 160, 90, 1, 0, "V2:1"),
                genshot.api.ShotContext.NONE, f -> { }, Progress.NONE, Cancellation.NEVER).details().get("footageBelow"));
        // deterministic
        List<byte[][]> again = withContext(req, 160, 90, 3, ctx);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(got.get(i)[0], again.get(i)[0]);
            assertArrayEquals(got.get(i)[1], again.get(i)[1]);
        }
        // without context no alpha plane at all
        fog.generate(req, new ShotSpec(Rate.FPS_24, 64, 36, 1, 0, "V1:1"), genshot.api.ShotContext.NONE,
                f -> assertEquals(null, f.alpha()), Progress.NONE, Cancellation.NEVER);
    }
}
