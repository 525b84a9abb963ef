package genshot.diffusion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.CancelledException;
import genshot.api.Frame;
import genshot.api.GeneratorInfo;
import genshot.api.Progress;
import genshot.api.ShotContext;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.diffusion.PackReport;
import genshot.onnx.Sha256;
import genshot.onnx.internal.OrtOnnxService;
import genshot.timeline.Rate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on tiny packs with each exporter's exact IO, run by the real ONNX Runtime (CPU). The UNet is an
 * analytic denoiser that predicts the exact noise for a known clean latent, so every sampler must end on that
 * latent: within {@value #TOL} (absolute; latent values are within ±0.16) for float32 IO and {@value #TOL16} for
 * float16 IO.
 */
class PipelineTest {

    static final double TOL = 2e-4;
    static final double TOL16 = 6e-3;

    @TempDir
    static Path tmp;
    static OrtOnnxService onnx;
    static final Map<TinyPacks.Variant, Path> PACKS = new java.util.EnumMap<>(TinyPacks.Variant.class);

    @BeforeAll
    static void build() throws Exception {
        onnx = new OrtOnnxService();
        onnx.activate();
        for (TinyPacks.Variant v : TinyPacks.Variant.values()) {
            PACKS.put(v, TinyPacks.write(tmp.resolve("tiny-" + v.name().toLowerCase()), v));
        }
    }

    static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static ImagePipeline.Request req(SchedulerKind k, int steps, float guidance, long seed) {
        return new ImagePipeline.Request("a photo of a cat", "", seed, steps, guidance, k, 64, 64, null, 0);
    }

    @Test
    void everySamplerEndsOnTheCleanLatentForEveryExporterVariant() {
        float[] x0 = TinyPacks.cleanLatent();
        for (TinyPacks.Variant v : TinyPacks.Variant.values()) {
            try (ImagePipeline p = new ImagePipeline(onnx, new Pack(PACKS.get(v)), "cpu")) {
                double tol = v == TinyPacks.Variant.FP16 ? TOL16 : TOL;
                if (v == TinyPacks.Variant.LCM) {
                    assertTrue(p.lcm());
                    for (int n : new int[] {1, 2, 4, 8}) {
                        float[] got = p.denoise(req(SchedulerKind.LCM, n, 8.5f, 3), Progress.NONE, () -> false, new Timings());
                        assertTrue(maxDiff(x0, got) < tol, v + " lcm " + n + ": " + maxDiff(x0, got));
                    }
                    // a wrong guidance gives a wrong embedding, which the analytic UNet turns into a wrong latent
                    float[] off = p.denoise(req(SchedulerKind.LCM, 4, 3f, 3), Progress.NONE, () -> false, new Timings());
                    assertTrue(maxDiff(x0, off) > 0.01, "the timestep_cond input is not used");
                    continue;
                }
                for (SchedulerKind k : new SchedulerKind[] {SchedulerKind.EULER, SchedulerKind.EULER_ANCESTRAL,
                        SchedulerKind.DDIM, SchedulerKind.LCM}) {
                    for (float g : new float[] {0f, 7.5f}) {
                        float[] got = p.denoise(req(k, k == SchedulerKind.LCM ? 4 : 12, g, 11), Progress.NONE,
                                () -> false, new Timings());
                        double d = maxDiff(x0, got);
                        assertTrue(d < tol, v + " " + k + " guidance " + g + ": max difference " + d);
                    }
                }
            }
        }
    }

    @Test
    void decodedPixelsFollowTheLatent() {
        try (ImagePipeline p = new ImagePipeline(onnx, new Pack(PACKS.get(TinyPacks.Variant.OPTIMUM)), "cpu")) {
            float[] rgb = p.generate(req(SchedulerKind.EULER, 8, 7.5f, 5), Progress.NONE, () -> false, new Timings());
            float[] x0 = TinyPacks.cleanLatent();
            int hw = TinyPacks.H * TinyPacks.W;
            int side = TinyPacks.W * 8;
            assertEquals(3 * side * side, rgb.length);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < side; y += 5) {
                    for (int x = 0; x < side; x += 3) {
                        float want = x0[c * hw + (y / 8) * TinyPacks.W + x / 8] / TinyPacks.SCALING * 0.5f + 0.5f;
                        assertEquals(want, rgb[c * side * side + y * side + x], 2e-3, "c" + c + " " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void variantsAreClassifiedFromTheSessions() {
        PackReport o = PackInspector.deep(onnx, new Pack(PACKS.get(TinyPacks.Variant.OPTIMUM)), "cpu");
        assertTrue(o.runnable(), o.problems().toString());
        assertEquals("Hugging Face Optimum", o.exporter());
        assertEquals("int64 [?,77]", o.variant().get("input_ids"));
        assertEquals("float32 scalar (rank 0)", o.variant().get("timestep"));
        assertEquals("out_sample", o.variant().get("unet_output"));
        assertEquals(64, o.nativeWidth());
        assertEquals(4, o.components().size());
        PackReport l = PackInspector.deep(onnx, new Pack(PACKS.get(TinyPacks.Variant.LEGACY)), "cpu");
        assertEquals("int32 [?,77]", l.variant().get("input_ids"));
        assertEquals("float32 [1]", l.variant().get("timestep"));
        assertEquals("diffusers' legacy conversion script", l.exporter());
        PackReport h = PackInspector.deep(onnx, new Pack(PACKS.get(TinyPacks.Variant.FP16)), "cpu");
        assertEquals("float16", h.variant().get("io_precision"));
        assertEquals("latent", h.variant().get("unet_output"));
        assertEquals("float16 [1]", h.variant().get("timestep"));
        PackReport c = PackInspector.deep(onnx, new Pack(PACKS.get(TinyPacks.Variant.LCM)), "cpu");
        assertEquals("timestep_cond [256]", c.variant().get("lcm_timestep_cond"));
        assertTrue(c.family().startsWith("Latent Consistency"));
        assertTrue(c.summary().contains("64x64"), c.summary());
    }

    @Test
    void brokenPacksAreRefusedInPlainWords(@TempDir Path dir) throws Exception {
        Path missing = TinyPacks.write(dir.resolve("missing"), TinyPacks.Variant.OPTIMUM);
        Files.delete(missing.resolve("vae_decoder/model.onnx"));
        PackReport m = PackInspector.deep(onnx, new Pack(missing), "cpu");
        assertFalse(m.runnable());
        assertEquals("pack.missing-file", m.problems().get(0).code());
        assertTrue(m.summary().contains("It cannot run: The pack lacks vae_decoder/model.onnx"), m.summary());

        Path wrong = TinyPacks.write(dir.resolve("wrong"), TinyPacks.Variant.OPTIMUM);
        // a text encoder from another model: 8-wide states instead of the UNet's 16
        Files.write(wrong.resolve("text_encoder/model.onnx"), TextEncoderOfWidth.model(8));
        PackReport w = PackInspector.deep(onnx, new Pack(wrong), "cpu");
        assertFalse(w.runnable());
        assertEquals("pack.shape", w.problems().get(0).code());
        assertTrue(w.problems().get(0).message().contains("8-wide states but the UNet expects 16"),
                w.problems().get(0).message());

        Path cuda = TinyPacks.write(dir.resolve("cuda"), TinyPacks.Variant.FP16);
        Files.write(cuda.resolve("unet/model.onnx"), TinyPacks.cudaOnlyUnet());
        PackReport c = PackInspector.deep(onnx, new Pack(cuda), "cpu");
        assertFalse(c.runnable());
        assertEquals("pack.cpu-unsupported", c.problems().get(0).code(), c.problems().toString());
        assertTrue(c.problems().get(0).message().contains("GroupNorm"), c.problems().get(0).message());
        assertTrue(c.problems().get(0).hint().contains("fp32 export"), c.problems().get(0).hint());

        PackReport none = PackInspector.deep(onnx, new Pack(dir.resolve("nothing-here")), "cpu");
        assertFalse(none.runnable());
        assertTrue(none.problems().get(0).message().contains("model_index.json"), none.problems().toString());
    }

    static ModelPacksService service(Path folder) {
        return new ModelPacksService(onnx, null, folder);
    }

    static final ShotSpec SPEC = new ShotSpec(new Rate(25, 1), 320, 180, 6, 100, "V1:1");

    @Test
    void generatorMakesFramesAtTheNativeSizeAndTheSameSeedGivesTheSameFrames(@TempDir Path folder) {
        ModelPacksService packs = service(folder);
        String id = packs.generatorFor(PACKS.get(TinyPacks.Variant.OPTIMUM));
        assertEquals("model:tiny-optimum", id);
        DiffusionGenerator g = packs.generator(id);
        try {
            GeneratorInfo info = g.info();
            assertEquals(id, info.id());
            assertEquals(Sha256.of(PACKS.get(TinyPacks.Variant.OPTIMUM).resolve("unet/model.onnx")),
                    info.modelFiles().get("unet/model.onnx"));
            assertTrue(info.modelFiles().containsKey("tokenizer/vocab.json"));
            ShotSpec made = g.nativeSpec(new ShotRequest(id, "", "", 0, Map.of(), "cpu"), SPEC);
            assertEquals(64, made.width());
            assertEquals(6, made.frames());
            ShotRequest r = new ShotRequest(id, "a photo of a cat", "", 42, Map.of("steps", "4", "motion", "pan"), "cpu");
            List<Frame> a = new ArrayList<>();
            ShotResult res = g.generate(r, made, ShotContext.NONE, f -> a.add(f.copy()), Progress.NONE, () -> false);
            assertEquals("cpu", res.device());
            assertEquals(6, a.size());
            assertEquals(64, a.get(0).width());
            List<Frame> b = new ArrayList<>();
            g.generate(r, made, ShotContext.NONE, f -> b.add(f.copy()), Progress.NONE, () -> false);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).bgr(), b.get(i).bgr(), "frame " + i);
            }
            assertNotEquals(java.util.Arrays.hashCode(a.get(0).bgr()), java.util.Arrays.hashCode(a.get(5).bgr()),
                    "the camera does not move");
        } finally {
            packs.deactivate();
        }
    }

    @Test
    void cancelStopsWithinAStep(@TempDir Path folder) {
        ModelPacksService packs = service(folder);
        try {
            DiffusionGenerator g = packs.generator(packs.generatorFor(PACKS.get(TinyPacks.Variant.LEGACY)));
            AtomicInteger steps = new AtomicInteger();
            AtomicInteger polls = new AtomicInteger();
            Progress p = (phase, done, total) -> {
                if (phase.equals("denoising") && done > 0) {
                    steps.incrementAndGet();
                }
            };
            ShotRequest r = new ShotRequest(g.id(), "cat", "", 1, Map.of("steps", "50"), "cpu");
            assertThrows(CancelledException.class, () -> g.generate(r, g.nativeSpec(r, SPEC), ShotContext.NONE,
                    f -> { }, p, () -> steps.get() >= 3 && polls.incrementAndGet() > 0));
            assertEquals(3, steps.get(), "cancel was asked after step 3; no further step may run");
        } finally {
            packs.deactivate();
        }
    }

    @Test
    void installListAndRefuse(@TempDir Path folder) throws Exception {
        ModelPacksService packs = service(folder.resolve("models"));
        try {
            PackReport r = packs.add(PACKS.get(TinyPacks.Variant.LCM), "lcm-tiny", false);
            assertTrue(Files.isSymbolicLink(folder.resolve("models/lcm-tiny")));
            assertEquals("lcm-tiny", r.name());
            assertTrue(packs.generator("model:lcm-tiny") != null);
            PackReport copied = packs.add(PACKS.get(TinyPacks.Variant.OPTIMUM), "copy", true);
            assertTrue(Files.isRegularFile(folder.resolve("models/copy/unet/model.onnx")));
            assertEquals(List.of("copy", "lcm-tiny"), packs.list().stream().map(PackReport::name).toList());
            assertEquals("pack.exists", assertThrows(genshot.api.GenshotException.class,
                    () -> packs.add(PACKS.get(TinyPacks.Variant.LCM), "lcm-tiny", false)).problem().code());
            Path broken = TinyPacks.write(folder.resolve("broken"), TinyPacks.Variant.OPTIMUM);
            Files.delete(broken.resolve("unet/model.onnx"));
            genshot.api.GenshotException e = assertThrows(genshot.api.GenshotException.class,
                    () -> packs.add(broken, null, false));
            assertEquals("pack.refused", e.problem().code());
            assertTrue(e.getMessage().contains("lacks unet/model.onnx"), e.getMessage());
            assertTrue(copied.runnable());
        } finally {
            packs.deactivate();
        }
    }
}
