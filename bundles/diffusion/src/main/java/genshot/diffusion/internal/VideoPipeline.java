package genshot.diffusion.internal;

import ai.onnxruntime.OrtException;
import genshot.api.Cancellation;
import genshot.api.Frame;
import genshot.api.FrameSink;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.api.Progress;
import genshot.api.ShotSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ObjIntConsumer;

/**
 * The AnimateDiff-family video pipeline over the stages of an {@link ImagePipeline} whose UNet has a motion module
 * (5-D {@code sample [B,4,F,h,w]}): the same tokenizer, text encoder, schedulers, classifier-free guidance and VAE.
 *
 * <p><b>Windows.</b> The motion module sees F frames at a time (its window). A shot of M &gt; F frames is one latent
 * {@code [4,M,h,w]} covered by windows of F frames that overlap by {@code o}: they start at 0, F−o, 2(F−o), … and
 * the last one ends on frame M exactly. At every denoising step the UNet predicts each window; the predictions of
 * frames that several windows cover are averaged with pyramid weights (1, 2, …, F/2, …, 2, 1: a window's edge
 * frames count least), and the scheduler then steps the whole latent once. This is the sliding context-window
 * averaging of ComfyUI-AnimateDiff-Evolved's context options and the weighting of diffusers' FreeNoise; because
 * every step agrees on the overlapped frames there is no cut at window boundaries. For ε- and v-prediction the
 * average of the predictions equals the average of the windows' denoised estimates (they share x and t).
 *
 * <p>Text: the prompt's embedding is repeated over the F frames of a window (one row per frame,
 * {@code [B·F,77,D]} ordered [uncond × F, cond × F]), or given once per item when the export takes {@code [B,77,D]}.
 * All noise comes from one {@code SplittableRandom} seeded with the request's seed, drawn frame by frame, so a
 * longer shot starts with the same noise as a shorter one. Frames are decoded one at a time by the image VAE on
 * each {@code [1,4,h,w]} slice and handed to the sink as they are made.
 */
final class VideoPipeline {

    /** What to make: {@code frames} latent frames of {@code window}-frame windows overlapping by {@code overlap}. */
    record Request(String prompt, String negative, long seed, int steps, float guidance, SchedulerKind scheduler,
                   int width, int height, int frames, int window, int overlap) {
    }

    /** How a shot is cut into windows: the frames made ({@code frames} ≥ {@code window}) and the windows' starts. */
    record Plan(int frames, int window, int overlap, int[] starts) {
    }

    /** Frames per window when the export leaves F open: AnimateDiff's motion context. */
    static final int DEFAULT_WINDOW = 16;

    final ImagePipeline stages;
    final Pack pack;

    VideoPipeline(ImagePipeline stages) {
        if (!stages.unet.video) {
            throw new GenshotException(missingMotion(stages.pack, stages.unet.file));
        }
        this.stages = stages;
        this.pack = stages.pack;
    }

    /** The refusal for a pack that says it is AnimateDiff but whose UNet takes still images. */
    static Problem missingMotion(Pack pack, java.nio.file.Path unetFile) {
        return new Problem("pack.no-motion-module", "This pack says it is an AnimateDiff video pack, but its UNet "
                + "takes single images [batch, 4, h, w]: the motion module is missing from the export"
                + (java.nio.file.Files.isDirectory(pack.dir.resolve("motion_adapter"))
                ? " (motion_adapter/ holds it as a separate PyTorch file, which genshot cannot merge)" : ""),
                unetFile.toString(), null, "export the UNet together with its motion adapter (diffusers' "
                + "UNetMotionModel) so that its sample is [batch, 4, frames, h, w]");
    }

    // ------------------------------------------------------------------ planning

