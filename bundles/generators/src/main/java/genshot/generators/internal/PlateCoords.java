package genshot.generators.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The points a plate graph (fog, elements) is evaluated at: x, y, t, 1 for each pixel centre of its internal
 * picture, in a direct buffer that the input tensor wraps, so only t is rewritten from frame to frame.
 *
 * <p>These loops live here rather than in the generators' frame loops on purpose: a generator's {@code generate} is
 * called once per take, so the JIT can only compile it while it runs (on-stack replacement), and a long loop inside
 * it had the JIT compile the whole method again each time the sink changed (a fill's encoder, then the generator
 * alone in {@code genshot bench}): 300-1,300 ms of compiling inside timed runs. Small methods are compiled on their
 * own, and the frame loop that calls them is cheap however it runs.
 */
final class PlateCoords {
    private PlateCoords() {
    }

    /** The grid of {@code iw} x {@code ih} pixel centres, x scaled by the display aspect, t = 0. */
    static FloatBuffer grid(int iw, int ih, double aspect) {
        FloatBuffer coords = ByteBuffer.allocateDirect(iw * ih * 4 * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (int y = 0; y < ih; y++) {
            float fy = (float) ((y + 0.5) / ih);
            for (int x = 0; x < iw; x++) {
                coords.put((float) ((x + 0.5) / iw * aspect)).put(fy).put(0f).put(1f);
            }
        }
        return coords.rewind();
    }

    /** Sets t of every point: the tensor wrapping the buffer sees the new time in place. */
    static void time(FloatBuffer coords, float t) {
        for (int idx = 2, end = coords.capacity(); idx < end; idx += 4) {
            coords.put(idx, t);
        }
    }
}
