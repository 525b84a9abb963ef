package genshot.generators.internal;

/**
 * Makes the in-between pictures: per frame, a small field (at the flow's size) says for every point where to
 * fetch it from side A and from side B and how much of each to take; the full-size picture then samples both
 * sides along it (backward warping, bilinear) and blends.
 *
 * <p>Occlusion: a pixel of A whose flow into B does not come back (forward-backward check) or leaves the frame
 * is seen in A only; the same the other way round. For each point of the in-between picture the flow is inverted
 * towards each side (fixed-point iteration); a side whose inversion does not converge or leaves the frame has no
 * candidate there. Between two candidates, one seen at both ends beats one seen at one end only (it is in front
 * in between); otherwise both are blended by time.
 */
final class WarpRenderer {
    /** Fixed-point steps when inverting a flow ({@code p + t F(p) = x}). */
    static final int INVERSION_STEPS = 4;
    private static final int F = 5;
    /** Flow pixels within which two inversion iterates count as one point. */
    static final float SAME_POINT = 1e-3f;
    /** Residual (flow pixels) below which an inversion counts as converged onto a fixed point. */
    static final float CONVERGED = 0.01f;

    final int width;
    final int height;
    final int factor;
    final int fw;
    final int fh;
    private final FlowPool pool;
    /** Per flow pixel: A offset x, y; B offset x, y (flow pixels); weight of A. */
    private final float[] field;
    /**
     * Per flow point, side A's then side B's: the further start that won at the last {@link #invertRow} with
     * search (-1: the plain start; {@link #UNKNOWN}: none tried).
     */
    private final byte[] won;
    private final int[] colX0;
    private final int[] colX1;
    private final float[] colFx;

    WarpRenderer(int width, int height, int factor, int fw, int fh, FlowPool pool) {
        this.width = width;
        this.height = height;
        this.factor = factor;
        this.fw = fw;
        this.fh = fh;
        this.pool = pool;
        this.field = new float[fw * fh * F];
        this.won = new byte[2 * fw * fh];
        java.util.Arrays.fill(won, UNKNOWN);
        colX0 = new int[width];
        colX1 = new int[width];
        colFx = new float[width];
        for (int x = 0; x < width; x++) {
            float g = toField(x, fw);
            colX0[x] = (int) g;
            colX1[x] = Math.min(fw - 1, colX0[x] + 1);
            colFx[x] = g - colX0[x];
        }
    }

    /** Frame coordinate to flow-grid coordinate, clamped to the grid. */
    private float toField(int x, int n) {
        float g = (x - (factor - 1) * 0.5f) / factor;
        return g < 0 ? 0 : g > n - 1 ? n - 1 : g;
    }

    /** Fields for the picture at time {@code t} (0 = A, 1 = B) between A and B. */
    /**
     * One side's flow towards the other and what goes with it: the occlusion map (1 = no partner on the other
     * side), the flow's gradient, and that gradient's maximum within {@link #NEAR} pixels (where a motion edge is
     * near enough for a start across it to matter).
     */
    record Side(FlowField flow, float[] occlusion, float[] edge, float[] near, float[] uv, float[] oe) {
        static Side of(FlowField flow, float[] occlusion, FlowPool pool) {
            float[] edge = gradient(flow, pool);
            // the flow's two components side by side, and occlusion and edge side by side: one cache line
            // holds what one bilinear sample needs
            return new Side(flow, occlusion, edge, dilate(edge, flow.width, flow.height, NEAR, pool),
                    interleave(flow.u, flow.v), interleave(occlusion, edge));
        }

        /**
         * This side with its flow replaced by a displacement field made for time {@code s} (e.g. along curved
         * paths) that is taken whole: the motion edges are this side's own, scaled by {@code s} (as the flow times
         * {@code s} would have them), so no gradient or dilation is computed again. The maps go into the arrays of
         * {@code room} (a side this one moved before, overwritten; null: new ones), so that a frame allocates
         * nothing.
         */
        Side moved(FlowField d, float s, Side room, FlowPool pool) {
            int w = d.width;
            float[] e = room == null ? new float[edge.length] : room.edge;
            float[] n = room == null ? new float[near.length] : room.near;
            float[] duv = room == null ? new float[2 * e.length] : room.uv;
            float[] doe = room == null ? new float[2 * e.length] : room.oe;
            pool.rows(d.height, (from, to) -> {
                for (int i = from * w; i < to * w; i++) {
                    e[i] = s * edge[i];
                    n[i] = s * near[i];
                    duv[2 * i] = d.u[i];
                    duv[2 * i + 1] = d.v[i];
                    doe[2 * i] = occlusion[i];
                    doe[2 * i + 1] = e[i];
                }
            });
            return new Side(d, occlusion, e, n, duv, doe);
        }

        private static float[] interleave(float[] a, float[] b) {
            float[] out = new float[a.length * 2];
            for (int i = 0; i < a.length; i++) {
                out[2 * i] = a[i];
                out[2 * i + 1] = b[i];
            }
            return out;
        }
    }

