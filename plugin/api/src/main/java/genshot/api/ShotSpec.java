package genshot.api;

import genshot.timeline.Rate;

/**
 * What the shot must be to fit the gap exactly.
 *
 * @param frames the exact number of frames
 * @param timelineStart the frame on the timeline where the shot starts (for timecode burn-in)
 * @param label a short name for the shot ("V1:1")
 */
public record ShotSpec(Rate rate, int width, int height, long frames, long timelineStart, String label) {
    public ShotSpec {
        if (width <= 0 || height <= 0 || frames <= 0) {
            throw new IllegalArgumentException("a shot needs a size and at least one frame: " + width + "x" + height
                    + ", " + frames + " frames");
        }
        if ((width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("H.264 4:2:0 needs an even width and height, got " + width + "x" + height);
        }
    }
}
