package genshot.host.openshot.internal;

import static genshot.testkit.ProjectFixtures.Item.blank;
import static genshot.testkit.ProjectFixtures.Item.clip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.testkit.OspFixtures;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.ProjectFixtures.TrackSpec;
import genshot.timeline.Clip;
import genshot.timeline.Gap;
import genshot.timeline.GapSlot;
import genshot.timeline.Marker;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.TrackKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadTest {

    @TempDir
    Path dir;

    @Test
    void adapterIdentity() {
        OpenShotAdapter a = new OpenShotAdapter();
        assertEquals("openshot", a.host());
        assertTrue(a.accepts(Path.of("/x/My Film.OSP")));
        assertFalse(a.accepts(Path.of("/x/film.kdenlive")));
        assertFalse(a.accepts(Path.of("/x/osp")));
    }

    @Test
    void committedSample() {
        OpenShotProject p = Fx.read(Fx.sampleDir().resolve("sample.osp"));
        Timeline t = p.timeline();
        assertEquals("openshot", p.host());
        assertEquals(Rate.FPS_25, t.rate());
        assertEquals(640, t.width());
        assertEquals(360, t.height());
        assertEquals(List.of("V1", "V2", "V3", "V4", "V5"), t.tracks().stream().map(x -> x.name()).toList());
        assertTrue(t.tracks().stream().allMatch(x -> x.kind() == TrackKind.VIDEO && !x.locked() && !x.hidden()));
        assertEquals(List.of(new Clip("A.mp4", "A.mp4", 0, 50), new Gap(25), new Clip("B.mp4", "B.mp4", 0, 50)),
                t.track("V1").orElseThrow().items());
        assertEquals(125, t.duration());
        List<GapSlot> v1 = t.gaps().stream().filter(g -> g.track().equals("V1")).toList();
        assertEquals(List.of(new GapSlot("V1:1", "V1", new TimeRange(50, 25), true, GapSlot.Position.INTERIOR)), v1);
        // the empty layers above are each one leading gap over the whole timeline
        assertEquals(new GapSlot("V5:1", "V5", new TimeRange(0, 125), true, GapSlot.Position.LEADING),
                t.gap("V5:1").orElseThrow());
        assertEquals(List.of(new Marker(50, "")), t.markers());
        assertEquals(List.of(), p.warnings());
    }

    @Test
    void layersAreTracksFromTheLowestNumberUp() {
        Media a = Fx.present(dir, "a.mp4", Rate.FPS_25, 100);
        Media b = Fx.present(dir, "b.mp4", Rate.FPS_25, 100);
        Path f = Fx.project(Rate.FPS_25)
                .track(new TrackSpec(true, false, false, List.of(clip(a, 0, 10)))) // audio: skipped
                .video(blank(10), clip(a, 0, 40), blank(20), clip(b, 5, 30))    // V1: leading, interior
                .track(new TrackSpec(false, true, false, List.of(clip(b, 0, 60)))) // V2 locked, covers 0..60
                .video(blank(70), clip(a, 0, 30))                                // V3
                .write(dir.resolve("multi.osp"));
        // shuffle the layers list: the order of "layers" must not matter, only the numbers
        String json = new String(Fx.bytes(f), StandardCharsets.UTF_8);
        Timeline t = Fx.read(f, json).timeline();
        assertEquals(List.of("V1", "V2", "V3"), t.tracks().stream().map(x -> x.name()).toList());
        assertTrue(t.track("V2").orElseThrow().locked());
        assertFalse(t.track("V1").orElseThrow().locked());
        assertEquals(List.of(new Gap(10), new Clip("a.mp4", "a.mp4", 0, 40), new Gap(20), new Clip("b.mp4", "b.mp4", 5, 30)),
                t.track("V1").orElseThrow().items());
        assertEquals(100, t.duration());
        assertEquals(List.of(
                new GapSlot("V1:1", "V1", new TimeRange(0, 10), false, GapSlot.Position.LEADING),
                new GapSlot("V1:2", "V1", new TimeRange(50, 20), true, GapSlot.Position.INTERIOR)),
                t.gaps().stream().filter(g -> g.track().equals("V1")).toList());
        assertEquals(new GapSlot("V2:1", "V2", new TimeRange(60, 40), true, GapSlot.Position.TRAILING), t.gap("V2:1").orElseThrow());
        // V3's leading gap [0,70) is covered by nothing above it: visible
        assertEquals(new GapSlot("V3:1", "V3", new TimeRange(0, 70), true, GapSlot.Position.LEADING), t.gap("V3:1").orElseThrow());
    }

    @Test
    void layerOrderInTheListDoesNotMatter() {
        Media a = Fx.present(dir, "a.mp4", Rate.FPS_25, 100);
        String json = new String(Fx.bytes(Fx.project(Rate.FPS_25).video(clip(a, 0, 10)).video(blank(5), clip(a, 0, 20))
                .write(dir.resolve("o.osp"))), StandardCharsets.UTF_8);
        // swap the two layer objects in the list (L1 <-> L2 text blocks)
        int l1 = json.indexOf("  {\n   \"id\": \"L1\"");
        int l2 = json.indexOf("  {\n   \"id\": \"L2\"");
        int end = json.indexOf("  }", l2) + 3;
        String first = json.substring(l1, json.indexOf("  }", l1) + 3);
        String second = json.substring(l2, end);
        String swapped = json.substring(0, l1) + second + ",\n" + first + json.substring(end);
        Timeline t = Fx.read(dir.resolve("o.osp"), swapped).timeline();
        assertEquals(List.of(new Clip("a.mp4", "a.mp4", 0, 10)), t.track("V1").orElseThrow().items());
        assertEquals(List.of(new Gap(5), new Clip("a.mp4", "a.mp4", 0, 20)), t.track("V2").orElseThrow().items());
    }

    @Test
    void overlappingClipsOnOneLayer() {
        Media a = Fx.present(dir, "a.mp4", Rate.FPS_25, 200);
        Media b = Fx.present(dir, "b.mp4", Rate.FPS_25, 200);
        Media c = Fx.present(dir, "c.mp4", Rate.FPS_25, 200);
        Rate r = Rate.FPS_25;
        // a [0,40); b [30,60) drawn over a's tail; c [100,110) inside d [90,130): later position on top
        Media d = Fx.present(dir, "d.mp4", r, 200);
        Path f = Fx.project(r).video(clip(a, 0, 40))
                .clipAt(0, b, r.secondsOf(30), 0.0, r.secondsOf(30))
                .clipAt(0, d, r.secondsOf(90), r.secondsOf(2), r.secondsOf(42))
                .clipAt(0, c, r.secondsOf(100), 0.0, r.secondsOf(10))
                .write(dir.resolve("overlap.osp"));
        Timeline t = Fx.read(f).timeline();
        assertEquals(List.of(new Clip("a.mp4", "a.mp4", 0, 30), new Clip("b.mp4", "b.mp4", 0, 30), new Gap(30),
                new Clip("d.mp4", "d.mp4", 2, 10), new Clip("c.mp4", "c.mp4", 0, 10), new Clip("d.mp4", "d.mp4", 22, 20)),
                t.track("V1").orElseThrow().items());
        assertEquals(List.of(new TimeRange(60, 30)), t.track("V1").orElseThrow().emptyRanges(t.duration()));
        assertEquals(130, t.duration());
    }

    @Test
    void visibilityFromHigherLayers() {
        Media a = Fx.present(dir, "a.mp4", Rate.FPS_25, 200);
        Path f = Fx.project(Rate.FPS_25)
                .video(clip(a, 0, 20), blank(30), clip(a, 0, 20))  // V1 gap [20,50)
                .video(blank(10), clip(a, 0, 25))                    // V2 covers [10,35)
                .video(blank(35), clip(a, 0, 15))                    // V3 covers [35,50)
                .write(dir.resolve("vis.osp"));
        Timeline t = Fx.read(f).timeline();
        GapSlot g = t.gap("V1:1").orElseThrow();
        assertEquals(new TimeRange(20, 30), g.range());
        assertFalse(g.visible(), "V2 and V3 together cover V1's gap");
        assertTrue(t.gap("V2:1").orElseThrow().visible());
    }

    @Test
    void offGridClipIsReportedAndRoundedOutward() {
        Rate r = Rate.FPS_25;
        Media a = Fx.present(dir, "a.mp4", r, 200);
        Media b = Fx.present(dir, "b.mp4", r, 200);
        // b at 2.01 s (frame 50.25) for 1 s: covers frames 50..75.25 -> modelled as [50, 76)
        Path f = Fx.project(r).video(clip(a, 0, 40)).clipAt(0, b, 2.01, 0.0, 1.0).clipAt(0, a, r.secondsOf(100), 0.0, 0.4)
                .write(dir.resolve("grid.osp"));
        OpenShotProject p = Fx.read(f);
        assertEquals(List.of(new Clip("a.mp4", "a.mp4", 0, 40), new Gap(10), new Clip("b.mp4", "b.mp4", 0, 26),
                new Gap(24), new Clip("a.mp4", "a.mp4", 0, 10)), p.timeline().track("V1").orElseThrow().items());
        List<Problem> w = p.warnings();
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.stream().allMatch(x -> x.code().equals("time.off-grid") && x.file().equals(f.toString())), w.toString());
        assertTrue(w.get(0).place().contains("CLIP000002") && w.get(0).place().contains("b.mp4"), w.get(0).place());
        assertTrue(w.get(0).message().contains("position 2.01 s") && w.get(0).message().contains("50.2500"), w.get(0).message());
        assertTrue(w.get(1).message().contains("end") && w.get(1).message().contains("3.01 s"), w.get(1).message());
        // a time within a thousandth of a frame of the grid (float noise) is on it
        Path g = Fx.project(r).clipAt(0, a, 2.0000000001, 0.0, 1.0).write(dir.resolve("noise.osp"));
        assertEquals(List.of(), Fx.read(g).warnings());
    }

    @Test
    void at2997TheGridIsExact() {
        Rate r = Rate.FPS_29_97;
        Media a = Fx.present(dir, "a.mp4", r, 3000);
        Path f = Fx.project(r).video(clip(a, 3, 100), blank(47), clip(a, 200, 99), blank(1000), clip(a, 1, 1500))
                .write(dir.resolve("ntsc.osp"));
        OpenShotProject p = Fx.read(f);
        assertEquals(r, p.timeline().rate());
        assertEquals(List.of(new Clip("a.mp4", "a.mp4", 3, 100), new Gap(47), new Clip("a.mp4", "a.mp4", 200, 99), new Gap(1000),
                new Clip("a.mp4", "a.mp4", 1, 1500)), p.timeline().track("V1").orElseThrow().items());
        assertEquals(List.of(), p.warnings());
    }

    @Test
    void missingMediaIsAWarning() {
        Media gone = Fx.media(dir, "gone.mp4", Rate.FPS_25, 100);
        Media here = Fx.present(dir.resolve("sub"), "here.mp4", Rate.FPS_25, 100);
        Path f = Fx.project(Rate.FPS_25).video(clip(gone, 0, 10), clip(here, 0, 10), clip(gone, 10, 10)).write(dir.resolve("m.osp"));
        OpenShotProject p = Fx.read(f);
        List<Problem> w = p.warnings();
        assertEquals(1, w.size(), w.toString());
        assertEquals("media.missing", w.get(0).code());
        assertTrue(w.get(0).message().contains(dir.resolve("gone.mp4").toString()), w.get(0).message());
        assertTrue(w.get(0).place().startsWith("files[0]"), w.get(0).place());
        assertEquals(30, p.timeline().duration());
        // absolute paths are checked as they are
        Path g = Fx.project(Rate.FPS_25).video(clip(here, 0, 10)).absolutePaths(true).write(dir.resolve("other/abs.osp"));
        assertEquals(List.of(), Fx.read(g).warnings());
        assertTrue(new String(Fx.bytes(g), StandardCharsets.UTF_8).contains("\"path\": \"" + here.path() + "\""));
    }

    @Test
    void thePixelAspectComesFromThePixelRatio() {
        String json = new String(Fx.bytes(Fx.sampleDir().resolve("sample.osp")), StandardCharsets.UTF_8);
        assertEquals(genshot.timeline.PixelAspect.SQUARE, Fx.read(dir.resolve("s.osp"), json).timeline().pixelAspect());
        int at = json.indexOf("\"pixel_ratio\"");
        int close = json.indexOf('}', at);
        String hdv = json.substring(0, at) + "\"pixel_ratio\": {\"num\": 4, \"den\": 3" + json.substring(close);
        assertEquals(new genshot.timeline.PixelAspect(4, 3), Fx.read(dir.resolve("hdv.osp"), hdv).timeline().pixelAspect());
    }

    @Test
    void truncatedOrInvalidJsonIsCorruptWithLineAndColumn() {
        String json = new String(Fx.bytes(Fx.sampleDir().resolve("sample.osp")), StandardCharsets.UTF_8);
        String cut = json.substring(0, json.length() / 2);
        Problem p = assertThrows(GenshotException.class, () -> Fx.read(dir.resolve("cut.osp"), cut)).problem();
        assertEquals("project.corrupt", p.code());
        assertEquals(dir.resolve("cut.osp").toString(), p.file());
        assertTrue(p.place().matches("line \\d+, column \\d+"), p.place());
        long lines = cut.lines().count();
        assertTrue(Long.parseLong(p.place().replaceAll("line (\\d+),.*", "$1")) >= lines - 1, p.place() + " / " + lines);

        Problem comma = assertThrows(GenshotException.class, () -> Fx.read(dir.resolve("c.osp"),
                "{\n \"a\": 1,\n \"b\": [1, 2,],\n}")).problem();
        assertEquals("project.corrupt", comma.code());
        assertTrue(comma.place().startsWith("line 3, column"), comma.place());
        for (String bad : new String[] {"", "   ", "[1, 2]", "\"text\"", "<?xml version='1.0'?><mlt/>"}) {
            Problem q = assertThrows(GenshotException.class, () -> Fx.read(dir.resolve("x.osp"), bad)).problem();
            assertTrue(q.code().equals("project.corrupt") || q.code().equals("project.structure"), bad + ": " + q);
        }
    }

    @Test
    void otherVersionsAreRefused() {
        Media a = Fx.media(dir, "a.mp4", Rate.FPS_25, 10);
        for (String[] v : new String[][] {{"2.5.1", "0.2.5"}, {"2.4.3", "0.2.2"}, {"0.0.0", "0.0.0"}, {"2.6.1", "0.3.0"},
            {"3.5.0", "0.6.0"}, {"4.0.0", "0.5.0"}, {"3.4.0", "0.2.7"}, {"3.1", "0.3.2"}}) {
            Path f = Fx.project(Rate.FPS_25).video(clip(a)).version(v[0], v[1]).write(dir.resolve("v.osp"));
            Problem p = assertThrows(GenshotException.class, () -> Fx.read(f)).problem();
            assertEquals("project.version", p.code(), String.join("/", v));
            assertTrue(p.message().contains(v[0]), p.message());
            assertEquals("version", p.place());
        }
        Path none = Fx.project(Rate.FPS_25).video(clip(a)).noVersion().write(dir.resolve("none.osp"));
        Problem p = assertThrows(GenshotException.class, () -> Fx.read(none)).problem();
        assertEquals("project.version", p.code());
        assertTrue(p.hint().contains("transparent"), p.hint());
        // 2.6.0 is read, and so are 3.0 to 3.4 (the versions openshot-qt 3 released; the same clips, layers and times)
        for (String[] v : new String[][] {{"2.6.0", "0.2.6"}, {"3.0.0", "0.3.0"}, {"3.1.1", "0.3.2"}, {"3.2.1", "0.3.3"},
            {"3.3.0", "0.4.0"}, {"3.4.0", "0.5.0"}}) {
            Path ok = Fx.project(Rate.FPS_25).video(clip(a)).version(v[0], v[1]).write(dir.resolve("ok.osp"));
            assertEquals(10, Fx.read(ok).timeline().duration(), String.join("/", v));
        }
    }

    @Test
    void structuralProblemsAreNamed() {
        Media a = Fx.media(dir, "a.mp4", Rate.FPS_25, 10);
        String good = new String(Fx.bytes(Fx.project(Rate.FPS_25).video(clip(a)).write(dir.resolve("g.osp"))),
                StandardCharsets.UTF_8);
        String[][] cases = {
            {"\"position\": 0.0,", "\"position\": \"0.0\",", "position"},
            {"\"layer\": 1000000,", "\"layer\": \"L1\",", "layer"},
            {"\"layer\": 1000000,", "\"layer\": 500000,", "500000"},
            {"\"num\": 25,\n  \"den\": 1", "\"num\": 25,\n  \"den\": 0", "fps"},
            {"\"width\": 640,", "\"width\": 0,", "width"},
            {"\"type\": \"FFmpegReader\",", "", "reader"},
        };
        for (String[] c : cases) {
            assertTrue(good.contains(c[0]), c[0]);
            String bad = good.replaceFirst(java.util.regex.Pattern.quote(c[0]), java.util.regex.Matcher.quoteReplacement(c[1]));
            Problem p = assertThrows(GenshotException.class, () -> Fx.read(dir.resolve("b.osp"), bad), c[1]).problem();
            assertEquals("project.structure", p.code(), c[1]);
            assertTrue((p.place() + p.message()).contains(c[2]), p.place() + " / " + p.message());
        }
    }

    @Test
    void deeplyNestedOrHugeInputDoesNotCrash() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        Problem p = assertThrows(GenshotException.class, () -> Fx.read(dir.resolve("deep.osp"), deep)).problem();
        assertEquals("project.structure", p.code(), "valid JSON nested past the reader's limit: " + p);
        // 20000 clips on one layer: read in reasonable time
        Media a = Fx.present(dir, "a.mp4", Rate.FPS_25, 10);
        OspFixtures.Builder b = Fx.project(Rate.FPS_25);
        java.util.List<genshot.testkit.ProjectFixtures.Item> items = new java.util.ArrayList<>();
        for (int k = 0; k < 2000; k++) {
            items.add(clip(a, 0, 5));
            items.add(blank(3));
        }
        b.video(items.toArray(new genshot.testkit.ProjectFixtures.Item[0]));
        Path f = b.write(dir.resolve("big.osp"));
        long t0 = System.nanoTime();
        OpenShotProject big = Fx.read(f);
        assertEquals(2000 * 8 - 3, big.timeline().duration());
        assertEquals(1999, big.timeline().gaps().size());
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L);
    }
}
