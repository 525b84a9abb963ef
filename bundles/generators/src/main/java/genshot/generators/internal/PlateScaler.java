package genshot.generators.internal;

/**
 * Bilinear upscaling of the plate graphs' RGB or RGBA output (floats 0..1, straight alpha) to 8-bit BGR, plus an
 * alpha plane for RGBA.
 * Colour is interpolated premultiplied, so plate edges do not pick up the (meaningless) colour of transparent
 * pixels; a fixed dither hides banding. Tables are built once per size; deterministic.
 */
final class PlateScaler {

    private final int sw, sh, dw, dh;
    private final int[] x0, x1, y0, y1;
    private final float[] fx, fy;
    private final float[] dither;
    private float[] pre = new float[0];

    /** Floats per source pixel: 3 (RGB, opaque) or 4 (RGBA). */
    private final int channels;

    PlateScaler(int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        this(srcWidth, srcHeight, dstWidth, dstHeight, 4);
    }

    PlateScaler(int srcWidth, int srcHeight, int dstWidth, int dstHeight, int channels) {
        if (channels != 3 && channels != 4) {
            throw new IllegalArgumentException("3 or 4 channels, not " + channels);
        }
        this.channels = channels;
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
            double s = Math.max(0, (d + 0.5) * scale - 0.5);
            int a = (int) Math.floor(s);
            if (a >= src - 1) {
                i0[d] = src - 1;
                i1[d] = src - 1;
                f[d] = 0;
            } else {
                i0[d] = a;
                i1[d] = a + 1;
                f[d] = (float) (s - a);
            }
        }
    }

    private static int q(float v) {
        int i = (int) v;
        return i < 0 ? 0 : (i > 255 ? 255 : i);
    }

    /**
     * @param rgba {@code srcWidth * srcHeight * channels} floats
     * @param alpha the alpha plane to fill (4 channels only), or null for an opaque picture (alpha, if any, ignored)
     */
    void scale(float[] rgba, byte[] bgr, byte[] alpha) {
        int n = sw * sh;
        if (alpha != null && channels != 4) {
            throw new IllegalArgumentException("an alpha plane needs RGBA input");
        }
        if (alpha != null) {
            if (pre.length != n * 4) {
                pre = new float[n * 4];
            }
            for (int i = 0, o = 0; i < n; i++, o += 4) {
                float a = rgba[o + 3];
                pre[o] = rgba[o] * a;
                pre[o + 1] = rgba[o + 1] * a;
                pre[o + 2] = rgba[o + 2] * a;
                pre[o + 3] = a;
            }
        }
        float[] src = alpha != null ? pre : rgba;
        // two bands of rows in parallel (the graph has finished; its threads are idle): same bytes either way
        java.util.stream.IntStream.range(0, 2).parallel().forEach(band ->
                rows(src, bgr, alpha, band * dh / 2, (band + 1) * dh / 2));
    }

    private void rows(float[] src, byte[] bgr, byte[] alpha, int from, int to) {
        int o = from * dw * 3;
        for (int y = from; y < to; y++) {
            int r0 = y0[y] * sw * channels, r1 = y1[y] * sw * channels;
            float wy = fy[y];
            int drow = (y & 63) << 6;
            for (int x = 0; x < dw; x++) {
                int a = x0[x] * channels, b = x1[x] * channels;
                float wx = fx[x];
                float w00 = (1 - wx) * (1 - wy), w01 = wx * (1 - wy), w10 = (1 - wx) * wy, w11 = wx * wy;
                int p00 = r0 + a, p01 = r0 + b, p10 = r1 + a, p11 = r1 + b;
                float d = dither[drow | (x & 63)];
                float inv = 1f;
                if (alpha != null) {
                    float aa = src[p00 + 3] * w00 + src[p01 + 3] * w01 + src[p10 + 3] * w10 + src[p11 + 3] * w11;
                    alpha[y * dw + x] = (byte) q(aa * 255f + d);
                    if (aa <= 1e-4f) {
                        // transparent (most of a particle plate): the colour is zero, as the full sum would give
                        byte z = (byte) q(d);
                        bgr[o++] = z;
                        bgr[o++] = z;
                        bgr[o++] = z;
                        continue;
                    }
                    inv = 1f / aa;
                }
                float rr = (src[p00] * w00 + src[p01] * w01 + src[p10] * w10 + src[p11] * w11) * inv;
                float gg = (src[p00 + 1] * w00 + src[p01 + 1] * w01 + src[p10 + 1] * w10 + src[p11 + 1] * w11) * inv;
                float bb = (src[p00 + 2] * w00 + src[p01 + 2] * w01 + src[p10 + 2] * w10 + src[p11 + 2] * w11) * inv;
                bgr[o++] = (byte) q(bb * 255f + d);
                bgr[o++] = (byte) q(gg * 255f + d);
                bgr[o++] = (byte) q(rr * 255f + d);
            }
        }
    }
}
