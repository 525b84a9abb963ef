package genshot.host.kdenlive.internal;

import genshot.timeline.Clip;
import genshot.timeline.Gap;
import genshot.timeline.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A Kdenlive track (22.04 and later) is a tractor of two playlists: a clip on the second shows wherever it is, over
 * the first during a same-track mix (a transition in the track tractor) and alone where the first is blank. A frame of
 * the track is free only where both playlists are blank. This merges the two playlists' items into the items the
 * track shows, in order: the first playlist's clip where it has one, else the second's (its source in point moved on
 * by the frames cut off before), else a gap.
 */
final class SameTrackMix {
    private SameTrackMix() {
    }

    private record Span(long start, long end, Clip clip) {
    }

    private static List<Span> spans(List<Item> items) {
        List<Span> out = new ArrayList<>();
        long pos = 0;
        for (Item i : items) {
            long d = i instanceof Clip c ? c.duration() : ((Gap) i).duration();
            if (i instanceof Clip c) {
                out.add(new Span(pos, pos + d, c));
            }
            pos += d;
        }
        return out;
    }

    /** The items the track shows, from the items of its first and second playlist. */
    static List<Item> merge(List<Item> first, List<Item> second) {
        if (second.stream().noneMatch(i -> i instanceof Clip)) {
            return first;
        }
        List<Span> a = spans(first);
        List<Span> b = spans(second);
        TreeSet<Long> cuts = new TreeSet<>();
        cuts.add(0L);
        for (List<Span> l : List.of(a, b)) {
            for (Span s : l) {
                cuts.add(s.start());
                cuts.add(s.end());
            }
        }
        List<Item> out = new ArrayList<>();
        Span current = null;
        long currentStart = 0;
        long currentEnd = 0;
        long gapStart = -1;
        Long prev = null;
        int ia = 0;
        int ib = 0;
        for (long cut : cuts) {
            if (prev != null) {
                long from = prev;
                // spans are in order and do not overlap within a playlist: walk each once (linear in the clips)
                while (ia < a.size() && a.get(ia).end() <= from) {
                    ia++;
                }
                while (ib < b.size() && b.get(ib).end() <= from) {
                    ib++;
                }
                Span shown = ia < a.size() && a.get(ia).start() <= from ? a.get(ia) : null;
                if (shown == null) {
                    shown = ib < b.size() && b.get(ib).start() <= from ? b.get(ib) : null;
                }
                if (shown != null && shown == current && currentEnd == from) {
                    currentEnd = cut; // the same clip goes on
                } else {
                    if (current != null) {
                        out.add(piece(current, currentStart, currentEnd));
                        current = null;
                    }
                    if (shown == null) {
                        if (gapStart < 0) {
                            gapStart = from;
                        }
                    } else {
                        if (gapStart >= 0) {
                            out.add(new Gap(from - gapStart));
                            gapStart = -1;
                        }
                        current = shown;
                        currentStart = from;
                        currentEnd = cut;
                    }
                }
            }
            prev = cut;
        }
        if (current != null) {
            out.add(piece(current, currentStart, currentEnd));
        }
        // a gap after the last clip is no item: the track ends there, as a playlist does
        return out;
    }

    private static Clip piece(Span s, long from, long to) {
        Clip c = s.clip();
        return new Clip(c.name(), c.media(), c.sourceIn() + (from - s.start()), to - from);
    }
}
