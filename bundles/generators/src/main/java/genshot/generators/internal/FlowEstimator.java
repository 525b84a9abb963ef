package genshot.generators.internal;

/**
 * Dense optical flow by Dense Inverse Search (Kroeger, Timofte, Dai and Van Gool, ECCV 2016), coarse to fine over
 * an image pyramid, without the variational refinement:
 * <ol>
 * <li>on the coarsest level, each patch first tries every whole-pixel offset within {@link #SEARCH} pixels (the
 * paper starts from zero; the search makes large motion robust when the coarsest level is small);</li>
 * <li>on each level, square patches on a regular grid (size {@link #patch}, stride {@link #stride}) are matched
 * into the second image by inverse-compositional Gauss-Newton on mean-normalised intensities, starting from the
 * coarser level's flow; a patch that wanders farther than its own size from its start, or ends worse than where
 * it started, keeps its best position seen;</li>
 * <li>densification: each pixel's flow is the average of the patches covering it, weighted by
 * {@code 1 / max(1, |I1(x + u) - I0(x)|)};</li>
 * <li>the dense field seeds the next finer level.</li>
 * <li>with a prior flow (optional): the coarsest search is centred on it, and on finer levels each patch also
 * starts from it, keeping the end with the smaller difference.</li>
 * </ol>
 * Patch rows and pixel rows are independent, so they run in parallel with identical results for any thread count.
 */
final class FlowEstimator {
    /** Whole-pixel search radius for patches on the coarsest level. */
    static final int SEARCH = 6;
    final int patch;
    final int stride;
    final int iterations;
    final int maxLevels;

    FlowEstimator(int patch, int stride, int iterations, int maxLevels) {
        if (patch < 2 || stride < 1 || stride > patch || iterations < 1 || maxLevels < 1) {
            throw new IllegalArgumentException("patch " + patch + ", stride " + stride + ", iterations " + iterations);
        }
        this.patch = patch;
        this.stride = stride;
        this.iterations = iterations;
        this.maxLevels = maxLevels;
    }

    /** The defaults: 8x8 patches every 4 pixels, 12 iterations, up to 6 levels. */
    static FlowEstimator standard() {
        return new FlowEstimator(8, 4, 12, 6);
    }

    /** Levels this estimator uses for a {@code w x h} image. */
    int levelsFor(int w, int h) {
        return Pyramid.levelsFor(w, h, patch, maxLevels);
    }

    /** The flow from {@code i0} to {@code i1} at level 0's size. */
    FlowField estimate(Pyramid i0, Pyramid i1, FlowPool pool) {
        return estimate(i0, i1, null, pool);
    }

    /**
     * The flow from {@code i0} to {@code i1} at level 0's size; with a {@code prior} (a flow at level 0's size,
     * e.g. the motion predicted from the frames on either side of a gap), the coarsest level searches around it
     * instead of around no motion, so motion far beyond the search radius is found.
     */
    FlowField estimate(Pyramid i0, Pyramid i1, FlowField prior, FlowPool pool) {
        if (i0.width[0] != i1.width[0] || i0.height[0] != i1.height[0]) {
            throw new IllegalArgumentException("images of different sizes");
        }
        if (prior != null && (prior.width != i0.width[0] || prior.height != i0.height[0])) {
            throw new IllegalArgumentException("a prior of another size");
        }
        int levels = Math.min(i0.levels, i1.levels);
        FlowField prev = null;
        for (int l = levels - 1; l >= 0; l--) {
            prev = level(i0, i1, l, prev, prior, pool);
        }
        return prev;
    }

