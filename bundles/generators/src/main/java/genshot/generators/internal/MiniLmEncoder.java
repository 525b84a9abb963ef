package genshot.generators.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.onnx.OnnxService;
import genshot.onnx.OnnxSession;
import genshot.onnx.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The all-MiniLM-L6-v2 sentence encoder (quantised ONNX, 384 dimensions) on our own ONNX Runtime session with a
 * pure-Java WordPiece tokenizer: mean pooling over the tokens, then L2 normalisation. Runs on the CPU; thread-safe.
 */
final class MiniLmEncoder implements AutoCloseable {

    static final String MODEL = "all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
    /** Where the bundle carries the two files (unpacked from the langchain4j model jar at build time). */
    static final String DIR = "/models/minilm/";
    static final int DIM = 384;
    /** Tokens per text, [CLS] and [SEP] included (the tokenizer.json's truncation length). */
    static final int MAX_TOKENS = 128;

    private final OnnxSession session;
    private final WordPieceTokenizer tokenizer;
    private final OrtEnvironment env;
    private final boolean typeIds;
    private final String sha256;

    MiniLmEncoder(OnnxService onnx) {
        byte[] model = read(DIR + MODEL);
        this.sha256 = Sha256.of(model);
        this.tokenizer = new WordPieceTokenizer(new String(read(DIR + TOKENIZER), StandardCharsets.UTF_8), MAX_TOKENS);
        this.session = onnx.open(model, MODEL, "cpu");
        this.env = onnx.environment();
        this.typeIds = session.inputs().containsKey("token_type_ids");
    }

    static byte[] read(String resource) {
        try (InputStream in = MiniLmEncoder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    String sha256() {
        return sha256;
    }

    WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /** The unit-length embedding of a text. */
    float[] embed(String text) {
        long[] ids = tokenizer.encode(text);
        int n = ids.length;
        long[] mask = new long[n];
        java.util.Arrays.fill(mask, 1L);
        long[] shape = {1, n};
        Map<String, OnnxTensor> in = new HashMap<>();
        try (OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
             OnnxTensor typeT = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n]), shape)) {
            in.put("input_ids", idsT);
            in.put("attention_mask", maskT);
            if (typeIds) {
                in.put("token_type_ids", typeT);
            }
            try (OrtSession.Result r = session.session().run(in)) {
                float[][][] h = (float[][][]) r.get(0).getValue();
                float[] v = new float[DIM];
                for (int t = 0; t < n; t++) {
                    for (int k = 0; k < DIM; k++) {
                        v[k] += h[0][t][k];
                    }
                }
                double norm = 0;
                for (int k = 0; k < DIM; k++) {
                    v[k] /= n;
                    norm += (double) v[k] * v[k];
                }
                float inv = (float) (1 / Math.max(1e-12, Math.sqrt(norm)));
                for (int k = 0; k < DIM; k++) {
                    v[k] *= inv;
                }
                return v;
            }
        } catch (OrtException e) {
            throw new GenshotException(new Problem("generator.failed", "The text encoder failed to run ("
                    + e.getMessage() + ")", MODEL, null, "report it; meanwhile name the look with --param look=..."), e);
        }
    }

    static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (double) a[k] * b[k];
        }
        return s;
    }

    @Override
    public void close() {
        session.close();
    }
}
