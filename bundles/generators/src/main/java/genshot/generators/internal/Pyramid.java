package genshot.generators.internal;

/**
 * A grey image pyramid for flow estimation: level 0 is the image lightly smoothed (1-2-1), each further level is a
 * 2x2 box reduction of the one before. Each level carries its Sobel gradients (divided by 8: units per pixel).
 */
final class Pyramid {
    final int levels;
    final int[] width;
    final int[] height;
    final float[][] image;
    final float[][] gradX;
    final float[][] gradY;

    private Pyramid(int levels) {
        this.levels = levels;
        width = new int[levels];
        height = new int[levels];
        image = new float[levels][];
        gradX = new float[levels][];
        gradY = new float[levels][];
    }

    /**
     * How many levels a {@code w x h} image gets so that the coarsest is still at least {@code 2 * patch} pixels
     * on its short side (and at most {@code max}).
     */
    static int levelsFor(int w, int h, int patch, int max) {
        int levels = 1;
        int mw = w;
        int mh = h;
        while (levels < max && Math.min(mw / 2, mh / 2) >= 2 * patch) {
            mw /= 2;
            mh /= 2;
            levels++;
        }
        return levels;
    }

    /** Builds the pyramid of a grey image (0..255 floats); {@code grey} is not kept. */
    static Pyramid build(float[] grey, int w, int h, int levels, FlowPool pool) {
        Pyramid p = new Pyramid(levels);
        p.width[0] = w;
        p.height[0] = h;
        p.image[0] = smooth(grey, w, h, pool);
        for (int l = 1; l < levels; l++) {
            int pw = p.width[l - 1];
            int ph = p.height[l - 1];
            int cw = Math.max(1, pw / 2);
            int ch = Math.max(1, ph / 2);
            float[] src = p.image[l - 1];
            float[] dst = new float[cw * ch];
            pool.rows(ch, (from, to) -> {
                for (int y = from; y < to; y++) {
                    int r0 = Math.min(2 * y, ph - 1) * pw;
                    int r1 = Math.min(2 * y + 1, ph - 1) * pw;
                    for (int x = 0; x < cw; x++) {
                        int x0 = Math.min(2 * x, pw - 1);
                        int x1 = Math.min(2 * x + 1, pw - 1);
                        dst[y * cw + x] = 0.25f * (src[r0 + x0] + src[r0 + x1] + src[r1 + x0] + src[r1 + x1]);
                    }
                }
            });
            p.width[l] = cw;
            p.height[l] = ch;
            p.image[l] = dst;
        }
        for (int l = 0; l < levels; l++) {
            gradients(p, l, pool);
        }
        return p;
    }

    private static float[] smooth(float[] a, int w, int h, FlowPool pool) {
        float[] tmp = new float[w * h];
        float[] out = new float[w * h];
        pool.rows(h, (from, to) -> {
            for (int y = from; y < to; y++) {
                int r = y * w;
                for (int x = 0; x < w; x++) {
                    float l = a[r + Math.max(0, x - 1)];
                    float c = a[r + x];
                    float rr = a[r + Math.min(w - 1, x + 1)];
                    tmp[r + x] = 0.25f * (l + 2 * c + rr);
                }
            }
        });
        pool.rows(h, (from, to) -> {
            for (int y = from; y < to; y++) {
                int up = Math.max(0, y - 1) * w;
                int r = y * w;
                int dn = Math.min(h - 1, y + 1) * w;
                for (int x = 0; x < w; x++) {
                    out[r + x] = 0.25f * (tmp[up + x] + 2 * tmp[r + x] + tmp[dn + x]);
                }
            }
        });
        return out;
    }

    private static void gradients(Pyramid p, int l, FlowPool pool) {
        int w = p.width[l];
        int h = p.height[l];
        float[] a = p.image[l];
        float[] gx = new float[w * h];
        float[] gy = new float[w * h];
        pool.rows(h, (from, to) -> {
            for (int y = from; y < to; y++) {
                int up = Math.max(0, y - 1) * w;
                int r = y * w;
                int dn = Math.min(h - 1, y + 1) * w;
                for (int x = 0; x < w; x++) {
                    int xl = Math.max(0, x - 1);
                    int xr = Math.min(w - 1, x + 1);
                    gx[r + x] = ((a[up + xr] - a[up + xl]) + 2 * (a[r + xr] - a[r + xl]) + (a[dn + xr] - a[dn + xl]))
                            * 0.125f;
                    gy[r + x] = ((a[dn + xl] - a[up + xl]) + 2 * (a[dn + x] - a[up + x]) + (a[dn + xr] - a[up + xr]))
                            * 0.125f;
                }
            }
        });
        p.gradX[l] = gx;
        p.gradY[l] = gy;
    }
}
