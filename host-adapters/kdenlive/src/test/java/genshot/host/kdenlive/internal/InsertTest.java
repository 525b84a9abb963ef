package genshot.host.kdenlive.internal;

import static genshot.testkit.ProjectFixtures.Item.blank;
import static genshot.testkit.ProjectFixtures.Item.clip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class InsertTest {

    @TempDir
    Path dir;

    private Path take(String name, int bytes) throws Exception {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (i * 7);
        }
        return Files.write(dir.resolve(name), b);
    }

    private static MediaInfo info(long frames) {
        return new MediaInfo(640, 360, Rate.FPS_25, frames, false, 0);
    }

    /** V1: a [0,40), blank [40,70), b [70,100); V2: blank 100 then b (trailing tests); A1 under it. */
    private Path project() {
        Media a = Fx.media(dir, "a.mp4", Rate.FPS_25, 100);
        Media b = Fx.media(dir, "b.mp4", Rate.FPS_25, 100);
        return Fx.project(Rate.FPS_25)
                .audio(clip(a, 0, 40), blank(30), clip(b, 0, 30))
                .video(clip(a, 0, 40), blank(30), clip(b, 0, 30))
                .video(blank(20), clip(b, 0, 20))
                .track(new TrackSpec(false, true, false, List.of(blank(100))))
                .write(dir.resolve("p.kdenlive"));
    }

    private static List<TimeRange> clips(Timeline t, String track) {
        return t.track(track).orElseThrow().clipRanges();
    }

    private KdenliveProject insertAndReread(TimeRange range, String track, List<Item> expectedItems) throws Exception {
        KdenliveProject p = Fx.read(project());
        Timeline before = p.timeline();
        Path take = take("take.mp4", 5000);
        p.insert(new InsertRequest(take, info(range.duration()), track, range, "shot 1"));
        byte[] out = p.serialize();
        KdenliveProject again = Fx.read(dir.resolve("p.kdenlive"), new String(out, java.nio.charset.StandardCharsets.UTF_8));
        Timeline after = again.timeline();
        assertEquals(expectedItems, after.track(track).orElseThrow().items());
        for (Track t : before.tracks()) {
            if (!t.name().equals(track)) {
                assertEquals(t, after.track(t.name()).orElseThrow(), "track " + t.name() + " must not change");
            }
        }
        assertEquals(before.duration(), after.duration());
        return again;
    }

    @Test
    void fillWholeGap() throws Exception {
        KdenliveProject p = insertAndReread(new TimeRange(40, 30), "V1", List.of(
                new Clip("a.mp4", "a.mp4", 0, 40), new Clip("shot 1", "take.mp4", 0, 30),
                new Clip("b.mp4", "b.mp4", 0, 30)));
        // structure: bin producer before main_bin, its entry in main_bin, timeline copy before V1's playlist
        List<Element> top = Xml.children(p.document().getDocumentElement());
        Element mainBin = top.stream().filter(e -> "main_bin".equals(e.getAttribute("id"))).findFirst().orElseThrow();
        Element bin = top.get(top.indexOf(mainBin) - 1);
        assertEquals("producer", bin.getTagName());
        assertEquals("4", Xml.property(bin, "kdenlive:id"));
        assertEquals("2", Xml.property(bin, "kdenlive:clip_type"));
        assertEquals("avformat-novalidate", Xml.property(bin, "mlt_service"));
        assertEquals("30", Xml.property(bin, "length"));
        assertEquals("take.mp4", Xml.property(bin, "resource"), "relative, as the project names a.mp4 and b.mp4");
        assertEquals("5000", Xml.property(bin, "kdenlive:file_size"));
        assertEquals(FileHash.of(dir.resolve("take.mp4")), Xml.property(bin, "kdenlive:file_hash"));
        List<Element> binEntries = Xml.children(mainBin, "entry");
        Element last = binEntries.get(binEntries.size() - 1);
        assertEquals(bin.getAttribute("id"), last.getAttribute("producer"));
        assertEquals("0", last.getAttribute("in"));
        assertEquals("29", last.getAttribute("out"));
        Element v1 = top.stream().filter(e -> "playlist2".equals(e.getAttribute("id"))).findFirst().orElseThrow();
        Element copy = top.get(top.indexOf(v1) - 1);
        assertEquals("1", Xml.property(copy, "set.test_audio"));
        assertEquals("0", Xml.property(copy, "set.test_image"));
        assertEquals("4", Xml.property(copy, "kdenlive:id"));
        List<Element> items = Xml.children(v1).stream().filter(e -> !e.getTagName().equals("property")).toList();
        assertEquals(List.of("entry", "entry", "entry"), items.stream().map(Element::getTagName).toList());
        Element entry = items.get(1);
        assertEquals(copy.getAttribute("id"), entry.getAttribute("producer"));
        assertEquals("0", entry.getAttribute("in"));
        assertEquals("29", entry.getAttribute("out"));
        assertEquals("4", Xml.property(entry, "kdenlive:id"));
    }

    @Test
    void startMiddleAndEndOfAGap() throws Exception {
        String take = "take.mp4";
        Clip a = new Clip("a.mp4", "a.mp4", 0, 40);
        Clip b = new Clip("b.mp4", "b.mp4", 0, 30);
        insertAndReread(new TimeRange(40, 10), "V1", List.of(a, new Clip("shot 1", take, 0, 10), new Gap(20), b));
        insertAndReread(new TimeRange(50, 10), "V1", List.of(a, new Gap(10), new Clip("shot 1", take, 0, 10), new Gap(10), b));
        insertAndReread(new TimeRange(60, 10), "V1", List.of(a, new Gap(20), new Clip("shot 1", take, 0, 10), b));
    }

    @Test
    void leadingAndTrailingGaps() throws Exception {
        String take = "take.mp4";
        Clip b = new Clip("b.mp4", "b.mp4", 0, 20);
        insertAndReread(new TimeRange(0, 20), "V2", List.of(new Clip("shot 1", take, 0, 20), b));
        // after V2's end (frame 40) up to the timeline's end (100)
        insertAndReread(new TimeRange(60, 40), "V2", List.of(new Gap(20), b, new Gap(20), new Clip("shot 1", take, 0, 40)));
        KdenliveProject p = insertAndReread(new TimeRange(40, 60), "V2", List.of(new Gap(20), b, new Clip("shot 1", take, 0, 60)));
        // the track tractor's out follows the new end
        Element tractor = Xml.children(p.document().getDocumentElement(), "tractor").get(2);
        assertEquals("99", tractor.getAttribute("out"));
    }

    @Test
    void twoInsertionsAndFolderIds() throws Exception {
        Media a = Fx.media(dir, "a.mp4", Rate.FPS_25, 100);
        Path f = Fx.project(Rate.FPS_25).video(clip(a, 0, 10), blank(30), clip(a, 0, 10)).extras(true).write(dir.resolve("x.kdenlive"));
        KdenliveProject p = Fx.read(f);
        Path take = take("t.mp4", 10);
        p.insert(new InsertRequest(take, info(10), "V1", new TimeRange(10, 10), "s1"));
        p.insert(new InsertRequest(take, info(10), "v1", new TimeRange(30, 10), null));
        Fx.read(f, new String(p.serialize(), java.nio.charset.StandardCharsets.UTF_8));
        List<String> ids = new ArrayList<>();
        for (Element e : KdenliveProject.elements(p.document().getDocumentElement(), "entry")) {
            String id = Xml.property(e, "kdenlive:id");
            if (id != null) {
                ids.add(id);
            }
        }
        // bin folder 7 shares the id space: new clips get 8 and 9
        assertEquals(List.of("2", "8", "9", "2"), ids);
        assertEquals(List.of(new Clip("a.mp4", "a.mp4", 0, 10), new Clip("s1", "t.mp4", 0, 10), new Gap(10),
                new Clip("t.mp4", "t.mp4", 0, 10), new Clip("a.mp4", "a.mp4", 0, 10)),
                p.timeline().track("V1").orElseThrow().items());
    }

    /**
     * A take is named as the project names its media: relative to {@code root} when the project's files are
     * relative (and the take lies under {@code root}), absolute when they are absolute or the take lies elsewhere.
     */
    @Test
    void theTakeIsNamedRelativelyOnlyWhereTheProjectNamesItsMediaSo() throws Exception {
        Media a = Fx.media(dir, "a.mp4", Rate.FPS_25, 100);
        Path takes = Files.createDirectories(dir.resolve("x.kdenlive.genshot/takes"));
        Path inside = Files.write(takes.resolve("V1_10+10_fog_s1.mp4"), new byte[] {1, 2, 3});
        Path outside = Files.write(Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-elsewhere"))
                .resolve("t.mp4"), new byte[] {4, 5, 6});

        Path rel = Fx.project(Rate.FPS_25).video(clip(a, 0, 10), blank(30), clip(a, 0, 10)).write(dir.resolve("x.kdenlive"));
        KdenliveProject p = Fx.read(rel);
        p.insert(new InsertRequest(inside, info(10), "V1", new TimeRange(10, 10), null));
        p.insert(new InsertRequest(outside, info(10), "V1", new TimeRange(30, 10), null));
        List<Item> items = p.timeline().track("V1").orElseThrow().items();
        assertEquals("x.kdenlive.genshot/takes/V1_10+10_fog_s1.mp4", ((Clip) items.get(1)).media());
        assertEquals(inside, p.mediaPath((Clip) items.get(1)));
        assertEquals(outside.toString(), ((Clip) items.get(3)).media(), "not under root: absolute");

        Path abs = Fx.project(Rate.FPS_25).relativeResources(false).video(clip(a, 0, 10), blank(30), clip(a, 0, 10))
                .write(dir.resolve("x.kdenlive"));
        KdenliveProject q = Fx.read(abs);
        q.insert(new InsertRequest(inside, info(10), "V1", new TimeRange(10, 10), null));
        assertEquals(inside.toString(), ((Clip) q.timeline().track("V1").orElseThrow().items().get(1)).media(),
                "a project of absolute paths gets an absolute path");
    }

    private void refused(String code, Consumer<KdenliveProject> action) throws Exception {
        Path f = project();
        byte[] original = Files.readAllBytes(f);
        KdenliveProject p = Fx.read(f);
        byte[] first = p.serialize();
        GenshotException e = assertThrows(GenshotException.class, () -> action.accept(p));
        assertEquals(code, e.problem().code(), e.getMessage());
        assertEquals(f.toString(), e.problem().file());
        assertArrayEquals(first, p.serialize(), "a refused insertion must leave the document unchanged");
        Fx.assertSameDocument(original, p.serialize());
    }

    @Test
    void refusalsLeaveTheDocumentUnchanged() throws Exception {
        Path take = take("take.mp4", 100);
        refused("track.locked", p -> p.insert(new InsertRequest(take, info(10), "V3", new TimeRange(0, 10), "x")));
        refused("track.unknown", p -> p.insert(new InsertRequest(take, info(10), "V9", new TimeRange(40, 10), "x")));
        refused("track.audio", p -> p.insert(new InsertRequest(take, info(10), "A1", new TimeRange(40, 10), "x")));
        refused("gap.not-free", p -> p.insert(new InsertRequest(take, info(10), "V1", new TimeRange(35, 10), "x")));
        refused("gap.not-free", p -> p.insert(new InsertRequest(take, info(31), "V1", new TimeRange(40, 31), "x")));
        refused("gap.not-free", p -> p.insert(new InsertRequest(take, info(10), "V2", new TimeRange(25, 10), "x")));
        refused("gap.range", p -> p.insert(new InsertRequest(take, info(10), "V2", new TimeRange(95, 10), "x")));
        refused("take.frames", p -> p.insert(new InsertRequest(take, info(9), "V1", new TimeRange(40, 10), "x")));
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
    void checksCatchABrokenDocument() throws Exception {
        KdenliveProject p = Fx.read(project());
        p.insert(new InsertRequest(take("take.mp4", 10), info(30), "V1", new TimeRange(40, 30), "x"));
        // move the new timeline copy after V1's playlist: a forward reference melt would drop silently
        Element mlt = p.document().getDocumentElement();
        List<Element> top = Xml.children(mlt);
        Element v1 = top.stream().filter(e -> "playlist2".equals(e.getAttribute("id"))).findFirst().orElseThrow();
        Element copy = top.get(top.indexOf(v1) - 1);
        mlt.insertBefore(copy, v1.getNextSibling());
        GenshotException e = assertThrows(GenshotException.class, p::serialize);
        assertEquals("project.check", e.problem().code());
        assertTrue(e.getMessage().contains("defined later"), e.getMessage());
    }

    @Test
    void checksCatchAMovedClip() throws Exception {
        KdenliveProject p = Fx.read(project());
        p.insert(new InsertRequest(take("take.mp4", 10), info(30), "V1", new TimeRange(40, 30), "x"));
        Element mlt = p.document().getDocumentElement();
        Element v2 = Xml.children(mlt).stream().filter(e -> "playlist4".equals(e.getAttribute("id"))).findFirst().orElseThrow();
        Xml.children(v2, "blank").get(0).setAttribute("length", "21");
        GenshotException e = assertThrows(GenshotException.class, p::serialize);
        assertEquals("project.check", e.problem().code());
        assertTrue(e.getMessage().contains("track V2"), e.getMessage());
    }
}
