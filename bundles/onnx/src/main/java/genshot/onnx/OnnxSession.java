package genshot.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;

/**
 * An ONNX Runtime session together with the device it really runs on. Closing it closes the session.
 *
 * @param session the session; {@link OrtSession#run} may be called from several threads
 * @param device the device used: {@code "cpu"} or {@code "cuda:N"}
 * @param provider the execution provider that was appended ({@code "CPU"} or {@code "CUDA"})
 * @param threads intra-op threads
 */
public record OnnxSession(OrtSession session, String device, String provider, int threads) implements AutoCloseable {

    /** The model's inputs by name, in the model's order. */
    public Map<String, NodeInfo> inputs() {
        try {
            return session.getInputInfo();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot read the session's inputs", e);
        }
    }

    /** The model's outputs by name, in the model's order. */
    public Map<String, NodeInfo> outputs() {
        try {
            return session.getOutputInfo();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot read the session's outputs", e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session", e);
        }
    }
}