    /** How far (flow pixels) a motion edge may be for the extra starts to be tried. */
    static final int NEAR = 14;

    void interpolate(Side sideA, Side sideB, float t) {
        interpolate(sideA, t, sideB, 1 - t, t);
    }

    /**
     * Fields for the picture at time {@code t} whose points come from A along {@code ta} times A's field and from
     * B along {@code tb} times B's field (with the flows A→B and B→A: {@code ta = t}, {@code tb = 1 - t}; with
     * displacement fields already made for time {@code t}, e.g. curved trajectories: both 1).
     */
    void interpolate(Side sideA, float ta, Side sideB, float tb, float t) {
        interpolate(sideA, ta, sideB, tb, t, true);
    }

    /**
     * As {@link #interpolate(Side, float, Side, float, float)}; with {@code search} false, the points that are not
     * clean try only the further start that won there at the last frame made with {@code search} (see
     * {@link #invertRow}).
     */
    void interpolate(Side sideA, float ta, Side sideB, float tb, float t, boolean search) {
        pool.rows(fh, (from, to) -> {
            Row row = new Row(fw);
            float[] ca = row.ca;
            float[] cb = row.cb;
            for (int y = from; y < to; y++) {
                // A: the point p of A that the flow carries to x at time t: p + t * ab(p) = x
                // B: the point q of B carried back to x: q + (1 - t) * ba(q) = x
                // (the plain starts of the whole row, then each point's further starts where needed)
                invertRow(sideA, ta, sideB, tb, y, row, search);
                for (int x = 0; x < fw; x++) {
                    int c = x * 5;
                    // how much each candidate deserves: found at all (converged, inside the frame), and then
                    // more if it is seen at both ends (a point seen at both ends is in front in between)
                    float sa = clamp01(1.5f - ca[c + 2]) * (2 - ca[c + 3]) * (1 - stretch(ca[c + 4], ta));
                    float sb = clamp01(1.5f - cb[c + 2]) * (2 - cb[c + 3]) * (1 - stretch(cb[c + 4], tb));
                    float wa = 1 - t;
                    float wb = t;
                    float d = sa - sb;
                    if (d > 0) {
                        wb *= Math.max(0, 1 - d);
                    } else if (d < 0) {
                        wa *= Math.max(0, 1 + d);
                    }
                    float sum = wa + wb;
                    int o = (y * fw + x) * F;
                    field[o] = ca[c] - x;
                    field[o + 1] = ca[c + 1] - y;
                    field[o + 2] = cb[c] - x;
                    field[o + 3] = cb[c + 1] - y;
                    field[o + 4] = sum > 1e-6f ? wa / sum : 1 - t;
                }
            }
        });
    }

    /**
     * Room for one row of the flow grid: per point the candidate of each side ({@code ca}, {@code cb}: 5 floats a
     * point, as {@link #invert} writes them) and the chains of the plain starts.
     */
    static final class Row {
        final float[] ca;
        final float[] cb;
        final float[] px;
        final float[] py;
        final float[] one = new float[5];
        final float[] next = new float[5];

        Row(int fw) {
            ca = new float[fw * 5];
            cb = new float[fw * 5];
            px = new float[fw];
            py = new float[fw];
        }
    }

    /** Start offsets (flow pixels) tried when the plain start does not find a clean source point. */
    private static final float[] STARTS = starts();

