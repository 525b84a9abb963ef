package genshot.host.openshot.internal;

import static genshot.testkit.ProjectFixtures.Item.blank;
import static genshot.testkit.ProjectFixtures.Item.clip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genshot.api.GenshotException;
import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.testkit.ProjectFixtures.Media;
import genshot.timeline.Clip;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taking a clip out ({@code remove}): the JSON edit itself, overlapping clips, and {@code mediaPath}. */
class RemoveTest {

    @TempDir
    Path dir;

    private Path take(String name) throws Exception {
        Files.createDirectories(dir.resolve(name).getParent());
        return Files.write(dir.resolve(name), ("take " + name).getBytes(StandardCharsets.UTF_8));
    }

    private static InsertRequest request(Path take, Rate rate, String track, TimeRange range) {
        return new InsertRequest(take, new MediaInfo(640, 360, rate, range.duration(), false, 0), track, range, "take");
    }

    private static Path golden(String name) throws Exception {
        return Path.of(RemoveTest.class.getResource("/golden/openshot/2.6/" + name).toURI());
    }

    /** Insert then remove gives back the very bytes (the clip and its files entry go), in one session or after a save. */
    @Test
    void insertThenRemoveGivesBackTheBytes() throws Exception {
        for (String name : new String[] {"sample.osp", "unknown-keys.osp", "ntsc.osp", "multilayer.osp"}) {
            Path file = Files.copy(golden(name), dir.resolve(name));
            byte[] original = Files.readAllBytes(file);
            OpenShotProject p = Fx.read(file);
            Rate rate = p.timeline().rate();
            TimeRange range = p.timeline().gaps().get(0).range();
            String track = p.timeline().gaps().get(0).track();
            if (name.equals("multilayer.osp")) {
                range = new TimeRange(75, 10); // V1's gap is [70, 100)
            }
            p.insert(request(take("takes/t.mp4"), rate, track, range));
            OpenShotProject again = Fx.read(file, p.serialize());
            again.remove(track, range);
            assertArrayEquals(original, again.serialize(), name + ": after a save");
            p.remove(track, range);
            assertArrayEquals(original, p.serialize(), name + ": one session");
        }
    }

    @Test
    void filesEntriesGoOnlyWhenUnused() throws Exception {
        Media a = Fx.present(dir, "a.mp4", Rate.FPS_25, 100);
        Media only = Fx.present(dir, "only.mp4", Rate.FPS_25, 100);
        Path f = Fx.project(Rate.FPS_25).video(clip(a, 0, 40), blank(10), clip(only, 0, 30), clip(a, 50, 10))
                .write(dir.resolve("p.osp"));
        OpenShotProject p = Fx.read(f);
        p.remove("V1", new TimeRange(80, 10)); // the second use of a: a's files entry stays
        assertEquals(2, p.document().get("files").size());
        p.remove("V1", new TimeRange(50, 30)); // the only use of only.mp4: its files entry goes
        JsonNode files = p.document().get("files");
        assertEquals(1, files.size());
        assertEquals("a.mp4", files.get(0).get("path").asText());
        OpenShotProject again = Fx.read(f, p.serialize());
        assertEquals(List.of(new Clip("a.mp4", "a.mp4", 0, 40)), again.timeline().track("V1").orElseThrow().items());
        assertEquals(List.of(), again.warnings());
    }

