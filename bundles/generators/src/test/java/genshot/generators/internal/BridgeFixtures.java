package genshot.generators.internal;

import genshot.api.Frame;
import genshot.api.VideoWriter;
import genshot.media.internal.HumbleMediaEncoder;
import genshot.timeline.Rate;
import java.nio.file.Path;

/**
 * Synthetic footage with exactly known motion: a smooth random texture (value noise from a seed, defined at every
 * real coordinate) moving by a fixed amount per frame, optionally with a disc of another texture moving the other
 * way over it.
 */
final class BridgeFixtures {
    private BridgeFixtures() {
    }

    /** A moving scene. */
    record Scene(long seed, double dx, double dy, double brightness, Disc disc) {
        Scene(long seed, double dx, double dy) {
            this(seed, dx, dy, 1, null);
        }

        Scene darker(double b) {
            return new Scene(seed, dx, dy, b, disc);
        }

        /** Frame {@code i} at {@code w x h}, BGR. */
        byte[] frame(long i, int w, int h) {
            byte[] out = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sx = x - dx * i;
                    double sy = y - dy * i;
                    long s = seed;
                    if (disc != null) {
                        double cx = disc.cx + disc.vx * i;
                        double cy = disc.cy + disc.vy * i;
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= disc.r * disc.r) {
                            sx = x - cx;
                            sy = y - cy;
                            s = seed * 31 + 7;
                        }
                    }
                    int o = (y * w + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        double v = 25 + 205 * texture(s * 3 + c, sx, sy);
                        out[o + c] = (byte) (int) Math.round(v * brightness);
                    }
                }
            }
            return out;
        }
    }

    /** A disc of radius r at (cx, cy) in frame 0, moving (vx, vy) per frame. */
    record Disc(double cx, double cy, double r, double vx, double vy) {
    }

    /** Smooth value noise in 0..1: four octaves (cells of 48, 16, 8 and 4 pixels), C1-smooth. */
    static double texture(long seed, double x, double y) {
        return 0.35 * octave(seed + 303, x / 48, y / 48) + 0.3 * octave(seed, x / 16, y / 16)
                + 0.2 * octave(seed + 101, x / 8, y / 8) + 0.15 * octave(seed + 202, x / 4, y / 4);
    }

    private static double octave(long seed, double x, double y) {
        double fx = Math.floor(x);
        double fy = Math.floor(y);
        long ix = (long) fx;
        long iy = (long) fy;
        double tx = smooth(x - fx);
        double ty = smooth(y - fy);
        double a = lerp(hash(seed, ix, iy), hash(seed, ix + 1, iy), tx);
        double b = lerp(hash(seed, ix, iy + 1), hash(seed, ix + 1, iy + 1), tx);
        return lerp(a, b, ty);
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    /** 0..1 from the lattice point (SplitMix64 finaliser). */
    private static double hash(long seed, long x, long y) {
        long z = seed * 0x9E3779B97F4A7C15L + x * 0xBF58476D1CE4E5B9L + y * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    /** Grey (BT.601) of a BGR frame, as floats. */
    static float[] grey(byte[] bgr, int w, int h) {
        float[] g = new float[w * h];
        for (int i = 0; i < w * h; i++) {
            g[i] = 0.114f * (bgr[3 * i] & 255) + 0.587f * (bgr[3 * i + 1] & 255) + 0.299f * (bgr[3 * i + 2] & 255);
        }
        return g;
    }

    /** Encodes frames {@code [first, first + count)} of the scene to an MP4 with the real encoder. */
    static Path encode(Scene scene, long first, int count, int w, int h, Rate rate, Path file) {
        try (VideoWriter wr = new HumbleMediaEncoder().open(file, w, h, rate)) {
            for (int i = 0; i < count; i++) {
                wr.accept(new Frame(i, w, h, scene.frame(first + i, w, h)));
            }
            wr.finish();
        }
        return file;
    }

    /** Mean absolute error per channel value over the frame less a border of {@code b} pixels. */
    static double mae(byte[] a, byte[] e, int w, int h, int b) {
        long sum = 0;
        long n = 0;
        for (int y = b; y < h - b; y++) {
            for (int x = b; x < w - b; x++) {
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs((a[o + c] & 255) - (e[o + c] & 255));
                    n++;
                }
            }
        }
        return (double) sum / n;
    }

    /** Mean absolute error per channel value over the rectangle {@code [x0, x1) x [y0, y1)} (clipped to the frame). */
    static double mae(byte[] a, byte[] e, int w, int x0, int y0, int x1, int y1) {
        int h = a.length / 3 / w;
        long sum = 0;
        long n = 0;
        for (int y = Math.max(0, y0); y < Math.min(h, y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(w, x1); x++) {
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs((a[o + c] & 255) - (e[o + c] & 255));
                    n++;
                }
            }
        }
        return (double) sum / n;
    }

    /** PSNR in dB over the frame less a border of {@code b} pixels. */
    static double psnr(byte[] a, byte[] e, int w, int h, int b) {
        double sum = 0;
        long n = 0;
        for (int y = b; y < h - b; y++) {
            for (int x = b; x < w - b; x++) {
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double d = (a[o + c] & 255) - (e[o + c] & 255);
                    sum += d * d;
                    n++;
                }
            }
        }
        double mse = sum / n;
        return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** (1 - t) a + t b, rounded: the plain cross-dissolve. */
    static byte[] dissolve(byte[] a, byte[] b, double t) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (int) Math.round((1 - t) * (a[i] & 255) + t * (b[i] & 255));
        }
        return out;
    }

    /**
     * The global translation from {@code a} to {@code b} (b(x + d) = a(x)) over the frame less a margin, by
     * exhaustive search of whole-pixel shifts up to {@code r} and a parabola through the sums of absolute
     * differences next to the best: independent of the flow code under test.
     */
    static double[] shift(float[] a, float[] b, int w, int h, int margin, int r) {
        double[][] sad = new double[2 * r + 1][2 * r + 1];
        int bx = 0;
        int by = 0;
        double best = Double.MAX_VALUE;
        for (int sy = -r; sy <= r; sy++) {
            for (int sx = -r; sx <= r; sx++) {
                double s = 0;
                for (int y = margin; y < h - margin; y++) {
                    for (int x = margin; x < w - margin; x++) {
                        s += Math.abs(a[y * w + x] - b[(y + sy) * w + x + sx]);
                    }
                }
                sad[sy + r][sx + r] = s;
                if (s < best) {
                    best = s;
                    bx = sx;
                    by = sy;
                }
            }
        }
        double ox = 0;
        double oy = 0;
        if (Math.abs(bx) < r) {
            ox = parabola(sad[by + r][bx + r - 1], best, sad[by + r][bx + r + 1]);
        }
        if (Math.abs(by) < r) {
            oy = parabola(sad[by + r - 1][bx + r], best, sad[by + r + 1][bx + r]);
        }
        return new double[] {bx + ox, by + oy};
    }

    private static double parabola(double l, double c, double r) {
        double d = l - 2 * c + r;
        return d <= 0 ? 0 : 0.5 * (l - r) / d;
    }

    /** Mean of the BT.601 luma of a BGR frame. */
    static double luma(byte[] bgr) {
        double s = 0;
        for (int i = 0; i < bgr.length; i += 3) {
            s += 0.114 * (bgr[i] & 255) + 0.587 * (bgr[i + 1] & 255) + 0.299 * (bgr[i + 2] & 255);
        }
        return s / (bgr.length / 3.0);
    }
}
