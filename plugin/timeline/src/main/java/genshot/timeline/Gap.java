package genshot.timeline;

/** Empty time on a track: a gap is an item, as in OpenTimelineIO. */
public record Gap(long duration) implements Item {
    public Gap {
        if (duration <= 0) {
            throw new IllegalArgumentException("a gap lasts at least one frame: " + duration);
        }
    }
}
