package genshot.diffusion.internal;

import genshot.api.Progress;
import genshot.onnx.internal.OrtOnnxService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Time the pipeline spends outside {@code session.run} per denoising step at 64×64 latents (a 512×512 picture),
 * with classifier-free guidance (batch 2), per phase: prepare (scaling and copying the sample into the input
 * buffers, the timestep), guide (CFG combination), schedule (sampler step and noise); tokenising and the text
 * encoder once per image. The UNet is the tiny analytic one, so "unet" is only ONNX Runtime's call overhead plus
 * a few element-wise ops: compare the overhead with a real UNet step (≈5 s on a laptop CPU, ≈22 ms on an A100).
 *
 * <p>Run its {@code main} on the test class path with the original ONNX Runtime jar first (see the README).
 */
public final class PipelineBench {

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        System.out.println(run(steps, 10));
    }

    static String run(int steps, int rounds) throws Exception {
        TinyPacks.H = 64;
        TinyPacks.W = 64;
        Path dir = Files.createTempDirectory("genshot-bench");
        try {
            Path pack = TinyPacks.write(dir.resolve("bench"), TinyPacks.Variant.OPTIMUM);
            OrtOnnxService onnx = new OrtOnnxService();
            onnx.activate();
            StringBuilder out = new StringBuilder();
            try (ImagePipeline p = new ImagePipeline(onnx, new Pack(pack), "cpu")) {
                ImagePipeline.Request r = new ImagePipeline.Request("neon-lit cyberpunk alley, rain reflections",
                        "blurry", 7, steps, 7.5f, SchedulerKind.EULER_ANCESTRAL, 512, 512, null, 0);
                for (int i = 0; i < 10; i++) {
                    p.denoise(r, Progress.NONE, () -> false, new Timings()); // warm-up (JIT)
                }
                Timings tm = new Timings();
                for (int i = 0; i < rounds; i++) {
                    p.denoise(r, Progress.NONE, () -> false, tm);
                }
                double n = (double) steps * rounds;
                double unet = tm.get("unet") / n / 1e6;
                double outside = (tm.get("prepare") + tm.get("guide") + tm.get("schedule")) / n / 1e6;
                double once = (tm.get("tokenize")) / (double) rounds / 1e6;
                out.append(String.format(Locale.ROOT, "latent 64x64, batch 2 (CFG), %d steps x %d runs, euler-a%n",
                        steps, rounds));
                for (String ph : new String[] {"prepare", "guide", "schedule"}) {
                    out.append(String.format(Locale.ROOT, "  %-9s %8.3f ms/step%n", ph, tm.get(ph) / n / 1e6));
                }
                out.append(String.format(Locale.ROOT, "  %-9s %8.3f ms/image (%.4f ms/step)%n", "tokenize", once,
                        once / steps));
                out.append(String.format(Locale.ROOT, "  outside session.run: %.3f ms/step (+ tokenize %.4f)%n",
                        outside, once / steps));
                out.append(String.format(Locale.ROOT, "  session.run of the tiny UNet (ORT call + I/O copy-out): "
                        + "%.3f ms/step%n", unet));
                out.append(String.format(Locale.ROOT, "  share of a real step: %.3f %% of 5 s (CPU), %.2f %% of 22 ms "
                        + "(A100 SD1.5 fp16)%n", 100 * (outside + once / steps) / 5000, 100 * (outside + once / steps)
                        / 22));
            }
            return out.toString();
        } finally {
            TinyPacks.H = 8;
            TinyPacks.W = 8;
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
