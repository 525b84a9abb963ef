package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Cancellation;
import genshot.api.CancelledException;
import genshot.api.Frame;
import genshot.api.GeneratorInfo;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.onnx.internal.OrtOnnxService;
import genshot.timeline.Rate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The elements generator on the real ONNX Runtime (CPU). */
class ElementsGeneratorTest {

    static final int W = 192;
    static final int H = 108;
    /**
     * Looks must differ from each other by at least this much: mean absolute difference (0..255) of the first
     * frames composited over mid grey. Sparse plates (snow, rain, dust) are mostly transparent, so their pairs
     * are the closest (rain vs dust measured 1.65, snow vs rain 3.8); full-frame pairs differ by 10 and more. So
     * the difference is also taken relative to how far the two plates are from plain grey: identical plates give
     * 0, unrelated sparse plates about 1.
     */
    static final double LOOKS_DIFFER = 1.0;
    static final double LOOKS_DIFFER_RELATIVE = 0.6;

    static OrtOnnxService onnx;
    static ElementsGenerator gen;

    @BeforeAll
    static void start() {
        onnx = new OrtOnnxService();
        onnx.activate();
        gen = new ElementsGenerator(onnx);
    }

    @AfterAll
    static void stop() {
        gen.close();
    }

    static ShotRequest look(ElementsLook look, long seed) {
        return new ShotRequest("elements", "", "", seed, Map.of("look", look.id), "cpu");
    }

    static List<Frame> frames(ShotRequest req, int w, int h, long n) {
        return frames(req, w, h, n, new ArrayList<>());
    }

    /** The frames; the generator's result is added to {@code result}. */
    static List<Frame> frames(ShotRequest req, int w, int h, long n, List<ShotResult> result) {
        List<Frame> out = new ArrayList<>();
        result.add(gen.generate(req, new ShotSpec(Rate.FPS_24, w, h, n, 0, "V1:1"), f -> {
            assertEquals(out.size(), f.index());
            out.add(f.copy());
        }, Progress.NONE, Cancellation.NEVER));
        return out;
    }

    /** The frame composited over mid grey, as BGR bytes. */
    static byte[] overGrey(Frame f) {
        byte[] o = new byte[f.bgr().length];
        for (int i = 0; i < o.length; i++) {
            int a = f.alpha() == null ? 255 : f.alpha()[i / 3] & 255;
            o[i] = (byte) (((f.bgr()[i] & 255) * a + 128 * (255 - a) + 127) / 255);
        }
        return o;
    }

