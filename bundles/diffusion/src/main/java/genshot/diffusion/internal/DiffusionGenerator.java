package genshot.diffusion.internal;

import genshot.api.Cancellation;
import genshot.api.Frame;
import genshot.api.FrameSink;
import genshot.api.GeneratorInfo;
import genshot.api.GenshotException;
import genshot.api.MediaDecoder;
import genshot.api.MediaInfo;
import genshot.api.Progress;
import genshot.api.ShotContext;
import genshot.api.ShotGenerator;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.diffusion.PackReport;
import genshot.onnx.Device;
import genshot.onnx.OnnxService;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One installed pack as a shot generator ({@code model:<name>}): one image at the pack's native size (text to
 * image, or image to image from a neighbouring clip's cut frame), given slow motion over the shot's frames; the
 * workflow scales the frames to the gap. A pack whose UNet has a motion module (AnimateDiff family) makes a video
 * instead: one frame per shot frame (or at the {@code fps} asked), windows chained with overlap
 * ({@link VideoPipeline}). Pipelines are kept per device and closed with the generator.
 */
final class DiffusionGenerator implements ShotGenerator, AutoCloseable {

    private final String id;
    private final Pack pack;
    private final OnnxService onnx;
    private final Supplier<MediaDecoder> decoder;
    private final HashCache hashes;
    private final PackReport quick;
    private final Map<String, ImagePipeline> pipelines = new HashMap<>();
    private volatile Map<String, String> fileHashes;
    /** The phases of the last generation (for the bench). */
    volatile Timings lastTimings;

    DiffusionGenerator(String id, Pack pack, OnnxService onnx, Supplier<MediaDecoder> decoder, HashCache hashes) {
        this.id = id;
        this.pack = pack;
        this.onnx = onnx;
        this.decoder = decoder;
        this.hashes = hashes;
        this.quick = PackInspector.quick(pack);
    }

    String id() {
        return id;
    }

    Pack pack() {
        return pack;
    }

    private Map<String, String> hashes() {
        Map<String, String> h = fileHashes;
        if (h == null) {
            h = new TreeMap<>();
            for (String f : quick.files().keySet()) {
                h.put(f, hashes.sha256(pack.dir.resolve(f)));
            }
            fileHashes = h;
        }
        return h;
    }

    boolean lcmByConfig() {
        return SchedulerKind.forClass(pack.scheduler().className()) == SchedulerKind.LCM;
    }

    boolean turbo() {
        return pack.name.toLowerCase(Locale.ROOT).contains("turbo")
                || String.valueOf(pack.pipeline).toLowerCase(Locale.ROOT).contains("turbo");
    }

    Map<String, String> defaults() {
        Map<String, String> p = new LinkedHashMap<>();
        boolean lcm = lcmByConfig();
        p.put("steps", lcm ? "4" : turbo() ? "1" : "20");
        p.put("guidance", lcm ? "8.5" : turbo() ? "0" : "7.5");
        p.put("scheduler", SchedulerKind.forClass(pack.scheduler().className()).id());
        if (pack.declaresVideo()) {
            p.put("window", "auto");
            p.put("overlap", "auto");
            p.put("fps", "shot");
            return p;
        }
        p.put("motion", "push");
        p.put("init", "none");
        p.put("strength", "0.6");
        return p;
    }

    @Override
    public GeneratorInfo info() {
        return new GeneratorInfo(id, quick.family() + " (" + pack.name + ")",
                quick.summary() + (pack.declaresVideo()
                        ? " Parameters: steps, guidance, scheduler (euler, euler-a, ddim, lcm), window (frames the "
                        + "motion module sees at once; auto = the export's or 16), overlap (frames shared by "
                        + "neighbouring windows; auto = a quarter of the window) and fps (shot = one frame per shot "
                        + "frame, or a rate such as 8, then retimed to the shot)."
                        : " Parameters: steps, guidance, scheduler (euler, euler-a, ddim, lcm), motion "
                        + "(push, pan, parallax, none), init (none, before, after: image to image from the "
                        + "neighbouring clip) and strength 0..1."),
                pack.name, hashes(), defaults(),
                onnx.devices());
    }

    @Override
    public ShotSpec nativeSpec(ShotRequest request, ShotSpec target) {
        ImagePipeline p = pipeline(request == null ? "cpu" : request.device());
        int[] size = p.nativeSize();
        int w = size[0];
        int h = size[1];
        long frames = target.frames();
        if (p.unet.video) {
            frames = new VideoPipeline(p).nativeFrames(parameters(request), target);
        }
        return new ShotSpec(target.rate(), w, h, frames, target.timelineStart(), target.label());
    }

