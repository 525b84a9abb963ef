package genshot.diffusion.internal;

import genshot.api.GenshotException;
import java.util.Locale;

/**
 * Gives a still image slow camera motion over a shot: {@code push} (zoom in), {@code pan} (left to right),
 * {@code parallax} (a pan whose speed grows towards the bottom of the picture, as near ground passes faster than
 * the sky) or {@code none}. Bilinear sampling, smoothstep easing; the source is RGB planes in 0..1.
 */
final class Motion {

    enum Kind { PUSH, PAN, PARALLAX, NONE }

    static final float ZOOM = 1.12f;

    private Motion() {
    }

    static Kind parse(String s) {
        if (s == null || s.isBlank()) {
            return Kind.PUSH;
        }
        try {
            return Kind.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw GenshotException.of("diffusion.parameter", "'" + s + "' is not a motion genshot knows", null,
                    "parameter motion", "use push, pan, parallax or none");
        }
    }

    /** Frame {@code i} of {@code n} (BGR bytes, w × h) from the still (RGB planes, w × h). */
    static void frame(float[] rgb, int w, int h, Kind kind, long i, long n, byte[] bgr) {
        double t = n <= 1 ? 0 : (double) i / (n - 1);
        t = t * t * (3 - 2 * t);
        double zoom;
        double dx = 0;
        double shear = 0;
        switch (kind) {
            case PUSH -> zoom = 1 + (ZOOM - 1) * t;
            case PAN -> {
                zoom = ZOOM;
                dx = (t - 0.5) * (1 - 1 / zoom) * w;
            }
            case PARALLAX -> {
                zoom = ZOOM;
                shear = (t - 0.5) * (1 - 1 / zoom) * w;
            }
            default -> zoom = 1;
        }
        int plane = w * h;
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            double sy = cy + (y - cy) / zoom;
            double rowDx = dx + shear * (0.25 + 0.75 * y / Math.max(1.0, h - 1));
            int y0 = (int) Math.floor(sy);
            double fy = sy - y0;
            int ya = clamp(y0, h);
            int yb = clamp(y0 + 1, h);
            for (int x = 0; x < w; x++) {
                double sx = cx + (x - cx) / zoom + rowDx;
                int x0 = (int) Math.floor(sx);
                double fx = sx - x0;
                int xa = clamp(x0, w);
                int xb = clamp(x0 + 1, w);
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    int base = c * plane;
                    double v = (rgb[base + ya * w + xa] * (1 - fx) + rgb[base + ya * w + xb] * fx) * (1 - fy)
                            + (rgb[base + yb * w + xa] * (1 - fx) + rgb[base + yb * w + xb] * fx) * fy;
                    bgr[o + 2 - c] = (byte) Math.max(0, Math.min(255, Math.round(v * 255)));
                }
            }
        }
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }
}
