package genshot.timeline;

/** Something that occupies time on a track: a clip or a gap. Positions are derived from durations. */
public sealed interface Item permits Clip, Gap {
    long duration();
}
