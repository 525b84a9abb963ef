package genshot.api;

import genshot.timeline.Rate;
import java.nio.file.Path;

/** Encodes frames into a video file at an exact rate. */
public interface MediaEncoder {
    /** Opens {@code out} (H.264 in MP4) for frames of the given size at exactly {@code rate}. */
    VideoWriter open(Path out, int width, int height, Rate rate);

    /**
     * Opens {@code out} for frames with an alpha plane, in a format editors composite with (QuickTime Animation in
     * MOV, RGBA); with {@code alpha} false the same as {@link #open(Path, int, int, Rate)}.
     *
     * @throws GenshotException when this encoder cannot write alpha
     */
    default VideoWriter open(Path out, int width, int height, Rate rate, boolean alpha) {
        if (alpha) {
            throw GenshotException.of("media.alpha", "This encoder cannot write video with an alpha channel", out,
                    null, null);
        }
        return open(out, width, height, rate);
    }

    /** The file extension takes get in this format: "mp4", or "mov" with alpha. */
    default String extension(boolean alpha) {
        return alpha ? "mov" : "mp4";
    }
}
