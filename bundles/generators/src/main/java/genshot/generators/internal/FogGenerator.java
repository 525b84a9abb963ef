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
import java.io.IOException;
import java.io.InputStream;
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
 * The built-in drifting-fog plate: a small ONNX graph (layered sinusoid noise over x, y, t with a domain warp)
 * evaluated at a reduced internal resolution and upscaled bilinearly; the look comes from the seed through the
 * {@code cond} input. Over footage (a clip on a video track below the gap) the fog is a plate with alpha (its
 * density); where nothing is below, it is opaque over its own sky.
 */
@Component(service = ShotGenerator.class, property = "genshot.generator=fog")
public final class FogGenerator implements ShotGenerator {

    /**
     * Internal render width at most: fog is smooth, but a bilinear upscale of more than about 4 times shows its
     * grid as faint diamonds on gradients (1080p from 320 did), so 1920 pixels come from 480.
     */
    static final int MAX_INTERNAL_WIDTH = 480;

    private final OnnxService onnx;
    private final byte[] model;
    private final String sha256;
    private final Map<String, OnnxSession> sessions = new HashMap<>();

    @Activate
    public FogGenerator(@Reference OnnxService onnx) {
        this.onnx = onnx;
        try (InputStream in = FogGenerator.class.getResourceAsStream(FogModel.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks " + FogModel.RESOURCE);
            }
            this.model = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + FogModel.RESOURCE, e);
        }
        this.sha256 = Sha256.of(model);
    }

    @Deactivate
    public synchronized void close() {
        for (OnnxSession s : sessions.values()) {
            s.close();
        }
        sessions.clear();
    }

    @Override
    public GeneratorInfo info() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("density", Double.toString(FogLook.DEFAULT_DENSITY));
        params.put("speed", Double.toString(FogLook.DEFAULT_SPEED));
        params.put("palette", FogLook.DEFAULT_PALETTE);
        params.put("colour", "");
        return new GeneratorInfo(FogModel.ID, "Drifting fog",
                "Soft layered fog drifting and rolling; the seed picks its shape and drift. Over footage on a "
                        + "lower track it is a plate with alpha, elsewhere opaque. Parameters: density 0..1, "
                        + "speed 0..20 (1 = natural), palette (" + FogLook.palettes() + "), colour (a name: "
                        + FogLook.colours() + "; or #rrggbb). Without them, words in the prompt decide: "
                        + "morning/dawn/sunset/night pick the light (morning fog stays white-grey), colour words "
                        + "tint the fog, thick/dense or thin/wispy/haze set the density.",
                "genshot/fog@2", Map.of(FogModel.FILE, sha256), params,
                onnx.devices());
    }

    private synchronized OnnxSession session(String device) {
        String key = Device.parse(device).toString();
        OnnxSession s = sessions.get(key);
        if (s == null) {
            s = onnx.open(model, FogModel.FILE, device);
            sessions.put(key, s);
        }
        return s;
    }

    /** Internal size: the output divided by a whole factor so the width is at most MAX_INTERNAL_WIDTH. */
    static int[] internalSize(int width, int height) {
        int f = Math.max(1, (width + MAX_INTERNAL_WIDTH - 1) / MAX_INTERNAL_WIDTH);
        return new int[] {Math.max(2, (width + f - 1) / f), Math.max(2, (height + f - 1) / f)};
    }

    /** Over footage the fog is a plate with alpha. */
    @Override
    public boolean producesAlpha(ShotRequest request, ShotContext context) {
        return context.hasFootageBelow();
    }

    @Override
    public ShotResult generate(ShotRequest request, ShotSpec spec, FrameSink sink, Progress progress,
                               Cancellation cancel) {
        return generate(request, spec, ShotContext.NONE, sink, progress, cancel);
    }

    /**
     * With footage below, every frame carries alpha: the fog's density where footage is under that frame, fully
     * opaque (fog over its sky) where none is.
     */
    @Override
    public ShotResult generate(ShotRequest request, ShotSpec spec, ShotContext context, FrameSink sink,
                               Progress progress, Cancellation cancel) {
        boolean withAlpha = context.hasFootageBelow();
        FogLook look = FogLook.of(request.seed(), request.prompt(), request.parameters());
        progress.report("loading", 0, 1);
        OnnxSession session = session(request.device());
        progress.report("loading", 1, 1);
        OrtEnvironment env = onnx.environment();

        int w = spec.width(), h = spec.height();
        int[] in = internalSize(w, h);
        int iw = in[0], ih = in[1], n = iw * ih;
        // coords [n,4]: x, y, t, 1 at the internal pixel centres; only t changes per frame
        // (round shapes stay round on non-square pixels)
        FloatBuffer coords = PlateCoords.grid(iw, ih, spec.displayAspect());
        FloatBuffer opaque = ByteBuffer.allocateDirect(FogModel.COND * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        opaque.put(look.opaque()).rewind();
        FloatBuffer plate = ByteBuffer.allocateDirect(FogModel.COND * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        plate.put(look.plate()).rewind();
        PlateScaler up = new PlateScaler(iw, ih, w, h, 4);
        float[] rgba = new float[n * 4];
        byte[] bgr = new byte[w * h * 3];
        byte[] alpha = withAlpha ? new byte[w * h] : null;
        long plateFrames = 0;
        long total = spec.frames();
        // seconds per frame, exactly from the rate
        double spf = (double) spec.rate().denominator() / spec.rate().numerator();

        try (OnnxTensor coordsT = OnnxTensor.createTensor(env, coords, new long[] {n, 4});
             OnnxTensor opaqueT = OnnxTensor.createTensor(env, opaque, new long[] {1, FogModel.COND});
             OnnxTensor plateT = OnnxTensor.createTensor(env, plate, new long[] {1, FogModel.COND})) {
            Map<String, OnnxTensor> opaqueIn = Map.of("coords", coordsT, "cond", opaqueT);
            Map<String, OnnxTensor> plateIn = Map.of("coords", coordsT, "cond", plateT);
            progress.report("generating", 0, total);
            for (long i = 0; i < total; i++) {
                cancel.check();
                float t = (float) (i * spf * look.speed());
                PlateCoords.time(coords, t);
                boolean over = withAlpha && context.footageBelow(i);
                plateFrames += over ? 1 : 0;
                try (OrtSession.Result r = session.session().run(over ? plateIn : opaqueIn)) {
                    ((OnnxTensor) r.get(0)).getFloatBuffer().get(rgba);
                }
                // straight into the sink's arrays when it lends them (no copy of the frame), else into ours
                Frame lent = sink.lend(i, w, h, alpha != null);
                Frame f = lent != null ? lent : new Frame(i, w, h, bgr, alpha);
                up.scale(rgba, f.bgr(), f.alpha());
                sink.accept(f);
                progress.report("generating", i + 1, total);
            }
        } catch (OrtException e) {
            throw new GenshotException(new Problem("generator.failed", "The fog model failed to run ("
                    + e.getMessage() + ")", FogModel.FILE, null, "try --device cpu; report it if it persists"), e);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("model", "genshot/fog@2");
        details.put("model.sha256", sha256);
        details.put("palette", look.palette());
        if (!look.colour().isEmpty()) {
            details.put("colour", look.colour());
        }
        details.put("alpha", withAlpha ? "over footage in " + plateFrames + " of " + total + " frames" : "false");
        if (withAlpha) {
            // what the take depends on besides the request: the shot's frames with footage below (start+length)
            details.put("footageBelow", context.footageBelow().toString());
        }
        details.put("density", String.format(Locale.ROOT, "%.3f", look.density()));
        details.put("speed", String.format(Locale.ROOT, "%.3f", look.speed()));
        details.put("internalSize", iw + "x" + ih);
        details.put("provider", session.provider());
        details.put("threads", Integer.toString(session.threads()));
        return new ShotResult(session.device(), details);
    }
}
