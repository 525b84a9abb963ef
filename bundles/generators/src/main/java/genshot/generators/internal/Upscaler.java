package genshot.generators.internal;

/**
 * Bilinear upscaling of an RGB float picture (0..1, interleaved) to 8-bit BGR with a fixed dither, so smooth
 * gradients show no bands. Index and weight tables are built once per size; deterministic.
 */
final class Upscaler {

    private final int sw, sh, dw, dh;
    private final int[] x0, x1;
    private final float[] fx;
    private final int[] y0, y1;
    private final float[] fy;
    private final float[] dither;

    Upscaler(int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        sw = srcWidth;
        sh = srcHeight;
        dw = dstWidth;
        dh = dstHeight;
        x0 = new int[dw];
        x1 = new int[dw];
        fx = new float[dw];
        table(sw, dw, x0, x1, fx);
        y0 = new int[dh];
        y1 = new int[dh];
        fy = new float[dh];
        table(sh, dh, y0, y1, fy);
        // 64x64 tile of hash noise in [0,1): triangular would be nicer, uniform suffices at 1 LSB
        dither = new float[64 * 64];
        for (int i = 0; i < dither.length; i++) {
            int h = i * 0x9E3779B1;
            h ^= h >>> 15;
            h *= 0x85EBCA77;
            h ^= h >>> 13;
            dither[i] = (h >>> 8) / (float) (1 << 24);
        }
    }

    private static void table(int src, int dst, int[] i0, int[] i1, float[] f) {
        double scale = (double) src / dst;
        for (int d = 0; d < dst; d++) {
            double s = (d + 0.5) * scale - 0.5;
            if (s < 0) {
                s = 0;
            }
            int a = (int) Math.floor(s);
            if (a >= src - 1) {
                a = src - 1;
                i0[d] = a;
                i1[d] = a;
                f[d] = 0;
            } else {
                i0[d] = a;
                i1[d] = a + 1;
                f[d] = (float) (s - a);
            }
        }
    }

    /** {@code rgb} has {@code srcWidth * srcHeight * 3} floats; writes {@code dstWidth * dstHeight * 3} bytes. */
    void toBgr(float[] rgb, byte[] bgr) {
        int o = 0;
        for (int y = 0; y < dh; y++) {
            int r0 = y0[y] * sw * 3, r1 = y1[y] * sw * 3;
            float wy = fy[y];
            int drow = (y & 63) << 6;
            for (int x = 0; x < dw; x++) {
                int a = x0[x] * 3, b = x1[x] * 3;
                float wx = fx[x];
                float d = dither[drow | (x & 63)];
                for (int ch = 2; ch >= 0; ch--) {       // BGR
                    float top = rgb[r0 + a + ch] + (rgb[r0 + b + ch] - rgb[r0 + a + ch]) * wx;
                    float bot = rgb[r1 + a + ch] + (rgb[r1 + b + ch] - rgb[r1 + a + ch]) * wx;
                    float v = (top + (bot - top) * wy) * 255f + d;
                    int q = (int) v;
                    bgr[o++] = (byte) (q < 0 ? 0 : (q > 255 ? 255 : q));
                }
            }
        }
    }
}
