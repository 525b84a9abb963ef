package genshot.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host-neutral view of a project's timeline.
 *
 * @param tracks every track, video tracks from the lowest (V1) upward, then audio tracks (A1...)
 * @param pixelAspect the shape of the project's pixels (square for almost every modern project)
 */
public record Timeline(Rate rate, int width, int height, List<Track> tracks, List<Marker> markers,
                       PixelAspect pixelAspect) {

    public Timeline {
        tracks = List.copyOf(tracks);
        markers = List.copyOf(markers);
        pixelAspect = pixelAspect == null ? PixelAspect.SQUARE : pixelAspect;
    }

    /** A timeline with square pixels. */
    public Timeline(Rate rate, int width, int height, List<Track> tracks, List<Marker> markers) {
        this(rate, width, height, tracks, markers, PixelAspect.SQUARE);
    }

    /** First frame after the end of the longest track. */
    public long duration() {
        long d = 0;
        for (Track t : tracks) {
            d = Math.max(d, t.end());
        }
        return d;
    }

    public List<Track> videoTracks() {
        return tracks.stream().filter(t -> t.kind() == TrackKind.VIDEO).toList();
    }

    public Optional<Track> track(String name) {
        return tracks.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * Gaps on every video track, from V1 upward, each track's in time order: leading, interior and
     * trailing gaps up to the end of the longest track.
     */
    public List<GapSlot> gaps() {
        long end = duration();
        List<Track> video = videoTracks();
        List<GapSlot> out = new ArrayList<>();
        // the time covered by the shown tracks above each track, built once from the top down
        List<TimeRange> above = List.of();
        List<List<TimeRange>> coverAbove = new ArrayList<>();
        for (int v = video.size() - 1; v >= 0; v--) {
            coverAbove.add(0, above);
            if (!video.get(v).hidden()) {
                above = union(above, video.get(v).clipRanges());
            }
        }
        for (int v = 0; v < video.size(); v++) {
            Track t = video.get(v);
            int n = 0;
            long trackEnd = t.end();
            long lastClipEnd = lastClipEnd(t);
            List<TimeRange> cover = coverAbove.get(v);
            int c = 0;
            for (TimeRange r : t.emptyRanges(end)) {
                GapSlot.Position pos = r.start() == 0 ? GapSlot.Position.LEADING
                        : r.end() >= trackEnd && r.start() >= lastClipEnd ? GapSlot.Position.TRAILING
                        : GapSlot.Position.INTERIOR;
                // a track's empty ranges come in time order: the cover before this one's start is never needed again
                while (c < cover.size() && cover.get(c).end() < r.start()) {
                    c++;
                }
                boolean covered = r.isEmpty() || c < cover.size() && cover.get(c).start() <= r.start()
                        && cover.get(c).end() >= r.end();
                out.add(new GapSlot(t.name() + ":" + (++n), t.name(), r, !covered, pos));
            }
        }
        return out;
    }

    public Optional<GapSlot> gap(String id) {
        return gaps().stream().filter(g -> g.id().equalsIgnoreCase(id)).findFirst();
    }

    private static long lastClipEnd(Track t) {
        List<TimeRange> clips = t.clipRanges();
        return clips.isEmpty() ? 0 : clips.get(clips.size() - 1).end();
    }

    /**
     * The union of two lists of ranges, each in time order, as disjoint ranges in time order with touching ones
     * joined (a range of this union covers a frame exactly when some clip of either does).
     */
    private static List<TimeRange> union(List<TimeRange> a, List<TimeRange> b) {
        List<TimeRange> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        long start = 0;
        long end = -1;
        boolean open = false;
        while (i < a.size() || j < b.size()) {
            TimeRange r = j >= b.size() || i < a.size() && a.get(i).start() <= b.get(j).start() ? a.get(i++) : b.get(j++);
            if (r.isEmpty()) {
                continue;
            }
            if (open && r.start() <= end) {
                end = Math.max(end, r.end());
            } else {
                if (open) {
                    out.add(TimeRange.ofStartEnd(start, end));
                }
                start = r.start();
                end = r.end();
                open = true;
            }
        }
        if (open) {
            out.add(TimeRange.ofStartEnd(start, end));
        }
        return out;
    }
}
