package genshot.api;

import genshot.timeline.TimeRange;
import java.util.List;

/**
 * What is around the shot on its track, for generators that continue the neighbouring footage (bridge, img2img),
 * and what lies under it, for plates that can be laid over footage (fog, smoke). Either neighbour is null when the
 * shot does not touch a clip there (the start or end of the timeline, or a part of a gap away from its edges).
 *
 * @param footageBelow the frames of the shot (0 = its first frame, in increasing order, not overlapping) where a
 *        shown video track below the shot's track has a clip: there a plate with alpha lets that footage through;
 *        empty when nothing is under the shot
 * @since 1.2
 */
public record ShotContext(Neighbour before, Neighbour after, List<TimeRange> footageBelow) {
    public static final ShotContext NONE = new ShotContext(null, null);

    /** Neighbours only: nothing under the shot. */
    public ShotContext(Neighbour before, Neighbour after) {
        this(before, after, List.of());
    }

    public ShotContext {
        footageBelow = footageBelow == null ? List.of() : List.copyOf(footageBelow);
    }

    /** Whether footage lies under any frame of the shot. */
    public boolean hasFootageBelow() {
        return !footageBelow.isEmpty();
    }

    /** Whether footage lies under frame {@code frame} of the shot (0 = its first). */
    public boolean footageBelow(long frame) {
        for (TimeRange r : footageBelow) {
            if (r.contains(frame)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A clip next to the shot.
     *
     * @param media the clip's media file
     * @param cutFrame the source frame at the cut: for the clip before, its last frame shown; for the clip after,
     *        its first frame shown (counted at the timeline's rate from the start of the media; when the media has
     *        another rate, convert by time)
     * @param frames how many frames of the clip are on the timeline on that side (the most a generator may read
     *        away from the cut)
     * @param speed the clip's playback speed (1 = normal; 2 = twice as fast; negative = reversed)
     */
    public record Neighbour(java.nio.file.Path media, long cutFrame, long frames, double speed) {

        /**
         * The media frame shown {@code j} timeline frames from the cut ({@code j < 0}: earlier on the timeline):
         * source position {@code cutFrame + j * speed} in timeline frames, converted by time to the media's rate,
         * clamped to the media's frames (when known: {@code mediaFrames > 0}).
         *
         * @since 1.4
         */
        public long mediaIndex(long j, genshot.timeline.Rate timeline, genshot.timeline.Rate media, long mediaFrames) {
            double pos = cutFrame + j * speed;
            double idx = pos * ((double) timeline.denominator() * media.numerator())
                    / ((double) timeline.numerator() * media.denominator());
            long i = (long) Math.floor(idx + 1e-6);
            long last = mediaFrames > 0 ? mediaFrames - 1 : Long.MAX_VALUE;
            return Math.max(0, Math.min(last, i));
        }
    }
}
