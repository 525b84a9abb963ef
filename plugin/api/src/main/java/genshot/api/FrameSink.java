package genshot.api;

/** Receives frames one at a time, in order. */
@FunctionalInterface
public interface FrameSink {
    void accept(Frame frame);

    /**
     * Arrays to draw the next frame into, which this sink takes over when that frame is {@linkplain #accept accepted}
     * (so it does not copy them); null (the default): the generator draws into arrays of its own, which the sink
     * copies if it keeps them. A generator that asks must write every byte of the arrays (they hold an earlier
     * frame), pass them to {@link #accept} in a frame of this size, the alpha plane included, and not touch them
     * after. A 1080p frame with alpha is 8 MB, which a sink that encodes on another thread would otherwise copy.
     *
     * @param alpha whether the frame has an alpha plane
     * @since 1.8.0
     */
    default Frame lend(long index, int width, int height, boolean alpha) {
        return null;
    }
}
