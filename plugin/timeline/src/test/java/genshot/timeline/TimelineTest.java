package genshot.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static Clip clip(long d) {
        return new Clip("c", "c.mp4", 0, d);
    }

    private static Track video(String name, Item... items) {
        return new Track(name, TrackKind.VIDEO, false, false, List.of(items));
    }

    @Test
    void findsLeadingInteriorAndTrailingGapsUpToTheLongestTrack() {
        Track v1 = video("V1", new Gap(10), clip(40), new Gap(25), new Gap(5), clip(50));
        Track v2 = video("V2", clip(20));
        Track a1 = new Track("A1", TrackKind.AUDIO, false, false, List.of(clip(200)));
        Timeline t = new Timeline(Rate.FPS_25, 640, 360, List.of(v1, v2, a1), List.of());

        List<GapSlot> gaps = t.gaps();
        assertEquals(200, t.duration());
        assertEquals(List.of("V1:1", "V1:2", "V1:3", "V2:1"), gaps.stream().map(GapSlot::id).toList());
        assertEquals(new TimeRange(0, 10), gaps.get(0).range());
        assertEquals(GapSlot.Position.LEADING, gaps.get(0).position());
        assertEquals(new TimeRange(50, 30), gaps.get(1).range(), "adjacent blanks are one gap");
        assertEquals(GapSlot.Position.INTERIOR, gaps.get(1).position());
        assertEquals(new TimeRange(130, 70), gaps.get(2).range(), "trailing gap up to the audio track's end");
        assertEquals(GapSlot.Position.TRAILING, gaps.get(2).position());
        assertEquals(new TimeRange(20, 180), gaps.get(3).range());
        assertFalse(gaps.get(0).visible(), "V2 covers V1's leading gap");
        assertTrue(gaps.get(1).visible());
        assertTrue(gaps.get(3).visible());
    }

    @Test
    void coverageMayComeFromSeveralTracksAboveButNotFromHiddenOnes() {
        Track v1 = video("V1", clip(10), new Gap(20), clip(10));
        Track v2 = video("V2", new Gap(10), clip(10));
        Track v3 = video("V3", new Gap(20), clip(10));
        Timeline t = new Timeline(Rate.FPS_25, 64, 36, List.of(v1, v2, v3), List.of());
        assertFalse(t.gap("V1:1").orElseThrow().visible());

        Track v3hidden = new Track("V3", TrackKind.VIDEO, false, true, v3.items());
        Timeline h = new Timeline(Rate.FPS_25, 64, 36, List.of(v1, v2, v3hidden), List.of());
        assertTrue(h.gap("V1:1").orElseThrow().visible());
    }

    @Test
    void anEmptyTrackIsOneGapAcrossTheTimeline() {
        Track v1 = video("V1", clip(30));
        Track v2 = video("V2");
        Timeline t = new Timeline(Rate.FPS_29_97, 64, 36, List.of(v1, v2), List.of());
        assertEquals(List.of(new TimeRange(0, 30)), t.gaps().stream().map(GapSlot::range).toList());
        assertEquals("V2:1", t.gaps().get(0).id());
        assertTrue(v2.isEmpty(), "no clip at all");
        assertFalse(v1.isEmpty());
        assertTrue(video("V3", new Gap(40)).isEmpty(), "blanks only");
    }

    @Test
    void aRangeIsShownOneWayStartPlusLengthThenTheSameAsTimecode() {
        assertEquals("50+25", new TimeRange(50, 25).toString());
        assertEquals("50+25 (00:00:02:00+00:00:01:00)", new TimeRange(50, 25).text(Rate.FPS_25));
        assertEquals("1799+31 (00:00:59:29+00:00:01:01)", new TimeRange(1799, 31).text(Rate.FPS_29_97));
    }

    @Test
    void rangesAreHalfOpen() {
        TimeRange r = new TimeRange(50, 25);
        assertEquals(75, r.end());
        assertEquals(74, r.lastFrame());
        assertTrue(r.contains(50));
        assertFalse(r.contains(75));
        assertFalse(r.overlaps(new TimeRange(75, 10)));
        assertTrue(r.overlaps(new TimeRange(74, 10)));
        assertTrue(r.contains(new TimeRange(60, 15)));
        assertFalse(r.contains(new TimeRange(60, 16)));
        assertThrows(IllegalArgumentException.class, () -> new TimeRange(0, -1));
    }

    @Test
    void timecodeUsesTheNominalBase() {
        assertEquals("00:00:02:00", new RationalTime(50, Rate.FPS_25).toTimecode());
        assertEquals("00:01:00:00", new RationalTime(1800, Rate.FPS_29_97).toTimecode());
        assertEquals("00:00:01:23", new RationalTime(47, Rate.FPS_23_976).toTimecode());
        assertEquals(new Rate(30000, 1001), Rate.parse("60000/2002"));
        assertThrows(IllegalArgumentException.class, () -> Rate.parse("fast"));
        assertThrows(IllegalArgumentException.class, () -> new Rate(0, 1));
    }
}
