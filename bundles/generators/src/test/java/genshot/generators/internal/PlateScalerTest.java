package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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

    @Test
    void theBytesAreTheSameHoweverTheRowsAreCutIntoBandsAndShared() {
        // whole bands of one thread, uneven bands, more bands than rows, and helpers racing for one-row bands
        int[][] cuts = {{1, 0}, {2, 1}, {7, 3}, {17, 1}, {1000, 1}, {720, 3}};
        int sw = 96, sh = 54, dw = 1280, dh = 720;
        for (boolean cubic : new boolean[] {false, true}) {
            for (boolean withAlpha : new boolean[] {false, true}) {
                float[] src = random(sw * sh * 4, cubic ? 11 : 12);
                PlateScaler s = new PlateScaler(sw, sh, dw, dh, 4, cubic);
                byte[] bgr = new byte[dw * dh * 3];
                byte[] alpha = withAlpha ? new byte[dw * dh] : null;
                s.scale(src, bgr, alpha, 1, 0);
                for (int[] cut : cuts) {
                    byte[] b = new byte[dw * dh * 3];
                    Arrays.fill(b, (byte) 77);   // every byte must be written
                    byte[] a = withAlpha ? new byte[dw * dh] : null;
                    if (a != null) {
                        Arrays.fill(a, (byte) 77);
                    }
                    s.scale(src, b, a, cut[0], cut[1]);
                    String what = (cubic ? "cubic" : "bilinear") + (withAlpha ? " with alpha" : "") + ", "
                            + cut[0] + " bands, " + cut[1] + " helpers";
                    assertArrayEquals(bgr, b, what);
                    assertArrayEquals(alpha, a, what);
                }
                byte[] b = new byte[dw * dh * 3];
                byte[] a = withAlpha ? new byte[dw * dh] : null;
                s.scale(src, b, a);
                assertArrayEquals(bgr, b, "the default cut");
                assertArrayEquals(alpha, a, "the default cut");
            }
        }
    }

    /** The cubic filter in double precision over all 16 taps (no separation), edges clamped, weights normalised. */
    private static double cubic(float[] v, int ch, int c, int sw, int sh, int x, int y, int dw, int dh,
                                boolean premultiply) {
        double sx = (x + 0.5) * sw / dw - 0.5, sy = (y + 0.5) * sh / dh - 0.5;
        int ax = (int) Math.floor(sx), ay = (int) Math.floor(sy);
        double sum = 0, wsum = 0;
        for (int j = -1; j <= 2; j++) {
            for (int k = -1; k <= 2; k++) {
                double w = PlateScaler.mitchell(sx - (ax + k)) * PlateScaler.mitchell(sy - (ay + j));
                int px = Math.max(0, Math.min(sw - 1, ax + k)), py = Math.max(0, Math.min(sh - 1, ay + j));
                int i = (py * sw + px) * ch;
                sum += w * v[i + c] * (premultiply ? v[i + 3] : 1);
                wsum += w;
            }
        }
        return sum / wsum;
    }

    @Test
    void cubicMatchesTheTextbookFilterWithinOneLevel() {
        int[][] sizes = {{64, 36, 320, 180}, {7, 5, 33, 17}, {4, 3, 4, 3}, {3, 2, 100, 1}};
        for (int[] s : sizes) {
            int sw = s[0], sh = s[1], dw = s[2], dh = s[3];
            // opaque, three channels
            float[] rgb = random(sw * sh * 3, sw * 17L);
            byte[] bgr = new byte[dw * dh * 3];
            new PlateScaler(sw, sh, dw, dh, 3, true).scale(rgb, bgr, null);
            // with alpha: premultiplied colour divided by the filtered alpha
            float[] rgba = random(sw * sh * 4, sw * 19L);
            for (int i = 0; i < sw * sh; i++) {
                rgba[i * 4 + 3] = i % 5 == 0 ? 0 : Math.max(0, Math.min(1, rgba[i * 4 + 3]));
            }
            byte[] bgrA = new byte[dw * dh * 3];
            byte[] alpha = new byte[dw * dh];
            new PlateScaler(sw, sh, dw, dh, 4, true).scale(rgba, bgrA, alpha);
            int worst = 0, worstA = 0, worstC = 0;
            for (int y = 0; y < dh; y++) {
                for (int x = 0; x < dw; x++) {
                    float d = PlateScaler.dither((y & 63) * 64 + (x & 63));
                    int p = y * dw + x;
                    for (int c = 0; c < 3; c++) {
                        int want = q(cubic(rgb, 3, 2 - c, sw, sh, x, y, dw, dh, false) * 255 + d);
                        worst = Math.max(worst, Math.abs(want - (bgr[p * 3 + c] & 0xFF)));
                    }
                    double a = cubic(rgba, 4, 3, sw, sh, x, y, dw, dh, false);
                    worstA = Math.max(worstA, Math.abs(q(a * 255 + d) - (alpha[p] & 0xFF)));
                    if (a > 0.05) {
                        for (int c = 0; c < 3; c++) {
                            double want = cubic(rgba, 4, 2 - c, sw, sh, x, y, dw, dh, true) / a;
                            worstC = Math.max(worstC, Math.abs(q(want * 255 + d) - (bgrA[p * 3 + c] & 0xFF)));
                        }
                    }
                }
            }
            String at = sw + "x" + sh + " -> " + dw + "x" + dh;
            assertTrue(worst <= 1, at + ": opaque colour off by " + worst);
            assertTrue(worstA <= 1, at + ": alpha off by " + worstA);
            assertTrue(worstC <= 1, at + ": colour over alpha off by " + worstC);
        }
    }

    /** Largest second difference of the alpha plane, across and down: a crease shows as a spike. */
    static int crease(byte[] alpha, int w, int h) {
        int worst = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int c = 2 * (alpha[y * w + x] & 0xFF);
                int dx = Math.abs((alpha[y * w + x - 1] & 0xFF) - c + (alpha[y * w + x + 1] & 0xFF));
                int dy = Math.abs((alpha[(y - 1) * w + x] & 0xFF) - c + (alpha[(y + 1) * w + x] & 0xFF));
                worst = Math.max(worst, Math.max(dx, dy));
            }
        }
        return worst;
    }

    /**
     * A snowflake a couple of source pixels wide, upscaled 5x as a 1080p snow plate is: bilinear draws it with
     * creases along the source grid (the bright cross of a four-pointed star), the cubic filter smoothly, and
     * hardly dimmer.
     */
    @Test
    void aSmallSpriteStaysSmoothAndBrightThroughTheCubicFilter() {
        int sw = 24, sh = 24, f = 5, dw = sw * f, dh = sh * f;
        float[] src = new float[sw * sh * 4];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int i = (y * sw + x) * 4;
                double r2 = (x - 11.3) * (x - 11.3) + (y - 12.1) * (y - 12.1);
                src[i] = 1;
                src[i + 1] = 1;
                src[i + 2] = 1;
                src[i + 3] = (float) Math.exp(-r2 / (2 * 0.8 * 0.8));
            }
        }
        byte[] bilinear = new byte[dw * dh], cubic = new byte[dw * dh];
        new PlateScaler(sw, sh, dw, dh, 4, false).scale(src, new byte[dw * dh * 3], bilinear);
        new PlateScaler(sw, sh, dw, dh, 4, true).scale(src, new byte[dw * dh * 3], cubic);
        int peakB = 0, peakC = 0;
        for (int i = 0; i < dw * dh; i++) {
            peakB = Math.max(peakB, bilinear[i] & 0xFF);
            peakC = Math.max(peakC, cubic[i] & 0xFF);
        }
        int creaseB = crease(bilinear, dw, dh), creaseC = crease(cubic, dw, dh);
        assertTrue(creaseB > peakB / 6, "bilinear creases (" + creaseB + " at a peak of " + peakB + ")");
        assertTrue(creaseC < peakC / 8, "cubic: crease " + creaseC + " at a peak of " + peakC);
        assertTrue(peakC > peakB * 0.85, "cubic peak " + peakC + " against bilinear's " + peakB);
    }

    @Test
    void cubicSameInputSameBytes() {
        float[] src = random(96 * 54 * 4, 23);
        byte[] a = new byte[1280 * 720 * 3], b = new byte[1280 * 720 * 3];
        byte[] aa = new byte[1280 * 720], ba = new byte[1280 * 720];
        PlateScaler s = new PlateScaler(96, 54, 1280, 720, 4, true);
        s.scale(src, a, aa);
        s.scale(src, b, ba);
        assertArrayEquals(a, b);
        assertArrayEquals(aa, ba);
        new PlateScaler(96, 54, 1280, 720, 4, true).scale(src, b, ba);
        assertArrayEquals(a, b);
        assertArrayEquals(aa, ba);
    }
}