    /**
     * Frames per window: a static export's F (a different {@code window} parameter is refused), else the
     * parameter, else {@value #DEFAULT_WINDOW} capped by the motion module's reach.
     */
    int window(String asked) {
        long fixed = stages.unet.frames;
        int max = pack.motionMaxFrames();
        if (asked == null || asked.isBlank() || asked.trim().equalsIgnoreCase("auto")) {
            return fixed > 0 ? (int) fixed : Math.min(DEFAULT_WINDOW, max);
        }
        int w = integer("window", asked, 2, 4096);
        if (fixed > 0 && w != fixed) {
            throw GenshotException.of("pack.video-frames", "This pack's UNet is exported for " + fixed + " frames per "
                    + "window, so window=" + w + " cannot be used", stages.unet.file, "parameter window",
                    "leave window out, or use window=" + fixed);
        }
        if (w > max) {
            throw GenshotException.of("pack.video-frames", "window=" + w + " is more frames than this motion module "
                    + "knows positions for (" + max + ")", stages.unet.file, "parameter window",
                    "use window=" + Math.min(DEFAULT_WINDOW, max) + " or fewer");
        }
        return w;
    }

    /**
     * How many frames to make for a shot of {@code target.frames()} frames: {@code fps} = {@code shot} (the
     * default) makes one frame per shot frame; a rate such as 8 (AnimateDiff's training rate) makes
     * {@code frames·fps/rate} and the workflow retimes them to the shot. At least one whole window is made; the
     * workflow retimes a shorter shot from it.
     */
    int nativeFrames(Map<String, String> params, ShotSpec target) {
        String f = params.getOrDefault("fps", "shot").trim().toLowerCase(Locale.ROOT);
        double rate = (double) target.rate().numerator() / target.rate().denominator();
        long made;
        if (f.equals("shot") || f.isEmpty()) {
            made = target.frames();
        } else {
            double fps;
            try {
                fps = Double.parseDouble(f);
            } catch (NumberFormatException e) {
                fps = -1;
            }
            if (!(fps > 0 && fps <= 240)) {
                throw GenshotException.of("diffusion.parameter", "fps must be 'shot' or a rate from 1 to 240, not '"
                        + params.get("fps") + "'", null, "parameter fps", null);
            }
            made = Math.max(1, Math.round(target.frames() * fps / rate));
        }
        return plan(params, made).frames();
    }

    /**
     * The windows for {@code made} frames. Parameters: {@code window} (auto: the export's F, else 16) and
     * {@code overlap} (auto: a quarter of the window). At least one whole window is planned.
     */
    Plan plan(Map<String, String> params, long made) {
        int window = window(params.get("window"));
        String o = params.get("overlap");
        int overlap = o == null || o.isBlank() || o.trim().equalsIgnoreCase("auto") ? window / 4
                : integer("overlap", o, 0, window - 1);
        if (made > 100_000) {
            throw GenshotException.of("diffusion.parameter", "The shot would need " + made + " generated frames",
                    null, "parameter fps", "use a lower fps, e.g. fps=8");
        }
        int frames = (int) Math.max(made, window);
        return new Plan(frames, window, overlap, starts(frames, window, overlap));
    }

