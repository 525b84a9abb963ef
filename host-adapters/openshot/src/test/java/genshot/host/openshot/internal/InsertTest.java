package genshot.host.openshot.internal;

import static genshot.testkit.ProjectFixtures.Item.blank;
import static genshot.testkit.ProjectFixtures.Item.clip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genshot.api.GenshotException;
import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.ProjectFixtures.TrackSpec;
import genshot.timeline.Clip;
import genshot.timeline.Gap;
import genshot.timeline.Item;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsertTest {

    @TempDir
    Path dir;

    private Path take(String name, int bytes) throws Exception {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (i * 7);
        }
        Files.createDirectories(dir.resolve(name).getParent());
        return Files.write(dir.resolve(name), b);
    }

    private static MediaInfo info(long frames) {
        return new MediaInfo(640, 360, Rate.FPS_25, frames, false, 0);
    }

    /** V1: a [0,40), gap [40,70), b [70,100); V2: gap 20 then b [20,40) (trailing gap after); V3 locked. */
    private Path project() {
        Media a = Fx.present(dir, "a.mp4", Rate.FPS_25, 100);
        Media b = Fx.present(dir, "b.mp4", Rate.FPS_25, 100);
        return Fx.project(Rate.FPS_25)
                .video(clip(a, 0, 40), blank(30), clip(b, 0, 30))
                .video(blank(20), clip(b, 0, 20))
                .track(new TrackSpec(false, true, false, List.of(blank(100))))
                .marker(1.6).extras(true)
                .write(dir.resolve("p.osp"));
    }

    private OpenShotProject insertAndReread(TimeRange range, String track, List<Item> expectedItems) throws Exception {
        OpenShotProject p = Fx.read(project());
        Timeline before = p.timeline();
        Path take = take("takes/take.mp4", 5000);
        p.insert(new InsertRequest(take, info(range.duration()), track, range, "shot 1"));
        byte[] out = p.serialize();
        OpenShotProject again = Fx.read(dir.resolve("p.osp"), out);
        Timeline after = again.timeline();
        assertEquals(expectedItems, after.track(track).orElseThrow().items());
        for (Track t : before.tracks()) {
            if (!t.name().equalsIgnoreCase(track)) {
                assertEquals(t, after.track(t.name()).orElseThrow(), "track " + t.name() + " must not change");
            }
        }
        assertEquals(before.duration(), after.duration());
        assertEquals(before.markers(), after.markers());
        assertEquals(List.of(), again.warnings());
        return again;
    }

    /**
     * The reader of an inserted clip is shaped as the project's openshot-qt shapes one: 3.1 and later make it a copy
     * of the file entry (its id and media type with it); 2.6 and 3.0 do not. The version stays the project's, and in a
     * 3.x project the keys 3.x added elsewhere (here a keyframe of -0.0, an export_settings) come back as they were.
     */
    @Test
    void theReaderIsShapedAsTheProjectsOpenShotShapesIt() throws Exception {
        Media a = Fx.media(dir, "a.mp4", Rate.FPS_25, 100);
        Path take = take("takes/take.mp4", 5000);
        for (String[] v : new String[][] {{"2.6.1", "0.2.7", "no"}, {"3.0.0", "0.3.0", "no"}, {"3.1.1", "0.3.2", "yes"},
            {"3.4.0", "0.5.0", "yes"}}) {
            Path file = Fx.project(Rate.FPS_25).video(clip(a, 0, 40), blank(30), clip(a, 0, 30)).version(v[0], v[1])
                    .write(dir.resolve("v.osp"));
            String text = Files.readString(file).replaceFirst("\"settings\": \\{\\}",
                    "\"settings\": {},\n \"export_settings\": null,\n \"genshot_zero\": -0.0");
            assertTrue(text.contains("-0.0"), "the fixture has its -0.0");
            OpenShotProject p = Fx.read(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertArrayEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), p.serialize(), "read and written");
            p.insert(new InsertRequest(take, info(30), "V1", new TimeRange(40, 30), "shot"));
            String out = new String(p.serialize(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(out.contains("\"genshot_zero\": -0.0") && out.contains("\"export_settings\": null"), v[0]);
            JsonNode root = Fx.read(file, out.getBytes(java.nio.charset.StandardCharsets.UTF_8)).document();
            assertEquals(v[0], root.get("version").get("openshot-qt").asText());
            JsonNode f = root.get("files").get(root.get("files").size() - 1);
            JsonNode reader = root.get("clips").get(root.get("clips").size() - 1).get("reader");
            if (v[2].equals("yes")) {
                assertEquals(f.get("id"), reader.get("id"), v[0]);
                assertEquals("video", reader.get("media_type").asText(), v[0]);
            } else {
                assertTrue(!reader.has("id") && !reader.has("media_type"), v[0] + ": " + reader);
            }
        }
    }

    @Test
    void fillWholeGap() throws Exception {
        OpenShotProject p = insertAndReread(new TimeRange(40, 30), "V1", List.of(
                new Clip("a.mp4", "a.mp4", 0, 40), new Clip("shot 1", "takes/take.mp4", 0, 30),
                new Clip("b.mp4", "b.mp4", 0, 30)));
        JsonNode root = p.document();
        JsonNode files = root.get("files");
        JsonNode clips = root.get("clips");
        JsonNode f = files.get(files.size() - 1);
        JsonNode c = clips.get(clips.size() - 1);
        // ids in openshot-qt's style, unique
        assertTrue(f.get("id").asText().matches("[A-Z0-9]{10}"), f.get("id").asText());
        assertTrue(c.get("id").asText().matches("[A-Z0-9]{10}"), c.get("id").asText());
        assertNotEquals(f.get("id").asText(), c.get("id").asText());
        assertEquals(f.get("id"), c.get("file_id"));
        assertEquals("video", f.get("media_type").asText());
        // the reader as libopenshot needs it; numbers where numbers belong, strings where openshot-qt writes strings
        JsonNode r = c.get("reader");
        assertEquals("FFmpegReader", r.get("type").asText());
        assertEquals("takes/take.mp4", r.get("path").asText());
        assertTrue(r.get("has_video").booleanValue());
        assertTrue(r.get("has_audio").isBoolean() && !r.get("has_audio").booleanValue());
        assertEquals(25, r.get("fps").get("num").intValue());
        assertEquals(1, r.get("fps").get("den").intValue());
        assertEquals("30", r.get("video_length").textValue());
        assertEquals("5000", r.get("file_size").textValue());
        assertEquals(1.2, r.get("duration").doubleValue());
        assertEquals(640, r.get("width").intValue());
        assertEquals(360, r.get("height").intValue());
        assertEquals(16, r.get("display_ratio").get("num").intValue());
        // files entry = reader + id + media_type
        List<String> fileKeys = keys(f);
        assertEquals(keys(r), fileKeys.subList(0, fileKeys.size() - 2));
        // the clip: placement, and the full key set of a clip openshot-qt writes (compared with an existing clip)
        assertEquals(1000000, c.get("layer").intValue());
        assertTrue(c.get("layer").isIntegralNumber() && c.get("position").isNumber() && c.get("end").isNumber());
        assertEquals(1.6, c.get("position").doubleValue());
        assertEquals(0.0, c.get("start").doubleValue());
        assertEquals(1.2, c.get("end").doubleValue());
        assertEquals("shot 1", c.get("title").asText());
        assertEquals(keys(clips.get(0)), keys(c));
        assertEquals(clips.get(0).get("alpha"), c.get("alpha"));
        assertEquals(clips.get(0).get("wave_color"), c.get("wave_color"));
        // the written text: python style floats
        String text = new String(p.serialize(), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"position\": 1.6,"), "position");
        assertTrue(text.contains("\"end\": 1.2,"), "end");
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            out.add(it.next());
        }
        return out;
    }

    /** Regression: a backslash in a take's name was turned into a separator, naming a file that is not there. */
    @Test
    void aTakeIsNamedRelativeToTheProjectsFolderWithItsNameAsItIs() throws Exception {
        OpenShotProject p = Fx.read(project());
        Path take = take("p.osp.genshot/takes/back\\slash V1_40+30.mp4", 5000);
        p.insert(new InsertRequest(take, info(30), "V1", new TimeRange(40, 30), null));
        OpenShotProject again = Fx.read(dir.resolve("p.osp"), p.serialize());
        Clip c = (Clip) again.timeline().track("V1").orElseThrow().items().get(1);
        assertEquals("p.osp.genshot/takes/back\\slash V1_40+30.mp4", c.media());
        assertEquals(take, again.mediaPath(c));
    }

    @Test
    void startMiddleAndEndOfAGap() throws Exception {
        String take = "takes/take.mp4";
        Clip a = new Clip("a.mp4", "a.mp4", 0, 40);
        Clip b = new Clip("b.mp4", "b.mp4", 0, 30);
        insertAndReread(new TimeRange(40, 10), "V1", List.of(a, new Clip("shot 1", take, 0, 10), new Gap(20), b));
        insertAndReread(new TimeRange(50, 10), "V1", List.of(a, new Gap(10), new Clip("shot 1", take, 0, 10), new Gap(10), b));
        insertAndReread(new TimeRange(60, 10), "V1", List.of(a, new Gap(20), new Clip("shot 1", take, 0, 10), b));
    }

    @Test
    void leadingAndTrailingGaps() throws Exception {
        String take = "takes/take.mp4";
        Clip b = new Clip("b.mp4", "b.mp4", 0, 20);
        insertAndReread(new TimeRange(0, 20), "V2", List.of(new Clip("shot 1", take, 0, 20), b));
        insertAndReread(new TimeRange(60, 40), "v2", List.of(new Gap(20), b, new Gap(20), new Clip("shot 1", take, 0, 40)));
        insertAndReread(new TimeRange(40, 60), "V2", List.of(new Gap(20), b, new Clip("shot 1", take, 0, 60)));
    }

    @Test
    void at2997PositionsAreOnTheGrid() throws Exception {
        Rate r = Rate.FPS_29_97;
        Media a = Fx.present(dir, "a.mp4", r, 3000);
        Path f = Fx.project(r).video(clip(a, 0, 1001), blank(1999), clip(a, 0, 10)).write(dir.resolve("n.osp"));
        OpenShotProject p = Fx.read(f);
        Path t = take("t.mp4", 10);
        p.insert(new InsertRequest(t, new MediaInfo(640, 360, r, 1997, false, 10), "V1", new TimeRange(1002, 1997), "x"));
        OpenShotProject again = Fx.read(f, p.serialize());
        assertEquals(List.of(), again.warnings());
        assertEquals(List.of(new Clip("a.mp4", "a.mp4", 0, 1001), new Gap(1), new Clip("x", "t.mp4", 0, 1997), new Gap(1),
                new Clip("a.mp4", "a.mp4", 0, 10)), again.timeline().track("V1").orElseThrow().items());
        JsonNode c = again.document().get("clips").get(2);
        assertEquals(r.secondsOf(1002), c.get("position").doubleValue());
        assertEquals(r.secondsOf(1997), c.get("end").doubleValue());
    }

    @Test
    void twoInsertionsAndPathsOutsideTheProjectFolder() throws Exception {
        Media a = Fx.present(dir.resolve("proj"), "a.mp4", Rate.FPS_25, 100);
        Path f = Fx.project(Rate.FPS_25).video(clip(a, 0, 10), blank(30), clip(a, 0, 10)).write(dir.resolve("proj/x.osp"));
        OpenShotProject p = Fx.read(f);
        Path take = take("elsewhere/t.mp4", 10);
        p.insert(new InsertRequest(take, info(10), "V1", new TimeRange(10, 10), "s1"));
        p.insert(new InsertRequest(take, info(10), "v1", new TimeRange(30, 10), null));
        OpenShotProject again = Fx.read(f, p.serialize());
        assertEquals(List.of(new Clip("a.mp4", "a.mp4", 0, 10), new Clip("s1", "../elsewhere/t.mp4", 0, 10), new Gap(10),
                new Clip("t.mp4", "../elsewhere/t.mp4", 0, 10), new Clip("a.mp4", "a.mp4", 0, 10)),
                again.timeline().track("V1").orElseThrow().items());
        assertEquals(List.of(), again.warnings(), "the relative path resolves against the project's folder");
        assertEquals(3, again.document().get("files").size());
    }

    private void refused(String code, Consumer<OpenShotProject> action) throws Exception {
        Path f = project();
        byte[] original = Files.readAllBytes(f);
        OpenShotProject p = Fx.read(f);
        GenshotException e = assertThrows(GenshotException.class, () -> action.accept(p));
        assertEquals(code, e.problem().code(), e.getMessage());
        assertEquals(f.toString(), e.problem().file());
        assertArrayEquals(original, p.serialize(), "a refused insertion must leave the document unchanged");
    }

    @Test
    void refusalsLeaveTheDocumentUnchanged() throws Exception {
        Path take = take("take.mp4", 100);
        refused("track.locked", p -> p.insert(new InsertRequest(take, info(10), "V3", new TimeRange(0, 10), "x")));
        refused("track.unknown", p -> p.insert(new InsertRequest(take, info(10), "V9", new TimeRange(40, 10), "x")));
        refused("track.unknown", p -> p.insert(new InsertRequest(take, info(10), "A1", new TimeRange(40, 10), "x")));
        refused("track.unknown", p -> p.insert(new InsertRequest(take, info(10), null, new TimeRange(40, 10), "x")));
        refused("gap.not-free", p -> p.insert(new InsertRequest(take, info(10), "V1", new TimeRange(35, 10), "x")));
        refused("gap.not-free", p -> p.insert(new InsertRequest(take, info(31), "V1", new TimeRange(40, 31), "x")));
        refused("gap.not-free", p -> p.insert(new InsertRequest(take, info(10), "V2", new TimeRange(25, 10), "x")));
        refused("gap.range", p -> p.insert(new InsertRequest(take, info(10), "V2", new TimeRange(95, 10), "x")));
        refused("gap.range", p -> p.insert(new InsertRequest(take, info(0), "V2", new TimeRange(50, 0), "x")));
        refused("take.frames", p -> p.insert(new InsertRequest(take, info(9), "V1", new TimeRange(40, 10), "x")));
        refused("take.frames", p -> p.insert(new InsertRequest(take, null, "V1", new TimeRange(40, 10), "x")));
        refused("take.format", p -> p.insert(new InsertRequest(take, new MediaInfo(640, 360, Rate.FPS_29_97, 10, false, 0),
                "V1", new TimeRange(40, 10), "x")));
        GenshotException size = assertThrows(GenshotException.class, () -> Fx.read(project()).insert(new InsertRequest(take,
                new MediaInfo(1280, 720, Rate.FPS_30, 10, false, 0), "V1", new TimeRange(40, 10), "x")));
        assertTrue(size.problem().message().contains("1280x720 instead of 640x360")
                && size.problem().message().contains("30/1 instead of 25/1"), size.getMessage());
        refused("media.missing", p -> p.insert(new InsertRequest(dir.resolve("nope.mp4"), info(10), "V1",
                new TimeRange(40, 10), "x")));
    }

    @Test
    void offGridNeighboursAreNeverOverlapped() throws Exception {
        Rate r = Rate.FPS_25;
        Media a = Fx.present(dir, "a.mp4", r, 200);
        // a ends at 1.61 s (frame 40.25): the gap after it starts at frame 41, not 40
        Path f = Fx.project(r).clipAt(0, a, 0.0, 0.0, 1.61).clipAt(0, a, r.secondsOf(70), 0.0, r.secondsOf(30))
                .write(dir.resolve("g.osp"));
        OpenShotProject p = Fx.read(f);
        assertEquals(List.of(new TimeRange(41, 29)), p.timeline().track("V1").orElseThrow().emptyRanges(100));
        Path take = take("t.mp4", 10);
        GenshotException e = assertThrows(GenshotException.class,
                () -> p.insert(new InsertRequest(take, info(30), "V1", new TimeRange(40, 30), "x")));
        assertEquals("gap.not-free", e.problem().code());
        p.insert(new InsertRequest(take, info(29), "V1", new TimeRange(41, 29), "x"));
        assertEquals(1, Fx.read(f, p.serialize()).warnings().size());
    }
}