    private Map<String, String> parameters(ShotRequest r) {
        Map<String, String> p = new HashMap<>(defaults());
        if (r != null) {
            p.putAll(r.parameters());
        }
        return p;
    }

    synchronized ImagePipeline pipeline(String device) {
        String key = Device.parse(device).toString();
        ImagePipeline p = pipelines.get(key);
        if (p == null) {
            if (!pack.problems.isEmpty()) {
                throw new GenshotException(pack.problems.get(0));
            }
            p = new ImagePipeline(onnx, pack, device);
            if (pack.declaresVideo() && !p.unet.video) {
                p.close();
                throw new GenshotException(VideoPipeline.missingMotion(pack, pack.model("unet")));
            }
            pipelines.put(key, p);
        }
        return p;
    }

    ImagePipeline.Request imageRequest(ShotRequest r, int w, int h, float[] init) {
        Map<String, String> d = defaults();
        Map<String, String> p = new HashMap<>(d);
        p.putAll(r.parameters());
        int steps = (int) number(p, "steps", 1, 1000);
        float guidance = (float) number(p, "guidance", 0, 50);
        p.putIfAbsent("strength", "0.6");
        float strength = (float) number(p, "strength", 0.05, 1);
        return new ImagePipeline.Request(r.prompt(), r.negativePrompt(), r.seed(), steps, guidance,
                SchedulerKind.parse(p.get("scheduler")), w, h, init, strength);
    }

