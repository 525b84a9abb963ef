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

    /**
     * The formats this encoder can write takes with alpha in, by name, the default first (e.g. {@code qtrle}:
     * QuickTime Animation, read by every editor; {@code ffv1}: lossless and far smaller). Empty: no alpha.
     */
    default java.util.List<String> alphaFormats() {
        return java.util.List.of();
    }

    /**
     * Opens {@code out} for frames with an alpha plane in the named format, one of {@link #alphaFormats()}.
     *
     * @throws GenshotException when the format is not one of them
     */
    default VideoWriter open(Path out, int width, int height, Rate rate, String alphaFormat) {
        throw GenshotException.of("media.alpha", "This encoder cannot write video with an alpha channel", out, null,
                null);
    }

    /**
     * Opens {@code out} for a take of a project whose pixels are not square (DV PAL/NTSC 4:3 and 16:9, HDV 1440x1080):
     * the pixels' shape is written into the video stream and the container, so that editors show the take as wide as
     * the project. {@code alphaFormat} null means H.264 without alpha; {@code alpha} true with a null format means the
     * encoder's default alpha format.
     *
     * @throws GenshotException when this encoder cannot tag non-square pixels
     */
    default VideoWriter open(Path out, int width, int height, Rate rate, boolean alpha, String alphaFormat,
                             genshot.timeline.PixelAspect pixelAspect) {
        if (pixelAspect != null && !pixelAspect.isSquare()) {
            throw GenshotException.of("media.aspect", "This encoder cannot write non-square pixels (" + pixelAspect
                    + ")", out, null, null);
        }
        return alpha && alphaFormat != null ? open(out, width, height, rate, alphaFormat)
                : open(out, width, height, rate, alpha);
    }
}
