package genshot.media.internal;

/**
 * Fixed-point conversion between 8-bit BGR and planar 4:2:0 YCbCr for one colour matrix and range.
 * Chroma is the average of each 2x2 block on the way in, and repeated (nearest) on the way out.
 */
final class YuvMatrix {

    /** The colour matrices we convert with, by their luma weights. */
    enum Standard {
        BT601(0.299, 0.114, "smpte170m"),
        BT709(0.2126, 0.0722, "bt709"),
        BT2020(0.2627, 0.0593, "bt2020nc");

        final double kr;
        final double kb;
        /** FFmpeg's name of the matrix ({@code colorspace} option). */
        final String ffmpegName;

        Standard(double kr, double kb, String ffmpegName) {
            this.kr = kr;
            this.kb = kb;
            this.ffmpegName = ffmpegName;
        }
    }

    private static final int SHIFT = 16;

    final Standard standard;
    final boolean fullRange;

    // BGR -> YCbCr (scaled by 2^16)
    private final int yr;
    private final int yg;
    private final int yb;
    private final int yOffset;
    private final int ur;
    private final int ug;
    private final int ub;
    private final int vr;
    private final int vg;
    private final int vb;
    // YCbCr -> BGR (scaled by 2^16)
    private final int yBase;
    private final int yk;
    private final int rv;
    private final int gu;
    private final int gv;
    private final int bu;

    YuvMatrix(Standard standard, boolean fullRange) {
        this.standard = standard;
        this.fullRange = fullRange;
        double kr = standard.kr;
        double kb = standard.kb;
        double kg = 1 - kr - kb;
        double ys = fullRange ? 1.0 : 219.0 / 255.0;
        double cs = fullRange ? 1.0 : 224.0 / 255.0;
        yr = fix(kr * ys);
        yg = fix(kg * ys);
        yb = fix(kb * ys);
        yOffset = ((fullRange ? 0 : 16) << SHIFT) + (1 << (SHIFT - 1));
        double cbDiv = 2 * (1 - kb);
        double crDiv = 2 * (1 - kr);
        ur = fix(-kr / cbDiv * cs);
        ug = fix(-kg / cbDiv * cs);
        ub = fix(0.5 * cs);
        vr = fix(0.5 * cs);
        vg = fix(-kg / crDiv * cs);
        vb = fix(-kb / crDiv * cs);
        yBase = fullRange ? 0 : 16;
        yk = fix(1 / ys);
        rv = fix(crDiv / cs);
        bu = fix(cbDiv / cs);
        gu = fix(cbDiv * kb / kg / cs);
        gv = fix(crDiv * kr / kg / cs);
    }

    private static int fix(double v) {
        return (int) Math.round(v * (1 << SHIFT));
    }

    /**
     * BGR (even width and height) into Y, Cb and Cr planes with the given line sizes.
     */
    void fromBgr(byte[] bgr, int width, int height, byte[] y, int yStride, byte[] u, byte[] v, int cStride) {
        final int row = width * 3;
        final int cOffset = (128 << (SHIFT + 2)) + (1 << (SHIFT + 1));
        for (int j = 0; j < height; j += 2) {
            int p0 = j * row;
            int p1 = p0 + row;
            int y0 = j * yStride;
            int y1 = y0 + yStride;
            int c = (j >> 1) * cStride;
            for (int i = 0; i < width; i += 2) {
                int b00 = bgr[p0] & 255;
                int g00 = bgr[p0 + 1] & 255;
                int r00 = bgr[p0 + 2] & 255;
                int b01 = bgr[p0 + 3] & 255;
                int g01 = bgr[p0 + 4] & 255;
                int r01 = bgr[p0 + 5] & 255;
                int b10 = bgr[p1] & 255;
                int g10 = bgr[p1 + 1] & 255;
                int r10 = bgr[p1 + 2] & 255;
                int b11 = bgr[p1 + 3] & 255;
                int g11 = bgr[p1 + 4] & 255;
                int r11 = bgr[p1 + 5] & 255;
                y[y0 + i] = (byte) ((yr * r00 + yg * g00 + yb * b00 + yOffset) >> SHIFT);
                y[y0 + i + 1] = (byte) ((yr * r01 + yg * g01 + yb * b01 + yOffset) >> SHIFT);
                y[y1 + i] = (byte) ((yr * r10 + yg * g10 + yb * b10 + yOffset) >> SHIFT);
                y[y1 + i + 1] = (byte) ((yr * r11 + yg * g11 + yb * b11 + yOffset) >> SHIFT);
                int sr = r00 + r01 + r10 + r11;
                int sg = g00 + g01 + g10 + g11;
                int sb = b00 + b01 + b10 + b11;
                u[c] = (byte) ((ur * sr + ug * sg + ub * sb + cOffset) >> (SHIFT + 2));
                v[c] = (byte) ((vr * sr + vg * sg + vb * sb + cOffset) >> (SHIFT + 2));
                c++;
                p0 += 6;
                p1 += 6;
            }
        }
    }

    /** Y, Cb and Cr planes (4:2:0, any width and height) into BGR. */
    void toBgr(byte[] y, int yStride, byte[] u, byte[] v, int cStride, int width, int height, byte[] bgr) {
        final int round = 1 << (SHIFT - 1);
        int p = 0;
        for (int j = 0; j < height; j++) {
            int yRow = j * yStride;
            int cRow = (j >> 1) * cStride;
            for (int i = 0; i < width; i++) {
                int l = yk * ((y[yRow + i] & 255) - yBase) + round;
                int cb = (u[cRow + (i >> 1)] & 255) - 128;
                int cr = (v[cRow + (i >> 1)] & 255) - 128;
                bgr[p++] = clamp((l + bu * cb) >> SHIFT);
                bgr[p++] = clamp((l - gu * cb - gv * cr) >> SHIFT);
                bgr[p++] = clamp((l + rv * cr) >> SHIFT);
            }
        }
    }

    private static byte clamp(int x) {
        return (byte) (x < 0 ? 0 : x > 255 ? 255 : x);
    }
}
