package genshot.diffusion.internal;

import ai.onnxruntime.OrtException;
import genshot.api.Cancellation;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.api.Progress;
import genshot.onnx.OnnxService;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Stable Diffusion image pipeline over one pack: tokenizer, text encoder, UNet with classifier-free guidance
 * ({@code [uncond, cond]} batch, or two passes when the export's batch is fixed at 1) or the LCM guidance
 * embedding, a scheduler, the VAE decoder; optional img2img through the VAE encoder. Owns its stages and closes
 * them together. A UNet with a motion module (5-D sample) is opened here too and run by {@link VideoPipeline}.
 */
final class ImagePipeline implements AutoCloseable {

    /** What to make. */
    record Request(String prompt, String negative, long seed, int steps, float guidance, SchedulerKind scheduler,
                   int width, int height, float[] initImage, float strength) {
    }

    final Pack pack;
    final ClipTokenizer tokenizer;
    final TextEncoder text;
    final Unet unet;
    final Vae decoder;
    final Vae encoder;
    final SchedulerConfig schedulerConfig;
    final float scaling;
    final String device;
    private final List<AutoCloseable> closers = new ArrayList<>();

    ImagePipeline(OnnxService onnx, Pack pack, String device) {
        this.pack = pack;
        this.device = device;
        this.schedulerConfig = pack.scheduler();
        this.scaling = pack.scalingFactor();
        this.tokenizer = ClipTokenizer.read(pack.dir.resolve("tokenizer"));
        boolean ok = false;
        try {
            text = add(new TextEncoder(onnx, pack, device));
            unet = add(new Unet(onnx, pack, device));
            decoder = add(new Vae(onnx, pack, device, true));
            encoder = pack.has("vae_encoder") ? add(new Vae(onnx, pack, device, false)) : null;
            if (text.hiddenDim > 0 && unet.ehsDim > 0 && text.hiddenDim != unet.ehsDim) {
                throw GenshotException.of("pack.shape", "The text encoder gives " + text.hiddenDim
                        + "-wide states but the UNet expects " + unet.ehsDim + "; the folders come from different "
                        + "models", pack.dir, "text_encoder, unet", "use the folders of one export");
            }
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    private <T extends AutoCloseable> T add(T c) {
        closers.add(c);
        return c;
    }

    boolean lcm() {
        return unet.condName != null;
    }

    /**
     * The pack's native picture size {width, height}: a static export's sample size, else unet/config.json's
     * sample_size, else the family's (768 for 1024-wide text states, SD 2.x; 512 otherwise).
     */
    int[] nativeSize() {
        if (unet.staticH() > 0 && unet.staticW() > 0) {
            return new int[] {(int) unet.staticW() * 8, (int) unet.staticH() * 8};
        }
        int s = pack.unetSampleSize() * 8;
        if (s <= 0) {
            s = text.hiddenDim == 1024 || unet.ehsDim == 1024 ? 768 : 512;
        }
        return new int[] {s, s};
    }

    /** Latent size for an image size: the export's fixed size wins. */
    int[] latentSize(int width, int height) {
        int h = unet.staticH() > 0 ? (int) unet.staticH() : Math.max(1, height / 8);
        int w = unet.staticW() > 0 ? (int) unet.staticW() : Math.max(1, width / 8);
        return new int[] {h, w};
    }

    /** Makes one image; returns RGB planes [3,H,W] in 0..1. */
    float[] generate(Request r, Progress progress, Cancellation cancel, Timings tm) {
        float[] latent = denoise(r, progress, cancel, tm);
        int[] hw = latentSize(r.width(), r.height());
        return decode(latent, hw[0], hw[1], tm);
    }

    /** The denoised latent [1,4,h,w] (not yet divided by the scaling factor). */
    float[] denoise(Request r, Progress progress, Cancellation cancel, Timings tm) {
        if (unet.video) {
            throw GenshotException.of("pack.video", "This pack's UNet has a motion module (5-D sample); it makes "
                    + "videos through the video pipeline, not single images", unet.file, null, null);
        }
        int[] hw = latentSize(r.width(), r.height());
        int h = hw[0];
        int w = hw[1];
        int per = 4 * h * w;
        boolean cfg = !lcm() && r.guidance() > 1f;
        long t0 = System.nanoTime();
        int[] cond = tokenizer.encode(r.prompt());
        int[] uncond = cfg ? tokenizer.encode(r.negative()) : null;
        tm.add("tokenize", t0);
        t0 = System.nanoTime();
        float[] states = text.encode(cfg ? new int[][] {uncond, cond} : new int[][] {cond});
        tm.add("text_encoder", t0);
        int rows = cfg ? 2 : 1;
        int hidden = states.length / (rows * text.length);

        Scheduler s = r.scheduler().create(schedulerConfig, r.steps());
        SplittableRandom rng = new SplittableRandom(r.seed());
        float[] x = new float[per];
        float[] noise = new float[per];
        int first = 0;
        gaussian(rng, x);
        if (r.initImage() != null && encoder != null) {
            // img2img: start part-way, from the encoded neighbour frame with noise added at that step
            first = Math.min(s.steps() - 1, Math.max(0, s.steps() - Math.round(s.steps() * r.strength())));
            float[] init = encoder.run(r.initImage(), 3, h * 8, w * 8, 4, h, w);
            for (int k = 0; k < per; k++) {
                init[k] *= scaling;
            }
            s.addNoise(first, init, x);
            x = init;
        } else {
            float sigma = s.initNoiseSigma();
            for (int k = 0; k < per; k++) {
                x[k] *= sigma;
            }
        }
        boolean together = !cfg || unet.staticBatch() != 1;
        int batch = cfg && together ? 2 : 1;
        float[] guided = new float[per];
        float[] uncondOut = cfg && !together ? new float[per] : null;
        try (Unet.Io io = unet.new Io(batch, h, w, text.length, hidden)) {
            int rowLen = text.length * hidden;
            if (batch == 2 || !cfg) {
                io.ehs.put(states);
            }
            if (io.cond != null) {
                io.cond.put(LcmScheduler.guidanceEmbedding(r.guidance(), unet.condDim));
            }
            int total = s.steps() - first;
            progress.report("denoising", 0, total);
            for (int i = first; i < s.steps(); i++) {
                cancel.check();
                long p0 = System.nanoTime();
                float scale = s.inputScale(i);
                for (int b = 0; b < batch; b++) {
                    io.sample.put(b * per, x, 0, per, scale);
                }
                io.setTimestep(s.timestep(i));
                tm.add("prepare", p0);
                if (cfg && !together) {
                    long q = System.nanoTime();
                    io.ehs.put(0, states, 0, rowLen, 1f);
                    tm.add("prepare", q);
                    run(io, tm);
                    System.arraycopy(io.out, 0, uncondOut, 0, per);
                    q = System.nanoTime();
                    io.ehs.put(0, states, rowLen, rowLen, 1f);
                    tm.add("prepare", q);
                    run(io, tm);
                    long g0 = System.nanoTime();
                    guide(uncondOut, 0, io.out, 0, r.guidance(), guided);
                    tm.add("guide", g0);
                } else {
                    run(io, tm);
                    long g0 = System.nanoTime();
                    if (cfg) {
                        guide(io.out, 0, io.out, per, r.guidance(), guided);
                    } else {
                        System.arraycopy(io.out, 0, guided, 0, per);
                    }
                    tm.add("guide", g0);
                }
                long s0 = System.nanoTime();
                if (s.usesNoise(i)) {
                    gaussian(rng, noise);
                }
                s.step(i, guided, x, noise);
                tm.add("schedule", s0);
                progress.report("denoising", i - first + 1, total);
            }
        } catch (OrtException e) {
            throw failed(e);
        }
        return x;
    }

    private void run(Unet.Io io, Timings tm) throws OrtException {
        long t = System.nanoTime();
        io.run();
        tm.add("unet", t);
    }

    /** ε = ε_u + g·(ε_c − ε_u). */
    static void guide(float[] u, int uo, float[] c, int co, float g, float[] out) {
        for (int k = 0; k < out.length; k++) {
            float eu = u[uo + k];
            out[k] = eu + g * (c[co + k] - eu);
        }
    }

    float[] decode(float[] latent, int h, int w, Timings tm) {
        long t0 = System.nanoTime();
        float[] z = new float[latent.length];
        float inv = 1f / scaling;
        for (int k = 0; k < z.length; k++) {
            z[k] = latent[k] * inv;
        }
        float[] img = decoder.run(z, 4, h, w, 3, h * 8, w * 8);
        for (int k = 0; k < img.length; k++) {
            img[k] = Math.max(0f, Math.min(1f, img[k] * 0.5f + 0.5f));
        }
        tm.add("vae_decoder", t0);
        return img;
    }

    /** Standard normal values from the one seeded generator (Java 17's ziggurat {@code nextGaussian}). */
    static void gaussian(SplittableRandom rng, float[] out) {
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) rng.nextGaussian();
        }
    }

    private GenshotException failed(OrtException e) {
        return new GenshotException(new Problem("generator.failed", "The UNet failed to run (" + e.getMessage() + ")",
                unet.file.toString(), null, "try --device cpu; report it if it persists"), e);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = closers.size() - 1; i >= 0; i--) {
            try {
                closers.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("closing " + closers.get(i), e);
                }
            }
        }
        closers.clear();
        if (first != null) {
            throw first;
        }
    }
}
