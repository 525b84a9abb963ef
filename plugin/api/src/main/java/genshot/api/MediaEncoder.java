package genshot.api;

import genshot.timeline.Rate;
import java.nio.file.Path;

/** Encodes frames into a video file at an exact rate. */
public interface MediaEncoder {
    /** Opens {@code out} (H.264 in MP4) for frames of the given size at exactly {@code rate}. */
    VideoWriter open(Path out, int width, int height, Rate rate);
}
