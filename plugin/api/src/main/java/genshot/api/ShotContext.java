package genshot.api;

/**
 * What is around the shot on its track, for generators that continue the neighbouring footage (bridge, img2img).
 * Either side is null when the shot does not touch a clip there (the start or end of the timeline, or a part of a
 * gap away from its edges).
 */
public record ShotContext(Neighbour before, Neighbour after) {
    public static final ShotContext NONE = new ShotContext(null, null);

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
    }
}
