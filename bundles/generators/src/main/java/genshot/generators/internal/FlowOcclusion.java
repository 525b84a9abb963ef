package genshot.generators.internal;

/**
 * Which pixels of a flow's first image have no partner in the second, and a flow that is usable there.
 * <ol>
 * <li>Forward-backward check: a pixel whose flow leaves the frame, or where the flow back from where it lands
 * does not return it ({@code |f + b|^2 > 0.01 (|f|^2 + |b|^2) + 0.5}), is unmatched.</li>
 * <li>Rematch: patch flow is blurred across motion edges, so pixels near an object's outline fail the check
 * though they are visible on both sides. For each unmatched pixel, the flows of the nearest matched pixels along
 * eight rays are tried; if one matches (5x5 mean absolute grey difference within {@link #MATCH_FACTOR} times the
 * typical one of matched pixels), the pixel takes
 * it and counts as matched.</li>
 * <li>Fill: a pixel that still has no match is being covered or uncovered, so it belongs to the layer behind,
 * most often the larger one (the background): of the ray candidates it takes the one nearest the picture's
 * dominant motion (median flow of matched pixels). Its own flow is meaningless and would make it fly apart.</li>
 * <li>The map is softened by a 3x3 average for blending.</li>
 * </ol>
 */
final class FlowOcclusion {
    /**
     * A candidate flow is taken when its 5x5 mean absolute grey difference is within this factor of the typical
     * difference of matched pixels (and at most {@link #MATCH_MAX} grey levels).
     */
    static final float MATCH_FACTOR = 1.5f;
    static final float MATCH_MAX = 6f;

    /** The resolved flow and the soft map (1 = no partner). */
    record Result(FlowField flow, float[] occlusion, double unmatchedShare) {
    }

    private FlowOcclusion() {
    }

    /**
     * @param there flow from image 0 to image 1
     * @param back flow from image 1 to image 0
     * @param i0 image 0, grey, at the flow's size
     * @param i1 image 1
     * @param reach how far (pixels) to look for matched neighbours
     */
    static Result resolve(FlowField there, FlowField back, float[] i0, float[] i1, int reach, FlowPool pool) {
        return resolve(there, back, i0, i1, reach, null, pool);
    }

