package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The directional nearest-matched scan against walking each ray pixel by pixel, on one thread and on several. */
class FlowOcclusionTest {

    private static final int[] DX = {1, -1, 0, 0, 1, 1, -1, -1};
    private static final int[] DY = {0, 0, 1, -1, 1, -1, 1, -1};

    private static int walk(float[] hard, int w, int h, int x, int y, int d, int reach) {
        int cx = x;
        int cy = y;
        for (int s = 1; s <= reach; s++) {
            cx += DX[d];
            cy += DY[d];
            if (cx < 0 || cy < 0 || cx >= w || cy >= h) {
                return -1;
            }
            if (hard[cy * w + cx] < 0.5f) {
                return cy * w + cx;
            }
        }
        return -1;
    }

    @Test
    void theScanFindsWhatWalkingTheRaysFinds() {
        SplittableRandom r = new SplittableRandom(7);
        for (double unmatched : new double[] {0.05, 0.5, 0.95}) {
            int w = 53;
            int h = 31;
            float[] hard = new float[w * h];
            for (int i = 0; i < hard.length; i++) {
                hard[i] = r.nextDouble() < unmatched ? 1 : 0;
            }
            // and a solid block wider than the reach
            for (int y = 5; y < 25; y++) {
                for (int x = 10; x < 40; x++) {
                    hard[y * w + x] = 1;
                }
            }
            int reach = 8;
            int[][] near = FlowOcclusion.nearestMatched(hard, w, h, reach);
            int[][] onPool;
            try (FlowPool pool = new FlowPool(3)) {
                onPool = FlowOcclusion.nearestMatched(hard, w, h, reach, pool);
            }
            for (int d = 0; d < 8; d++) {
                assertArrayEquals(near[d], onPool[d], "direction " + d + " on three threads");
            }
            for (int d = 0; d < 8; d++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        assertEquals(walk(hard, w, h, x, y, d, reach), near[d][y * w + x],
                                "direction " + d + " from (" + x + ", " + y + "), " + unmatched + " unmatched");
                    }
                }
            }
        }
    }
}