    static double mad(byte[] a, byte[] b) {
        long s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs((a[i] & 255) - (b[i] & 255));
        }
        return (double) s / a.length;
    }

    static double mean(byte[] a) {
        long s = 0;
        for (byte b : a) {
            s += b & 255;
        }
        return (double) s / a.length;
    }

    @Test
    void infoListsEveryLookFile() {
        GeneratorInfo info = gen.info();
        assertEquals("elements", info.id());
        assertEquals(ElementsLook.values().length, info.modelFiles().size());
        for (ElementsLook l : ElementsLook.values()) {
            assertTrue(info.modelFiles().containsKey(l.file()), l.file());
        }
    }

    @Test
    void sameSeedSameFramesOtherSeedOtherFrames() {
        for (ElementsLook l : List.of(ElementsLook.SNOW, ElementsLook.SMOKE, ElementsLook.GRAIN)) {
            List<Frame> a = frames(look(l, 11), W, H, 3);
            List<Frame> b = frames(look(l, 11), W, H, 3);
            List<Frame> c = frames(look(l, 12), W, H, 3);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(a.get(i).bgr(), b.get(i).bgr(), l.id + " frame " + i);
                assertArrayEquals(a.get(i).alpha(), b.get(i).alpha(), l.id + " alpha " + i);
            }
            double d = mad(overGrey(a.get(0)), overGrey(c.get(0)));
            assertTrue(d > 2, l.id + ": another seed differs only by " + d);
        }
    }

    @Test
    void looksDifferMeasurably() {
        Map<ElementsLook, byte[]> first = new EnumMap<>(ElementsLook.class);
        for (ElementsLook l : ElementsLook.values()) {
            Frame f = frames(look(l, 5), W, H, 1).get(0);
            assertEquals(l.alpha, f.alpha() != null, l.id + " alpha plane");
            assertEquals(l.alpha, gen.producesAlpha(look(l, 5)), l.id + " producesAlpha");
            first.put(l, overGrey(f));
        }
        byte[] grey = new byte[W * H * 3];
        java.util.Arrays.fill(grey, (byte) 128);
        for (ElementsLook a : ElementsLook.values()) {
            for (ElementsLook b : ElementsLook.values()) {
                if (a.ordinal() < b.ordinal()) {
                    double d = mad(first.get(a), first.get(b));
                    double rel = d / ((mad(first.get(a), grey) + mad(first.get(b), grey)) / 2);
                    assertTrue(d > LOOKS_DIFFER, a.id + " vs " + b.id + ": " + d);
                    assertTrue(rel > LOOKS_DIFFER_RELATIVE, a.id + " vs " + b.id + " relative: " + rel);
                }
            }
        }
    }

    @Test
    void snowAlphaIsOnTheFlakesOnly() {
        Frame f = frames(look(ElementsLook.SNOW, 3), 384, 216, 1).get(0);
        int[] hist = new int[256];
        for (byte b : f.alpha()) {
            hist[b & 255]++;
        }
        int n = f.alpha().length, below = 0, high = 0;
        for (int v = 0; v < 256; v++) {
            if (v <= 8) {
                below += hist[v];
            }
            if (v >= 160) {
                high += hist[v];
            }
        }
        assertTrue(below > n * 0.7, "most pixels are between flakes (alpha ~0): " + below + " of " + n);
        assertTrue(high > 20, "flake centres are nearly opaque: " + high);
        // flakes are white-ish where they are
        double lum = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if ((f.alpha()[i] & 255) >= 160) {
                lum += (f.bgr()[3 * i] & 255) + (f.bgr()[3 * i + 1] & 255) + (f.bgr()[3 * i + 2] & 255);
                k++;
            }
        }
        assertTrue(lum / k / 3 > 180, "flakes are bright: " + lum / k / 3);
    }

    /**
     * Snowflakes at 1080p are drawn 384 pixels wide and upscaled 5x: through the cubic filter without the creases
     * of a bilinear upscale (a four-pointed star on every small flake; its second differences reach 53 on this frame,
     * and 56 even when drawn 640 wide), and the take says which filter drew it.
     */
    @Test
    void snowflakesAt1080pAreSmooth() {
        List<ShotResult> result = new ArrayList<>();
        Frame f = frames(look(ElementsLook.SNOW, 7), 1920, 1080, 1, result).get(0);
        int crease = PlateScalerTest.crease(f.alpha(), 1920, 1080);
        assertTrue(crease < 24, "largest second difference of the alpha: " + crease);
        assertEquals("cubic", result.get(0).details().get("upscale"));
        List<ShotResult> smoke = new ArrayList<>();
        frames(look(ElementsLook.SMOKE, 7), 64, 36, 1, smoke);
        assertEquals("bilinear", smoke.get(0).details().get("upscale"));
    }

    @Test
    void chromaPlateIsOpaqueAndGreenOrBlue() {
        Frame g = frames(look(ElementsLook.CHROMA, 3), W, H, 1).get(0);
        assertNull(g.alpha());
        double[] m = meanBgr(g);
        assertTrue(m[1] > m[2] + 80 && m[1] > m[0] + 60, "green dominates: " + java.util.Arrays.toString(m));
        Frame b = frames(new ShotRequest("elements", "", "", 3, Map.of("look", "chroma", "palette", "blue"), "cpu"),
                W, H, 1).get(0);
        double[] mb = meanBgr(b);
        assertTrue(mb[0] > mb[1] + 60 && mb[0] > mb[2] + 80, "blue dominates: " + java.util.Arrays.toString(mb));
    }

    static double[] meanBgr(Frame f) {
        double[] m = new double[3];
        for (int i = 0; i < f.bgr().length; i++) {
            m[i % 3] += f.bgr()[i] & 255;
        }
        int n = f.bgr().length / 3;
        return new double[] {m[0] / n, m[1] / n, m[2] / n};
    }

    @Test
    void grainIsALightOverlay() {
        List<Frame> f = frames(look(ElementsLook.GRAIN, 3), W, H, 2);
        double a = mean(f.get(0).alpha());
        assertTrue(a > 5 && a < 70, "mean alpha of grain: " + a);
        // new grain every frame
        assertTrue(mad(f.get(0).bgr(), f.get(1).bgr()) > 5);
    }

    @Test
    void framesAreAnimatedAndSmooth() {
        for (ElementsLook l : ElementsLook.values()) {
            if (l == ElementsLook.GRAIN) {
                continue;    // grain is new noise every frame by design
            }
            List<Frame> f = frames(look(l, 9), W, H, 13);
            double step = mad(overGrey(f.get(0)), overGrey(f.get(1)));
            double far = mad(overGrey(f.get(0)), overGrey(f.get(12)));
            assertTrue(step > 0.02, l.id + " does not move: " + step);
            assertTrue(step < 12, l.id + " jumps between frames: " + step);
            assertTrue(far > step, l.id + ": half a second apart (" + far + ") differs less than one frame (" + step + ")");
        }
    }

    @Test
    void thePromptChoosesAndParametersOverride() {
        ShotRequest mist = new ShotRequest("elements", "thick mist rolling over a lake at dawn", "", 1, Map.of(), "cpu");
        ElementsGenerator.Settings s = gen.settings(mist);
        assertEquals(ElementsLook.FOG, s.look());
        assertEquals(LookPalette.DAWN, s.palette());
        assertTrue(s.speed() < 1 && s.density() > 0.5, s.toString());
        assertFalse(gen.producesAlpha(mist));
        assertTrue(gen.producesAlpha(new ShotRequest("elements", "snowflakes at night", "", 1, Map.of(), "cpu")));
        ElementsGenerator.Settings o = gen.settings(new ShotRequest("elements", "thick mist at dawn", "", 1,
                Map.of("look", "smoke", "palette", "night", "speed", "2", "density", "0.1"), "cpu"));
        assertEquals(new ElementsGenerator.Settings(ElementsLook.SMOKE, LookPalette.NIGHT, 2, 0.1, "parameter"), o);
        ShotResult r = gen.generate(mist, new ShotSpec(Rate.FPS_24, 64, 36, 1, 0, "V1:1"), f -> { },
                Progress.NONE, Cancellation.NEVER);
        assertEquals("fog", r.details().get("look"));
        assertEquals("dawn", r.details().get("palette"));
        assertNotNull(r.details().get("textEncoder"));
    }

    @Test
    void badParametersAreProblems() {
        GenshotException e = assertThrows(GenshotException.class, () -> gen.settings(new ShotRequest("elements", "",
                "", 1, Map.of("look", "lava"), "cpu")));
        assertEquals("parameter.invalid", e.problem().code());
        e = assertThrows(GenshotException.class, () -> gen.settings(new ShotRequest("elements", "", "", 1,
                Map.of("look", "fog", "palette", "green"), "cpu")));
        assertEquals("parameter.invalid", e.problem().code());
        e = assertThrows(GenshotException.class, () -> gen.settings(new ShotRequest("elements", "", "", 1,
                Map.of("speed", "fast"), "cpu")));
        assertEquals("parameter.invalid", e.problem().code());
    }

    @Test
    void cancelStopsWithinAFrame() {
        AtomicInteger seen = new AtomicInteger();
        assertThrows(CancelledException.class, () -> gen.generate(look(ElementsLook.RAIN, 1),
                new ShotSpec(Rate.FPS_24, W, H, 100, 0, "V1:1"), f -> seen.incrementAndGet(), Progress.NONE,
                () -> seen.get() >= 2));
        assertEquals(2, seen.get());
    }

    @Test
    void cudaWithoutAGpuIsDeviceUnavailable() {
        org.junit.jupiter.api.Assumptions.assumeFalse(onnx.availableProviders().contains("CUDA"),
                "this ONNX Runtime has CUDA");
        GenshotException e = assertThrows(GenshotException.class, () -> gen.generate(
                new ShotRequest("elements", "", "", 1, Map.of("look", "fog"), "cuda"),
                new ShotSpec(Rate.FPS_24, W, H, 1, 0, "V1:1"), f -> { }, Progress.NONE, Cancellation.NEVER));
        assertEquals("device.unavailable", e.problem().code());
    }

    @Test
    void fogOverFootageIsAPlateWithAlphaLikeTheFogGenerator() {
        ShotRequest req = look(ElementsLook.FOG, 7);
        var ctx = new genshot.api.ShotContext(null, null, List.of(new genshot.timeline.TimeRange(1, 1)));
        assertTrue(gen.producesAlpha(req, ctx));
        assertTrue(!gen.producesAlpha(req, genshot.api.ShotContext.NONE), "nothing below: opaque");
        // sky, starfield and chroma are backgrounds: opaque even over footage; snow is a plate anyway
        assertTrue(!gen.producesAlpha(look(ElementsLook.SKY, 7), ctx));
        assertTrue(gen.producesAlpha(look(ElementsLook.SNOW, 7), genshot.api.ShotContext.NONE));
        List<Frame> got = new ArrayList<>();
        gen.generate(req, new ShotSpec(Rate.FPS_24, W, H, 2, 0, "V2:1"), ctx, f -> got.add(f.copy()), Progress.NONE,
                Cancellation.NEVER);
        for (byte b : got.get(0).alpha()) {
            assertEquals(-1, b, "frame 0 has nothing below: opaque");
        }
        double a = mean(got.get(1).alpha());
        assertTrue(a > 40 && a < 235, "frame 1 is over footage: the fog's density is its alpha, mean " + a);
        // the opaque frame is the fog as without footage
        assertArrayEquals(frames(req, W, H, 1).get(0).bgr(), got.get(0).bgr());
    }

    /**
     * Into arrays a sink lends (an encoding pipeline's spares, still holding an earlier frame), each look draws the
     * very bytes it draws into its own: opaque, with alpha, bilinear and cubic.
     */
    @Test
    void framesDrawnIntoLentArraysAreTheSameBytes() {
        for (ElementsLook l : new ElementsLook[] {ElementsLook.SKY, ElementsLook.SMOKE, ElementsLook.SNOW}) {
            ShotRequest req = look(l, 11);
            List<Frame> own = frames(req, W, H, 4);
            LendingSink sink = new LendingSink();
            gen.generate(req, new ShotSpec(Rate.FPS_24, W, H, 4, 0, "V1:1"), sink, Progress.NONE, Cancellation.NEVER);
            assertEquals(List.of(true, true, true, true), sink.inLentArrays, l.id + ": every frame in the lent arrays");
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(own.get(i).bgr(), sink.frames.get(i).bgr(), l.id + " frame " + i);
                assertArrayEquals(own.get(i).alpha(), sink.frames.get(i).alpha(), l.id + " alpha of frame " + i);
            }
        }
    }

    @Test
    void morningFogStaysPale() {
        // "morning" may pick the dawn palette: the sky warms, the fog stays white-grey
        Frame f = frames(new ShotRequest("elements", "thick morning fog", "", 7, Map.of("look", "fog", "palette",
                "dawn"), "cpu"), W, H, 1).get(0);
        double[] bgr = meanBgr(f);
        assertTrue(bgr[2] > 150 && bgr[2] - bgr[0] < 35, "dawn fog is pale, not salmon: BGR "
                + java.util.Arrays.toString(bgr));
    }
}
