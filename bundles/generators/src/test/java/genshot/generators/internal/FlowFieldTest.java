package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The flow field's helpers against their plain definitions. */
class FlowFieldTest {

    /**
     * Selection gives, to the bit, the value a sort puts at each place: for random values, many equal ones, both
     * zeros, infinities and values already in order or in reverse.
     */
    @Test
    void selectionIsTheSortedArraysElement() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int round = 0; round < 200; round++) {
            int n = 1 + rnd.nextInt(round < 100 ? 40 : 3000);
            float[] a = new float[n];
            int kind = round % 5;
            for (int i = 0; i < n; i++) {
                a[i] = switch (kind) {
                    case 0 -> (float) rnd.nextGaussian() * 10;
                    case 1 -> rnd.nextInt(4) - 1.5f; // many equal values
                    case 2 -> rnd.nextBoolean() ? 0f : -0f;
                    case 3 -> i; // in order
                    default -> rnd.nextInt(10) == 0 ? Float.NEGATIVE_INFINITY
                            : rnd.nextInt(10) == 0 ? Float.POSITIVE_INFINITY : n - i; // reverse, infinities
                };
            }
            int from = rnd.nextInt(n);
            int to = from + 1 + rnd.nextInt(n - from);
            float[] sorted = Arrays.copyOfRange(a, from, to);
            Arrays.sort(sorted);
            float[] before = a.clone();
            for (int k : new int[] {0, (to - from) / 2, to - from - 1, rnd.nextInt(to - from)}) {
                assertEquals(Float.floatToRawIntBits(sorted[k]),
                        Float.floatToRawIntBits(FlowField.select(a, from, to, k)),
                        "round " + round + ", element " + k + " of [" + from + ", " + to + ")");
            }
            assertEquals(Arrays.toString(before), Arrays.toString(a), "the array is left as it was");
        }
    }
}
