package genshot.onnx;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Path;
import java.util.List;

/**
 * ONNX Runtime as a service: the framework's one {@link OrtEnvironment} and sessions opened on a device.
 *
 * <p>Devices are {@code "cpu"}, {@code "cuda"} (GPU 0) and {@code "cuda:N"}. A device that cannot be used is
 * an error ({@code device.unavailable}), never a silent fallback to another device.
 */
public interface OnnxService {

    /** The environment shared by every session of this service. */
    OrtEnvironment environment();

    /**
     * The execution providers this ONNX Runtime build offers, e.g. {@code [CPU]} or {@code [CPU, CUDA]}, as ONNX
     * Runtime itself reports them: this loads its native library (22 MB, tens of milliseconds) if no session has yet.
     */
    List<String> availableProviders();

    /**
     * The devices a generator on this build can be asked for: {@code [cpu]}, or {@code [cpu, cuda]} when the bundled
     * ONNX Runtime carries its CUDA provider (a {@code -Pgpu} build). Found from the build's files without loading
     * ONNX Runtime, so listings ({@code genshot gaps}, {@code generators}) do not pay for its native library; a
     * listed {@code cuda} can still be refused at the first session ({@code device.unavailable}: no GPU answered).
     */
    List<String> devices();

    /**
     * Opens a session for a model held in memory.
     *
     * @param name what to call the model in messages (its file name or id)
     * @throws genshot.api.GenshotException {@code device.unknown}, {@code device.unavailable} or {@code model.invalid}
     */
    OnnxSession open(byte[] model, String name, String device);

    /**
     * Opens a session for a model file.
     *
     * @throws genshot.api.GenshotException as {@link #open(byte[], String, String)}, or {@code model.unreadable}
     */
    OnnxSession open(Path model, String device);
}
