package genshot.generators.internal;

import java.util.Locale;

/** Brings decoded neighbour frames to the shot's size, and makes the small grey images the flow is estimated on. */
final class BridgeConform {

    /** How a frame of another shape fills the shot. */
    enum Fit {
        /** Scale to cover the shot and cut the overhang equally on both sides (no bars, no distortion). */
        CROP,
        /** Scale to fit inside the shot, with black bars. */
        LETTERBOX,
        /** Scale each axis on its own (distorts when the shapes differ). */
        STRETCH;

        static Fit parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw genshot.api.GenshotException.of("bridge.parameter", "The fit '" + text + "' is not known",
                        null, "parameter fit", "Use fit=crop, fit=letterbox or fit=stretch");
            }
        }
    }

    private BridgeConform() {
    }

    /**
     * The frame {@code src} ({@code sw x sh} BGR) at {@code w x h}, bilinear; a frame already at that size is
     * copied. Shrinking by more than 2 first averages whole-pixel blocks so fine detail does not alias.
     */
    static byte[] conform(byte[] src, int sw, int sh, int w, int h, Fit fit, FlowPool pool) {
        if (sw == w && sh == h) {
            return src.clone();
        }
        double sx = (double) w / sw;
        double sy = (double) h / sh;
        switch (fit) {
            case CROP -> sx = sy = Math.max(sx, sy);
            case LETTERBOX -> sx = sy = Math.min(sx, sy);
            default -> { }
        }
        int r = (int) Math.floor(1.0 / Math.max(sx, sy));
        if (r >= 2) {
            int rw = sw / r;
            int rh = sh / r;
            src = boxReduce(src, sw, sh, r, pool);
            sx *= (double) sw / rw;
            sy *= (double) sh / rh;
            sw = rw;
            sh = rh;
        }
        // where the scaled picture's left/top edge lands in the shot
        double ox = (w - sw * sx) / 2;
        double oy = (h - sh * sy) / 2;
        byte[] out = new byte[w * h * 3];
        final byte[] s = src;
        final int fw = sw;
        final int fh = sh;
        final double fsx = sx;
        final double fsy = sy;
        boolean bars = fit == Fit.LETTERBOX;
        float[] colX = new float[w];
        for (int x = 0; x < w; x++) {
            colX[x] = (float) ((x + 0.5 - ox) / fsx - 0.5);
        }
        pool.rows(h, (from, to) -> {
            for (int y = from; y < to; y++) {
                float syf = (float) ((y + 0.5 - oy) / fsy - 0.5);
                boolean rowOut = syf < -0.5f || syf > fh - 0.5f;
                int o = y * w * 3;
                for (int x = 0; x < w; x++, o += 3) {
                    float sxf = colX[x];
                    if (bars && (rowOut || sxf < -0.5f || sxf > fw - 0.5f)) {
                        continue; // black
                    }
                    sampleBgr(s, fw, fh, sxf, syf, out, o);
                }
            }
        });
        return out;
    }

    /** Bilinear BGR sample at {@code (x, y)}, the border repeated outside, rounded into {@code out[o..o+2]}. */
    static void sampleBgr(byte[] s, int w, int h, float x, float y, byte[] out, int o) {
        x = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
        y = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
        int x0 = (int) x;
        int y0 = (int) y;
        float fx = x - x0;
        float fy = y - y0;
        int x1 = x0 + 1 < w ? x0 + 1 : x0;
        int y1 = y0 + 1 < h ? y0 + 1 : y0;
        int i00 = (y0 * w + x0) * 3;
        int i10 = (y0 * w + x1) * 3;
        int i01 = (y1 * w + x0) * 3;
        int i11 = (y1 * w + x1) * 3;
        for (int c = 0; c < 3; c++) {
            float top = (s[i00 + c] & 255) + fx * ((s[i10 + c] & 255) - (s[i00 + c] & 255));
            float bot = (s[i01 + c] & 255) + fx * ((s[i11 + c] & 255) - (s[i01 + c] & 255));
            out[o + c] = (byte) (int) (top + fy * (bot - top) + 0.5f);
        }
    }

    private static byte[] boxReduce(byte[] src, int sw, int sh, int r, FlowPool pool) {
        int rw = sw / r;
        int rh = sh / r;
        byte[] out = new byte[rw * rh * 3];
        int n = r * r;
        pool.rows(rh, (from, to) -> {
            for (int y = from; y < to; y++) {
                for (int x = 0; x < rw; x++) {
                    int b = 0;
                    int g = 0;
                    int rr = 0;
                    for (int j = 0; j < r; j++) {
                        int i = ((y * r + j) * sw + x * r) * 3;
                        for (int k = 0; k < r; k++, i += 3) {
                            b += src[i] & 255;
                            g += src[i + 1] & 255;
                            rr += src[i + 2] & 255;
                        }
                    }
                    int o = (y * rw + x) * 3;
                    out[o] = (byte) ((b + n / 2) / n);
                    out[o + 1] = (byte) ((g + n / 2) / n);
                    out[o + 2] = (byte) ((rr + n / 2) / n);
                }
            }
        });
        return out;
    }

    /** The whole-number factor that brings a width down to at most {@code maxWidth}. */
    static int workFactor(int width, int maxWidth) {
        return Math.max(1, (width + maxWidth - 1) / maxWidth);
    }

    /**
     * Grey (BT.601 luma, 0..255) of a {@code w x h} BGR frame, averaged over {@code f x f} blocks: a
     * {@code w / f x h / f} image whose pixel {@code X} covers frame pixels {@code [fX, fX + f)}.
     */
    static float[] grey(byte[] bgr, int w, int h, int f, FlowPool pool) {
        int gw = w / f;
        int gh = h / f;
        float[] out = new float[gw * gh];
        float norm = 1f / (f * f);
        pool.rows(gh, (from, to) -> {
            for (int y = from; y < to; y++) {
                for (int x = 0; x < gw; x++) {
                    float sum = 0;
                    for (int j = 0; j < f; j++) {
                        int i = ((y * f + j) * w + x * f) * 3;
                        for (int k = 0; k < f; k++, i += 3) {
                            sum += 0.114f * (bgr[i] & 255) + 0.587f * (bgr[i + 1] & 255) + 0.299f * (bgr[i + 2] & 255);
                        }
                    }
                    out[y * gw + x] = sum * norm;
                }
            }
        });
        return out;
    }
}
