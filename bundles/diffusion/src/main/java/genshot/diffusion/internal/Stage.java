package genshot.diffusion.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import genshot.api.GenshotException;
import genshot.onnx.OnnxService;
import genshot.onnx.OnnxSession;
import java.nio.file.Path;
import java.util.Map;

/** A pipeline stage: owns one session, opened from the model's path, and checks its IO at load time. */
abstract class Stage implements AutoCloseable {

    final String component;
    final Path file;
    final OnnxSession session;
    final ai.onnxruntime.OrtEnvironment env;
    final Map<String, NodeInfo> inputs;
    final Map<String, NodeInfo> outputs;

    Stage(OnnxService onnx, Pack pack, String component, String device) {
        this.component = component;
        this.file = pack.model(component);
        this.env = onnx.environment();
        this.session = Sessions.open(onnx, file, device, pack.fp16Hint());
        boolean ok = false;
        try {
            this.inputs = session.inputs();
            this.outputs = session.outputs();
            ok = true;
        } finally {
            if (!ok) {
                session.close();
            }
        }
    }

    /** Whether any float input or output is float16. */
    boolean fp16Io() {
        for (Map<String, NodeInfo> m : java.util.List.of(inputs, outputs)) {
            for (NodeInfo n : m.values()) {
                if (n.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT16) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The input or output with one of these names, or the first of this rank, or null. */
    static NodeInfo find(Map<String, NodeInfo> nodes, int rank, String... names) {
        for (String n : names) {
            if (nodes.containsKey(n)) {
                return nodes.get(n);
            }
        }
        if (rank < 0) {
            return null;
        }
        for (NodeInfo n : nodes.values()) {
            if (n.getInfo() instanceof TensorInfo t && t.getShape().length == rank
                    && java.util.Arrays.stream(names).noneMatch(x -> x.equals("-"))) {
                return n;
            }
        }
        return null;
    }

    GenshotException shape(String what, String hint) {
        return GenshotException.of("pack.shape", "The " + component + " model " + what, file, null, hint);
    }

    static long[] shapeOf(NodeInfo n) {
        return ((TensorInfo) n.getInfo()).getShape();
    }

    static OnnxJavaType typeOf(NodeInfo n) {
        return ((TensorInfo) n.getInfo()).type;
    }

    static boolean isFloat(OnnxJavaType t) {
        return t == OnnxJavaType.FLOAT || t == OnnxJavaType.FLOAT16;
    }

    @Override
    public void close() {
        session.close();
    }
}
