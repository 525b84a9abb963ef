package genshot.generators.internal;

import genshot.api.Frame;
import genshot.api.VideoWriter;
import genshot.media.internal.HumbleMediaEncoder;
import genshot.timeline.Rate;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A camera moving steadily over a still "world" picture, with exactly known frames: the world has detail at all
 * scales (fractal value noise from 256 down to 2 pixels, in colour) and hard-edged shapes (rectangles, discs,
 * thin bars) on it, painted once into a raster at twice the frame's density (edges anti-aliased by 4x4
 * supersampling). Frame {@code i} looks at the world through a camera whose centre moves by {@code (vx, vy)}
 * world pixels per frame (plus {@code ax} more each frame along x: a pan that speeds up) and whose magnification
 * grows by {@code zoom} per frame (linear in time, as a zoom lens turned evenly); optionally a textured disc moves over it on its own ({@code object}, in frame pixels). Each
 * frame pixel averages 2x2 bilinear samples of the raster.
 */
final class BridgeWorld {
    /** Raster pixels per world pixel. */
    private static final int DENSITY = 2;

    /** A camera move over the world, and an optional disc moving on its own. */
    record Move(String name, double vx, double vy, double zoom, double ax, BridgeFixtures.Disc object) {
        static Move pan(double vx) {
            return new Move("pan", vx, 0, 0, 0, null);
        }

        static Move tilt(double vy) {
            return new Move("tilt", 0, vy, 0, 0, null);
        }

        static Move zoom(double k) {
            return new Move("zoom", 0, 0, k, 0, null);
        }

        /** A pan whose speed grows evenly by {@code ax} pixels a frame every frame. */
        static Move accelerating(double vx, double ax) {
            return new Move("speeding pan", vx, 0, 0, ax, null);
        }

        static Move object(double vx, BridgeFixtures.Disc disc) {
            return new Move("object", vx, 0, 0, 0, disc);
        }

        double scale(double i) {
            return 1 + zoom * i;
        }

        /** The camera's centre in the world at frame {@code i}. */
        double cx(double i) {
            return vx * i + 0.5 * ax * i * i;
        }
    }

    final long seed;
    final Move move;
    final int w;
    final int h;
    /** Raster origin (world coordinates of raster pixel 0) and size. */
    private final double ox;
    private final double oy;
    private final int rw;
    private final int rh;
    /** RGB floats, 0..255, row-major. */
    private final float[] raster;