    private FlowField level(Pyramid i0, Pyramid i1, int l, FlowField coarse, FlowField prior, FlowPool pool) {
        int w = i0.width[l];
        int h = i0.height[l];
        float[] a = i0.image[l];
        float[] b = i1.image[l];
        float[] gx = i0.gradX[l];
        float[] gy = i0.gradY[l];
        int p = Math.min(patch, Math.min(w, h));
        int s = Math.min(stride, p);
        int nx = w <= p ? 1 : (w - p + s - 1) / s + 1;
        int ny = h <= p ? 1 : (h - p + s - 1) / s + 1;
        int[] px = new int[nx];
        int[] py = new int[ny];
        for (int i = 0; i < nx; i++) {
            px[i] = Math.min(i * s, w - p);
        }
        for (int j = 0; j < ny; j++) {
            py[j] = Math.min(j * s, h - p);
        }
        float[] pu = new float[nx * ny];
        float[] pv = new float[nx * ny];

        pool.rows(ny, (from, to) -> {
            float[] acc = new float[4];
            for (int j = from; j < to; j++) {
                for (int i = 0; i < nx; i++) {
                    float iu = 0;
                    float iv = 0;
                    if (coarse == null) {
                        int su = 0;
                        int sv = 0;
                        if (prior != null) {
                            // the prior at the patch centre, in this level's pixels, to the nearest whole pixel
                            float scale = 1 << l;
                            float cx = (px[i] + (p - 1) * 0.5f + 0.5f) * scale - 0.5f;
                            float cy = (py[j] + (p - 1) * 0.5f + 0.5f) * scale - 0.5f;
                            su = Math.round(FlowField.bilinear(prior.u, prior.width, prior.height, cx, cy) / scale);
                            sv = Math.round(FlowField.bilinear(prior.v, prior.width, prior.height, cx, cy) / scale);
                        }
                        search(a, b, w, h, px[i], py[j], p, su, sv, acc);
                        iu = acc[0];
                        iv = acc[1];
                    } else {
                        // the patch centre on the coarser grid, whose pixel X covers fine pixels 2X and 2X+1
                        float cx = (px[i] + (p - 1) * 0.5f - 0.5f) * 0.5f;
                        float cy = (py[j] + (p - 1) * 0.5f - 0.5f) * 0.5f;
                        iu = 2 * FlowField.bilinear(coarse.u, coarse.width, coarse.height, cx, cy);
                        iv = 2 * FlowField.bilinear(coarse.v, coarse.width, coarse.height, cx, cy);
                    }
                    int k = j * nx + i;
                    float err = solvePatch(a, b, gx, gy, w, h, px[i], py[j], p, iu, iv, pu, pv, k, acc);
                    if (prior != null && coarse != null) {
                        // a small region moving on its own is lost at the coarser levels among the larger one
                        // around it: the prior is tried as a start too, and the better end kept
                        float scale = 1 << l;
                        float cx = (px[i] + (p - 1) * 0.5f + 0.5f) * scale - 0.5f;
                        float cy = (py[j] + (p - 1) * 0.5f + 0.5f) * scale - 0.5f;
                        float ju = FlowField.bilinear(prior.u, prior.width, prior.height, cx, cy) / scale;
                        float jv = FlowField.bilinear(prior.v, prior.width, prior.height, cx, cy) / scale;
                        if (Math.abs(ju - pu[k]) + Math.abs(jv - pv[k]) > 1) {
                            float ku = pu[k];
                            float kv = pv[k];
                            float err2 = solvePatch(a, b, gx, gy, w, h, px[i], py[j], p, ju, jv, pu, pv, k, acc);
                            if (!(err2 < err)) {
                                pu[k] = ku;
                                pv[k] = kv;
                            }
                        }
                    }
                }
            }
        });

        FlowField out = new FlowField(w, h);
        pool.rows(h, (from, to) -> {
            for (int y = from; y < to; y++) {
                int jLo = y - p + 1 <= 0 ? 0 : (y - p + s) / s;
                for (int x = 0; x < w; x++) {
                    int iLo = x - p + 1 <= 0 ? 0 : (x - p + s) / s;
                    float i0v = a[y * w + x];
                    float su = 0;
                    float sv = 0;
                    float sw = 0;
                    for (int j = jLo; j < ny && py[j] <= y; j++) {
                        if (py[j] + p <= y) {
                            continue;
                        }
                        for (int i = iLo; i < nx && px[i] <= x; i++) {
                            if (px[i] + p <= x) {
                                continue;
                            }
                            int k = j * nx + i;
                            float u = pu[k];
                            float v = pv[k];
                            float d = Math.abs(FlowField.bilinear(b, w, h, x + u, y + v) - i0v);
                            float lambda = 1f / Math.max(1f, d);
                            su += lambda * u;
                            sv += lambda * v;
                            sw += lambda;
                        }
                    }
                    if (sw > 0) {
                        out.u[y * w + x] = su / sw;
                        out.v[y * w + x] = sv / sw;
                    }
                }
            }
        });
        return out;
    }

    /**
     * The coarsest level has no flow to start from: try every whole-pixel offset within {@link #SEARCH} of
     * {@code (su, sv)} (the prior, or no motion) and keep
     * the one with the least mean-normalised squared difference (ties: the first in row order). Writes u, v to
     * {@code out[0..1]}.
     */
    private static void search(float[] a, float[] b, int w, int h, int x0, int y0, int p, int su, int sv,
                               float[] out) {
        int n = p * p;
        float best = Float.MAX_VALUE;
        int bu = su;
        int bv = sv;
        for (int dv = sv - SEARCH; dv <= sv + SEARCH; dv++) {
            for (int du = su - SEARCH; du <= su + SEARCH; du++) {
                float se = 0;
                float see = 0;
                for (int j = 0; j < p; j++) {
                    int yb = Math.max(0, Math.min(h - 1, y0 + j + dv)) * w;
                    int t = (y0 + j) * w + x0;
                    for (int i = 0; i < p; i++) {
                        float e = b[yb + Math.max(0, Math.min(w - 1, x0 + i + du))] - a[t + i];
                        se += e;
                        see += e * e;
                    }
                }
                // a small pull towards the prior (no motion without one), so flat patches stay put
                float err = see - se * se / n + 0.01f * n * ((du - su) * (du - su) + (dv - sv) * (dv - sv));
                if (err < best) {
                    best = err;
                    bu = du;
                    bv = dv;
                }
            }
        }
        out[0] = bu;
        out[1] = bv;
    }

