package genshot.api;

/**
 * One picture: 8-bit BGR, interleaved, rows top to bottom, no padding ({@code width * height * 3} bytes).
 * The array is owned by whoever made the frame; a sink that keeps it must copy it.
 */
public record Frame(long index, int width, int height, byte[] bgr) {
    public Frame {
        if (width <= 0 || height <= 0 || bgr.length != width * height * 3) {
            throw new IllegalArgumentException("frame " + width + "x" + height + " needs " + (width * height * 3)
                    + " bytes, got " + bgr.length);
        }
    }
}
