package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The separable upscaler against the textbook bilinear formula, computed here in double precision. */
class PlateScalerTest {

    /** Source coordinate of an output pixel, pixel centres aligned, clamped at the edges. */
    private static double[] at(int d, int src, int dst) {
        double s = Math.max(0, (d + 0.5) * src / dst - 0.5);
        int a = (int) Math.floor(s);
        if (a >= src - 1) {
            return new double[] {src - 1, src - 1, 0};
        }
        return new double[] {a, a + 1, s - a};
    }

    private static double bilinear(float[] v, int ch, int c, int sw, double[] x, double[] y) {
        double v00 = v[((int) y[0] * sw + (int) x[0]) * ch + c], v01 = v[((int) y[0] * sw + (int) x[1]) * ch + c];
        double v10 = v[((int) y[1] * sw + (int) x[0]) * ch + c], v11 = v[((int) y[1] * sw + (int) x[1]) * ch + c];
        return v00 * (1 - x[2]) * (1 - y[2]) + v01 * x[2] * (1 - y[2]) + v10 * (1 - x[2]) * y[2] + v11 * x[2] * y[2];
    }

    private static int q(double v) {
        return (int) Math.max(0, Math.min(255, Math.floor(v)));
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-0.05, 1.05);   // a little outside 0..1: clamped
        }
        return v;
    }

    @Test
    void opaqueMatchesBilinearWithinOneLevel() {
        int[][] sizes = {{320, 180, 1920, 1080}, {7, 5, 33, 17}, {4, 3, 4, 3}, {640, 360, 1280, 720}, {3, 2, 100, 1}};
        for (int channels : new int[] {3, 4}) {
            for (int[] s : sizes) {
                int sw = s[0], sh = s[1], dw = s[2], dh = s[3];
                float[] src = random(sw * sh * channels, sw * 31L + channels);
                byte[] bgr = new byte[dw * dh * 3];
                new PlateScaler(sw, sh, dw, dh, channels).scale(src, bgr, null);
                int worst = 0;
                for (int y = 0; y < dh; y++) {
                    double[] ys = at(y, sh, dh);
                    for (int x = 0; x < dw; x++) {
                        double[] xs = at(x, sw, dw);
                        float d = PlateScaler.dither((y & 63) * 64 + (x & 63));
                        for (int c = 0; c < 3; c++) {
                            int want = q(bilinear(src, channels, 2 - c, sw, xs, ys) * 255 + d);
                            int got = bgr[(y * dw + x) * 3 + c] & 0xFF;
                            worst = Math.max(worst, Math.abs(want - got));
                        }
                    }
                }
                assertTrue(worst <= 1, channels + " channels " + sw + "x" + sh + " -> " + dw + "x" + dh
                        + ": off by " + worst);
            }
        }
    }

    @Test
    void alphaIsInterpolatedAndColourIsUnpremultiplied() {
        int sw = 64, sh = 36, dw = 1920, dh = 1080;
        float[] src = random(sw * sh * 4, 5);
        for (int i = 0; i < sw * sh; i++) {
            float a = Math.max(0, Math.min(1, src[i * 4 + 3]));
            src[i * 4 + 3] = i % 7 == 0 ? 0 : a;    // some fully transparent pixels
        }
        byte[] bgr = new byte[dw * dh * 3];
        byte[] alpha = new byte[dw * dh];
        new PlateScaler(sw, sh, dw, dh).scale(src, bgr, alpha);
        int worstA = 0, worstC = 0, checked = 0;
        for (int y = 0; y < dh; y++) {
            double[] ys = at(y, sh, dh);
            for (int x = 0; x < dw; x++) {
                double[] xs = at(x, sw, dw);
                float d = PlateScaler.dither((y & 63) * 64 + (x & 63));
                double a = bilinear(src, 4, 3, sw, xs, ys);
                worstA = Math.max(worstA, Math.abs(q(a * 255 + d) - (alpha[y * dw + x] & 0xFF)));
                if (a > 0.05) {
                    checked++;
                    for (int c = 0; c < 3; c++) {
                        // premultiplied interpolation, then divided by the interpolated alpha
                        double pre = premultiplied(src, 2 - c, sw, xs, ys) / a;
                        worstC = Math.max(worstC, Math.abs(q(pre * 255 + d) - (bgr[(y * dw + x) * 3 + c] & 0xFF)));
                    }
                }
            }
        }
        assertTrue(checked > dw * dh / 2, "most pixels are visible");
        assertTrue(worstA <= 1, "alpha off by " + worstA);
        assertTrue(worstC <= 1, "colour off by " + worstC);
    }

    private static double premultiplied(float[] v, int c, int sw, double[] x, double[] y) {
        double s = 0;
        int[][] corners = {{(int) y[0], (int) x[0]}, {(int) y[0], (int) x[1]}, {(int) y[1], (int) x[0]},
                {(int) y[1], (int) x[1]}};
        double[] w = {(1 - x[2]) * (1 - y[2]), x[2] * (1 - y[2]), (1 - x[2]) * y[2], x[2] * y[2]};
        for (int k = 0; k < 4; k++) {
            int i = (corners[k][0] * sw + corners[k][1]) * 4;
            s += (double) v[i + c] * v[i + 3] * w[k];
        }
        return s;
    }

    @Test
    void fullyTransparentAreasAreBlackUnderDither() {
        int sw = 8, sh = 8, dw = 96, dh = 64;
        float[] src = new float[sw * sh * 4];
        for (int i = 0; i < sw * sh; i++) {
            src[i * 4] = 1;          // a colour that must not leak: alpha is 0
            src[i * 4 + 1] = 0.5f;
        }
        byte[] bgr = new byte[dw * dh * 3];
        byte[] alpha = new byte[dw * dh];
        new PlateScaler(sw, sh, dw, dh).scale(src, bgr, alpha);
        assertArrayEquals(new byte[dw * dh], alpha);
        for (byte b : bgr) {
            assertEquals(0, b, "dither alone stays below one level");
        }
    }

    @Test
    void sameInputSameBytes() {
        float[] src = random(96 * 54 * 4, 9);
        byte[] a = new byte[1280 * 720 * 3], b = new byte[1280 * 720 * 3];
        PlateScaler s = new PlateScaler(96, 54, 1280, 720);
        s.scale(src, a, null);
        new PlateScaler(96, 54, 1280, 720).scale(src, b, null);
        assertArrayEquals(a, b);
        s.scale(src, b, null);
        assertArrayEquals(a, b);
    }
}
