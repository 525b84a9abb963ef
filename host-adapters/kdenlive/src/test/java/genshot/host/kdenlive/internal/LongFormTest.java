package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.testkit.LongForm;
import genshot.timeline.Clip;
import genshot.timeline.Gap;
import genshot.timeline.GapSlot;
import genshot.timeline.Item;
import genshot.timeline.Rate;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long-form project (the benchmark's, 3,000 clips): read and written back as the same document, then byte for byte; an insertion fills one gap only. */
class LongFormTest {

    @TempDir
    Path dir;

    @Test
    void longProjectRoundTripsByteForByte() throws Exception {
        Path file = LongForm.kdenlive(dir.resolve("long.kdenlive"), 3000);
        byte[] in = Files.readAllBytes(file);
        KdenliveProject p = Fx.read(file);
        assertEquals(3000, p.timeline().tracks().stream().filter(t -> t.name().startsWith("V"))
                .mapToLong(t -> t.items().stream().filter(i -> i instanceof Clip).count()).sum());
        // the fixture's own layout differs from the writer's in whitespace only: the same document, and once
        // written by genshot, the same bytes on every later read and write
        byte[] out = p.serialize();
        Fx.assertSameDocument(in, out);
        assertArrayEquals(out, Fx.read(file, new String(out, StandardCharsets.UTF_8)).serialize());
    }

    @Test
    void insertionIntoALongProjectChangesOnlyItsGap() throws Exception {
        Path file = LongForm.kdenlive(dir.resolve("long.kdenlive"), 3000);
        KdenliveProject p = Fx.read(file);
        Timeline before = p.timeline();
        List<GapSlot> gaps = before.gaps().stream().filter(g -> g.track().equals("V1")
                && g.position() == GapSlot.Position.INTERIOR).toList();
        assertTrue(gaps.size() > 50, "gaps: " + gaps.size());
        GapSlot g = gaps.get(gaps.size() / 2);
        Path take = Files.write(dir.resolve("take.mp4"), new byte[4096]);
        p.insert(new InsertRequest(take, new MediaInfo(1920, 1080, Rate.FPS_25, g.range().duration(), false, 4096),
                "V1", g.range(), "shot 1"));
        Timeline after = Fx.read(file, new String(p.serialize(), StandardCharsets.UTF_8)).timeline();
        for (Track t : before.tracks()) {
            if (!t.name().equals("V1")) {
                assertEquals(t, after.track(t.name()).orElseThrow(), "track " + t.name());
            }
        }
        List<Item> expected = new ArrayList<>();
        long pos = 0;
        for (Item i : before.track("V1").orElseThrow().items()) {
            expected.add(i instanceof Gap && pos == g.range().start() ? null : i);
            pos += i.duration();
        }
        List<Item> now = after.track("V1").orElseThrow().items();
        assertEquals(expected.size(), now.size());
        for (int k = 0; k < now.size(); k++) {
            if (expected.get(k) == null) {
                Clip c = (Clip) now.get(k);
                assertEquals(g.range().duration(), c.duration());
                assertTrue(c.media().endsWith("take.mp4"), c.media());
            } else {
                assertEquals(expected.get(k), now.get(k), "item " + k);
            }
        }
        assertTrue(expected.contains(null));
        assertEquals(before.duration(), after.duration());
    }
}
