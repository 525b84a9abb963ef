package genshot.timeline;

import java.util.ArrayList;
import java.util.List;

/**
 * A track: its items in time order from frame 0. No item stores a start; the start of an item is the
 * sum of the durations before it.
 *
 * @param name the name the host shows for it: V1 is the lowest video track, A1 the first audio track
 */
public record Track(String name, TrackKind kind, boolean locked, boolean hidden, List<Item> items) {

    public Track {
        items = List.copyOf(items);
    }

    /** Whether the track holds no clip at all (only gaps, or nothing): an empty track, not a gap between shots. */
    public boolean isEmpty() {
        return items.stream().noneMatch(i -> i instanceof Clip);
    }

    /** First frame after the last item. */
    public long end() {
        long e = 0;
        for (Item i : items) {
            e += i.duration();
        }
        return e;
    }

    /** The range each item covers, in item order. */
    public List<TimeRange> itemRanges() {
        List<TimeRange> out = new ArrayList<>(items.size());
        long pos = 0;
        for (Item i : items) {
            out.add(new TimeRange(pos, i.duration()));
            pos += i.duration();
        }
        return out;
    }

    /** The ranges covered by clips, adjacent clips kept apart. */
    public List<TimeRange> clipRanges() {
        List<TimeRange> out = new ArrayList<>();
        List<TimeRange> ranges = itemRanges();
        for (int k = 0; k < items.size(); k++) {
            if (items.get(k) instanceof Clip) {
                out.add(ranges.get(k));
            }
        }
        return out;
    }

    /**
     * Empty ranges of this track up to {@code until}: gap items (adjacent ones merged) and the time
     * after the last item.
     */
    public List<TimeRange> emptyRanges(long until) {
        List<TimeRange> out = new ArrayList<>();
        long pos = 0;
        long openStart = -1;
        for (Item i : items) {
            if (i instanceof Gap) {
                if (openStart < 0) {
                    openStart = pos;
                }
            } else if (openStart >= 0) {
                out.add(TimeRange.ofStartEnd(openStart, pos));
                openStart = -1;
            }
            pos += i.duration();
        }
        if (openStart < 0 && pos < until) {
            openStart = pos;
        }
        if (openStart >= 0 && Math.max(pos, until) > openStart) {
            out.add(TimeRange.ofStartEnd(openStart, Math.max(pos, until)));
        }
        return out;
    }
}
