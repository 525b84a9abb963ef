package genshot.diffusion.internal;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/** A CLIP-shaped text encoder whose states have another width, to test mismatched folders. */
final class TextEncoderOfWidth {
    private TextEncoderOfWidth() {
    }

    static byte[] model(int width) {
        TinyPacks.G g = new TinyPacks.G();
        g.in("input_ids", DataType.INT64, "batch", 77);
        g.out("last_hidden_state", DataType.FLOAT, "batch", 77, width);
        float[] e = new float[TinyPacks.VOCAB * width];
        String table = g.floats("embedding", e, TinyPacks.VOCAB, width);
        String idx = g.op("Mod", new String[] {"input_ids", g.longs("vocab", TinyPacks.VOCAB)});
        g.opTo("Gather", new String[] {table, idx}, "last_hidden_state");
        return g.bytes();
    }
}
