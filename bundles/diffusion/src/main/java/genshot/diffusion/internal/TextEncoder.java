package genshot.diffusion.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import genshot.onnx.OnnxService;
import java.util.Map;

/** CLIP text encoder: {@code input_ids [B,L]} (int32 or int64) → {@code last_hidden_state [B,L,D]}. */
final class TextEncoder extends Stage {

    final String idsName;
    final OnnxJavaType idsType;
    final int length;
    final String hiddenName;
    final int hiddenDim;
    final long staticBatch;

    TextEncoder(OnnxService onnx, Pack pack, String device) {
        super(onnx, pack, "text_encoder", device);
        try {
            NodeInfo ids = find(inputs, 2, "input_ids");
            if (ids == null || !(typeOf(ids) == OnnxJavaType.INT64 || typeOf(ids) == OnnxJavaType.INT32)
                    || shapeOf(ids).length != 2) {
                throw shape("has no input_ids [batch, 77] of int32 or int64 (inputs: " + Tensors.specs(inputs) + ")",
                        "this does not look like a CLIP text encoder export");
            }
            idsName = ids.getName();
            idsType = typeOf(ids);
            long l = shapeOf(ids)[1];
            length = l > 0 ? (int) l : 77;
            staticBatch = shapeOf(ids)[0];
            NodeInfo hidden = find(outputs, 3, "last_hidden_state", "text_embeddings");
            if (hidden == null || !isFloat(typeOf(hidden))) {
                throw shape("has no hidden-state output [batch, 77, D] (outputs: " + Tensors.specs(outputs) + ")",
                        "this does not look like a CLIP text encoder export");
            }
            hiddenName = hidden.getName();
            long d = shapeOf(hidden)[2];
            hiddenDim = d > 0 ? (int) d : -1;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Hidden states for each id row, concatenated: rows × length × D floats. */
    float[] encode(int[][] rows) {
        float[] out = null;
        int per = -1;
        // a static batch of 1 (common in exports) runs row by row; otherwise all rows at once
        int batch = staticBatch == 1 ? 1 : rows.length;
        for (int r0 = 0; r0 < rows.length; r0 += batch) {
            try (Tensors.Input in = new Tensors.Input(env, idsName, idsType,
                    new long[] {batch, length})) {
                for (int b = 0; b < batch; b++) {
                    in.putInts(b * length, rows[r0 + b]);
                }
                try (OrtSession.Result r = session.session().run(Map.of(idsName, in.tensor()), java.util.Set.of(hiddenName))) {
                    OnnxTensor t = (OnnxTensor) r.get(0);
                    long n = t.getInfo().getNumElements();
                    if (per < 0) {
                        per = (int) (n / batch);
                        out = new float[per * rows.length];
                    }
                    float[] part = new float[(int) n];
                    Tensors.read(t, part, "text_encoder " + hiddenName);
                    System.arraycopy(part, 0, out, r0 * per, part.length);
                }
            } catch (OrtException e) {
                throw new IllegalStateException("text_encoder failed: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
