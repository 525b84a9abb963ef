package genshot.timeline;

/**
 * A half-open range of frames {@code [start, start + duration)} at the timeline's rate: the start is
 * included, the end is not. {@link #lastFrame()} is the inclusive end that some hosts store.
 *
 * <p>genshot shows a range to people one way only, as {@code --range} takes it: start and length in frames,
 * {@code 50+25} ({@link #toString()}), followed, where the rate is known, by the same as timecode:
 * {@code 50+25 (00:00:02:00+00:00:01:00)} ({@link #text(Rate)}).
 */
public record TimeRange(long start, long duration) {

    public TimeRange {
        if (duration < 0) {
            throw new IllegalArgumentException("negative duration: " + duration);
        }
    }

    public static TimeRange ofStartEnd(long start, long endExclusive) {
        return new TimeRange(start, endExclusive - start);
    }

    /** First frame after the range. */
    public long end() {
        return start + duration;
    }

    /** Last frame inside the range (inclusive end); {@code start - 1} when empty. */
    public long lastFrame() {
        return start + duration - 1;
    }

    public boolean isEmpty() {
        return duration == 0;
    }

    public boolean contains(long frame) {
        return frame >= start && frame < end();
    }

    public boolean contains(TimeRange other) {
        return other.start >= start && other.end() <= end();
    }

    public boolean overlaps(TimeRange other) {
        return other.start < end() && start < other.end() && !isEmpty() && !other.isEmpty();
    }

    /** Start and length in frames, {@code 50+25}: the form {@code --range} takes. */
    @Override
    public String toString() {
        return start + "+" + duration;
    }

    /**
     * The range as genshot shows it everywhere (command line, messages, panel): start and length in frames, then
     * the same as non-drop timecode at {@code rate}, {@code 50+25 (00:00:02:00+00:00:01:00)}.
     */
    public String text(Rate rate) {
        return this + " (" + new RationalTime(start, rate).toTimecode() + "+"
                + new RationalTime(duration, rate).toTimecode() + ")";
    }
}