    /**
     * Inverse-compositional search for one patch; writes its flow to {@code pu[k], pv[k]} and returns the patch's
     * mean-normalised squared difference there ({@code Float.MAX_VALUE} for a patch without texture).
     */
    private float solvePatch(float[] a, float[] b, float[] gx, float[] gy, int w, int h, int x0, int y0, int p,
                            float iu, float iv, float[] pu, float[] pv, int k, float[] acc) {
        int n = p * p;
        float sx = 0;
        float sy = 0;
        float sxx = 0;
        float sxy = 0;
        float syy = 0;
        for (int j = 0; j < p; j++) {
            int r = (y0 + j) * w + x0;
            for (int i = 0; i < p; i++) {
                float dx = gx[r + i];
                float dy = gy[r + i];
                sx += dx;
                sy += dy;
                sxx += dx * dx;
                sxy += dx * dy;
                syy += dy * dy;
            }
        }
        float eps = 0.01f * n;
        float h00 = sxx - sx * sx / n + eps;
        float h01 = sxy - sx * sy / n;
        float h11 = syy - sy * sy / n + eps;
        float det = h00 * h11 - h01 * h01;
        float u = iu;
        float v = iv;
        float bestU = iu;
        float bestV = iv;
        float bestErr = Float.MAX_VALUE;
        if (det > 1e-3f * eps * eps) {
            float limit2 = (float) p * p;
            for (int it = 0; it <= iterations; it++) {
                residual(a, b, gx, gy, w, h, x0, y0, p, u, v, acc);
                float mean = acc[0] / n;
                float err = acc[3] - acc[0] * mean;
                if (err < bestErr) {
                    bestErr = err;
                    bestU = u;
                    bestV = v;
                }
                if (it == iterations) {
                    break;
                }
                float bx = acc[1] - sx * mean;
                float by = acc[2] - sy * mean;
                float du = (h11 * bx - h01 * by) / det;
                float dv = (h00 * by - h01 * bx) / det;
                u -= du;
                v -= dv;
                if ((u - iu) * (u - iu) + (v - iv) * (v - iv) > limit2) {
                    break;
                }
                if (du * du + dv * dv < 1e-4f) {
                    residual(a, b, gx, gy, w, h, x0, y0, p, u, v, acc);
                    mean = acc[0] / n;
                    err = acc[3] - acc[0] * mean;
                    if (err < bestErr) {
                        bestErr = err;
                        bestU = u;
                        bestV = v;
                    }
                    break;
                }
            }
        }
        pu[k] = bestU;
        pv[k] = bestV;
        return bestErr;
    }

    /**
     * Sums over the patch of e = I1(x + u) - T(x): acc = {sum e, sum gx e, sum gy e, sum e^2}. The bilinear weights
     * are the same for every pixel of the patch.
     */
    private static void residual(float[] a, float[] b, float[] gx, float[] gy, int w, int h, int x0, int y0, int p,
                                 float u, float v, float[] acc) {
        float se = 0;
        float sxe = 0;
        float sye = 0;
        float see = 0;
        float fxs = x0 + u;
        float fys = y0 + v;
        int ix = (int) Math.floor(fxs);
        int iy = (int) Math.floor(fys);
        if (ix >= 0 && iy >= 0 && ix + p < w && iy + p < h) {
            float fx = fxs - ix;
            float fy = fys - iy;
            float w00 = (1 - fx) * (1 - fy);
            float w10 = fx * (1 - fy);
            float w01 = (1 - fx) * fy;
            float w11 = fx * fy;
            for (int j = 0; j < p; j++) {
                int r0 = (iy + j) * w + ix;
                int r1 = r0 + w;
                int t = (y0 + j) * w + x0;
                for (int i = 0; i < p; i++) {
                    float val = w00 * b[r0 + i] + w10 * b[r0 + i + 1] + w01 * b[r1 + i] + w11 * b[r1 + i + 1];
                    float e = val - a[t + i];
                    se += e;
                    sxe += gx[t + i] * e;
                    sye += gy[t + i] * e;
                    see += e * e;
                }
            }
        } else {
            for (int j = 0; j < p; j++) {
                int t = (y0 + j) * w + x0;
                for (int i = 0; i < p; i++) {
                    float e = FlowField.bilinear(b, w, h, x0 + i + u, y0 + j + v) - a[t + i];
                    se += e;
                    sxe += gx[t + i] * e;
                    sye += gy[t + i] * e;
                    see += e * e;
                }
            }
        }
        acc[0] = se;
        acc[1] = sxe;
        acc[2] = sye;
        acc[3] = see;
    }
}
