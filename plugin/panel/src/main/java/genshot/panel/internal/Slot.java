package genshot.panel.internal;

import genshot.api.ProjectSummary;
import genshot.api.Take;
import genshot.timeline.Clip;
import genshot.timeline.GapSlot;
import genshot.timeline.Item;
import genshot.timeline.Rate;
import genshot.timeline.RationalTime;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A place a take can go: a gap (with its id as {@code genshot gaps} lists it), or a range already filled by a
 * genshot take (so that another take can replace it). Kept by track and range: gap ids shift after a fill.
 *
 * @param gapId the gap's id, or null for a filled range
 * @param inPlace the id of the take that fills the range, or null for a gap
 */
record Slot(String track, TimeRange range, String gapId, boolean visible, String inPlace) {

    boolean isGap() {
        return gapId != null;
    }

    String key() {
        return key(track, range);
    }

    static String key(String track, TimeRange range) {
        return track.toUpperCase(java.util.Locale.ROOT) + "@" + range.start() + "+" + range.duration();
    }

    /** Whether a take belongs here: a gap shows the takes made for any part of it, a filled range its own. */
    boolean holds(Take t) {
        if (!t.track().equalsIgnoreCase(track)) {
            return false;
        }
        return isGap() ? range.contains(t.range()) : range.equals(t.range());
    }

    String label() {
        return isGap() ? gapId : track + " take";
    }

    static String timecode(long frames, Rate rate) {
        return new RationalTime(frames, rate).toTimecode();
    }

    /** The gaps of the project, then the ranges filled by genshot takes, by track (V1 first) and time. */
    static List<Slot> of(ProjectSummary summary, List<Take> takes) {
        Timeline t = summary.timeline();
        List<Slot> out = new ArrayList<>();
        for (GapSlot g : summary.gaps()) {
            out.add(new Slot(g.track(), g.range(), g.id(), g.visible(), null));
        }
        List<Track> video = t.videoTracks();
        for (int v = 0; v < video.size(); v++) {
            Track track = video.get(v);
            List<TimeRange> ranges = track.itemRanges();
            for (int i = 0; i < ranges.size(); i++) {
                if (!(track.items().get(i) instanceof Clip c)) {
                    continue;
                }
                TimeRange r = ranges.get(i);
                String media = fileName(c.media());
                for (Take take : takes) {
                    if (take.track().equalsIgnoreCase(track.name()) && take.range().equals(r)
                            && take.file().getFileName().toString().equals(media)) {
                        out.add(new Slot(track.name(), r, null, !coveredAbove(video, v, r), take.id()));
                        break;
                    }
                }
            }
        }
        List<String> order = video.stream().map(tr -> tr.name().toUpperCase(java.util.Locale.ROOT)).toList();
        out.sort(Comparator.<Slot>comparingInt(s -> order.indexOf(s.track().toUpperCase(java.util.Locale.ROOT)))
                .thenComparingLong(s -> s.range().start()));
        return out;
    }

    static String fileName(String media) {
        if (media == null) {
            return "";
        }
        int slash = Math.max(media.lastIndexOf('/'), media.lastIndexOf('\\'));
        return media.substring(slash + 1);
    }

    /** Whether shown clips of higher video tracks cover every frame of the range. */
    static boolean coveredAbove(List<Track> video, int index, TimeRange range) {
        List<TimeRange> clips = new ArrayList<>();
        for (int k = index + 1; k < video.size(); k++) {
            if (!video.get(k).hidden()) {
                clips.addAll(video.get(k).clipRanges());
            }
        }
        clips.sort(Comparator.comparingLong(TimeRange::start));
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

    /** The clip of a track at a frame, with the frame of the clip's source at that point. */
    record Shown(Clip clip, long sourceFrame, String track) {
    }

    static Optional<Shown> clipAt(Track track, long frame) {
        long pos = 0;
        for (Item item : track.items()) {
            if (frame >= pos && frame < pos + item.duration()) {
                return item instanceof Clip c ? Optional.of(new Shown(c, c.sourceIn() + frame - pos, track.name()))
                        : Optional.empty();
            }
            pos += item.duration();
        }
        return Optional.empty();
    }

    /** What a viewer sees at a frame: the clip of the highest shown video track that has one there. */
    static Optional<Shown> shownAt(Timeline t, long frame) {
        if (frame < 0) {
            return Optional.empty();
        }
        List<Track> video = t.videoTracks();
        for (int k = video.size() - 1; k >= 0; k--) {
            if (video.get(k).hidden()) {
                continue;
            }
            Optional<Shown> s = clipAt(video.get(k), frame);
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }

    /**
     * What the video tracks below {@code track} show at a frame (the highest shown one with a clip there): what a
     * plate put on {@code track} is composited over. Empty when nothing is below (then the plate is over black).
     */
    static Optional<Shown> shownBelow(Timeline t, String track, long frame) {
        if (frame < 0) {
            return Optional.empty();
        }
        List<Track> video = t.videoTracks();
        int index = -1;
        for (int k = 0; k < video.size(); k++) {
            if (video.get(k).name().equalsIgnoreCase(track)) {
                index = k;
            }
        }
        for (int k = index - 1; k >= 0; k--) {
            if (video.get(k).hidden()) {
                continue;
            }
            Optional<Shown> s = clipAt(video.get(k), frame);
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }

    /** The media file of a clip as a path: relative resources are relative to the project's folder. */
    static Optional<Path> mediaFile(Path project, String media) {
        if (media == null || media.isBlank() || media.contains("<") || media.startsWith("color:")
                || media.startsWith("#")) {
            return Optional.empty();
        }
        try {
            Path p = Path.of(media);
            if (!p.isAbsolute()) {
                Path dir = project.toAbsolutePath().getParent();
                p = dir == null ? p : dir.resolve(p);
            }
            p = p.normalize();
            return java.nio.file.Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (RuntimeException notAPath) {
            return Optional.empty();
        }
    }
}
