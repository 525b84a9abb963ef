package genshot.api;

/**
 * One picture: 8-bit BGR, interleaved, rows top to bottom, no padding ({@code width * height * 3} bytes), and for
 * plates that are composited over other footage an optional alpha plane ({@code width * height} bytes, 255 =
 * opaque; null = opaque everywhere). The arrays are owned by whoever made the frame; a sink that keeps them must
 * copy them, unless it lent them for this frame ({@link FrameSink#lend}).
 */
public record Frame(long index, int width, int height, byte[] bgr, byte[] alpha) {
    public Frame {
        if (width <= 0 || height <= 0 || bgr.length != width * height * 3) {
            throw new IllegalArgumentException("frame " + width + "x" + height + " needs " + (width * height * 3)
                    + " bytes, got " + bgr.length);
        }
        if (alpha != null && alpha.length != width * height) {
            throw new IllegalArgumentException("the alpha plane of a " + width + "x" + height + " frame needs "
                    + (width * height) + " bytes, got " + alpha.length);
        }
    }

    /** An opaque frame. */
    public Frame(long index, int width, int height, byte[] bgr) {
        this(index, width, height, bgr, null);
    }

    /** A copy whose arrays the caller owns. */
    public Frame copy() {
        return new Frame(index, width, height, bgr.clone(), alpha == null ? null : alpha.clone());
    }
}
