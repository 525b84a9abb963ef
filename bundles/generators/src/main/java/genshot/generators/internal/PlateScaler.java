package genshot.generators.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bilinear upscaling of the plate graphs' RGB or RGBA output (floats 0..1, straight alpha) to 8-bit BGR, plus an
 * alpha plane for RGBA.
 * Colour is interpolated premultiplied, so plate edges do not pick up the (meaningless) colour of transparent
 * pixels; a fixed dither hides banding. Tables are built once per size; deterministic.
 *
 * <p>Separable: each source row the output needs is interpolated across once into a row of output width (already
 * in BGR order, or premultiplied BGRA), then each output row is a straight blend of two such rows, a loop the JIT
 * can keep simple. The output is cut into bands of about {@value #BAND_ROWS} rows, which the calling thread and
 * the common pool's threads take in turn until none is left (the graph has finished; its threads are idle). Bands
 * taken in turn, not halves: in a fill the encoder shares a core with one of these threads, and with halves the
 * other core sat idle while that thread finished its half at half speed. Each thread owns its row buffers, and a
 * buffer is always filled whole, so the bytes are the same however the bands are scheduled.
 *
 * <p>Small round things (snowflakes, dust motes, stars) are upscaled with a cubic filter instead
 * ({@link #PlateScaler(int, int, int, int, int, boolean)}): a bilinear upscale of a sprite a few source pixels
 * wide by 3-6x draws the product of two tents, a soft square with a bright cross through it (a four-pointed star
 * at full size); the cubic (Mitchell-Netravali, B = C = 1/3: smooth, hardly any ringing) keeps it round. Four
 * taps each way, the same premultiplied colour and dither; the bilinear path is unchanged.
 */
final class PlateScaler {

    private static final int DITHER = 64;
    /** Output rows per band: a few hundred microseconds of work at 1080p, a few extra source rows at its top. */
    static final int BAND_ROWS = 64;

    private final int sw, sh, dw, dh;
    /** Floats per source pixel: 3 (RGB, opaque) or 4 (RGBA). */
    private final int channels;
    private final int[] x0, x1, y0, y1;
    private final float[] fx, fy;
    /** Per dither row: the dither of each output byte of a BGR row (the same value for a pixel's three bytes). */
    private final float[][] ditherBgr;
    /** Per dither row: the dither of each output pixel. */
    private final float[][] ditherPx;
    /** Cubic filter: the four source columns and rows of each output pixel and their weights, or null (bilinear). */
    private final int[][] cubicX, cubicY;
    private final float[][] cubicWx, cubicWy;
    private float[] pre = new float[0];

    PlateScaler(int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        this(srcWidth, srcHeight, dstWidth, dstHeight, 4);
    }

    PlateScaler(int srcWidth, int srcHeight, int dstWidth, int dstHeight, int channels) {
        this(srcWidth, srcHeight, dstWidth, dstHeight, channels, false);
    }

    /** @param cubic a cubic filter (round sprites stay round) rather than bilinear */
    PlateScaler(int srcWidth, int srcHeight, int dstWidth, int dstHeight, int channels, boolean cubic) {
        if (channels != 3 && channels != 4) {
            throw new IllegalArgumentException("3 or 4 channels, not " + channels);
        }
        if (cubic) {
            cubicX = new int[4][dstWidth];
            cubicWx = new float[4][dstWidth];
            cubicTable(srcWidth, dstWidth, cubicX, cubicWx);
            cubicY = new int[4][dstHeight];
            cubicWy = new float[4][dstHeight];
            cubicTable(srcHeight, dstHeight, cubicY, cubicWy);
        } else {
            cubicX = null;
            cubicY = null;
            cubicWx = null;
            cubicWy = null;
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
        ditherBgr = new float[DITHER][dw * 3];
        ditherPx = new float[DITHER][dw];
        for (int y = 0; y < DITHER; y++) {
            for (int x = 0; x < dw; x++) {
                float d = dither(y * DITHER + (x & (DITHER - 1)));
                ditherPx[y][x] = d;
                ditherBgr[y][3 * x] = d;
                ditherBgr[y][3 * x + 1] = d;
                ditherBgr[y][3 * x + 2] = d;
            }
        }
    }

    /** A fixed threshold in 0..1 for a cell of the 64x64 dither tile (an integer hash). */
    static float dither(int i) {
        int h = i * 0x9E3779B1;
        h ^= h >>> 15;
        h *= 0x85EBCA77;
        h ^= h >>> 13;
        return (h >>> 8) / (float) (1 << 24);
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

    /** Mitchell-Netravali's cubic with B = C = 1/3 at distance {@code x} (support 2, weights summing to 1). */
    static double mitchell(double x) {
        double b = 1 / 3.0, c = 1 / 3.0;
        x = Math.abs(x);
        if (x < 1) {
            return ((12 - 9 * b - 6 * c) * x * x * x + (-18 + 12 * b + 6 * c) * x * x + (6 - 2 * b)) / 6;
        }
        if (x < 2) {
            return ((-b - 6 * c) * x * x * x + (6 * b + 30 * c) * x * x + (-12 * b - 48 * c) * x + (8 * b + 24 * c)) / 6;
        }
        return 0;
    }

    /** The four source indices (clamped at the edges) and weights of each output index, pixel centres aligned. */
    static void cubicTable(int src, int dst, int[][] index, float[][] weight) {
        double scale = (double) src / dst;
        for (int d = 0; d < dst; d++) {
            double s = (d + 0.5) * scale - 0.5;
            int a = (int) Math.floor(s);
            double[] w = new double[4];
            double sum = 0;
            for (int k = 0; k < 4; k++) {
                w[k] = mitchell(s - (a - 1 + k));
                sum += w[k];
            }
            for (int k = 0; k < 4; k++) {
                index[k][d] = Math.max(0, Math.min(src - 1, a - 1 + k));
                weight[k][d] = (float) (w[k] / sum);
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
        int bands = Math.max(1, (dh + BAND_ROWS - 1) / BAND_ROWS);
        scale(rgba, bgr, alpha, bands, Math.min(bands - 1, ForkJoinPool.getCommonPoolParallelism()));
    }

    /**
     * As {@link #scale(float[], byte[], byte[])}, the output rows cut into {@code bands} bands that this thread and
     * {@code helpers} tasks of the common pool take in turn; a helper that starts after the last band is taken finds
     * nothing to do.
     */
    void scale(float[] rgba, byte[] bgr, byte[] alpha, int bands, int helpers) {
        int n = sw * sh;
        if (alpha != null && channels != 4) {
            throw new IllegalArgumentException("an alpha plane needs RGBA input");
        }
        if (alpha != null) {
            if (pre.length != n * 4) {
                pre = new float[n * 4];
            }
            // premultiplied, reordered to B, G, R, A
            for (int i = 0, o = 0; i < n; i++, o += 4) {
                float a = rgba[o + 3];
                pre[o] = rgba[o + 2] * a;
                pre[o + 1] = rgba[o + 1] * a;
                pre[o + 2] = rgba[o] * a;
                pre[o + 3] = a;
            }
        }
        float[] src = alpha != null ? pre : rgba;
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            Rows rows = cubicX != null ? new CubicBand(alpha != null) : new Band(alpha != null);
            for (int b = next.getAndIncrement(); b < bands; b = next.getAndIncrement()) {
                rows.rows(src, bgr, alpha, (int) ((long) b * dh / bands), (int) ((long) (b + 1) * dh / bands));
            }
        };
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[Math.max(0, helpers)];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = ForkJoinPool.commonPool().submit(work);
        }
        work.run();
        for (ForkJoinTask<?> t : tasks) {
            t.join();
        }
    }

    /** Output rows {@code from} (inclusive) to {@code to}, with buffers of one thread's own. */
    private interface Rows {
        void rows(float[] src, byte[] bgr, byte[] alpha, int from, int to);
    }

    /** Rows through the cubic filter, with four filtered source rows of its own. */
    private final class CubicBand implements Rows {
        private final boolean withAlpha;
        /** Floats per output pixel in a filtered row: 3 (B, G, R times 255) or 4 (premultiplied B, G, R, A). */
        private final int out;
        private final float[][] buf = new float[4][];
        /** The source row each buffer holds, or -1. */
        private final int[] tag = {-1, -1, -1, -1};
        private final float[][] rows = new float[4][];

        CubicBand(boolean withAlpha) {
            this.withAlpha = withAlpha;
            this.out = withAlpha ? 4 : 3;
            for (int k = 0; k < 4; k++) {
                buf[k] = new float[dw * out];
            }
        }

        /** Source rows {@code need[0..3]} filtered across, into {@link #rows}; buffers not needed are reused. */
        private void fetch(float[] src, int[] need) {
            for (int k = 0; k < 4; k++) {
                int slot = -1;
                for (int j = 0; j < 4; j++) {
                    if (tag[j] == need[k]) {
                        slot = j;
                        break;
                    }
                }
                if (slot < 0) {
                    for (int j = 0; j < 4 && slot < 0; j++) {
                        if (tag[j] != need[0] && tag[j] != need[1] && tag[j] != need[2] && tag[j] != need[3]) {
                            slot = j;
                        }
                    }
                    across(src, need[k], buf[slot]);
                    tag[slot] = need[k];
                }
                rows[k] = buf[slot];
            }
        }

        private void across(float[] src, int sy, float[] dst) {
            int base = sy * sw * channels;
            int[] i0 = cubicX[0], i1 = cubicX[1], i2 = cubicX[2], i3 = cubicX[3];
            float[] w0 = cubicWx[0], w1 = cubicWx[1], w2 = cubicWx[2], w3 = cubicWx[3];
            if (withAlpha) {
                for (int x = 0, o = 0; x < dw; x++, o += 4) {
                    int a = base + i0[x] * 4, b = base + i1[x] * 4, c = base + i2[x] * 4, d = base + i3[x] * 4;
                    float wa = w0[x], wb = w1[x], wc = w2[x], wd = w3[x];
                    for (int k = 0; k < 4; k++) {
                        dst[o + k] = src[a + k] * wa + src[b + k] * wb + src[c + k] * wc + src[d + k] * wd;
                    }
                }
            } else {
                int ch = channels;
                for (int x = 0, o = 0; x < dw; x++, o += 3) {
                    int a = base + i0[x] * ch, b = base + i1[x] * ch, c = base + i2[x] * ch, d = base + i3[x] * ch;
                    float wa = w0[x] * 255f, wb = w1[x] * 255f, wc = w2[x] * 255f, wd = w3[x] * 255f;
                    for (int k = 0; k < 3; k++) {
                        // B, G, R from R, G, B
                        dst[o + k] = src[a + 2 - k] * wa + src[b + 2 - k] * wb + src[c + 2 - k] * wc
                                + src[d + 2 - k] * wd;
                    }
                }
            }
        }

        @Override
        public void rows(float[] src, byte[] bgr, byte[] alpha, int from, int to) {
            int[] need = new int[4];
            for (int y = from; y < to; y++) {
                for (int k = 0; k < 4; k++) {
                    need[k] = cubicY[k][y];
                }
                fetch(src, need);
                float v0 = cubicWy[0][y], v1 = cubicWy[1][y], v2 = cubicWy[2][y], v3 = cubicWy[3][y];
                float[] r0 = rows[0], r1 = rows[1], r2 = rows[2], r3 = rows[3];
                float[] d = ditherPx[y & (DITHER - 1)];
                if (withAlpha) {
                    for (int x = 0, i = 0, p = y * dw, o = p * 3; x < dw; x++, i += 4, p++, o += 3) {
                        float dd = d[x];
                        float aa = r0[i + 3] * v0 + r1[i + 3] * v1 + r2[i + 3] * v2 + r3[i + 3] * v3;
                        alpha[p] = (byte) q(aa * 255f + dd);
                        if (aa <= 1e-4f) {
                            // transparent: colour zero (the dither alone stays below one level)
                            bgr[o] = 0;
                            bgr[o + 1] = 0;
                            bgr[o + 2] = 0;
                            continue;
                        }
                        float inv = 255f / aa;
                        bgr[o] = (byte) q((r0[i] * v0 + r1[i] * v1 + r2[i] * v2 + r3[i] * v3) * inv + dd);
                        bgr[o + 1] = (byte) q((r0[i + 1] * v0 + r1[i + 1] * v1 + r2[i + 1] * v2 + r3[i + 1] * v3) * inv
                                + dd);
                        bgr[o + 2] = (byte) q((r0[i + 2] * v0 + r1[i + 2] * v1 + r2[i + 2] * v2 + r3[i + 2] * v3) * inv
                                + dd);
                    }
                } else {
                    for (int x = 0, i = 0, o = y * dw * 3; x < dw; x++, i += 3, o += 3) {
                        float dd = d[x];
                        for (int k = 0; k < 3; k++) {
                            bgr[o + k] = (byte) q(r0[i + k] * v0 + r1[i + k] * v1 + r2[i + k] * v2 + r3[i + k] * v3
                                    + dd);
                        }
                    }
                }
            }
        }
    }

    /** Rows through the bilinear filter, with two interpolated source rows of its own. */
    private final class Band implements Rows {
        private final boolean withAlpha;
        /** Floats per output pixel in an interpolated row: 3 (B, G, R times 255) or 4 (premultiplied B, G, R, A). */
        private final int out;
        private final float[] buf0, buf1;
        /** The source row each buffer holds, or -1. */
        private int tag0 = -1, tag1 = -1;

        Band(boolean withAlpha) {
            this.withAlpha = withAlpha;
            this.out = withAlpha ? 4 : 3;
            buf0 = new float[dw * out];
            buf1 = new float[dw * out];
        }

        /** Interpolated source row {@code sy}; when it must be computed, never into {@code avoid}. */
        private float[] row(float[] src, int sy, float[] avoid) {
            if (tag0 == sy) {
                return buf0;
            }
            if (tag1 == sy) {
                return buf1;
            }
            if (avoid == buf0) {
                across(src, sy, buf1);
                tag1 = sy;
                return buf1;
            }
            across(src, sy, buf0);
            tag0 = sy;
            return buf0;
        }

        private void across(float[] src, int sy, float[] dst) {
            int base = sy * sw * channels;
            if (withAlpha) {
                for (int x = 0, o = 0; x < dw; x++, o += 4) {
                    int a = base + x0[x] * 4, b = base + x1[x] * 4;
                    float w = fx[x];
                    dst[o] = src[a] + (src[b] - src[a]) * w;
                    dst[o + 1] = src[a + 1] + (src[b + 1] - src[a + 1]) * w;
                    dst[o + 2] = src[a + 2] + (src[b + 2] - src[a + 2]) * w;
                    dst[o + 3] = src[a + 3] + (src[b + 3] - src[a + 3]) * w;
                }
            } else {
                int ch = channels;
                for (int x = 0, o = 0; x < dw; x++, o += 3) {
                    int a = base + x0[x] * ch, b = base + x1[x] * ch;
                    float w = fx[x] * 255f, v = 255f - w;
                    dst[o] = src[a + 2] * v + src[b + 2] * w;
                    dst[o + 1] = src[a + 1] * v + src[b + 1] * w;
                    dst[o + 2] = src[a] * v + src[b] * w;
                }
            }
        }

        @Override
        public void rows(float[] src, byte[] bgr, byte[] alpha, int from, int to) {
            for (int y = from; y < to; y++) {
                int a = y0[y], b = y1[y];
                float[] r0 = row(src, a, tag0 == b ? buf0 : tag1 == b ? buf1 : null);
                float[] r1 = b == a ? r0 : row(src, b, r0);
                float wy = fy[y];
                if (withAlpha) {
                    blendAlpha(r0, r1, wy, ditherPx[y & (DITHER - 1)], bgr, alpha, y * dw);
                } else {
                    blend(r0, r1, wy, ditherBgr[y & (DITHER - 1)], bgr, y * dw * 3);
                }
            }
        }

        private void blend(float[] r0, float[] r1, float wy, float[] d, byte[] bgr, int o) {
            int n = dw * 3;
            for (int i = 0; i < n; i++) {
                bgr[o + i] = (byte) q(r0[i] + (r1[i] - r0[i]) * wy + d[i]);
            }
        }

        private void blendAlpha(float[] r0, float[] r1, float wy, float[] d, byte[] bgr, byte[] alpha, int p) {
            for (int x = 0, i = 0, o = p * 3; x < dw; x++, i += 4, o += 3) {
                float dd = d[x];
                float aa = r0[i + 3] + (r1[i + 3] - r0[i + 3]) * wy;
                alpha[p + x] = (byte) q(aa * 255f + dd);
                if (aa <= 1e-4f) {
                    // transparent (most of a particle plate): the colour is zero, as the full sum would give
                    byte z = (byte) q(dd);
                    bgr[o] = z;
                    bgr[o + 1] = z;
                    bgr[o + 2] = z;
                    continue;
                }
                float inv = 255f / aa;
                bgr[o] = (byte) q((r0[i] + (r1[i] - r0[i]) * wy) * inv + dd);
                bgr[o + 1] = (byte) q((r0[i + 1] + (r1[i + 1] - r0[i + 1]) * wy) * inv + dd);
                bgr[o + 2] = (byte) q((r0[i + 2] + (r1[i + 2] - r0[i + 2]) * wy) * inv + dd);
            }
        }
    }
}