    @Test
    void overlappingClipsAreNotASingleClip() throws Exception {
        Path file = Files.copy(golden("multilayer.osp"), dir.resolve("multilayer.osp"));
        byte[] original = Files.readAllBytes(file);
        // V1: a covers [0, 50), b is drawn over it on [40, 70); c [100, 125)
        for (TimeRange r : new TimeRange[] {new TimeRange(0, 40), new TimeRange(0, 50), new TimeRange(40, 30)}) {
            OpenShotProject p = Fx.read(file);
            GenshotException e = assertThrows(GenshotException.class, () -> p.remove("V1", r));
            assertEquals("remove.no-clip", e.problem().code(), e.getMessage());
            assertArrayEquals(original, p.serialize());
        }
        OpenShotProject p = Fx.read(file);
        p.remove("V1", new TimeRange(100, 25));
        assertEquals(List.of(new Clip("a.mp4", "a.mp4", 0, 40), new Clip("b.mp4", "b.mp4", 0, 30)),
                Fx.read(file, p.serialize()).timeline().track("V1").orElseThrow().items());
        // the locked layer refuses
        GenshotException locked = assertThrows(GenshotException.class, () -> Fx.read(file).remove("V2", new TimeRange(20, 40)));
        assertEquals("track.locked", locked.problem().code());
    }

    @Test
    void replaceLeavesOnlyTheSecondTake() throws Exception {
        Path file = Fx.copySample(dir);
        TimeRange range = new TimeRange(50, 25);
        OpenShotProject p = Fx.read(file);
        p.insert(request(take("takes/one.mp4"), Rate.FPS_25, "V1", range));
        OpenShotProject again = Fx.read(file, p.serialize());
        again.remove("V1", range);
        again.insert(request(take("takes/two.mp4"), Rate.FPS_25, "V1", range));
        String json = new String(again.serialize(), StandardCharsets.UTF_8);
        assertFalse(json.contains("one.mp4"), "take 1 is gone from clips and files");
        assertEquals(2, json.split("takes/two.mp4", -1).length - 1, "take 2 in files and in its clip's reader");
        assertEquals(List.of(new Clip("A.mp4", "A.mp4", 0, 50), new Clip("take", "takes/two.mp4", 0, 25),
                new Clip("B.mp4", "B.mp4", 0, 50)), Fx.read(file, json).timeline().track("V1").orElseThrow().items());
    }

    @Test
    void mediaPathIsRelativeToTheProjectFolder() throws Exception {
        Path folder = dir.resolve("proj");
        Media a = Fx.present(folder, "a.mp4", Rate.FPS_25, 100);
        Media sub = Fx.present(folder.resolve("media"), "s.mp4", Rate.FPS_25, 100);
        Media out = Fx.present(dir.resolve("outside"), "o.mp4", Rate.FPS_25, 100);
        Path f = Fx.project(Rate.FPS_25).video(clip(a, 0, 10), clip(sub, 0, 10), clip(out, 0, 10))
                .write(folder.resolve("p.osp"));
        OpenShotProject p = Fx.read(f);
        List<genshot.timeline.Item> items = p.timeline().track("V1").orElseThrow().items();
        assertEquals("media/s.mp4", ((Clip) items.get(1)).media());
        assertEquals("../outside/o.mp4", ((Clip) items.get(2)).media());
        assertEquals(folder.resolve("a.mp4"), p.mediaPath((Clip) items.get(0)));
        assertEquals(folder.resolve("media/s.mp4"), p.mediaPath((Clip) items.get(1)));
        assertEquals(dir.resolve("outside/o.mp4"), p.mediaPath((Clip) items.get(2)));
        // absolute paths (openshot-qt keeps a path on another drive absolute) stay as they are
        Path abs = Fx.project(Rate.FPS_25).absolutePaths(true).video(clip(out, 0, 10)).write(folder.resolve("abs.osp"));
        OpenShotProject q = Fx.read(abs);
        Clip c = (Clip) q.timeline().track("V1").orElseThrow().items().get(0);
        assertEquals(out.path().toString(), c.media());
        assertEquals(out.path(), q.mediaPath(c));
        // @assets/ resolves against <name>_assets/, as openshot-qt does
        assertEquals(folder.resolve("p_assets/title/t.svg"), p.mediaPath(new Clip("t", "@assets/title/t.svg", 0, 1)));
        assertEquals(List.of(), p.warnings());
    }
}
