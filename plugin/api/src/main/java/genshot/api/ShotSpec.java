package genshot.api;

import genshot.timeline.PixelAspect;
import genshot.timeline.Rate;

/**
 * What the shot must be to fit the gap exactly.
 *
 * @param frames the exact number of frames
 * @param timelineStart the frame on the timeline where the shot starts (for timecode burn-in)
 * @param label a short name for the shot ("V1:1")
 * @param pixelAspect the shape of the pixels: a generator draws for a display width of {@code width *
 *        pixelAspect} so that circles stay round on non-square projects
 */
public record ShotSpec(Rate rate, int width, int height, long frames, long timelineStart, String label,
                       PixelAspect pixelAspect) {
    /** A shot with square pixels. */
    public ShotSpec(Rate rate, int width, int height, long frames, long timelineStart, String label) {
        this(rate, width, height, frames, timelineStart, label, PixelAspect.SQUARE);
    }

    /** The picture's display aspect ratio (width/height as seen). */
    public double displayAspect() {
        return (double) width * pixelAspect.value() / height;
    }

    public ShotSpec {
        pixelAspect = pixelAspect == null ? PixelAspect.SQUARE : pixelAspect;
        if (width <= 0 || height <= 0 || frames <= 0) {
            throw new IllegalArgumentException("a shot needs a size and at least one frame: " + width + "x" + height
                    + ", " + frames + " frames");
        }
        if ((width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("H.264 4:2:0 needs an even width and height, got " + width + "x" + height);
        }
    }
}
