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
 * {@code cond} input.
 */
@Component(service = ShotGenerator.class, property = "genshot.generator=fog")
public final class FogGenerator implements ShotGenerator {

    /** Internal render width at most; fog is smooth, so the upscale costs no visible detail. */
    static final int MAX_INTERNAL_WIDTH = 320;

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
        return new GeneratorInfo(FogModel.ID, "Drifting fog",
                "Soft layered fog drifting slowly; the seed picks its shape and drift. Parameters: density 0..1, "
                        + "speed (1 = natural), palette (" + FogLook.palettes() + "). Without them, words in the "
                        + "prompt decide: dawn/sunrise/dusk or night/dark pick the palette, thick/dense or "
                        + "thin/wispy/haze the density.",
                "genshot/fog@1", Map.of(FogModel.FILE, sha256), params,
                onnx.availableProviders().contains("CUDA") ? List.of("cpu", "cuda") : List.of("cpu"));
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

    @Override
    public ShotResult generate(ShotRequest request, ShotSpec spec, FrameSink sink, Progress progress,
                               Cancellation cancel) {
        FogLook look = FogLook.of(request.seed(), request.prompt(), request.parameters());
        progress.report("loading", 0, 1);
        OnnxSession session = session(request.device());
        progress.report("loading", 1, 1);
        OrtEnvironment env = onnx.environment();

        int w = spec.width(), h = spec.height();
        int[] in = internalSize(w, h);
        int iw = in[0], ih = in[1], n = iw * ih;
        // coords [n,4]: x, y, t, 1 at the internal pixel centres; only t changes per frame
        FloatBuffer coords = ByteBuffer.allocateDirect(n * 4 * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        double aspect = spec.displayAspect(); // round shapes stay round on non-square pixels
        for (int y = 0; y < ih; y++) {
            float fy = (float) ((y + 0.5) / ih);
            for (int x = 0; x < iw; x++) {
                coords.put((float) ((x + 0.5) / iw * aspect)).put(fy).put(0f).put(1f);
            }
        }
        coords.rewind();
        FloatBuffer cond = ByteBuffer.allocateDirect(FogModel.COND * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        cond.put(look.cond()).rewind();
        PlateScaler up = new PlateScaler(iw, ih, w, h, 3);
        float[] rgb = new float[n * 3];
        byte[] bgr = new byte[w * h * 3];
        long total = spec.frames();
        // seconds per frame, exactly from the rate
        double spf = (double) spec.rate().denominator() / spec.rate().numerator();

        try (OnnxTensor coordsT = OnnxTensor.createTensor(env, coords, new long[] {n, 4});
             OnnxTensor condT = OnnxTensor.createTensor(env, cond, new long[] {1, FogModel.COND})) {
            Map<String, OnnxTensor> inputs = Map.of("coords", coordsT, "cond", condT);
            progress.report("generating", 0, total);
            for (long i = 0; i < total; i++) {
                cancel.check();
                float t = (float) (i * spf * look.speed());
                // the tensor wraps the direct buffer: rewriting its t column changes the input in place
                for (int p = 0, idx = 2; p < n; p++, idx += 4) {
                    coords.put(idx, t);
                }
                try (OrtSession.Result r = session.session().run(inputs)) {
                    ((OnnxTensor) r.get(0)).getFloatBuffer().get(rgb);
                }
                up.scale(rgb, bgr, null);
                sink.accept(new Frame(i, w, h, bgr));
                progress.report("generating", i + 1, total);
            }
        } catch (OrtException e) {
            throw new GenshotException(new Problem("generator.failed", "The fog model failed to run ("
                    + e.getMessage() + ")", FogModel.FILE, null, "try --device cpu; report it if it persists"), e);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("model", "genshot/fog@1");
        details.put("model.sha256", sha256);
        details.put("palette", look.palette());
        details.put("density", String.format(Locale.ROOT, "%.3f", look.density()));
        details.put("speed", String.format(Locale.ROOT, "%.3f", look.speed()));
        details.put("internalSize", iw + "x" + ih);
        details.put("provider", session.provider());
        details.put("threads", Integer.toString(session.threads()));
        return new ShotResult(session.device(), details);
    }
}
