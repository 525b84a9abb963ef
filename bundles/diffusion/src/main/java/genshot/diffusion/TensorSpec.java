package genshot.diffusion;

import java.util.List;

/**
 * One input or output of a model as ONNX Runtime reports it.
 *
 * @param type "float32", "float16", "int64", "int32", ...
 * @param shape the dimensions, -1 where the model leaves one open; empty for a scalar
 */
public record TensorSpec(String name, String type, List<Long> shape) {
    public TensorSpec {
        shape = List.copyOf(shape);
    }

    public int rank() {
        return shape.size();
    }

    /** "float32 [-1,4,64,64]" with "?" for open dimensions. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name).append(": ").append(type).append(" [");
        for (int i = 0; i < shape.size(); i++) {
            b.append(i == 0 ? "" : ",").append(shape.get(i) < 0 ? "?" : shape.get(i).toString());
        }
        return b.append(']').toString();
    }
}
