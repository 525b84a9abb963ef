package genshot.generators.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import genshot.api.Cancellation;
import genshot.api.Frame;
import genshot.api.FrameSink;
import genshot.api.GeneratorInfo;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.api.Progress;
import genshot.api.ShotGenerator;
import genshot.api.ShotContext;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.onnx.Device;
import genshot.onnx.OnnxService;
import genshot.onnx.OnnxSession;
import genshot.onnx.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Procedural element plates (fog, smoke, fire, snow, rain, dust, stars, sky, bokeh, light leaks, film grain, chroma
 * key): one small ONNX graph per look, fed seed-derived parameters, rendered at a reduced size and upscaled. The
 * prompt picks look, palette, motion and density through the all-MiniLM-L6-v2 sentence encoder; parameters
 * override it. Plates to composite (smoke, fire, snow, rain, dust, bokeh, leaks, grain) carry alpha; fog does over
 * footage on a lower track.
 */
@Component(service = ShotGenerator.class, property = "genshot.generator=elements")
public final class ElementsGenerator implements ShotGenerator {

    static final double DEFAULT_DENSITY = 0.5;
    static final double DEFAULT_SPEED = 1.0;

    private final OnnxService onnx;
    private final Map<String, byte[]> models = new HashMap<>();
    private final Map<String, OnnxSession> sessions = new HashMap<>();
    private final Map<String, PromptMatcher.Choice> choices = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PromptMatcher.Choice> e) {
            return size() > 64;
        }
    };
    private MiniLmEncoder encoder;
    private PromptMatcher matcher;

    /** What one shot will be made of. */
    record Settings(ElementsLook look, LookPalette palette, double speed, double density, String lookFrom) {
    }

    @Activate
    public ElementsGenerator(@Reference OnnxService onnx) {
        this.onnx = onnx;
    }

    @Deactivate
    public synchronized void close() {
        for (OnnxSession s : sessions.values()) {
            s.close();
        }
        sessions.clear();
        if (encoder != null) {
            encoder.close();
            encoder = null;
            matcher = null;
        }
    }

    private synchronized byte[] model(ElementsLook look) {
        return models.computeIfAbsent(look.id, k -> MiniLmEncoder.read(look.resource()));
    }

    @Override
    public GeneratorInfo info() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("look", "");
        params.put("palette", "");
        params.put("speed", Double.toString(DEFAULT_SPEED));
        params.put("density", Double.toString(DEFAULT_DENSITY));
        Map<String, String> files = new LinkedHashMap<>();
        for (ElementsLook l : ElementsLook.values()) {
            files.put(l.file(), Sha256.of(model(l)));
        }
        return new GeneratorInfo(ElementsModel.ID, "Element plates",
                "Procedural plates: " + ElementsLook.ids() + ". Describe what you want (\"thick mist rolling over a "
                        + "lake at dawn\", \"snow falling at night\"); a sentence encoder picks the look, palette, "
                        + "motion and density. Parameters override it: look (" + ElementsLook.ids() + "), palette ("
                        + LookPalette.ids(false) + "; chroma: green, blue), speed 0..20 (1 = natural), density "
                        + "0..1. Smoke, fire, snow, rain, dust, bokeh, leaks and grain have alpha; fog has alpha over "
                        + "footage on a lower track.",
                "genshot/elements@1", files, params,
                onnx.devices());
    }

    private synchronized OnnxSession session(ElementsLook look, String device) {
        String key = look.id + "@" + Device.parse(device);
        OnnxSession s = sessions.get(key);
        if (s == null) {
            s = onnx.open(model(look), look.file(), device);
            sessions.put(key, s);
        }
        return s;
    }

    private synchronized PromptMatcher.Choice choice(String prompt) {
        PromptMatcher.Choice c = choices.get(prompt);
        if (c == null) {
            if (matcher == null) {
                encoder = new MiniLmEncoder(onnx);
                matcher = new PromptMatcher(encoder::embed);
            }
            c = matcher.choose(prompt);
            choices.put(prompt, c);
        }
        return c;
    }

    /** Look, palette, speed and density: parameters first, then the prompt, then the look's defaults. */
    Settings settings(ShotRequest request) {
        Map<String, String> p = request.parameters();
        String prompt = request.prompt().trim();
        boolean needPrompt = !prompt.isEmpty() && !(p.containsKey("look") && p.containsKey("palette")
                && p.containsKey("speed") && p.containsKey("density"));
        PromptMatcher.Choice c = needPrompt ? choice(prompt) : null;

        ElementsLook look;
        String from;
        if (p.containsKey("look") && !p.get("look").isBlank()) {
            look = ElementsLook.byId(p.get("look"));
            if (look == null) {
                throw GenshotException.of("parameter.invalid", "The elements generator has no look '"
                        + p.get("look").trim() + "'", null, "parameter look", "use one of " + ElementsLook.ids());
            }
            from = "parameter";
        } else if (c != null && c.look() != null) {
            look = c.look();
            from = String.format(Locale.ROOT, "prompt (similarity %.3f)", c.lookScore());
        } else {
            look = ElementsLook.FOG;
            from = "default";
        }

        LookPalette palette;
        if (p.containsKey("palette") && !p.get("palette").isBlank()) {
            palette = LookPalette.byId(p.get("palette"));
            if (palette == null || palette.isKey() != (look == ElementsLook.CHROMA)) {
                throw GenshotException.of("parameter.invalid", "The " + look.id + " look has no palette '"
                        + p.get("palette").trim() + "'", null, "parameter palette", "use one of "
                        + LookPalette.ids(look == ElementsLook.CHROMA));
            }
        } else if (look == ElementsLook.CHROMA) {
            palette = c != null && c.key() != null ? c.key() : LookPalette.GREEN;
        } else if (c != null && c.palette() != null) {
            palette = c.palette();
        } else {
            palette = LookPalette.byId(look.defaultPalette);
        }

        double speed = p.containsKey("speed") ? number(p, "speed", 0, 20)
                : c != null && c.speed() != null ? c.speed() : DEFAULT_SPEED;
        double density = p.containsKey("density") ? number(p, "density", 0, 1)
                : c != null && c.density() != null ? c.density() : DEFAULT_DENSITY;
        return new Settings(look, palette, speed, density, from);
    }

    private static double number(Map<String, String> params, String name, double min, double max) {
        String v = params.get(name).trim();
        try {
            double d = Double.parseDouble(v);
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GenshotException.of("parameter.invalid", "The elements " + name + " must be a number from "
                + fmt(min) + " to " + fmt(max) + ", got '" + v + "'", null, "parameter " + name, "e.g. --param "
                + name + "=" + fmt((min + max) / 2));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public boolean producesAlpha(ShotRequest request) {
        return settings(request).look().alpha;
    }

    /** Plates always; fog also when footage lies under the shot (then it is laid over it). */
    @Override
    public boolean producesAlpha(ShotRequest request, ShotContext context) {
        ElementsLook look = settings(request).look();
        return look.alpha || look.alphaOverFootage() && context.hasFootageBelow();
    }

    /** Internal size: the output divided by a whole factor so that the width is at most the look's maximum. */
    static int[] internalSize(ElementsLook look, int width, int height) {
        int max = look.maxInternalWidth;
        int f = Math.max(1, (width + max - 1) / max);
        return new int[] {Math.max(2, (width + f - 1) / f), Math.max(2, (height + f - 1) / f)};
    }

    @Override
    public ShotResult generate(ShotRequest request, ShotSpec spec, FrameSink sink, Progress progress,
                               Cancellation cancel) {
        return generate(request, spec, ShotContext.NONE, sink, progress, cancel);
    }

    /**
     * With footage under the shot, fog is a plate with alpha: its density over the frames with footage below, opaque
     * over the others.
     */
    @Override
    public ShotResult generate(ShotRequest request, ShotSpec spec, ShotContext context, FrameSink sink,
                               Progress progress, Cancellation cancel) {
        progress.report("loading", 0, 1);
        Settings st = settings(request);
        ElementsLook look = st.look();
        OnnxSession session = session(look, request.device());
        progress.report("loading", 1, 1);
        OrtEnvironment env = onnx.environment();

        int w = spec.width(), h = spec.height();
        int[] in = internalSize(look, w, h);
        int iw = in[0], ih = in[1], n = iw * ih;
        double aspect = spec.displayAspect(); // round shapes stay round on non-square pixels
        double spf = (double) spec.rate().denominator() / spec.rate().numerator();
        float[] condValues = LookCond.of(look, request.seed(), st.palette(), st.density(), iw, ih, aspect,
                st.speed() > 0 ? 1 / (spf * st.speed()) : 0);

        FloatBuffer coords = PlateCoords.grid(iw, ih, aspect);
        FloatBuffer cond = ByteBuffer.allocateDirect(condValues.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        cond.put(condValues).rewind();
        boolean over = look.alphaOverFootage() && context.hasFootageBelow();
        FloatBuffer plateCond = ByteBuffer.allocateDirect(condValues.length * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        if (over) {
            plateCond.put(LookCond.of(look, request.seed(), st.palette(), st.density(), iw, ih, aspect,
                    st.speed() > 0 ? 1 / (spf * st.speed()) : 0, true)).rewind();
        }
        // particles upscaled by a cubic filter stay round; noise fields keep the (cheaper) bilinear upscale
        PlateScaler scaler = new PlateScaler(iw, ih, w, h, 4, look.particles());
        float[] rgba = new float[n * 4];
        byte[] bgr = new byte[w * h * 3];
        byte[] alpha = look.alpha || over ? new byte[w * h] : null;
        long plateFrames = 0;
        long total = spec.frames();

        try (OnnxTensor coordsT = OnnxTensor.createTensor(env, coords, new long[] {n, 4});
             OnnxTensor condT = OnnxTensor.createTensor(env, cond, new long[] {1, condValues.length});
             OnnxTensor plateT = OnnxTensor.createTensor(env, plateCond, new long[] {1, condValues.length})) {
            Map<String, OnnxTensor> inputs = Map.of("coords", coordsT, "cond", condT);
            Map<String, OnnxTensor> plateInputs = Map.of("coords", coordsT, "cond", plateT);
            progress.report("generating", 0, total);
            for (long i = 0; i < total; i++) {
                cancel.check();
                float t = (float) (i * spf * st.speed());
                PlateCoords.time(coords, t);
                boolean plate = over && context.footageBelow(i);
                plateFrames += plate ? 1 : 0;
                try (OrtSession.Result r = session.session().run(plate ? plateInputs : inputs)) {
                    ((OnnxTensor) r.get(0)).getFloatBuffer().get(rgba);
                }
                // straight into the sink's arrays when it lends them (no copy of the frame), else into ours
                Frame lent = sink.lend(i, w, h, alpha != null);
                Frame f = lent != null ? lent : new Frame(i, w, h, bgr, alpha);
                scaler.scale(rgba, f.bgr(), f.alpha());
                sink.accept(f);
                progress.report("generating", i + 1, total);
            }
        } catch (OrtException e) {
            throw new GenshotException(new Problem("generator.failed", "The " + look.id + " model failed to run ("
                    + e.getMessage() + ")", look.file(), null, "try --device cpu; report it if it persists"), e);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("model", "genshot/elements@1");
        details.put("look", look.id);
        details.put("look.from", st.lookFrom());
        details.put("model.file", look.file());
        details.put("model.sha256", Sha256.of(model(look)));
        details.put("palette", st.palette().id);
        details.put("density", String.format(Locale.ROOT, "%.3f", st.density()));
        details.put("speed", String.format(Locale.ROOT, "%.3f", st.speed()));
        details.put("alpha", over ? "over footage in " + plateFrames + " of " + total + " frames"
                : Boolean.toString(look.alpha));
        if (over) {
            // what the take depends on besides the request: the shot's frames with footage below (start+length)
            details.put("footageBelow", context.footageBelow().toString());
        }
        details.put("internalSize", iw + "x" + ih);
        details.put("upscale", look.particles() ? "cubic" : "bilinear");
        details.put("provider", session.provider());
        details.put("threads", Integer.toString(session.threads()));
        synchronized (this) {
            if (encoder != null) {
                details.put("textEncoder", "all-MiniLM-L6-v2 (quantised) " + encoder.sha256());
            }
        }
        return new ShotResult(session.device(), details);
    }
}
