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
        for (int v = 0; v < video.size(); v++) {
            Track t = video.get(v);
            int n = 0;
            long trackEnd = t.end();
            for (TimeRange r : t.emptyRanges(end)) {
                GapSlot.Position pos = r.start() == 0 ? GapSlot.Position.LEADING
                        : r.end() >= trackEnd && r.start() >= lastClipEnd(t) ? GapSlot.Position.TRAILING
                        : GapSlot.Position.INTERIOR;
                out.add(new GapSlot(t.name() + ":" + (++n), t.name(), r, !coveredAbove(video, v, r), pos));
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

    /** Whether the clips of the shown video tracks above {@code index}, together, cover every frame of range. */
    private static boolean coveredAbove(List<Track> video, int index, TimeRange range) {
        List<TimeRange> clips = new ArrayList<>();
        for (int k = index + 1; k < video.size(); k++) {
            if (!video.get(k).hidden()) {
                clips.addAll(video.get(k).clipRanges());
            }
        }
        clips.sort(java.util.Comparator.comparingLong(TimeRange::start));
        long cursor = range.start();
        for (TimeRange c : clips) {
            if (c.start() > cursor) {
                break;
            }
            cursor = Math.max(cursor, c.end());
            if (cursor >= range.end()) {
                return true;
            }
        }
        return range.isEmpty();
    }
}