    /**
     * As {@link #resolve(FlowField, FlowField, float[], float[], int, FlowPool)}, with a predicted flow (e.g.
     * carried from the motion on either side of a gap; null: none): an unmatched pixel that the prediction takes
     * out of the frame (a wide band on a long camera move), or with no matched pixel within reach, takes the
     * prediction, and between
     * ray candidates that do not match, the one nearest the prediction there rather than the picture's dominant
     * motion.
     */
    static Result resolve(FlowField there, FlowField back, float[] i0, float[] i1, int reach, FlowField predicted,
                          FlowPool pool) {
        int w = there.width;
        int h = there.height;
        float[] hard = check(there, back, pool);
        float[] dom = dominant(there, hard);
        FlowField out = new FlowField(w, h, there.u.clone(), there.v.clone());
        float[] resolved = hard.clone();
        float match = Math.min(MATCH_MAX, MATCH_FACTOR * typicalError(there, hard, i0, i1, pool));
        if (dom != null) {
            int[][] nearest = nearestMatched(hard, w, h, reach, pool);
            pool.rows(h, (from, to) -> {
                float[] cu = new float[8];
                float[] cv = new float[8];
                for (int y = from; y < to; y++) {
                    for (int x = 0; x < w; x++) {
                        int i = y * w + x;
                        if (hard[i] < 0.5f) {
                            continue;
                        }
                        if (predicted != null) {
                            float qx = x + predicted.u[i];
                            float qy = y + predicted.v[i];
                            if (qx < -0.5f || qy < -0.5f || qx > w - 0.5f || qy > h - 0.5f) {
                                // predicted to leave the frame: nothing on the other side to match, so the
                                // prediction is the best there is
                                out.u[i] = predicted.u[i];
                                out.v[i] = predicted.v[i];
                                continue;
                            }
                        }
                        int n = 0;
                        for (int d = 0; d < 8; d++) {
                            int j = nearest[d][i];
                            if (j >= 0) {
                                cu[n] = there.u[j];
                                cv[n++] = there.v[j];
                            }
                        }
                        if (n == 0) {
                            if (predicted != null) {
                                out.u[i] = predicted.u[i];
                                out.v[i] = predicted.v[i];
                            }
                            continue;
                        }
                        // a neighbour's motion that matches: the pixel was only blurred across an edge
                        float bestErr = match;
                        int best = -1;
                        candidates:
                        for (int c = 0; c < n; c++) {
                            float qx = x + cu[c];
                            float qy = y + cv[c];
                            if (qx < -0.5f || qy < -0.5f || qx > w - 0.5f || qy > h - 0.5f) {
                                continue;
                            }
                            for (int k = 0; k < c; k++) {
                                if (cu[k] == cu[c] && cv[k] == cv[c]) {
                                    continue candidates; // the same flow scores the same: the first one stands
                                }
                            }
                            float e = windowError(i0, i1, w, h, x, y, cu[c], cv[c]);
                            if (e < bestErr) {
                                bestErr = e;
                                best = c;
                            }
                        }
                        if (best >= 0) {
                            out.u[i] = cu[best];
                            out.v[i] = cv[best];
                            resolved[i] = 0;
                            continue;
                        }
                        // no match: the layer behind, taken as the one moving most like the whole picture
                        float bestDist = Float.MAX_VALUE;
                        float ru = predicted != null ? predicted.u[i] : dom[0];
                        float rv = predicted != null ? predicted.v[i] : dom[1];
                        for (int c = 0; c < n; c++) {
                            float du = cu[c] - ru;
                            float dv = cv[c] - rv;
                            float dist = du * du + dv * dv;
                            if (dist < bestDist) {
                                bestDist = dist;
                                out.u[i] = cu[c];
                                out.v[i] = cv[c];
                            }
                        }
                    }
                }
            });
        }
        long unmatched = 0;
        for (float o : resolved) {
            if (o >= 0.5f) {
                unmatched++;
            }
        }
        return new Result(out, soften(resolved, w, h, pool), (double) unmatched / resolved.length);
    }

    /** The eight ray directions, in the order candidates are tried. */
    private static final int[] DX = {1, -1, 0, 0, 1, 1, -1, -1};
    private static final int[] DY = {0, 0, 1, -1, 1, -1, 1, -1};

    /**
     * Per direction, per pixel: the nearest matched pixel along the ray from it (steps 1 to {@code reach}), or -1.
     * One scan per direction, visiting each pixel after the one a step further along the ray.
     */
    static int[][] nearestMatched(float[] hard, int w, int h, int reach) {
        try (FlowPool one = new FlowPool(1)) {
            return nearestMatched(hard, w, h, reach, one);
        }
    }

    /** As {@link #nearestMatched(float[], int, int, int)}, the eight directions on the pool's threads. */
    static int[][] nearestMatched(float[] hard, int w, int h, int reach, FlowPool pool) {
        int[][] out = new int[8][];
        pool.rows(8, (from, to) -> {
            int[] dist = new int[w * h];
            for (int d = from; d < to; d++) {
                out[d] = nearestMatched(hard, w, h, reach, d, dist);
            }
        });
        return out;
    }

