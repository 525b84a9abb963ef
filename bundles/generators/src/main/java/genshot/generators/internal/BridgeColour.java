package genshot.generators.internal;

/**
 * A cheap colour transfer: each side's samples are mapped per channel (gain and offset) so that their mean and
 * spread match a target that moves from side A's to side B's; blended, the picture's colour and exposure follow
 * the neighbours without a jump.
 */
final class BridgeColour {
    /** Gains are kept within these bounds (flat pictures have no spread to match). */
    static final float MIN_GAIN = 0.5f;
    static final float MAX_GAIN = 2f;

    private BridgeColour() {
    }

    /** Per-channel mean and standard deviation (B, G, R, then the three deviations), over every other pixel. */
    static double[] stats(byte[] bgr, int w, int h, FlowPool pool) {
        int rows = (h + 1) / 2;
        double[][] part = new double[rows][7];
        pool.rows(rows, (from, to) -> {
            for (int r = from; r < to; r++) {
                double[] s = part[r];
                int y = 2 * r;
                for (int x = 0; x < w; x += 2) {
                    int i = (y * w + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        int v = bgr[i + c] & 255;
                        s[c] += v;
                        s[3 + c] += (double) v * v;
                    }
                    s[6]++;
                }
            }
        });
        // summed in row order: the same result whatever the threads
        double[] t = new double[7];
        for (double[] s : part) {
            for (int k = 0; k < 7; k++) {
                t[k] += s[k];
            }
        }
        double[] out = new double[6];
        for (int c = 0; c < 3; c++) {
            double mean = t[c] / t[6];
            out[c] = mean;
            out[3 + c] = Math.sqrt(Math.max(0, t[3 + c] / t[6] - mean * mean));
        }
        return out;
    }

    /** The identity map for both sides. */
    static float[] identity() {
        return new float[] {1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0};
    }

    /**
     * Maps for {@link WarpRenderer#render} at time {@code t}: A's and B's statistics both brought to the blend
     * {@code (1 - t) A + t B}.
     */
    static float[] transfer(double[] a, double[] b, double t) {
        float[] m = new float[12];
        for (int c = 0; c < 3; c++) {
            double mean = (1 - t) * a[c] + t * b[c];
            double sd = (1 - t) * a[3 + c] + t * b[3 + c];
            double ga = gain(sd, a[3 + c]);
            double gb = gain(sd, b[3 + c]);
            m[c] = (float) ga;
            m[3 + c] = (float) (mean - ga * a[c]);
            m[6 + c] = (float) gb;
            m[9 + c] = (float) (mean - gb * b[c]);
        }
        return m;
    }

    private static double gain(double target, double sd) {
        if (sd < 1e-3) {
            return 1;
        }
        return Math.max(MIN_GAIN, Math.min(MAX_GAIN, target / sd));
    }
}