    /** A world for frames {@code 0..frames-1} of the move at {@code w x h}. */
    BridgeWorld(long seed, Move move, int w, int h, int frames) {
        this.seed = seed;
        this.move = move;
        this.w = w;
        this.h = h;
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int i = 0; i < frames; i++) {
            double s = move.scale(i);
            x0 = Math.min(x0, move.cx(i) - w / 2.0 / s);
            x1 = Math.max(x1, move.cx(i) + w / 2.0 / s);
            y0 = Math.min(y0, move.vy * i - h / 2.0 / s);
            y1 = Math.max(y1, move.vy * i + h / 2.0 / s);
        }
        ox = Math.floor(x0) - 4;
        oy = Math.floor(y0) - 4;
        rw = (int) Math.ceil((x1 + 4 - ox) * DENSITY);
        rh = (int) Math.ceil((y1 + 4 - oy) * DENSITY);
        raster = new float[rw * rh * 3];
        paint();
    }

    private void paint() {
        // fractal colour noise: a luma field and two chroma fields
        double[] cells = {256, 128, 64, 32, 16, 8, 4, 2};
        for (int ry = 0; ry < rh; ry++) {
            for (int rx = 0; rx < rw; rx++) {
                double x = ox + (rx + 0.5) / DENSITY;
                double y = oy + (ry + 0.5) / DENSITY;
                double l = 0;
                double norm = 0;
                for (int k = 0; k < cells.length; k++) {
                    double a = Math.pow(cells[k], 0.5);
                    l += a * octave(seed + k, x / cells[k], y / cells[k]);
                    norm += a;
                }
                l /= norm;
                double c1 = octave(seed + 50, x / 96, y / 96) - 0.5;
                double c2 = octave(seed + 51, x / 40, y / 40) - 0.5;
                int o = (ry * rw + rx) * 3;
                double lum = 20 + 215 * stretch(l);
                raster[o] = (float) clamp(lum + 90 * c1);
                raster[o + 1] = (float) clamp(lum - 40 * c1 - 40 * c2);
                raster[o + 2] = (float) clamp(lum + 90 * c2);
            }
        }
        // hard-edged shapes, anti-aliased by supersampling, denser than one per 60x60 world pixels
        SplittableRandom r = new SplittableRandom(seed * 7 + 1);
        double areaW = rw / (double) DENSITY;
        double areaH = rh / (double) DENSITY;
        int n = (int) (areaW * areaH / 3600);
        for (int k = 0; k < n; k++) {
            double cx = ox + r.nextDouble() * areaW;
            double cy = oy + r.nextDouble() * areaH;
            int kind = r.nextInt(3);
            double a = 4 + r.nextDouble() * 28;
            double b = kind == 2 ? 1 + r.nextDouble() * 2 : 4 + r.nextDouble() * 28;
            double ang = r.nextDouble() * Math.PI;
            float[] col = {(float) r.nextDouble(20, 240), (float) r.nextDouble(20, 240), (float) r.nextDouble(20, 240)};
            double reach = Math.hypot(a, b);
            int rx0 = Math.max(0, (int) ((cx - reach - ox) * DENSITY));
            int rx1 = Math.min(rw - 1, (int) ((cx + reach - ox) * DENSITY) + 1);
            int ry0 = Math.max(0, (int) ((cy - reach - oy) * DENSITY));
            int ry1 = Math.min(rh - 1, (int) ((cy + reach - oy) * DENSITY) + 1);
            double ca = Math.cos(ang);
            double sa = Math.sin(ang);
            for (int ry = ry0; ry <= ry1; ry++) {
                for (int rx = rx0; rx <= rx1; rx++) {
                    int in = 0;
                    for (int sy = 0; sy < 4; sy++) {
                        for (int sx = 0; sx < 4; sx++) {
                            double x = ox + (rx + (sx + 0.5) / 4) / DENSITY - cx;
                            double y = oy + (ry + (sy + 0.5) / 4) / DENSITY - cy;
                            double u = x * ca + y * sa;
                            double v = -x * sa + y * ca;
                            boolean hit = kind == 1 ? (u * u) / (a * a) + (v * v) / (b * b) <= 1
                                    : Math.abs(u) <= a && Math.abs(v) <= b;
                            if (hit) {
                                in++;
                            }
                        }
                    }
                    if (in > 0) {
                        float cov = in / 16f;
                        int o = (ry * rw + rx) * 3;
                        for (int c = 0; c < 3; c++) {
                            raster[o + c] += cov * (col[c] - raster[o + c]);
                        }
                    }
                }
            }
        }
    }

    /** Frame {@code i}, BGR. */
    byte[] frame(double i) {
        byte[] out = new byte[w * h * 3];
        double s = move.scale(i);
        double cx = move.cx(i);
        double cy = move.vy * i;
        BridgeFixtures.Disc d = move.object;
        double dx = d == null ? 0 : d.cx() + d.vx() * i;
        double dy = d == null ? 0 : d.cy() + d.vy() * i;
        float[] px = new float[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r = 0;
                double g = 0;
                double b = 0;
                for (int sy = 0; sy < 2; sy++) {
                    for (int sx = 0; sx < 2; sx++) {
                        double fx = x + 0.25 + 0.5 * sx;
                        double fy = y + 0.25 + 0.5 * sy;
                        if (d != null && (fx - dx) * (fx - dx) + (fy - dy) * (fy - dy) <= d.r() * d.r()) {
                            // the object: its own texture, fixed to it
                            double t = BridgeFixtures.texture(seed * 31 + 5, fx - dx, fy - dy);
                            r += 30 + 200 * t;
                            g += 230 - 200 * t;
                            b += 60 + 120 * t;
                            continue;
                        }
                        sample(cx + (fx - w / 2.0) / s, cy + (fy - h / 2.0) / s, px);
                        r += px[0];
                        g += px[1];
                        b += px[2];
                    }
                }
                int o = (y * w + x) * 3;
                out[o] = (byte) (int) Math.round(b / 4);
                out[o + 1] = (byte) (int) Math.round(g / 4);
                out[o + 2] = (byte) (int) Math.round(r / 4);
            }
        }
        return out;
    }

    private void sample(double x, double y, float[] out) {
        double gx = (x - ox) * DENSITY - 0.5;
        double gy = (y - oy) * DENSITY - 0.5;
        gx = Math.max(0, Math.min(rw - 1.001, gx));
        gy = Math.max(0, Math.min(rh - 1.001, gy));
        int x0 = (int) gx;
        int y0 = (int) gy;
        double fx = gx - x0;
        double fy = gy - y0;
        int i00 = (y0 * rw + x0) * 3;
        int i10 = i00 + 3;
        int i01 = i00 + rw * 3;
        int i11 = i01 + 3;
        for (int c = 0; c < 3; c++) {
            double top = raster[i00 + c] + fx * (raster[i10 + c] - raster[i00 + c]);
            double bot = raster[i01 + c] + fx * (raster[i11 + c] - raster[i01 + c]);
            out[c] = (float) (top + fy * (bot - top));
        }
    }

    /** Encodes frames {@code [first, first + count)} to an MP4 with the real encoder. */
    Path encode(int first, int count, Rate rate, Path file) {
        return encode(i -> first + i, count, rate, file);
    }

    /** Encodes {@code count} frames, the {@code i}-th showing frame {@code at(i)} of the move. */
    Path encode(java.util.function.IntToDoubleFunction at, int count, Rate rate, Path file) {
        try (VideoWriter wr = new HumbleMediaEncoder().open(file, w, h, rate)) {
            for (int i = 0; i < count; i++) {
                wr.accept(new Frame(i, w, h, frame(at.applyAsDouble(i))));
            }
            wr.finish();
        }
        return file;
    }

    private static double stretch(double l) {
        // sums of octaves crowd around the middle: spread them back over the range
        return clamp01(0.5 + (l - 0.5) * 2.6);
    }

    private static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : v > 255 ? 255 : v;
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

    private static double hash(long seed, long x, long y) {
        long z = seed * 0x9E3779B97F4A7C15L + x * 0xBF58476D1CE4E5B9L + y * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }
}