    private static double number(Map<String, String> p, String key, double min, double max) {
        try {
            double v = Double.parseDouble(p.get(key).trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw GenshotException.of("diffusion.parameter", key + " must be a number from " + min + " to " + max
                + ", not '" + p.get(key) + "'", null, "parameter " + key, null);
    }

    @Override
    public ShotResult generate(ShotRequest request, ShotSpec spec, FrameSink sink, Progress progress,
                               Cancellation cancel) {
        return generate(request, spec, ShotContext.NONE, sink, progress, cancel);
    }

    @Override
    public ShotResult generate(ShotRequest request, ShotSpec spec, ShotContext context, FrameSink sink,
                               Progress progress, Cancellation cancel) {
        progress.report("loading", 0, 1);
        if (pipeline(request.device()).unet.video) {
            return generateVideo(request, spec, sink, progress, cancel);
        }
        Motion.Kind motion = Motion.parse(request.parameters().get("motion"));
        String initSide = request.parameters().getOrDefault("init", "none").trim().toLowerCase(Locale.ROOT);
        ImagePipeline p = pipeline(request.device());
        progress.report("loading", 1, 1);
        int[] hw = p.latentSize(spec.width(), spec.height());
        int w = hw[1] * 8;
        int h = hw[0] * 8;
        float[] init = initSide.equals("none") ? null : neighbourFrame(context, initSide, w, h);
        if (init != null && p.encoder == null) {
            throw GenshotException.of("diffusion.no-encoder", "This pack has no vae_encoder, so it cannot start from "
                    + "the neighbouring frame", pack.dir, null, "use init=none");
        }
        ImagePipeline.Request r = imageRequest(request, w, h, init);
        Timings tm = new Timings();
        float[] rgb = p.generate(r, progress, cancel, tm);
        lastTimings = tm;
        byte[] bgr = new byte[w * h * 3];
        long total = spec.frames();
        progress.report("generating", 0, total);
        for (long i = 0; i < total; i++) {
            cancel.check();
            Motion.frame(rgb, w, h, motion, i, total, bgr);
            sink.accept(new Frame(i, w, h, bgr));
            progress.report("generating", i + 1, total);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("pack", pack.dir.toString());
        details.put("family", quick.family());
        details.put("size", w + "x" + h);
        details.put("steps", Integer.toString(r.steps()));
        details.put("guidance", Float.toString(r.guidance()));
        details.put("scheduler", r.scheduler().id());
        details.put("motion", motion.name().toLowerCase(Locale.ROOT));
        details.put("init", init == null ? "none" : initSide + " (strength " + r.strength() + ")");
        details.put("provider", p.text.session.provider());
        details.put("threads", Integer.toString(p.text.session.threads()));
        return new ShotResult(p.text.session.device(), details);
    }

    /**
     * A video pack: exactly {@code spec.frames()} frames, the count {@link #nativeSpec} gave (the {@code fps}
     * conversion is done there, not again here). A spec shorter than one window still runs a whole window and
     * emits its first frames.
     */
    private ShotResult generateVideo(ShotRequest request, ShotSpec spec, FrameSink sink, Progress progress,
                                     Cancellation cancel) {
        String init = request.parameters().getOrDefault("init", "none").trim().toLowerCase(Locale.ROOT);
        if (!init.equals("none")) {
            throw GenshotException.of("diffusion.parameter", "Video packs cannot start from the neighbouring clip yet "
                    + "(init=" + init + ")", pack.dir, "parameter init", "use init=none");
        }
        ImagePipeline p = pipeline(request.device());
        progress.report("loading", 1, 1);
        VideoPipeline v = new VideoPipeline(p);
        Map<String, String> params = parameters(request);
        VideoPipeline.Plan plan = v.plan(params, spec.frames());
        int emit = (int) Math.min(spec.frames(), plan.frames());
        int[] hw = p.latentSize(spec.width(), spec.height());
        ImagePipeline.Request ir = imageRequest(request, hw[1] * 8, hw[0] * 8, null);
        VideoPipeline.Request r = new VideoPipeline.Request(ir.prompt(), ir.negative(), ir.seed(), ir.steps(),
                ir.guidance(), ir.scheduler(), hw[1] * 8, hw[0] * 8, plan.frames(), plan.window(), plan.overlap());
        Timings tm = new Timings();
        float[] latent = v.denoise(r, progress, cancel, tm, null);
        v.decode(latent, plan.frames(), hw[0], hw[1], emit, sink, progress, cancel, tm);
        lastTimings = tm;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("pack", pack.dir.toString());
        details.put("family", quick.family());
        details.put("size", r.width() + "x" + r.height());
        details.put("frames", Integer.toString(emit));
        details.put("window", Integer.toString(plan.window()));
        details.put("overlap", Integer.toString(plan.overlap()));
        details.put("windows", Integer.toString(plan.starts().length));
        details.put("fps", params.getOrDefault("fps", "shot"));
        details.put("steps", Integer.toString(r.steps()));
        details.put("guidance", Float.toString(r.guidance()));
        details.put("scheduler", r.scheduler().id());
        details.put("chaining", "pyramid-weighted averaging of overlapping windows' predictions at every step");
        details.put("provider", p.text.session.provider());
        details.put("threads", Integer.toString(p.text.session.threads()));
        return new ShotResult(p.text.session.device(), details);
    }

    /** The neighbour's cut frame, scaled to w × h (cover, centred), as RGB planes in −1..1. */
    private float[] neighbourFrame(ShotContext ctx, String side, int w, int h) {
        ShotContext.Neighbour n = switch (side) {
            case "before" -> ctx.before();
            case "after" -> ctx.after();
            case "auto" -> ctx.before() != null ? ctx.before() : ctx.after();
            default -> throw GenshotException.of("diffusion.parameter", "init must be none, before, after or auto, not '"
                    + side + "'", null, "parameter init", null);
        };
        if (n == null) {
            throw GenshotException.of("diffusion.no-neighbour", "There is no clip " + side + " the gap to start from",
                    null, "parameter init", "use init=none");
        }
        MediaDecoder d = decoder.get();
        if (d == null) {
            throw GenshotException.of("diffusion.no-decoder", "No media decoder is installed to read the neighbouring "
                    + "clip", n.media(), null, "use init=none");
        }
        MediaInfo info = d.probe(n.media());
        long idx = Math.max(0, Math.min(info.frames() - 1, n.cutFrame()));
        float[][] out = new float[1][];
        d.decode(n.media(), idx, 1, f -> out[0] = toPlanes(f, w, h));
        if (out[0] == null) {
            throw GenshotException.of("diffusion.no-frame", "Cannot read frame " + idx, n.media(), null, null);
        }
        return out[0];
    }

    static float[] toPlanes(Frame f, int w, int h) {
        float s = Math.max((float) w / f.width(), (float) h / f.height());
        float ox = (f.width() * s - w) / 2;
        float oy = (f.height() * s - h) / 2;
        float[] out = new float[3 * w * h];
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            int sy = Math.min(f.height() - 1, (int) ((y + oy) / s));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(f.width() - 1, (int) ((x + ox) / s));
                int o = (sy * f.width() + sx) * 3;
                for (int c = 0; c < 3; c++) {
                    out[c * plane + y * w + x] = (f.bgr()[o + 2 - c] & 0xff) / 127.5f - 1f;
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        for (ImagePipeline p : pipelines.values()) {
            p.close();
        }
        pipelines.clear();
    }
}
