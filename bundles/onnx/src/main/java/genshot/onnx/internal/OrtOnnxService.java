package genshot.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.onnx.Device;
import genshot.onnx.OnnxService;
import genshot.onnx.OnnxSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The ONNX Runtime service. ORT's environment is a process-wide singleton of the ORT bundle's class loader, so
 * there is one per framework; it is not closed on deactivation (ORT does that at JVM exit). It is made at the first
 * session (or {@link #environment()}, {@link #availableProviders()}), not when the component activates: ORT loads its
 * 22 MB native library then, and commands that only list ({@code gaps}, {@code generators}) never need it.
 */
@Component(service = OnnxService.class)
public final class OrtOnnxService implements OnnxService {

    private static final String GPU_HINT = "run with --device cpu, or use a genshot built with -Pgpu on a machine "
            + "with an NVIDIA GPU, CUDA 12 and cuDNN 9";

    private final int threads = threads(System.getProperty("genshot.onnx.threads"),
            Runtime.getRuntime().availableProcessors());
    private OrtEnvironment env;
    private EnumSet<OrtProvider> providers;

    public OrtOnnxService() {
    }

    /** Activation loads nothing: ORT's environment (and its native library) waits for its first use. */
    @Activate
    public void activate() {
    }

    private synchronized OrtEnvironment env() {
        if (env == null) {
            env = OrtEnvironment.getEnvironment();
            providers = OrtEnvironment.getAvailableProviders();
        }
        return env;
    }

    @Override
    public OrtEnvironment environment() {
        return env();
    }

    @Override
    public List<String> availableProviders() {
        env();
        List<String> names = new ArrayList<>();
        for (OrtProvider p : providers) {
            names.add(shortName(p));
        }
        return names;
    }

    @Override
    public List<String> devices() {
        return hasCudaProvider() ? List.of("cpu", "cuda") : List.of("cpu");
    }

    /**
     * Whether the ORT bundle carries the CUDA provider library (only a {@code -Pgpu} build does; it keeps ORT's
     * natives as class-path resources, which ORT extracts itself), or the native folder ORT is told to load from
     * holds it. Looks at files only: no ORT class is initialised, no native library loaded.
     */
    static boolean hasCudaProvider() {
        String lib = System.mapLibraryName("onnxruntime_providers_cuda");
        String dir = System.getProperty("onnxruntime.native.path");
        if (dir != null && Files.isRegularFile(Path.of(dir, lib))) {
            return true;
        }
        ClassLoader loader = OrtEnvironment.class.getClassLoader();
        return loader != null && loader.getResource("ai/onnxruntime/native/" + osArch() + "/" + lib) != null;
    }

    /** ORT's name for this platform's native folder ({@code linux-x64}, {@code osx-aarch64}, {@code win-x64}). */
    private static String osArch() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : "linux";
        String a = arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : "x64";
        return o + "-" + a;
    }

    /**
     * Intra-op threads of a session on the CPU: {@code -Dgenshot.onnx.threads} when it is a positive number, else one
     * core fewer than there are (at least one). In a fill the encoder works beside the graph on a core of its own: on
     * 2 cores a second graph thread only took turns with the encoder (a 1080p smoke plate filled at 26 frames/s with
     * two threads, 32 with one, and generated alone no slower).
     */
    static int threads(String property, int cores) {
        if (property != null) {
            try {
                int n = Integer.parseInt(property.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // not a number: the default
            }
        }
        return Math.max(1, cores - 1);
    }

    @Override
    public OnnxSession open(Path model, String device) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new GenshotException(new Problem("model.unreadable",
                    "Cannot read the model file (" + e.getMessage() + ")", model.toString(), null,
                    "check that the file exists and is readable"), e);
        }
        return open(bytes, model.toString(), device);
    }

    @Override
    public OnnxSession open(byte[] model, String name, String device) {
        Device d = Device.parse(device);
        OrtEnvironment e = env();
        EnumSet<OrtProvider> providers;
        synchronized (this) {
            providers = this.providers;
        }
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            // threads sleep between runs instead of spinning: a run is followed by Java work (scaling, encoding)
            // that needs the same cores (measured: element plates at 1080p 15-70 % faster on 2 cores)
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            String provider = "CPU";
            if (d.isCuda()) {
                if (!providers.contains(OrtProvider.CUDA)) {
                    throw unavailable(device, "this build of ONNX Runtime has no CUDA provider", null);
                }
                try {
                    opts.addCUDA(d.index());
                } catch (OrtException | RuntimeException ex) {
                    throw unavailable(device, "the CUDA provider could not be loaded (" + ex.getMessage() + ")", ex);
                }
                provider = "CUDA";
            }
            OrtSession session;
            try {
                session = e.createSession(model, opts);
            } catch (OrtException ex) {
                if (d.isCuda() && String.valueOf(ex.getMessage()).toUpperCase(java.util.Locale.ROOT).contains("CUDA")) {
                    throw unavailable(device, "no CUDA GPU answered (" + ex.getMessage() + ")", ex);
                }
                throw new GenshotException(new Problem("model.invalid",
                        "ONNX Runtime cannot load the model (" + ex.getMessage() + ")", name, null,
                        "rebuild or re-download the model"), ex);
            }
            return new OnnxSession(session, d.toString(), provider, threads);
        } catch (OrtException ex) {
            // from the SessionOptions setters
            throw new IllegalStateException("ONNX Runtime rejected the session options", ex);
        }
    }

    private static GenshotException unavailable(String asked, String why, Throwable cause) {
        return new GenshotException(new Problem("device.unavailable",
                "--device " + asked + " was asked but " + why, null, null, GPU_HINT), cause);
    }

    private static String shortName(OrtProvider p) {
        String n = p.name();
        return n.endsWith("_EXECUTION_PROVIDER") ? n.substring(0, n.length() - "_EXECUTION_PROVIDER".length()) : n;
    }
}
