package genshot.timeline;

/**
 * A clip on a track.
 *
 * @param name what the host shows (file name or clip name)
 * @param media the media path or resource the host stores, as written
 * @param sourceIn first frame used from the source, at the timeline rate
 * @param duration frames on the timeline
 */
public record Clip(String name, String media, long sourceIn, long duration) implements Item {
    public Clip {
        if (duration <= 0) {
            throw new IllegalArgumentException("a clip lasts at least one frame: " + duration);
        }
    }
}
