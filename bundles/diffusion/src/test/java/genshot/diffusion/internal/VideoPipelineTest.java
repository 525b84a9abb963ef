package genshot.diffusion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.CancelledException;
import genshot.api.Frame;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.ShotContext;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.diffusion.PackReport;
import genshot.onnx.internal.OrtOnnxService;
import genshot.timeline.Rate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AnimateDiff-family video pipeline on tiny packs with OnnxStack's UNet IO ({@code sample [B,4,F,h,w]},
 * {@code timestep [1]}, {@code encoder_hidden_states [B·F,77,D]}), run by the real ONNX Runtime (CPU). The UNet is
 * an analytic denoiser that predicts the exact noise for a known clean video (smooth, periodic in time with a
 * 6-frame period), so every sampler must end on that video within {@value #TOL} (absolute; values within ±0.14).
 * With windows of 8 frames overlapping by 2 the windows start every 6 frames, so neighbouring windows agree and
 * the chained shot must be exactly the clean video over all its frames: that checks window placement, the
 * accumulation and normalisation of overlapping predictions, the frame order and the per-frame text rows (the
 * graph adds any difference between a frame's row and its item's first row to ε).
 */
class VideoPipelineTest {

    static final double TOL = 2e-4;
    static final double PERIOD = 6;

    @TempDir
    static Path tmp;
    static OrtOnnxService onnx;
    static Path open;
    static Path fixed;
    static ImagePipeline openStages;

    @BeforeAll
    static void build() throws Exception {
        onnx = new OrtOnnxService();
        onnx.activate();
        open = TinyPacks.writeVideo(tmp.resolve("tiny-animatediff"), TinyPacks.Video.open());
        // recognised by the UNet's rank alone: model_index names the image pipeline; F fixed at 8, batch 1
        fixed = TinyPacks.writeVideo(tmp.resolve("tiny-f8"), TinyPacks.Video.open().frames(8, 8, 1)
                .className("OnnxStableDiffusionPipeline"));
        openStages = new ImagePipeline(onnx, new Pack(open), "cpu");
    }

    @AfterAll
    static void close() {
        openStages.close();
    }

    static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static VideoPipeline.Request req(SchedulerKind k, int steps, float guidance, long seed, int frames, int window,
                                     int overlap) {
        return new VideoPipeline.Request("a cat walking", "", seed, steps, guidance, k, 64, 64, frames, window,
                overlap);
    }

    static int steps(SchedulerKind k) {
        return k == SchedulerKind.LCM ? 4 : 12;
    }

    @Test
    void videoPacksAreClassifiedFromTheSessions() {
        PackReport o = PackInspector.deep(onnx, new Pack(open), "cpu");
        assertTrue(o.runnable(), o.problems().toString());
        assertTrue(o.family().startsWith("AnimateDiff (SD 1.5"), o.family());
        assertEquals("frames per window open (16 by default, at most 32)", o.variant().get("video"));
        assertEquals("one per frame [batch x frames, 77, D]", o.variant().get("text_rows"));
        assertEquals("float32 [?,4,?,8,8]", o.variant().get("sample"));
        assertEquals(List.of("video, 16 frames per window at 64x64; longer shots as windows chained with overlap"),
                o.abilities());
        assertTrue(o.summary().contains("video pack") && o.summary().contains("16 frames per window at 64x64"),
                o.summary());
        assertEquals("DDIMScheduler", o.variant().get("scheduler"));

        // a pack that says nothing about video is recognised by its UNet's 5-D sample
        PackReport f = PackInspector.deep(onnx, new Pack(fixed), "cpu");
        assertTrue(f.runnable(), f.problems().toString());
        assertTrue(f.family().startsWith("AnimateDiff"), f.family());
        assertEquals("8 frames per window (fixed by the export)", f.variant().get("video"));
        assertEquals(List.of("video, 8 frames per window at 64x64; longer shots as windows chained with overlap"),
                f.abilities());
        // the quick look (no sessions) goes by the files: AnimateDiffPipeline says video, the rank-only pack cannot
        assertTrue(PackInspector.quick(new Pack(open)).summary().contains("video pack"));
    }

    @Test
    void everySamplerReturnsTheCleanVideoForOneWindow() throws Exception {
        float[] x0 = TinyPacks.cleanVideo(8, PERIOD);
        VideoPipeline v = new VideoPipeline(openStages);
        for (SchedulerKind k : SchedulerKind.values()) {
            for (float g : new float[] {0f, 7.5f}) {
                float[] got = v.denoise(req(k, steps(k), g, 11, 8, 8, 0), Progress.NONE, () -> false, new Timings(),
                        null);
                double d = maxDiff(x0, got);
                assertTrue(d < TOL, k + " guidance " + g + ": max difference " + d);
            }
        }
        // an export with the batch fixed at 1 runs the guidance as two passes
        try (ImagePipeline p = new ImagePipeline(onnx, new Pack(fixed), "cpu")) {
            assertEquals(1, p.unet.staticBatch());
            for (SchedulerKind k : new SchedulerKind[] {SchedulerKind.EULER, SchedulerKind.DDIM}) {
                float[] got = new VideoPipeline(p).denoise(req(k, 10, 7.5f, 3, 8, 8, 0), Progress.NONE, () -> false,
                        new Timings(), null);
                assertTrue(maxDiff(x0, got) < TOL, k + " two-pass: " + maxDiff(x0, got));
            }
        }
    }

    @Test
    void windowsArePlacedEveryStrideAndTheLastEndsOnTheLastFrame() {
        assertArrayEquals(new int[] {0, 6, 12}, VideoPipeline.starts(20, 8, 2));
        assertArrayEquals(new int[] {0, 6, 9}, VideoPipeline.starts(17, 8, 2));
        assertArrayEquals(new int[] {0}, VideoPipeline.starts(8, 8, 2));
        assertArrayEquals(new int[] {0, 8, 16}, VideoPipeline.starts(24, 8, 0));
        assertArrayEquals(new float[] {1, 2, 3, 4, 4, 3, 2, 1}, VideoPipeline.weights(8));
        assertArrayEquals(new float[] {1, 2, 3, 2, 1}, VideoPipeline.weights(5));
    }

    @Test
    void chainedWindowsGiveTheWholeCleanVideoWithoutAJumpAtTheBoundaries() throws Exception {
        int m = 20;
        int f = 8;
        int o = 2;
        float[] x0 = TinyPacks.cleanVideo(m, PERIOD);
        VideoPipeline v = new VideoPipeline(openStages);
        int hw = TinyPacks.H * TinyPacks.W;
        for (SchedulerKind k : SchedulerKind.values()) {
            float[] got = v.denoise(req(k, steps(k), 7.5f, 5, m, f, o), Progress.NONE, () -> false, new Timings(),
                    null);
            double d = maxDiff(x0, got);
            assertTrue(d < TOL, k + ": the chained shot is not the clean video, max difference " + d);
            // continuity: the step between consecutive frames where windows meet is no larger than inside one
            double inside = 0;
            double boundary = 0;
            for (int g = 0; g + 1 < m; g++) {
                double step = 0;
                for (int c = 0; c < 4; c++) {
                    for (int p = 0; p < hw; p++) {
                        step = Math.max(step, Math.abs(got[(c * m + g + 1) * hw + p] - got[(c * m + g) * hw + p]));
                    }
                }
                boolean joins = false;
                for (int s : new int[] {6, 12}) {
                    joins |= g + 1 >= s && g + 1 <= s + o; // entering, crossing and leaving an overlap
                }
                if (joins) {
                    boundary = Math.max(boundary, step);
                } else {
                    inside = Math.max(inside, step);
                }
            }
            assertTrue(inside > 0.01, "the clean video must move");
            assertTrue(boundary <= inside + TOL, k + ": step at a boundary " + boundary + " > inside " + inside);
        }
    }

    @Test
    void theLastWindowMayOverlapMoreAndTheShotStillHasItsFrames() {
        // 17 frames: windows at 0, 6, 9; the last one overlaps by 5 and disagrees with its neighbour by 3 frames of
        // phase, so the frames it shares are blends; the ones only it covers are its own clean frames
        VideoPipeline v = new VideoPipeline(openStages);
        float[] got = v.denoise(req(SchedulerKind.DDIM, 12, 0f, 5, 17, 8, 2), Progress.NONE, () -> false,
                new Timings(), null);
        int hw = TinyPacks.H * TinyPacks.W;
        float[] clean = TinyPacks.cleanVideo(17, PERIOD);
        float[] window = TinyPacks.cleanVideo(8, PERIOD);
        for (int g = 0; g < 17; g++) {
            for (int c = 0; c < 4; c++) {
                for (int p = 0; p < hw; p += 7) {
                    float want = g < 9 ? clean[(c * 17 + g) * hw + p] : g >= 14 ? window[(c * 8 + g - 9) * hw + p]
                            : Float.NaN;
                    if (!Float.isNaN(want)) {
                        assertEquals(want, got[(c * 17 + g) * hw + p], TOL, "frame " + g);
                    }
                }
            }
        }
    }

    static ModelPacksService service(Path folder) {
        return new ModelPacksService(onnx, null, folder);
    }

    static ShotSpec shot(long frames) {
        return new ShotSpec(new Rate(25, 1), 320, 180, frames, 100, "V1:1");
    }

    static List<Frame> run(DiffusionGenerator g, ShotRequest r, ShotSpec spec) {
        List<Frame> out = new ArrayList<>();
        g.generate(r, spec, ShotContext.NONE, fr -> out.add(fr.copy()), Progress.NONE, () -> false);
        return out;
    }

    @Test
    void theGeneratorMakesExactlyTheFramesItPromisesAndTheSameSeedGivesTheSameFrames(@TempDir Path folder) {
        ModelPacksService packs = service(folder);
        try {
            DiffusionGenerator g = packs.generator(packs.generatorFor(open));
            assertEquals("auto", g.info().parameters().get("window"));
            Map<String, String> params = Map.of("window", "8", "overlap", "2", "steps", "8", "scheduler", "ddim");
            ShotRequest r = new ShotRequest(g.id(), "a cat walking", "blurry", 42, params, "cpu");
            ShotSpec made = g.nativeSpec(r, shot(20));
            assertEquals(20, made.frames());
            assertEquals(64, made.width());
            assertEquals(64, made.height());
            List<Frame> a = new ArrayList<>();
            ShotResult res = g.generate(r, made, ShotContext.NONE, fr -> a.add(fr.copy()), Progress.NONE,
                    () -> false);
            assertEquals(20, a.size());
            assertEquals("3", res.details().get("windows"));
            assertEquals("20", res.details().get("frames"));
            // decoded pixels are the clean video's channels 0..2 through the tiny VAE: x/0.18215/2 + 0.5
            float[] x0 = TinyPacks.cleanVideo(20, PERIOD);
            int hw = TinyPacks.H * TinyPacks.W;
            for (int i = 0; i < a.size(); i++) {
                Frame fr = a.get(i);
                assertEquals(i, fr.index());
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 64; y += 9) {
                        for (int x = 0; x < 64; x += 5) {
                            float lat = x0[(c * 20 + i) * hw + (y / 8) * TinyPacks.W + x / 8];
                            double want = (lat / TinyPacks.SCALING * 0.5 + 0.5) * 255;
                            int got = fr.bgr()[(y * 64 + x) * 3 + 2 - c] & 0xff;
                            assertEquals(want, got, 1.01, "frame " + i + " c" + c + " " + x + "," + y);
                        }
                    }
                }
            }
            List<Frame> b = run(g, r, made);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).bgr(), b.get(i).bgr(), "frame " + i);
            }

            // other lengths: 17 frames are 17; a shot shorter than a window gets one window; fps=8 on 25 fps
            assertEquals(17, g.nativeSpec(r, shot(17)).frames());
            assertEquals(17, run(g, r, g.nativeSpec(r, shot(17))).size());
            assertEquals(8, g.nativeSpec(r, shot(5)).frames());
            Map<String, String> at8 = new HashMap<>(params);
            at8.put("fps", "8");
            ShotRequest r8 = new ShotRequest(g.id(), "a cat walking", "", 42, at8, "cpu");
            ShotSpec n8 = g.nativeSpec(r8, shot(50));
            assertEquals(16, n8.frames());
            assertEquals(16, run(g, r8, n8).size());
            // the default window of an open export is 16 frames with an overlap of 4
            ShotRequest plain = new ShotRequest(g.id(), "a cat", "", 1, Map.of("steps", "2"), "cpu");
            assertEquals(16, g.nativeSpec(plain, shot(10)).frames());
            assertEquals(30, g.nativeSpec(plain, shot(30)).frames());
        } finally {
            packs.deactivate();
        }
    }

    @Test
    void theSeedDecidesTheNoiseFrameByFrame() {
        VideoPipeline v = new VideoPipeline(openStages);
        List<float[]> first = new ArrayList<>();
        v.denoise(req(SchedulerKind.EULER, 6, 7.5f, 7, 20, 8, 2), Progress.NONE, () -> false, new Timings(),
                (x, i) -> {
                    if (i == 0) {
                        first.add(x.clone());
                    }
                });
        v.denoise(req(SchedulerKind.EULER, 6, 7.5f, 7, 20, 8, 2), Progress.NONE, () -> false, new Timings(),
                (x, i) -> {
                    if (i == 0) {
                        first.add(x.clone());
                    }
                });
        v.denoise(req(SchedulerKind.EULER, 6, 7.5f, 8, 20, 8, 2), Progress.NONE, () -> false, new Timings(),
                (x, i) -> {
                    if (i == 0) {
                        first.add(x.clone());
                    }
                });
        v.denoise(req(SchedulerKind.EULER, 6, 7.5f, 7, 8, 8, 2), Progress.NONE, () -> false, new Timings(),
                (x, i) -> {
                    if (i == 0) {
                        first.add(x.clone());
                    }
                });
        assertArrayEquals(first.get(0), first.get(1), "the same seed must give the same latent after a step");
        assertTrue(maxDiff(first.get(0), first.get(2)) > 0.5, "another seed must give other noise");
        // frame-by-frame noise: the 8-frame shot's frames are the 20-frame shot's first 8 after the first step
        int hw = TinyPacks.H * TinyPacks.W;
        for (int c = 0; c < 4; c++) {
            for (int g = 0; g < 8; g++) {
                for (int p = 0; p < hw; p++) {
                    assertEquals(first.get(0)[(c * 20 + g) * hw + p], first.get(3)[(c * 8 + g) * hw + p], 1e-5,
                            "c" + c + " frame " + g);
                }
            }
        }
    }

    @Test
    void cancelStopsWithinAStep(@TempDir Path folder) {
        ModelPacksService packs = service(folder);
        try {
            DiffusionGenerator g = packs.generator(packs.generatorFor(open));
            AtomicInteger steps = new AtomicInteger();
            AtomicInteger frames = new AtomicInteger();
            Progress p = (phase, done, total) -> {
                if (phase.equals("denoising") && done > 0) {
                    steps.incrementAndGet();
                }
            };
            ShotRequest r = new ShotRequest(g.id(), "cat", "", 1, Map.of("steps", "50", "window", "8", "overlap",
                    "2"), "cpu");
            ShotSpec spec = g.nativeSpec(r, shot(20));
            assertThrows(CancelledException.class, () -> g.generate(r, spec, ShotContext.NONE,
                    fr -> frames.incrementAndGet(), p, () -> steps.get() >= 3));
            assertEquals(3, steps.get(), "cancel was asked after step 3; no further step may run");
            assertEquals(0, frames.get());
            // cancel while frames are decoded: no frame after the one that asked
            AtomicInteger made = new AtomicInteger();
            ShotRequest quick = new ShotRequest(g.id(), "cat", "", 1, Map.of("steps", "2", "window", "8"), "cpu");
            assertThrows(CancelledException.class, () -> g.generate(quick, g.nativeSpec(quick, shot(20)),
                    ShotContext.NONE, fr -> made.incrementAndGet(), Progress.NONE, () -> made.get() >= 5));
            assertEquals(5, made.get());
        } finally {
            packs.deactivate();
        }
    }

    @Test
    void videoPacksThatCannotRunAreRefusedInPlainWords(@TempDir Path dir) throws Exception {
        // an AnimateDiff pack whose UNet is the image UNet: the motion module was not exported into it
        Path noMotion = TinyPacks.writeVideo(dir.resolve("no-motion"), TinyPacks.Video.open());
        Files.write(noMotion.resolve("unet/model.onnx"), TinyPacks.unet(TinyPacks.Variant.LEGACY));
        Files.createDirectories(noMotion.resolve("motion_adapter"));
        PackReport nm = PackInspector.deep(onnx, new Pack(noMotion), "cpu");
        assertFalse(nm.runnable());
        assertEquals("pack.no-motion-module", nm.problems().get(0).code());
        assertTrue(nm.problems().get(0).message().contains("its UNet takes single images [batch, 4, h, w]: the "
                + "motion module is missing from the export (motion_adapter/ holds it as a separate PyTorch file"),
                nm.problems().get(0).message());
        assertTrue(nm.summary().contains("It cannot run"), nm.summary());
        ModelPacksService packs = service(dir.resolve("models"));
        try {
            DiffusionGenerator g = packs.generator(packs.generatorFor(noMotion));
            ShotRequest r = new ShotRequest(g.id(), "cat", "", 1, Map.of(), "cpu");
            GenshotException e = assertThrows(GenshotException.class, () -> run(g, r, shot(20)));
            assertEquals("pack.no-motion-module", e.problem().code());
            assertTrue(e.problem().hint().contains("UNetMotionModel"), e.problem().hint());
        } finally {
            packs.deactivate();
        }

        // text rows for 16 frames, sample for 8: exported for different frame counts
        Path rows = TinyPacks.writeVideo(dir.resolve("rows"), TinyPacks.Video.open().frames(8, 16, 1));
        PackReport rr = PackInspector.deep(onnx, new Pack(rows), "cpu");
        assertFalse(rr.runnable());
        assertEquals("pack.video-frames", rr.problems().get(0).code());
        assertTrue(rr.problems().get(0).message().contains("encoder_hidden_states has 16 rows but its sample "
                + "[1, 4, 8, 8, 8] has 8 frames"), rr.problems().get(0).message());

        // 8 frames per window for a motion module that knows 4 positions
        Path far = TinyPacks.writeVideo(dir.resolve("far"), TinyPacks.Video.open().frames(8, 8, 1).motionMax(4));
        PackReport fr = PackInspector.deep(onnx, new Pack(far), "cpu");
        assertFalse(fr.runnable());
        assertTrue(fr.problems().get(0).message().contains("exported for 8 frames per window, but its motion module "
                + "knows positions for at most 4 frames"), fr.problems().get(0).message());

        // a window the export or the motion module cannot take; an overlap as long as the window
        packs = service(dir.resolve("models2"));
        try {
            DiffusionGenerator f8 = packs.generator(packs.generatorFor(fixed));
            GenshotException w6 = assertThrows(GenshotException.class, () -> f8.nativeSpec(new ShotRequest(f8.id(),
                    "", "", 0, Map.of("window", "6"), "cpu"), shot(20)));
            assertEquals("pack.video-frames", w6.problem().code());
            assertEquals("This pack's UNet is exported for 8 frames per window, so window=6 cannot be used",
                    w6.problem().message());
            assertEquals(8, f8.nativeSpec(new ShotRequest(f8.id(), "", "", 0, Map.of(), "cpu"), shot(3)).frames());
            DiffusionGenerator o = packs.generator(packs.generatorFor(open));
            GenshotException w40 = assertThrows(GenshotException.class, () -> o.nativeSpec(new ShotRequest(o.id(),
                    "", "", 0, Map.of("window", "40"), "cpu"), shot(20)));
            assertTrue(w40.problem().message().contains("more frames than this motion module knows positions for "
                    + "(32)"), w40.problem().message());
            GenshotException ov = assertThrows(GenshotException.class, () -> o.nativeSpec(new ShotRequest(o.id(),
                    "", "", 0, Map.of("window", "8", "overlap", "8"), "cpu"), shot(20)));
            assertEquals("diffusion.parameter", ov.problem().code());
            GenshotException init = assertThrows(GenshotException.class, () -> run(o, new ShotRequest(o.id(), "",
                    "", 0, Map.of("init", "before", "window", "8"), "cpu"), shot(8)));
            assertNotNull(init.problem().hint());
        } finally {
            packs.deactivate();
        }
    }
}
