package genshot.diffusion.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import genshot.diffusion.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tensor input whose element type comes from the session (float32, float16, int64, int32): one direct buffer
 * allocated once, written from float32 values each step, wrapped by one {@link OnnxTensor} (no copy per run).
 */
final class Tensors {

    private Tensors() {
    }

    static TensorInfo info(NodeInfo n) {
        if (!(n.getInfo() instanceof TensorInfo t)) {
            throw new IllegalArgumentException(n.getName() + " is not a tensor");
        }
        return t;
    }

    static String typeName(OnnxJavaType t) {
        return switch (t) {
            case FLOAT -> "float32";
            case FLOAT16 -> "float16";
            case BFLOAT16 -> "bfloat16";
            case DOUBLE -> "float64";
            case INT64 -> "int64";
            case INT32 -> "int32";
            case INT8 -> "int8";
            case UINT8 -> "uint8";
            case BOOL -> "bool";
            case STRING -> "string";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static List<TensorSpec> specs(Map<String, NodeInfo> nodes) {
        List<TensorSpec> out = new ArrayList<>();
        for (NodeInfo n : nodes.values()) {
            if (n.getInfo() instanceof TensorInfo t) {
                List<Long> shape = new ArrayList<>();
                for (long d : t.getShape()) {
                    shape.add(d);
                }
                out.add(new TensorSpec(n.getName(), typeName(t.type), shape));
            } else {
                out.add(new TensorSpec(n.getName(), "non-tensor", List.of()));
            }
        }
        return out;
    }

    /** One input of a fixed shape and the session's element type. */
    static final class Input implements AutoCloseable {
        final String name;
        final OnnxJavaType type;
        final long[] shape;
        final int size;
        private final ByteBuffer bytes;
        private final OnnxTensor tensor;
        private float[] scratch;

        Input(OrtEnvironment env, String name, OnnxJavaType type, long[] shape) throws OrtException {
            this.name = name;
            this.type = type;
            this.shape = shape.clone();
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            this.size = Math.toIntExact(n);
            int width = switch (type) {
                case FLOAT, INT32 -> 4;
                case FLOAT16 -> 2;
                case INT64 -> 8;
                default -> throw new IllegalArgumentException(name + ": genshot cannot feed " + typeName(type)
                        + " inputs");
            };
            bytes = ByteBuffer.allocateDirect(size * width).order(ByteOrder.nativeOrder());
            tensor = switch (type) {
                case FLOAT -> OnnxTensor.createTensor(env, bytes.asFloatBuffer(), shape);
                case FLOAT16 -> OnnxTensor.createTensor(env, bytes.asShortBuffer(), shape, OnnxJavaType.FLOAT16);
                case INT64 -> OnnxTensor.createTensor(env, bytes.asLongBuffer(), shape);
                case INT32 -> OnnxTensor.createTensor(env, bytes.asIntBuffer(), shape);
                default -> throw new IllegalStateException();
            };
        }

        OnnxTensor tensor() {
            return tensor;
        }

        /** Writes values at an element offset, converting to the input's type (integers are truncated). */
        void put(int offset, float[] values, int from, int count, float scale) {
            switch (type) {
                case FLOAT -> {
                    FloatBuffer f = tensor.getBufferRef().map(b -> (FloatBuffer) b).orElseThrow();
                    if (scale == 1f) {
                        f.put(offset, values, from, count);
                    } else {
                        // scale in a heap array, then one bulk copy into the direct buffer
                        if (scratch == null || scratch.length < count) {
                            scratch = new float[count];
                        }
                        for (int i = 0; i < count; i++) {
                            scratch[i] = values[from + i] * scale;
                        }
                        f.put(offset, scratch, 0, count);
                    }
                }
                case FLOAT16 -> {
                    ShortBuffer s = tensor.getBufferRef().map(b -> (ShortBuffer) b).orElseThrow();
                    for (int i = 0; i < count; i++) {
                        s.put(offset + i, Fp16Conversions.floatToFp16(values[from + i] * scale));
                    }
                }
                case INT64 -> {
                    LongBuffer l = tensor.getBufferRef().map(b -> (LongBuffer) b).orElseThrow();
                    for (int i = 0; i < count; i++) {
                        l.put(offset + i, (long) (values[from + i] * scale));
                    }
                }
                case INT32 -> {
                    IntBuffer l = tensor.getBufferRef().map(b -> (IntBuffer) b).orElseThrow();
                    for (int i = 0; i < count; i++) {
                        l.put(offset + i, (int) (values[from + i] * scale));
                    }
                }
                default -> throw new IllegalStateException();
            }
        }

        void put(float[] values) {
            put(0, values, 0, values.length, 1f);
        }

        void putInts(int offset, int[] ids) {
            switch (type) {
                case INT64 -> {
                    LongBuffer l = tensor.getBufferRef().map(b -> (LongBuffer) b).orElseThrow();
                    for (int i = 0; i < ids.length; i++) {
                        l.put(offset + i, ids[i]);
                    }
                }
                case INT32 -> tensor.getBufferRef().map(b -> (IntBuffer) b).orElseThrow().put(offset, ids);
                default -> throw new IllegalArgumentException(name + " must be int32 or int64, is " + typeName(type));
            }
        }

        @Override
        public void close() {
            tensor.close();
        }
    }

    /**
     * Copies a float32 or float16 output into {@code dst} (float32), checking its element count.
     *
     * @param what names the model and output in the message
     */
    static void read(OnnxTensor t, float[] dst, String what) {
        TensorInfo info = t.getInfo();
        long n = info.getNumElements();
        if (n != dst.length) {
            throw new IllegalStateException(what + " has shape " + java.util.Arrays.toString(info.getShape()) + " ("
                    + n + " values), expected " + dst.length + " values");
        }
        switch (info.type) {
            case FLOAT -> t.getFloatBuffer().get(dst);
            case FLOAT16 -> {
                ShortBuffer s = t.getShortBuffer();
                for (int i = 0; i < dst.length; i++) {
                    dst[i] = Fp16Conversions.fp16ToFloat(s.get(i));
                }
            }
            default -> throw new IllegalStateException(what + " is " + typeName(info.type) + ", not float32/float16");
        }
    }
}
