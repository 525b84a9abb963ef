package genshot.generators.internal;

/**
 * The contract between the fog graph ({@code assets/models/fog/fog.onnx}, built by {@code FogModelBuilder} in the
 * test sources) and the code that feeds it.
 *
 * <p>Inputs: {@code coords [N,4]} = x (0..width/height), y (0..1, top to bottom), t (seconds times speed), 1;
 * {@code cond [1,COND]} = the seed-derived look, packed as below (row-major). Output: {@code rgba [N,4]} in 0..1 (straight alpha; 1 everywhere for an
 * opaque plate).
 *
 * <pre>
 * s1  = sin(coords · WA)                  WA [4,WARP]     warp waves: direction·frequency, drift, phase
 * q   = coords + s1 · VA                  VA [WARP,4]     warped coordinates (only x, y move)
 * s2  = sin(q · WB)                       WB [4,WAVES]    fog waves, LAYERS groups of octaves
 * m   = sigmoid(s2 · VB + coords · YB)    VB [WAVES,LAYERS] (amplitudes times contrast), YB [4,LAYERS]
 *                                         (density bias and its change with x, y, t): fog density per layer
 * rgba = clip(coords · GRAD + m · TINT)   GRAD [4,4] (sky gradient and base colour; alpha column), TINT [LAYERS,4]
 *                                         (per-layer colour and, for a plate over footage, alpha per density)
 * </pre>
 */
final class FogModel {

    static final int WARP = 8;
    static final int WAVES = 32;
    static final int LAYERS = 2;

    static final int WA = 0;
    static final int VA = WA + 4 * WARP;
    static final int WB = VA + WARP * 4;
    static final int VB = WB + 4 * WAVES;
    static final int YB = VB + WAVES * LAYERS;
    static final int GRAD = YB + 4 * LAYERS;
    static final int TINT = GRAD + 4 * 4;
    /** Length of {@code cond}. */
    static final int COND = TINT + LAYERS * 4;

    static final String ID = "fog";
    static final String FILE = "fog.onnx";
    /** Where the bundle carries the model (copied from assets/models/fog at build time). */
    static final String RESOURCE = "/models/fog/" + FILE;

    private FogModel() {
    }
}