    private static int[] nearestMatched(float[] hard, int w, int h, int reach, int d, int[] dist) {
        int dx = DX[d];
        int dy = DY[d];
        int[] near = new int[w * h];
        for (int yi = 0; yi < h; yi++) {
            int y = dy > 0 ? h - 1 - yi : yi;
            for (int xi = 0; xi < w; xi++) {
                int x = dx > 0 ? w - 1 - xi : xi;
                int i = y * w + x;
                int nx = x + dx;
                int ny = y + dy;
                if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
                    near[i] = -1;
                    continue;
                }
                int j = ny * w + nx;
                if (hard[j] < 0.5f) {
                    near[i] = j;
                    dist[i] = 1;
                } else if (near[j] >= 0 && dist[j] + 1 <= reach) {
                    near[i] = near[j];
                    dist[i] = dist[j] + 1;
                } else {
                    near[i] = -1;
                }
            }
        }
        return near;
    }

    /** Forward-backward check: 1 where a pixel has no partner. */
    static float[] check(FlowField there, FlowField back, FlowPool pool) {
        int w = there.width;
        int h = there.height;
        float[] hard = new float[w * h];
        pool.rows(h, (from, to) -> {
            for (int y = from; y < to; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    float u = there.u[i];
                    float v = there.v[i];
                    float qx = x + u;
                    float qy = y + v;
                    if (qx < -0.5f || qy < -0.5f || qx > w - 0.5f || qy > h - 0.5f) {
                        hard[i] = 1;
                        continue;
                    }
                    float bu = FlowField.bilinear(back.u, w, h, qx, qy);
                    float bv = FlowField.bilinear(back.v, w, h, qx, qy);
                    float du = u + bu;
                    float dv = v + bv;
                    float thr = 0.01f * (u * u + v * v + bu * bu + bv * bv) + 0.5f;
                    hard[i] = du * du + dv * dv > thr ? 1 : 0;
                }
            }
        });
        return hard;
    }

    private static float windowError(float[] i0, float[] i1, int w, int h, int x, int y, float u, float v) {
        float sum = 0;
        int n = 0;
        for (int j = -2; j <= 2; j++) {
            int yy = y + j;
            if (yy < 0 || yy >= h) {
                continue;
            }
            for (int k = -2; k <= 2; k++) {
                int xx = x + k;
                if (xx < 0 || xx >= w) {
                    continue;
                }
                sum += Math.abs(FlowField.bilinear(i1, w, h, xx + u, yy + v) - i0[yy * w + xx]);
                n++;
            }
        }
        return sum / n;
    }

    /** The median 5x5 matching error of matched pixels (every 7th), at least 0.5 grey levels. */
    private static float typicalError(FlowField f, float[] hard, float[] i0, float[] i1, FlowPool pool) {
        int w = f.width;
        int h = f.height;
        int m = (hard.length + 6) / 7;
        float[] all = new float[m];
        // every 7th pixel's error (NaN: unmatched), in parallel; then gathered in order
        pool.rows(m, (from, to) -> {
            for (int k = from; k < to; k++) {
                int i = 7 * k;
                all[k] = hard[i] < 0.5f ? windowError(i0, i1, w, h, i % w, i / w, f.u[i], f.v[i]) : Float.NaN;
            }
        });
        float[] e = new float[m];
        int n = 0;
        for (int k = 0; k < m; k++) {
            if (hard[7 * k] < 0.5f) {
                e[n++] = all[k];
            }
        }
        if (n == 0) {
            return MATCH_MAX;
        }
        return Math.max(0.5f, FlowField.select(e, 0, n, n / 2));
    }

    private static float[] soften(float[] hard, int w, int h, FlowPool pool) {
        float[] soft = new float[w * h];
        pool.rows(h, (from, to) -> {
            for (int y = from; y < to; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    int n = 0;
                    for (int j = Math.max(0, y - 1); j <= Math.min(h - 1, y + 1); j++) {
                        for (int i = Math.max(0, x - 1); i <= Math.min(w - 1, x + 1); i++) {
                            s += hard[j * w + i];
                            n++;
                        }
                    }
                    soft[y * w + x] = Math.max(hard[y * w + x] * 0.5f, s / n);
                }
            }
        });
        return soft;
    }

    /** The median flow of the matched pixels (every 4th pixel), or null when none is matched. */
    private static float[] dominant(FlowField f, float[] hard) {
        int n = 0;
        for (int i = 0; i < hard.length; i += 4) {
            if (hard[i] < 0.5f) {
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        float[] a = new float[n];
        float[] b = new float[n];
        int k = 0;
        for (int i = 0; i < hard.length; i += 4) {
            if (hard[i] < 0.5f) {
                a[k] = f.u[i];
                b[k++] = f.v[i];
            }
        }
        return new float[] {FlowField.select(a, 0, n, n / 2), FlowField.select(b, 0, n, n / 2)};
    }
}