    private static float[] starts() {
        float[] radii = {4, 12};
        float[] out = new float[radii.length * 16];
        int k = 0;
        for (float r : radii) {
            for (int d = 0; d < 8; d++) {
                double ang = Math.PI / 4 * d;
                out[k++] = (float) (r * Math.cos(ang));
                out[k++] = (float) (r * Math.sin(ang));
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /**
     * The source point p with {@code p + s * flow(p) = (x, y)}, by fixed-point iteration from {@code x - s *
     * flow(x)}; where that start does not end on a clean point (converged, seen on the other side), also from the
     * flow found a little way off in eight directions, since near a motion edge the right start lies across it.
     * Writes {px, py, residual (flow pixels; large when off the frame), occlusion at p, edge at p}.
     *
     * <p>This is the definition, one start after the other; {@link #interpolate} computes the same, to the bit,
     * with chains of dependent samples side by side ({@link #invertRow}).
     */
    void invert(Side side, float s, int x, int y, float[] out) {
        float[] uv = side.uv();
        float[] oe = side.oe();
        int i = y * fw + x;
        fixedPoint(uv, oe, s, x, y, x - s * uv[2 * i], y - s * uv[2 * i + 1], out, Float.POSITIVE_INFINITY,
                Float.NaN, Float.NaN);
        if (out[2] < 0.25f && out[3] < 0.5f && stretch(out[4], s) == 0 || out[2] >= 100
                || s * side.near()[i] < 0.15f) {
            return;
        }
        float bx = out[0];
        float by = out[1];
        float br = out[2];
        float bo = out[3];
        float be = out[4];
        float best = br + 2 * bo + 2 * stretch(be, s);
        for (int k = 0; k < STARTS.length; k += 2) {
            float sx = x + STARTS[k];
            float sy = y + STARTS[k + 1];
            sample2(uv, sx, sy, out);
            boolean fixed = br < CONVERGED;
            if (!fixedPoint(uv, oe, s, x, y, x - s * out[0], y - s * out[1], out, best, fixed ? bx : Float.NaN,
                    fixed ? by : Float.NaN)) {
                continue;
            }
            float score = out[2] + 2 * out[3] + 2 * stretch(out[4], s);
            if (score < best) {
                best = score;
                bx = out[0];
                by = out[1];
                br = out[2];
                bo = out[3];
                be = out[4];
                if (br < 0.25f && bo < 0.5f && stretch(be, s) == 0) {
                    break;
                }
            }
        }
        out[0] = bx;
        out[1] = by;
        out[2] = br;
        out[3] = bo;
        out[4] = be;
    }

    /**
     * {@link #invert} for side A ({@code sa}) and side B ({@code sb}) at every point of row {@code y}, into
     * {@code row.ca} and {@code row.cb} (5 floats a point). The plain starts of the whole row run step by step
     * (each step of every point's chain before the next step of any: the chains are independent, so the processor
     * overlaps them), then each point's further starts where needed.
     */
    void invertRow(Side sideA, float sa, Side sideB, float sb, int y, Row row) {
        invertRow(sideA, sa, sideB, sb, y, row, true);
    }

    /**
     * As {@link #invertRow(Side, float, Side, float, int, Row)}, where {@code search} says how the points that are
     * not clean are refined. With {@code search}, by the whole search ({@link #invert}), and the start that won at
     * each point is kept ({@link #won}). Without, by the start that won there at the last search only (or the
     * whole search where none was kept): from one frame to the next the flow at a point changes little and the
     * winner stays the same, so frames between two searches cost one further start a point instead of sixteen.
     * The point found is then the winner's, or the plain start's where that one scores better now.
     */
    void invertRow(Side sideA, float sa, Side sideB, float sb, int y, Row row, boolean search) {
        startRow(sideA, sa, y, row, row.ca);
        startRow(sideB, sb, y, row, row.cb);
        float[] one = row.one;
        int r = y * fw;
        for (int x = 0; x < fw; x++) {
            int i = r + x;
            int a = refineAt(sideA, sa, x, y, row.ca, x * 5, one, row.next, search ? UNKNOWN : won[i]);
            int b = refineAt(sideB, sb, x, y, row.cb, x * 5, one, row.next, search ? UNKNOWN : won[fw * fh + i]);
            if (search) {
                won[i] = (byte) a;
                won[fw * fh + i] = (byte) b;
            }
        }
    }

    /** In {@link #won}: no search made there (the point was clean or had no motion edge near). */
    private static final byte UNKNOWN = -2;

    /**
     * {@link #refine} of the candidate at {@code c[o..o+4]}, through {@code one} (5 floats of room), or with a
     * {@code hint} (not {@link #UNKNOWN}), the start that won at the last search only. Returns the start that
     * won: -1 for the plain start, {@link #UNKNOWN} where no further start was needed.
     */
    private int refineAt(Side side, float s, int x, int y, float[] c, int o, float[] one, float[] next, int hint) {
        if (c[o + 2] < 0.25f && c[o + 3] < 0.5f && stretch(c[o + 4], s) == 0 || c[o + 2] >= 100
                || s * side.near()[y * fw + x] < 0.15f) {
            return UNKNOWN; // as refine: clean, off the frame, or no motion edge near enough to start across
        }
        System.arraycopy(c, o, one, 0, 5);
        int winner = hint == UNKNOWN ? refine(side, s, x, y, one, next) : hinted(side, s, x, y, one, hint);
        System.arraycopy(one, 0, c, o, 5);
        return winner;
    }

    /**
     * The plain start of {@link #invert} at every point of row {@code y}: the same arithmetic as
     * {@link #fixedPoint} from {@code x - s * flow(x)} (no bound, no point to avoid), into {@code out} (5 floats a
     * point). A chain that reaches a fixed point stays on it, so all steps are run.
     */
    private void startRow(Side side, float s, int y, Row row, float[] out) {
        final int w = fw;
        final int h = fh;
        final float maxX = w - 1;
        final float maxY = h - 1;
        final float[] uv = side.uv();
        final float[] px = row.px;
        final float[] py = row.py;
        int r = y * w;
        for (int x = 0; x < w; x++) {
            px[x] = x - s * uv[2 * (r + x)];
            py[x] = y - s * uv[2 * (r + x) + 1];
        }
        for (int k = 0; k <= INVERSION_STEPS; k++) {
            boolean last = k == INVERSION_STEPS;
            for (int x = 0; x < w; x++) {
                float ax = px[x];
                float ay = py[x];
                float cx = ax < 0 ? 0 : ax > maxX ? maxX : ax;
                float cy = ay < 0 ? 0 : ay > maxY ? maxY : ay;
                int x0 = (int) cx;
                int y0 = (int) cy;
                float fx = cx - x0;
                float fy = cy - y0;
                int i00 = (y0 * w + x0) * 2;
                int i10 = x0 + 1 < w ? i00 + 2 : i00;
                int i01 = y0 + 1 < h ? i00 + 2 * w : i00;
                int i11 = x0 + 1 < w ? i01 + 2 : i01;
                float a00 = uv[i00];
                float a01 = uv[i01];
                float u0 = a00 + fx * (uv[i10] - a00);
                float u1 = a01 + fx * (uv[i11] - a01);
                float b00 = uv[i00 + 1];
                float b01 = uv[i01 + 1];
                float v0 = b00 + fx * (uv[i10 + 1] - b00);
                float v1 = b01 + fx * (uv[i11 + 1] - b01);
                float su = u0 + fy * (u1 - u0);
                float sv = v0 + fy * (v1 - v0);
                if (last) {
                    landed(side.oe(), s, x, y, ax, ay, su, sv, out, x * 5);
                } else {
                    px[x] = x - s * su;
                    py[x] = y - s * sv;
                }
            }
        }
    }

    /**
     * The end of {@link #fixedPoint} without a bound: residual, off the frame, occlusion and edge there, into
     * {@code out[o..o+4]}.
     */
    private void landed(float[] oe, float s, int x, int y, float px, float py, float su, float sv, float[] out,
                        int o) {
        float r = Math.abs(px + s * su - x) + Math.abs(py + s * sv - y);
        if (px < -0.5f || py < -0.5f || px > fw - 0.5f || py > fh - 0.5f) {
            r = 100; // off the frame: no candidate on this side
        }
        out[o] = px;
        out[o + 1] = py;
        out[o + 2] = r;
        sample2(oe, px, py, out, o + 3);
    }

    /**
     * The end of {@link #fixedPoint} at {@code (px, py)} (where the flow is {@code (su, sv)}): false, without
     * occlusion and edge, when the residual is not below {@code bound}.
     */
    private boolean landed(float[] oe, float s, int x, int y, float px, float py, float su, float sv, float bound,
                           float[] out) {
        float r = Math.abs(px + s * su - x) + Math.abs(py + s * sv - y);
        if (px < -0.5f || py < -0.5f || px > fw - 0.5f || py > fh - 0.5f) {
            r = 100; // off the frame: no candidate on this side
        }
        out[0] = px;
        out[1] = py;
        out[2] = r;
        if (!(r < bound)) {
            return false;
        }
        sample2(oe, px, py, out, 3);
        return true;
    }

    /**
     * The plain start's point (in {@code out}) against further start {@code hint} alone (-1: none), as
     * {@link #refine} compares two; returns {@code hint}.
     */
    private int hinted(Side side, float s, int x, int y, float[] out, int hint) {
        if (hint < 0) {
            return hint;
        }
        float[] uv = side.uv();
        float[] oe = side.oe();
        float best = out[2] + 2 * out[3] + 2 * stretch(out[4], s);
        boolean fixed = out[2] < CONVERGED;
        float bx = out[0];
        float by = out[1];
        float br = out[2];
        float bo = out[3];
        float be = out[4];
        sample2(uv, x + STARTS[2 * hint], y + STARTS[2 * hint + 1], out);
        if (fixedPoint(uv, oe, s, x, y, x - s * out[0], y - s * out[1], out, best, fixed ? bx : Float.NaN,
                fixed ? by : Float.NaN) && out[2] + 2 * out[3] + 2 * stretch(out[4], s) < best) {
            return hint;
        }
        out[0] = bx;
        out[1] = by;
        out[2] = br;
        out[3] = bo;
        out[4] = be;
        return hint;
    }

    /**
     * The rest of {@link #invert} after its plain start (in {@code out}): where that did not end on a clean
     * point, the further starts ({@code next}: room for a second result). Returns the start that won (-1: the
     * plain start).
     */
    private int refine(Side side, float s, int x, int y, float[] out, float[] next) {
        int winner = -1;
        float[] uv = side.uv();
        float[] oe = side.oe();
        int i = y * fw + x;
        if (out[2] < 0.25f && out[3] < 0.5f && stretch(out[4], s) == 0 || out[2] >= 100
                || s * side.near()[i] < 0.15f) {
            return -1; // clean, off the frame, or no motion edge near enough to start across
        }
        float bx = out[0];
        float by = out[1];
        float br = out[2];
        float bo = out[3];
        float be = out[4];
        float best = br + 2 * bo + 2 * stretch(be, s);
        int n = STARTS.length / 2;
        for (int k = 0; k < n; ) {
            // a best point that is a fixed point (tiny residual) is where an iterate that comes near it stays
            boolean fixed = br < CONVERGED;
            float qx = fixed ? bx : Float.NaN;
            float qy = fixed ? by : Float.NaN;
            // starts k and k + 1 side by side, both against the best so far; start k + 1's result stands only
            // if start k leaves the best unchanged (else it is run again against the new best)
            int both = k + 1 < n ? fixedPoints(uv, oe, s, x, y, k, best, qx, qy, out, next) : fixedPoints(uv, oe,
                    s, x, y, k, best, qx, qy, out, null);
            boolean changed = false;
            if ((both & 1) != 0) {
                float score = out[2] + 2 * out[3] + 2 * stretch(out[4], s);
                if (score < best) {
                    best = score;
                    bx = out[0];
                    by = out[1];
                    br = out[2];
                    bo = out[3];
                    be = out[4];
                    changed = true;
                    winner = k;
                    if (br < 0.25f && bo < 0.5f && stretch(be, s) == 0) {
                        break; // clean: converged, seen on both sides, not on an edge
                    }
                }
            }
            if (changed || k + 1 >= n) {
                k++;
                continue;
            }
            if ((both & 2) != 0) {
                float score = next[2] + 2 * next[3] + 2 * stretch(next[4], s);
                if (score < best) {
                    best = score;
                    bx = next[0];
                    by = next[1];
                    br = next[2];
                    bo = next[3];
                    be = next[4];
                    winner = k + 1;
                    if (br < 0.25f && bo < 0.5f && stretch(be, s) == 0) {
                        break;
                    }
                }
            }
            k += 2;
        }
        out[0] = bx;
        out[1] = by;
        out[2] = br;
        out[3] = bo;
        out[4] = be;
        return winner;
    }

    /**
     * 0..1: how far a source point on a motion edge (flow gradient {@code g} per pixel) is stretched when moved
     * by {@code s} of its flow. Inside a smooth field nothing is; across the blurred edge between two motions, a
     * few pixels would be smeared over the whole swept band, so such points are not trusted.
     */
    static float stretch(float g, float s) {
        return clamp01((s * g - 0.25f) * 2);
    }

    /**
     * The maximum of {@code a} within {@code r} pixels (a square), separably; each line by van Herk / Gil-Werman
     * (running maxima within blocks of {@code 2r + 1}, forwards and backwards: three comparisons a pixel whatever
     * {@code r}). Maxima are exact, so the result is the plain window's.
     */
    static float[] dilate(float[] a, int w, int h, int r, FlowPool pool) {
        float[] tmp = new float[w * h];
        float[] out = new float[w * h];
        pool.rows(h, (from, to) -> {
            float[] pre = new float[w];
            float[] suf = new float[w];
            for (int y = from; y < to; y++) {
                maxLine(a, y * w, 1, w, r, pre, suf, tmp);
            }
        });
        pool.rows(w, (from, to) -> {
            float[] pre = new float[h];
            float[] suf = new float[h];
            for (int x = from; x < to; x++) {
                maxLine(tmp, x, w, h, r, pre, suf, out);
            }
        });
        return out;
    }

    /**
     * {@code out[o + i * step] = max(0, a[o + j * step] for |j - i| <= r, 0 <= j < n)} for the {@code n} samples
     * of one line.
     */
    static void maxLine(float[] a, int o, int step, int n, int r, float[] pre, float[] suf, float[] out) {
        int k = 2 * r + 1;
        for (int i = 0; i < n; i++) {
            float v = a[o + i * step];
            pre[i] = i % k == 0 ? v : Math.max(pre[i - 1], v);
        }
        for (int i = n - 1; i >= 0; i--) {
            float v = a[o + i * step];
            suf[i] = i % k == k - 1 || i == n - 1 ? v : Math.max(suf[i + 1], v);
        }
        for (int i = 0; i < n; i++) {
            int l = Math.max(0, i - r);
            int e = Math.min(n - 1, i + r);
            float m;
            if (l / k != e / k) {
                m = Math.max(suf[l], pre[e]);
            } else if (l % k == 0) {
                m = pre[e];
            } else {
                m = suf[l];
            }
            out[o + i * step] = Math.max(0, m);
        }
    }

    /** Per pixel, the larger of the flow's total change along x and along y (central differences). */
    static float[] gradient(FlowField f, FlowPool pool) {
        int w = f.width;
        int h = f.height;
        float[] g = new float[w * h];
        pool.rows(h, (from, to) -> {
            for (int y = from; y < to; y++) {
                int up = Math.max(0, y - 1) * w;
                int dn = Math.min(h - 1, y + 1) * w;
                int r = y * w;
                for (int x = 0; x < w; x++) {
                    int xl = r + Math.max(0, x - 1);
                    int xr = r + Math.min(w - 1, x + 1);
                    float gx = 0.5f * (Math.abs(f.u[xr] - f.u[xl]) + Math.abs(f.v[xr] - f.v[xl]));
                    float gy = 0.5f * (Math.abs(f.u[dn + x] - f.u[up + x]) + Math.abs(f.v[dn + x] - f.v[up + x]));
                    g[r + x] = Math.max(gx, gy);
                }
            }
        });
        return g;
    }

    /**
     * {@link #fixedPoint} from the further starts {@code k} and (with {@code second}) {@code k + 1} of
     * {@link #STARTS} around {@code (x, y)}, both against the same {@code bound} and point to avoid
     * {@code (qx, qy)}, their chains of dependent samples interleaved; results in {@code first} and
     * {@code second}. Returns bit 1 when start {@code k} gives a candidate, bit 2 when start {@code k + 1} does
     * (what {@link #fixedPoint} would return for each).
     */
    private int fixedPoints(float[] uv, float[] oe, float s, int x, int y, int k, float bound, float qx, float qy,
                            float[] first, float[] second) {
        float[] t = first;
        sample2(uv, x + STARTS[2 * k], y + STARTS[2 * k + 1], t);
        float ax = x - s * t[0];
        float ay = y - s * t[1];
        if (second == null) {
            return fixedPoint(uv, oe, s, x, y, ax, ay, first, bound, qx, qy) ? 1 : 0;
        }
        sample2(uv, x + STARTS[2 * k + 2], y + STARTS[2 * k + 3], second);
        float bx = x - s * second[0];
        float by = y - s * second[1];
        // state: 0 running, 1 landed, 2 gave up (heads for the point to avoid)
        int sa = 0;
        int sb = 0;
        for (int step = 0; ; step++) {
            if (sa == 0) {
                sample2(uv, ax, ay, first);
            }
            if (sb == 0) {
                sample2(uv, bx, by, second);
            }
            if (step == INVERSION_STEPS) {
                break;
            }
            if (sa == 0) {
                float nx = x - s * first[0];
                float ny = y - s * first[1];
                if (nx == ax && ny == ay) {
                    sa = Math.abs(ax - qx) + Math.abs(ay - qy) < SAME_POINT ? 2 : 1;
                } else {
                    ax = nx;
                    ay = ny;
                    if (Math.abs(ax - qx) + Math.abs(ay - qy) < SAME_POINT) {
                        sa = 2;
                    }
                }
            }
            if (sb == 0) {
                float nx = x - s * second[0];
                float ny = y - s * second[1];
                if (nx == bx && ny == by) {
                    sb = Math.abs(bx - qx) + Math.abs(by - qy) < SAME_POINT ? 2 : 1;
                } else {
                    bx = nx;
                    by = ny;
                    if (Math.abs(bx - qx) + Math.abs(by - qy) < SAME_POINT) {
                        sb = 2;
                    }
                }
            }
            if (sa != 0 && sb != 0) {
                break;
            }
        }
        int got = 0;
        if (sa != 2 && landed(oe, s, x, y, ax, ay, first[0], first[1], bound, first)) {
            got |= 1;
        }
        if (sb != 2 && landed(oe, s, x, y, bx, by, second[0], second[1], bound, second)) {
            got |= 2;
        }
        return got;
    }

    /**
     * Fixed-point iteration from {@code (px, py)}; writes {px, py, residual, occlusion, edge}. When the residual
     * alone is not below {@code bound}, occlusion and edge are left out (the score adds only non-negative terms to
     * the residual, so such a point cannot win) and false is returned; so too, without finishing, when an
     * iterate comes within {@link #SAME_POINT} of {@code (qx, qy)} (the best point so far: converging there, it
     * would score the same).
     */
    private boolean fixedPoint(float[] uv, float[] oe, float s, int x, int y, float px, float py, float[] out,
                               float bound, float qx, float qy) {
        // sample2 written out (the same arithmetic, in locals): this loop is most of the bridge's time a frame
        final int w = fw;
        final int h = fh;
        final float maxX = w - 1;
        final float maxY = h - 1;
        float su;
        float sv;
        for (int k = 0; ; k++) {
            float cx = px < 0 ? 0 : px > maxX ? maxX : px;
            float cy = py < 0 ? 0 : py > maxY ? maxY : py;
            int x0 = (int) cx;
            int y0 = (int) cy;
            float fx = cx - x0;
            float fy = cy - y0;
            int i00 = (y0 * w + x0) * 2;
            int i10 = x0 + 1 < w ? i00 + 2 : i00;
            int i01 = y0 + 1 < h ? i00 + 2 * w : i00;
            int i11 = x0 + 1 < w ? i01 + 2 : i01;
            float a00 = uv[i00];
            float a01 = uv[i01];
            float u0 = a00 + fx * (uv[i10] - a00);
            float u1 = a01 + fx * (uv[i11] - a01);
            float b00 = uv[i00 + 1];
            float b01 = uv[i01 + 1];
            float v0 = b00 + fx * (uv[i10 + 1] - b00);
            float v1 = b01 + fx * (uv[i11 + 1] - b01);
            su = u0 + fy * (u1 - u0);
            sv = v0 + fy * (v1 - v0);
            if (k == INVERSION_STEPS) {
                break;
            }
            float nx = x - s * su;
            float ny = y - s * sv;
            if (nx == px && ny == py) {
                // a fixed point to the last bit: every further step gives this point and this sample again
                if (Math.abs(px - qx) + Math.abs(py - qy) < SAME_POINT) {
                    return false;
                }
                break;
            }
            px = nx;
            py = ny;
            if (Math.abs(px - qx) + Math.abs(py - qy) < SAME_POINT) {
                return false;
            }
        }
        float r = Math.abs(px + s * su - x) + Math.abs(py + s * sv - y);
        if (px < -0.5f || py < -0.5f || px > w - 0.5f || py > h - 0.5f) {
            r = 100; // off the frame: no candidate on this side
        }
        out[0] = px;
        out[1] = py;
        out[2] = r;
        if (!(r < bound)) {
            return false;
        }
        sample2(oe, px, py, out, 3);
        return true;
    }

    private void sample2(float[] a, float x, float y, float[] out) {
        sample2(a, x, y, out, 0);
    }

    /**
     * Both channels of an interleaved two-channel field at {@code (x, y)}, bilinear with the border repeated, into
     * {@code out[o..o+1]} (the same arithmetic as {@link FlowField#bilinear} per channel).
     */
    private void sample2(float[] a, float x, float y, float[] out, int o) {
        x = x < 0 ? 0 : x > fw - 1 ? fw - 1 : x;
        y = y < 0 ? 0 : y > fh - 1 ? fh - 1 : y;
        int x0 = (int) x;
        int y0 = (int) y;
        float fx = x - x0;
        float fy = y - y0;
        int i00 = (y0 * fw + x0) * 2;
        int i10 = x0 + 1 < fw ? i00 + 2 : i00;
        int i01 = y0 + 1 < fh ? i00 + 2 * fw : i00;
        int i11 = x0 + 1 < fw ? i01 + 2 : i01;
        float u0 = a[i00] + fx * (a[i10] - a[i00]);
        float u1 = a[i01] + fx * (a[i11] - a[i01]);
        float v0 = a[i00 + 1] + fx * (a[i10 + 1] - a[i00 + 1]);
        float v1 = a[i01 + 1] + fx * (a[i11 + 1] - a[i01 + 1]);
        out[o] = u0 + fy * (u1 - u0);
        out[o + 1] = v0 + fy * (v1 - v0);
    }

    /**
     * Fields for one side carried along its own motion: the picture shows the source pixel p with
     * {@code p = x + tau * flow(p)} (flow: from the side's frame at the cut towards the frame farther from the gap,
     * per frame), only side A is used.
     */
    void extrapolate(FlowField flow, float tau) {
        pool.rows(fh, (from, to) -> {
            for (int y = from; y < to; y++) {
                for (int x = 0; x < fw; x++) {
                    int i = y * fw + x;
                    float px = x + tau * flow.u[i];
                    float py = y + tau * flow.v[i];
                    for (int s = 0; s < INVERSION_STEPS; s++) {
                        float nx = x + tau * FlowField.bilinear(flow.u, fw, fh, px, py);
                        float ny = y + tau * FlowField.bilinear(flow.v, fw, fh, px, py);
                        px = nx;
                        py = ny;
                    }
                    int o = i * F;
                    field[o] = px - x;
                    field[o + 1] = py - y;
                    field[o + 2] = 0;
                    field[o + 3] = 0;
                    field[o + 4] = 1;
                }
            }
        });
    }

    /** Fields for a still dissolve: no motion, A weighted {@code 1 - t}. */
    void dissolve(float t) {
        int n = fw * fh;
        for (int i = 0; i < n; i++) {
            int o = i * F;
            field[o] = 0;
            field[o + 1] = 0;
            field[o + 2] = 0;
            field[o + 3] = 0;
            field[o + 4] = 1 - t;
        }
    }

    /**
     * A BGR picture as {@link #render} samples it: its levels (0..255) as floats, converted once for all the frames
     * made from it (every frame samples each side's pixels about four times over).
     */
    static float[] levels(byte[] bgr, FlowPool pool) {
        float[] out = new float[bgr.length];
        int rows = Math.max(1, bgr.length / 3072);
        pool.rows(rows, (from, to) -> {
            int end = to == rows ? bgr.length : to * 3072;
            for (int i = from * 3072; i < end; i++) {
                out[i] = bgr[i] & 255;
            }
        });
        return out;
    }

    /**
     * The full-size picture from the current fields: A and B (BGR at the frame size as {@link #levels}; B may be
     * null when A's weight is 1 everywhere) through the per-side colour maps {@code colour = {gainA[3],
     * offsetA[3], gainB[3], offsetB[3]}} (value * gain + offset).
     */
    void render(float[] a, float[] b, float[] colour, byte[] out) {
        final int w = width;
        final int h = height;
        final float f = factor;
        final float ga0 = colour[0];
        final float ga1 = colour[1];
        final float ga2 = colour[2];
        final float oa0 = colour[3];
        final float oa1 = colour[4];
        final float oa2 = colour[5];
        final float gb0 = colour[6];
        final float gb1 = colour[7];
        final float gb2 = colour[8];
        final float ob0 = colour[9];
        final float ob1 = colour[10];
        final float ob2 = colour[11];
        final int[] cx0 = colX0;
        final int[] cx1 = colX1;
        final float[] cfx = colFx;
        pool.rows(h, (from, to) -> {
            float[] row = new float[fw * F];
            for (int y = from; y < to; y++) {
                float gy = toField(y, fh);
                int y0 = (int) gy;
                int y1 = Math.min(fh - 1, y0 + 1);
                float fy = gy - y0;
                // the fields between two flow rows, once per picture row
                int r0 = y0 * fw * F;
                int r1 = y1 * fw * F;
                for (int k = 0; k < row.length; k++) {
                    row[k] = field[r0 + k] + fy * (field[r1 + k] - field[r0 + k]);
                }
                int o = y * w * 3;
                for (int x = 0; x < w; x++, o += 3) {
                    float fx = cfx[x];
                    int i0 = cx0[x] * F;
                    int i1 = cx1[x] * F;
                    float wa = row[i0 + 4] + fx * (row[i1 + 4] - row[i0 + 4]);
                    float r = 0;
                    float g = 0;
                    float bl = 0;
                    if (wa > 1e-4f) {
                        float ax = row[i0] + fx * (row[i1] - row[i0]);
                        float ay = row[i0 + 1] + fx * (row[i1 + 1] - row[i0 + 1]);
                        // bilinear BGR sample of A, the border repeated outside (never wrapping)
                        float sx = x + f * ax;
                        float sy = y + f * ay;
                        sx = sx < 0 ? 0 : sx > w - 1 ? w - 1 : sx;
                        sy = sy < 0 ? 0 : sy > h - 1 ? h - 1 : sy;
                        int x0 = (int) sx;
                        int y0s = (int) sy;
                        float px = sx - x0;
                        float py = sy - y0s;
                        int i00 = (y0s * w + x0) * 3;
                        int i10 = x0 + 1 < w ? i00 + 3 : i00;
                        int i01 = y0s + 1 < h ? i00 + w * 3 : i00;
                        int i11 = x0 + 1 < w ? i01 + 3 : i01;
                        float c00 = a[i00];
                        float c10 = a[i10];
                        float c01 = a[i01];
                        float c11 = a[i11];
                        float top = c00 + px * (c10 - c00);
                        float bot = c01 + px * (c11 - c01);
                        bl = wa * ((top + py * (bot - top)) * ga0 + oa0);
                        c00 = a[i00 + 1];
                        c10 = a[i10 + 1];
                        c01 = a[i01 + 1];
                        c11 = a[i11 + 1];
                        top = c00 + px * (c10 - c00);
                        bot = c01 + px * (c11 - c01);
                        g = wa * ((top + py * (bot - top)) * ga1 + oa1);
                        c00 = a[i00 + 2];
                        c10 = a[i10 + 2];
                        c01 = a[i01 + 2];
                        c11 = a[i11 + 2];
                        top = c00 + px * (c10 - c00);
                        bot = c01 + px * (c11 - c01);
                        r = wa * ((top + py * (bot - top)) * ga2 + oa2);
                    } else {
                        wa = 0;
                    }
                    if (wa < 1 - 1e-4f && b != null) {
                        float bx = row[i0 + 2] + fx * (row[i1 + 2] - row[i0 + 2]);
                        float by = row[i0 + 3] + fx * (row[i1 + 3] - row[i0 + 3]);
                        float sx = x + f * bx;
                        float sy = y + f * by;
                        sx = sx < 0 ? 0 : sx > w - 1 ? w - 1 : sx;
                        sy = sy < 0 ? 0 : sy > h - 1 ? h - 1 : sy;
                        int x0 = (int) sx;
                        int y0s = (int) sy;
                        float px = sx - x0;
                        float py = sy - y0s;
                        int i00 = (y0s * w + x0) * 3;
                        int i10 = x0 + 1 < w ? i00 + 3 : i00;
                        int i01 = y0s + 1 < h ? i00 + w * 3 : i00;
                        int i11 = x0 + 1 < w ? i01 + 3 : i01;
                        float wb = 1 - wa;
                        float c00 = b[i00];
                        float c10 = b[i10];
                        float c01 = b[i01];
                        float c11 = b[i11];
                        float top = c00 + px * (c10 - c00);
                        float bot = c01 + px * (c11 - c01);
                        bl += wb * ((top + py * (bot - top)) * gb0 + ob0);
                        c00 = b[i00 + 1];
                        c10 = b[i10 + 1];
                        c01 = b[i01 + 1];
                        c11 = b[i11 + 1];
                        top = c00 + px * (c10 - c00);
                        bot = c01 + px * (c11 - c01);
                        g += wb * ((top + py * (bot - top)) * gb1 + ob1);
                        c00 = b[i00 + 2];
                        c10 = b[i10 + 2];
                        c01 = b[i01 + 2];
                        c11 = b[i11 + 2];
                        top = c00 + px * (c10 - c00);
                        bot = c01 + px * (c11 - c01);
                        r += wb * ((top + py * (bot - top)) * gb2 + ob2);
                    } else {
                        float norm = wa > 0 ? 1 / wa : 0;
                        bl *= norm;
                        g *= norm;
                        r *= norm;
                    }
                    out[o] = toByte(bl);
                    out[o + 1] = toByte(g);
                    out[o + 2] = toByte(r);
                }
            }
        });
    }

    private static byte toByte(float v) {
        int i = (int) (v + 0.5f);
        return (byte) (i < 0 ? 0 : i > 255 ? 255 : i);
    }

    private static float clamp01(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
