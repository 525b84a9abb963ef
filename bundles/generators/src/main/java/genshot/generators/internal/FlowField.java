package genshot.generators.internal;

/**
 * A dense motion field: for each pixel of the first image, where it is in the second ({@code x + u}, {@code y + v}),
 * in pixels of this field's grid.
 */
final class FlowField {
    final int width;
    final int height;
    final float[] u;
    final float[] v;

    FlowField(int width, int height) {
        this(width, height, new float[width * height], new float[width * height]);
    }

    FlowField(int width, int height, float[] u, float[] v) {
        if (u.length != width * height || v.length != width * height) {
            throw new IllegalArgumentException("flow " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.u = u;
        this.v = v;
    }

    /** The median of each component over the rectangle {@code [x0, x1) x [y0, y1)} (for tests and diagnostics). */
    float[] median(int x0, int y0, int x1, int y1) {
        int n = (x1 - x0) * (y1 - y0);
        float[] a = new float[n];
        float[] b = new float[n];
        int k = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                a[k] = u[y * width + x];
                b[k++] = v[y * width + x];
            }
        }
        return new float[] {select(a, 0, n, n / 2), select(b, 0, n, n / 2)};
    }

    /**
     * The value that {@code Arrays.sort(a, from, to)} would put at {@code from + k} ({@link Float#compare} order),
     * found by selection (quickselect on the floats' ordered bit patterns) in linear time instead of a sort;
     * {@code a} is left as it was.
     */
    static float select(float[] a, int from, int to, int k) {
        int n = to - from;
        if (k < 0 || k >= n) {
            throw new IllegalArgumentException("element " + k + " of " + n);
        }
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = ordered(Float.floatToIntBits(a[from + i]));
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            // Hoare partition around the median of three
            int mid = (lo + hi) >>> 1;
            int p = Math.max(Math.min(s[lo], s[mid]), Math.min(Math.max(s[lo], s[mid]), s[hi]));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (s[i] < p) {
                    i++;
                }
                while (s[j] > p) {
                    j--;
                }
                if (i <= j) {
                    int t = s[i];
                    s[i++] = s[j];
                    s[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break; // between the two parts: equal to the pivot
            }
        }
        return Float.intBitsToFloat(ordered(s[k]));
    }

    /** Float bits to an int of the same order (and back: the map is its own inverse). */
    private static int ordered(int bits) {
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** A copy whose vectors are softly limited to {@code limit} pixels: {@code m -> limit * tanh(m / limit)}. */
    FlowField limited(float limit) {
        FlowField out = new FlowField(width, height);
        for (int i = 0; i < u.length; i++) {
            float m = (float) Math.sqrt(u[i] * u[i] + v[i] * v[i]);
            float s = m < 1e-6f ? 1f : (float) (limit * Math.tanh(m / limit) / m);
            out.u[i] = u[i] * s;
            out.v[i] = v[i] * s;
        }
        return out;
    }

    /** A copy scaled by {@code s}. */
    FlowField scaled(float s) {
        FlowField out = new FlowField(width, height);
        for (int i = 0; i < u.length; i++) {
            out.u[i] = u[i] * s;
            out.v[i] = v[i] * s;
        }
        return out;
    }

    /** Bilinear sample of {@code a} ({@code w x h}) at {@code (x, y)}, the border repeated outside. */
    static float bilinear(float[] a, int w, int h, float x, float y) {
        if (x < 0) {
            x = 0;
        } else if (x > w - 1) {
            x = w - 1;
        }
        if (y < 0) {
            y = 0;
        } else if (y > h - 1) {
            y = h - 1;
        }
        int x0 = (int) x;
        int y0 = (int) y;
        float fx = x - x0;
        float fy = y - y0;
        int x1 = x0 + 1 < w ? x0 + 1 : x0;
        int r0 = y0 * w;
        int r1 = (y0 + 1 < h ? y0 + 1 : y0) * w;
        float a0 = a[r0 + x0] + fx * (a[r0 + x1] - a[r0 + x0]);
        float a1 = a[r1 + x0] + fx * (a[r1 + x1] - a[r1 + x0]);
        return a0 + fy * (a1 - a0);
    }
}
