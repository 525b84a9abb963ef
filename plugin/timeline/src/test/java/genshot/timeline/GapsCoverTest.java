package genshot.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whether a gap is visible, checked against the definition itself on many random timelines: a gap is hidden exactly
 * when every one of its frames is covered by a clip of some shown video track above it. The reference below asks that
 * of each frame; {@link Timeline#gaps()} answers it with the covered time of the tracks above built once.
 */
class GapsCoverTest {

    /** The definition, frame by frame. */
    private static boolean hiddenByDefinition(List<Track> video, int index, TimeRange r) {
        for (long f = r.start(); f < r.end(); f++) {
            boolean covered = false;
            for (int k = index + 1; k < video.size() && !covered; k++) {
                if (video.get(k).hidden()) {
                    continue;
                }
                for (TimeRange c : video.get(k).clipRanges()) {
                    if (c.contains(f)) {
                        covered = true;
                        break;
                    }
                }
            }
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    private static Track track(Random rnd, int n, String name) {
        List<Item> items = new ArrayList<>();
        for (int k = 0; k < rnd.nextInt(n + 1); k++) {
            int len = 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 15);
            items.add(rnd.nextInt(3) == 0 ? new Gap(len) : new Clip("c" + k, "m.mp4", 0, len));
        }
        return new Track(name, TrackKind.VIDEO, false, rnd.nextInt(5) == 0, items);
    }

    @Test
    void visibilityMatchesTheDefinitionOnRandomTimelines() {
        Random rnd = new Random(13);
        int hidden = 0;
        int visible = 0;
        for (int round = 0; round < 3000; round++) {
            List<Track> tracks = new ArrayList<>();
            int n = 1 + rnd.nextInt(4);
            for (int t = 0; t < n; t++) {
                tracks.add(track(rnd, 12, "V" + (t + 1)));
            }
            Timeline tl = new Timeline(Rate.FPS_25, 640, 360, tracks, List.of());
            List<Track> video = tl.videoTracks();
            for (GapSlot g : tl.gaps()) {
                int index = video.indexOf(tl.track(g.track()).orElseThrow());
                boolean expectHidden = hiddenByDefinition(video, index, g.range());
                assertEquals(!expectHidden, g.visible(), () -> "gap " + g + " of " + tracks);
                if (expectHidden) {
                    hidden++;
                } else {
                    visible++;
                }
            }
        }
        // both answers occur often, so the comparison means something
        assertTrue(hidden > 500 && visible > 500, hidden + " hidden, " + visible + " visible");
    }
}
