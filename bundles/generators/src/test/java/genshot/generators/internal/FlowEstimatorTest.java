package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DIS flow on images with exactly known motion (the texture is defined between pixels too). */
class FlowEstimatorTest {
    static final int W = 320;
    static final int H = 180;
    static final FlowPool POOL = new FlowPool(2);

    @AfterAll
    static void close() {
        POOL.close();
    }

    /** Grey texture warped: the value at x is the texture at {@code map(x)}. */
    interface Map2 {
        double[] at(double x, double y);
    }

    static float[] image(Map2 map) {
        float[] g = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double[] p = map.at(x, y);
                g[y * W + x] = (float) (20 + 215 * BridgeFixtures.texture(77, p[0], p[1]));
            }
        }
        return g;
    }

    static FlowField flow(float[] a, float[] b, int maxLevels) {
        FlowEstimator est = new FlowEstimator(8, 4, 12, maxLevels);
        int levels = est.levelsFor(W, H);
        return est.estimate(Pyramid.build(a, W, H, levels, POOL), Pyramid.build(b, W, H, levels, POOL), POOL);
    }

    @ParameterizedTest(name = "shift ({0}, {1}) with at most {2} levels")
    @CsvSource({"2.3, -1.6, 1", "-0.7, 3.2, 1", "9.4, -6.2, 4", "-13.5, 7.75, 4", "5.25, 2.5, 4"})
    void aShiftedCopyGivesTheShift(double dx, double dy, int levels) {
        float[] a = image((x, y) -> new double[] {x, y});
        float[] b = image((x, y) -> new double[] {x - dx, y - dy});
        FlowField f = flow(a, b, levels);
        int m = 16;
        float[] med = f.median(m, m, W - m, H - m);
        assertEquals(dx, med[0], 0.25, "u");
        assertEquals(dy, med[1], 0.25, "v");
        // most pixels, not just the median, are close
        int good = 0;
        int n = 0;
        for (int y = m; y < H - m; y++) {
            for (int x = m; x < W - m; x++) {
                n++;
                if (Math.hypot(f.u[y * W + x] - dx, f.v[y * W + x] - dy) < 0.5) {
                    good++;
                }
            }
        }
        assertTrue(good > 0.9 * n, good + " of " + n + " pixels within 0.5 px");
    }

    @Test
    void aShiftBeyondTheSearchIsFoundAroundAPrior() {
        // 4 levels: the coarsest search reaches 6 * 8 = 48 px; the shift is 70 px, the prior 8 px off it
        float[] a = image((x, y) -> new double[] {x, y});
        float[] b = image((x, y) -> new double[] {x + 70, y - 3});
        FlowEstimator est = new FlowEstimator(8, 4, 12, 4);
        int levels = est.levelsFor(W, H);
        Pyramid pa = Pyramid.build(a, W, H, levels, POOL);
        Pyramid pb = Pyramid.build(b, W, H, levels, POOL);
        FlowField prior = new FlowField(W, H);
        java.util.Arrays.fill(prior.u, -62);
        // where the shifted copy is still in the picture: x from 70 on
        float[] without = est.estimate(pa, pb, POOL).median(86, 16, W - 16, H - 16);
        float[] with = est.estimate(pa, pb, prior, POOL).median(86, 16, W - 16, H - 16);
        assertEquals(-70, with[0], 0.25, "u with the prior");
        assertEquals(3, with[1], 0.25, "v with the prior");
        assertTrue(Math.abs(without[0] + 70) > 5, "found without a prior: " + without[0]);
    }

    @Test
    void oneLevelCannotFollowALargeShiftButFourCan() {
        // shows the pyramid matters: 14 px is beyond an 8 px patch's reach on one level
        float[] a = image((x, y) -> new double[] {x, y});
        float[] b = image((x, y) -> new double[] {x - 14, y});
        float[] one = flow(a, b, 1).median(16, 16, W - 16, H - 16);
        float[] four = flow(a, b, 4).median(16, 16, W - 16, H - 16);
        assertEquals(14, four[0], 0.25);
        assertTrue(Math.abs(one[0] - 14) > 1, "one level found " + one[0]);
    }

    @Test
    void rotationAndZoomRoughly() {
        double angle = Math.toRadians(3);
        double zoom = 1.04;
        double cx = W / 2.0;
        double cy = H / 2.0;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        // b(c + A(p - c)) = a(p): the value at x in b is a at c + A^-1 (x - c)
        float[] a = image((x, y) -> new double[] {x, y});
        float[] b = image((x, y) -> {
            double rx = (x - cx) / zoom;
            double ry = (y - cy) / zoom;
            return new double[] {cx + cos * rx + sin * ry, cy - sin * rx + cos * ry};
        });
        FlowField f = flow(a, b, 4);
        int m = 20;
        double[] errs = new double[(W - 2 * m) * (H - 2 * m)];
        int k = 0;
        for (int y = m; y < H - m; y++) {
            for (int x = m; x < W - m; x++) {
                double ex = cx + zoom * (cos * (x - cx) - sin * (y - cy)) - x;
                double ey = cy + zoom * (sin * (x - cx) + cos * (y - cy)) - y;
                errs[k++] = Math.hypot(f.u[y * W + x] - ex, f.v[y * W + x] - ey);
            }
        }
        java.util.Arrays.sort(errs);
        double median = errs[errs.length / 2];
        double p90 = errs[errs.length * 9 / 10];
        // up to 8.6 px of motion at the corners
        assertTrue(median < 0.35, "median end-point error " + median);
        assertTrue(p90 < 1.0, "90th percentile end-point error " + p90);
    }

    @Test
    void sameResultWithAnyNumberOfThreads() {
        float[] a = image((x, y) -> new double[] {x, y});
        float[] b = image((x, y) -> new double[] {x - 4.5, y + 2});
        FlowEstimator est = FlowEstimator.standard();
        int levels = est.levelsFor(W, H);
        FlowField two = est.estimate(Pyramid.build(a, W, H, levels, POOL), Pyramid.build(b, W, H, levels, POOL), POOL);
        try (FlowPool single = new FlowPool(1)) {
            FlowField one = est.estimate(Pyramid.build(a, W, H, levels, single),
                    Pyramid.build(b, W, H, levels, single), single);
            org.junit.jupiter.api.Assertions.assertArrayEquals(one.u, two.u);
            org.junit.jupiter.api.Assertions.assertArrayEquals(one.v, two.v);
        }
    }
}