    /** Window starts: 0, s, 2s, … (s = window − overlap) and a last window ending on frame {@code frames} exactly. */
    static int[] starts(int frames, int window, int overlap) {
        if (frames < window || overlap < 0 || overlap >= window) {
            throw new IllegalArgumentException(frames + " frames, window " + window + ", overlap " + overlap);
        }
        int stride = window - overlap;
        List<Integer> s = new ArrayList<>();
        int start = 0;
        while (start + window < frames) {
            s.add(start);
            start += stride;
        }
        s.add(frames - window);
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Pyramid weights over a window: 1, 2, …, ⌈F/2⌉, …, 2, 1. */
    static float[] weights(int window) {
        float[] w = new float[window];
        for (int j = 0; j < window; j++) {
            w[j] = Math.min(j + 1, window - j);
        }
        return w;
    }

    private static int integer(String key, String v, int min, int max) {
        try {
            int i = Integer.parseInt(v.trim());
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GenshotException.of("diffusion.parameter", key + " must be a whole number from " + min + " to " + max
                + ", not '" + v + "'", null, "parameter " + key, null);
    }

    // ------------------------------------------------------------------ denoising

    /**
     * The denoised latent of the whole shot, {@code [4, frames, h, w]} (channel-major, not yet divided by the
     * scaling factor).
     *
     * @param afterStep told the step index and the latent after each step (for tests), or null
     */
    float[] denoise(Request r, Progress progress, Cancellation cancel, Timings tm, ObjIntConsumer<float[]> afterStep) {
        Unet unet = stages.unet;
        TextEncoder text = stages.text;
        int[] hw = stages.latentSize(r.width(), r.height());
        int h = hw[0];
        int w = hw[1];
        int hwn = h * w;
        int f = r.window();
        int m = r.frames();
        int[] starts = starts(m, f, r.overlap());
        float[] weight = weights(f);
        int per = 4 * f * hwn;            // one batch item of a window
        int total = 4 * m * hwn;          // the whole shot
        boolean cfg = !stages.lcm() && r.guidance() > 1f;

        long t0 = System.nanoTime();
        int[] cond = stages.tokenizer.encode(r.prompt());
        int[] uncond = cfg ? stages.tokenizer.encode(r.negative()) : null;
        tm.add("tokenize", t0);
        t0 = System.nanoTime();
        float[] states = text.encode(cfg ? new int[][] {uncond, cond} : new int[][] {cond});
        tm.add("text_encoder", t0);
        int rows = cfg ? 2 : 1;
        int rowLen = states.length / rows;                 // length × hidden
        int hidden = rowLen / text.length;
        int rowsPerItem = unet.ehsPerFrame ? f : 1;
        float[][] itemStates = new float[rows][rowsPerItem * rowLen];
        for (int b = 0; b < rows; b++) {
            for (int k = 0; k < rowsPerItem; k++) {
                System.arraycopy(states, b * rowLen, itemStates[b], k * rowLen, rowLen);
            }
        }

        Scheduler s = r.scheduler().create(stages.schedulerConfig, r.steps());
        SplittableRandom rng = new SplittableRandom(r.seed());
        float[] x = new float[total];
        float[] noise = new float[total];
        framewiseGaussian(rng, x, m, hwn);
        float sigma = s.initNoiseSigma();
        for (int k = 0; k < total; k++) {
            x[k] *= sigma;
        }
        boolean together = !cfg || unet.staticBatch() != 1;
        int batch = cfg && together ? 2 : 1;
        float[] guided = new float[per];
        float[] uncondOut = cfg && !together ? new float[per] : null;
        float[] eps = new float[total];
        float[] wsum = new float[m];
        for (int start : starts) {
            for (int j = 0; j < f; j++) {
                wsum[start + j] += weight[j];
            }
        }
        try (Unet.Io io = unet.new Io(batch, f, h, w, text.length, hidden)) {
            int itemLen = rowsPerItem * rowLen;
            if (batch == 2) {
                io.ehs.put(0, itemStates[0], 0, itemLen, 1f);
                io.ehs.put(itemLen, itemStates[1], 0, itemLen, 1f);
            } else if (!cfg) {
                io.ehs.put(0, itemStates[0], 0, itemLen, 1f);
            }
            progress.report("denoising", 0, s.steps());
            for (int i = 0; i < s.steps(); i++) {
                cancel.check();
                java.util.Arrays.fill(eps, 0f);
                float scale = s.inputScale(i);
                for (int start : starts) {
                    cancel.check();
                    long p0 = System.nanoTime();
                    for (int b = 0; b < batch; b++) {
                        for (int c = 0; c < 4; c++) {
                            io.sample.put(b * per + c * f * hwn, x, (c * m + start) * hwn, f * hwn, scale);
                        }
                    }
                    io.setTimestep(s.timestep(i));
                    tm.add("prepare", p0);
                    if (cfg && !together) {
                        io.ehs.put(0, itemStates[0], 0, itemLen, 1f);
                        run(io, tm);
                        System.arraycopy(io.out, 0, uncondOut, 0, per);
                        io.ehs.put(0, itemStates[1], 0, itemLen, 1f);
                        run(io, tm);
                        ImagePipeline.guide(uncondOut, 0, io.out, 0, r.guidance(), guided);
                    } else {
                        run(io, tm);
                        if (cfg) {
                            ImagePipeline.guide(io.out, 0, io.out, per, r.guidance(), guided);
                        } else {
                            System.arraycopy(io.out, 0, guided, 0, per);
                        }
                    }
                    long g0 = System.nanoTime();
                    for (int c = 0; c < 4; c++) {
                        for (int j = 0; j < f; j++) {
                            float wj = weight[j];
                            int src = (c * f + j) * hwn;
                            int dst = (c * m + start + j) * hwn;
                            for (int p = 0; p < hwn; p++) {
                                eps[dst + p] += wj * guided[src + p];
                            }
                        }
                    }
                    tm.add("guide", g0);
                }
                long s0 = System.nanoTime();
                for (int c = 0; c < 4; c++) {
                    for (int g = 0; g < m; g++) {
                        float inv = 1f / wsum[g];
                        int o = (c * m + g) * hwn;
                        for (int p = 0; p < hwn; p++) {
                            eps[o + p] *= inv;
                        }
                    }
                }
                if (s.usesNoise(i)) {
                    framewiseGaussian(rng, noise, m, hwn);
                }
                s.step(i, eps, x, noise);
                tm.add("schedule", s0);
                if (afterStep != null) {
                    afterStep.accept(x, i);
                }
                progress.report("denoising", i + 1, s.steps());
            }
        } catch (OrtException e) {
            throw new GenshotException(new Problem("generator.failed", "The UNet failed to run (" + e.getMessage()
                    + ")", unet.file.toString(), null, "try --device cpu; report it if it persists"), e);
        }
        return x;
    }

    private static void run(Unet.Io io, Timings tm) throws OrtException {
        long t = System.nanoTime();
        io.run();
        tm.add("unet", t);
    }

    /**
     * Standard normal values into a {@code [4, frames, hw]} latent, drawn frame by frame (all channels of frame 0
     * first), so the first frames' noise does not depend on the shot's length.
     */
    static void framewiseGaussian(SplittableRandom rng, float[] out, int frames, int hw) {
        for (int g = 0; g < frames; g++) {
            for (int c = 0; c < 4; c++) {
                int o = (c * frames + g) * hw;
                for (int p = 0; p < hw; p++) {
                    out[o + p] = (float) rng.nextGaussian();
                }
            }
        }
    }

    // ------------------------------------------------------------------ decoding

    /** One latent frame {@code [4,h,w]} of a {@code [4, frames, h, w]} latent. */
    static float[] slice(float[] latent, int frames, int hw, int g) {
        float[] z = new float[4 * hw];
        for (int c = 0; c < 4; c++) {
            System.arraycopy(latent, (c * frames + g) * hw, z, c * hw, hw);
        }
        return z;
    }

    /**
     * Decodes frame by frame with the image VAE and hands each frame (BGR, 8h × 8w) to the sink as soon as it is
     * made; the first {@code emit} frames are emitted.
     */
    void decode(float[] latent, int frames, int h, int w, int emit, FrameSink sink, Progress progress,
                Cancellation cancel, Timings tm) {
        int hw = h * w;
        int width = w * 8;
        int height = h * 8;
        int plane = width * height;
        byte[] bgr = new byte[plane * 3];
        progress.report("generating", 0, emit);
        for (int g = 0; g < emit; g++) {
            cancel.check();
            float[] rgb = stages.decode(slice(latent, frames, hw, g), h, w, tm);
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    bgr[p * 3 + 2 - c] = (byte) Math.round(rgb[c * plane + p] * 255f);
                }
            }
            sink.accept(new Frame(g, width, height, bgr));
            progress.report("generating", g + 1, emit);
        }
    }
}
