package genshot.diffusion.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.onnx.Device;
import genshot.onnx.OnnxService;
import genshot.onnx.OnnxSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens pack models from their <em>file paths</em> (so external weights beside {@code model.onnx} resolve), on the
 * device asked and nowhere else, and turns ONNX Runtime's refusals into plain words.
 */
final class Sessions {

    private static final String GPU_HINT = "run with --device cpu, or use a genshot built with -Pgpu on a machine "
            + "with an NVIDIA GPU, CUDA 12 and cuDNN 9";

    private Sessions() {
    }

    static OnnxSession open(OnnxService onnx, Path model, String device, boolean fp16Io) {
        Device d = Device.parse(device);
        if (!Files.isRegularFile(model)) {
            throw GenshotException.of("pack.missing-file", "The pack lacks " + model.getFileName(), model, null,
                    "copy the whole export, including every model.onnx and its weights");
        }
        OrtEnvironment env = onnx.environment();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            String provider = "CPU";
            if (d.isCuda()) {
                if (!onnx.availableProviders().contains("CUDA")) {
                    throw unavailable(device, "this build of ONNX Runtime has no CUDA provider", null);
                }
                try {
                    opts.addCUDA(d.index());
                } catch (OrtException | RuntimeException ex) {
                    throw unavailable(device, "the CUDA provider could not be loaded (" + ex.getMessage() + ")", ex);
                }
                provider = "CUDA";
            }
            try {
                OrtSession s = env.createSession(model.toString(), opts);
                return new OnnxSession(s, d.toString(), provider, threads);
            } catch (OrtException ex) {
                throw refusal(model, d, fp16Io, ex);
            }
        } catch (OrtException ex) {
            throw new IllegalStateException("ONNX Runtime rejected the session options", ex);
        }
    }

    static GenshotException refusal(Path model, Device d, boolean fp16Io, OrtException ex) {
        String msg = String.valueOf(ex.getMessage());
        String lower = msg.toLowerCase(Locale.ROOT);
        String op = operator(msg);

        if (d.isCuda() && lower.contains("cuda")) {
            return unavailable(d.toString(), "no CUDA GPU answered (" + msg + ")", ex);
        }
        if (lower.contains("could not find an implementation") || lower.contains("not_implemented")
                || lower.contains("kernel not found")) {
            String what = fp16Io
                    ? "This pack was exported in half precision (float16) for CUDA GPUs; ONNX Runtime on the "
                    + d.kind().toUpperCase(Locale.ROOT) + " has no " + (op == null ? "" : op + " ")
                    + "operator for it"
                    : "ONNX Runtime on the " + d.kind().toUpperCase(Locale.ROOT) + " has no implementation of "
                    + (op == null ? "an operator" : "the " + op + " operator") + " this model uses"
                    + (lower.contains("com.microsoft") || isContrib(op) ? " (a fused operator of ONNX Runtime's CUDA "
                    + "optimiser)" : "");
            return new GenshotException(new Problem("pack.cpu-unsupported", what, model.toString(), op,
                    d.isCuda() ? "use an fp32 export (Optimum or diffusers' script)"
                            : "use an fp32 export (Optimum or diffusers' script) on the CPU, or run this pack with "
                            + "--device cuda"), ex);
        }
        if (lower.contains("is not a registered function/op") || lower.contains("no opset import for domain")
                || lower.contains("ai.onnx.contrib") || lower.contains("custom op")) {
            return new GenshotException(new Problem("pack.custom-op",
                    "The model uses a custom operator that plain ONNX Runtime does not have"
                            + (op == null ? "" : " (" + op + ")") + "; genshot does not load operator libraries",
                    model.toString(), op, "use an export without onnxruntime-extensions operators (e.g. Optimum's)"),
                    ex);
        }
        if (lower.contains("ir version") || lower.contains("opset")) {
            return new GenshotException(new Problem("pack.too-new", "The model needs a newer ONNX Runtime ("
                    + msg + ")", model.toString(), null, "export with opset 23 or lower and IR version 11 or lower"), ex);
        }
        return new GenshotException(new Problem("model.invalid", "ONNX Runtime cannot load the model (" + msg + ")",
                model.toString(), null, "check that the export is complete (weights beside model.onnx)"), ex);
    }

    private static boolean isContrib(String op) {
        return op != null && (op.replace("com.microsoft.", "").startsWith("GroupNorm") || op.startsWith("Nhwc") || op.startsWith("MultiHeadAttention")
                || op.startsWith("BiasSplitGelu") || op.startsWith("BiasAdd") || op.startsWith("SkipGroupNorm"));
    }

    /** "GroupNorm(1)" from "Could not find an implementation for GroupNorm(1) node with name ...". */
    static String operator(String msg) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?:implementation for |kernel for |Op type not registered '|op\\W+)([A-Za-z0-9_.:]+(?:\\(\\d+\\))?)")
                .matcher(msg);
        if (m.find()) {
            return m.group(1).replace("'", "");
        }
        m = java.util.regex.Pattern.compile("([A-Za-z0-9_.]+:[A-Za-z0-9_]+)\\(-?\\d+\\)").matcher(msg);
        return m.find() ? m.group(1) : null;
    }

    private static GenshotException unavailable(String asked, String why, Throwable cause) {
        return new GenshotException(new Problem("device.unavailable",
                "--device " + asked + " was asked but " + why, null, null, GPU_HINT), cause);
    }
}
