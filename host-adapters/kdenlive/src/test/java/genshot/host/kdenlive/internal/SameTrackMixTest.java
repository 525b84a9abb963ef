package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import genshot.timeline.Clip;
import genshot.timeline.Gap;
import genshot.timeline.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The items a two-playlist track shows (melt's view of the same project is checked in MixTest). */
class SameTrackMixTest {

    @Test
    void theSecondPlaylistFillsWhereTheFirstIsBlankAndAGapIsWhereBothAre() {
        List<Item> first = List.of(new Clip("A", "A.mp4", 0, 50), new Gap(40), new Clip("A", "A.mp4", 0, 50));
        List<Item> second = List.of(new Gap(40), new Clip("B", "B.mp4", 0, 30), new Gap(80), new Clip("B", "B.mp4", 0, 50));
        assertEquals(List.of(new Clip("A", "A.mp4", 0, 50), new Clip("B", "B.mp4", 10, 20), new Gap(20),
                new Clip("A", "A.mp4", 0, 50), new Gap(10), new Clip("B", "B.mp4", 0, 50)),
                SameTrackMix.merge(first, second));
    }

    @Test
    void anEmptySecondPlaylistChangesNothing() {
        List<Item> first = List.of(new Clip("A", "A.mp4", 5, 50), new Gap(40), new Clip("B", "B.mp4", 0, 10), new Gap(7));
        assertEquals(first, SameTrackMix.merge(first, List.of()));
        assertEquals(first, SameTrackMix.merge(first, List.of(new Gap(300))));
    }

    @Test
    void aClipOnlyOnTheSecondPlaylistAndTouchingSpansStayApart() {
        assertEquals(List.of(new Gap(10), new Clip("B", "B.mp4", 3, 5)),
                SameTrackMix.merge(List.of(), List.of(new Gap(10), new Clip("B", "B.mp4", 3, 5))));
        // two clips of the same file one after the other are two items, as on a playlist
        assertEquals(List.of(new Clip("A", "A.mp4", 0, 10), new Clip("A", "A.mp4", 0, 10)),
                SameTrackMix.merge(List.of(new Clip("A", "A.mp4", 0, 10)), List.of(new Gap(10),
                        new Clip("A", "A.mp4", 0, 10))));
    }
}
