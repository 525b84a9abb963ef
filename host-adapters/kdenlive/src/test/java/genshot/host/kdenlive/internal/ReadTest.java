package genshot.host.kdenlive.internal;

import static genshot.testkit.ProjectFixtures.Item.blank;
import static genshot.testkit.ProjectFixtures.Item.clip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.testkit.ProjectFixtures;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadTest {

    @TempDir
    Path dir;

    @Test
    void adapterIdentity() {
        KdenliveAdapter a = new KdenliveAdapter();
        assertEquals("kdenlive", a.host());
        assertTrue(a.accepts(Path.of("/x/My Film.KDENLIVE")));
        assertFalse(a.accepts(Path.of("/x/film.osp")));
    }

    @Test
    void committedSample() {
        KdenliveProject p = Fx.read(Fx.sampleDir().resolve("sample.kdenlive"));
        Timeline t = p.timeline();
        assertEquals(Rate.FPS_25, t.rate());
        assertEquals(640, t.width());
        assertEquals(360, t.height());
        assertEquals(List.of("V1", "A1"), t.tracks().stream().map(x -> x.name()).toList());
        assertEquals(List.of(new Clip("A.mp4", "A.mp4", 0, 50), new Gap(25), new Clip("B.mp4", "B.mp4", 0, 50)),
                t.track("V1").orElseThrow().items());
        assertEquals(TrackKind.AUDIO, t.track("A1").orElseThrow().kind());
        assertEquals(125, t.duration());
        assertEquals(List.of(new GapSlot("V1:1", "V1", new TimeRange(50, 25), true, GapSlot.Position.INTERIOR)), t.gaps());
        assertEquals(List.of(new Marker(50, "gap starts")), t.markers());
        assertEquals(Fx.sampleDir(), p.mediaRoot());
        assertEquals(List.of(), p.missingMedia());
    }

    @Test
    void gapsOnSeveralTracksWithFlags() {
        Media a = Fx.media(dir, "a.mp4", Rate.FPS_25, 100);
        Media b = Fx.media(dir, "b.mp4", Rate.FPS_25, 100);
        Path f = Fx.project(Rate.FPS_25)
                .audio(clip(a, 0, 40))
                .audio(blank(10), clip(b, 0, 30))
                .video(blank(10), clip(a, 0, 40), blank(20), clip(b, 5, 30))   // V1: leading, interior, trailing
                .track(new TrackSpec(false, true, false, List.of(clip(b, 0, 60)))) // V2 locked, covers 0..60
                .track(new TrackSpec(false, false, true, List.of(blank(70), clip(a, 0, 30)))) // V3 hidden
                .guide(10, "genshot: a storm").guide(60, "second")
                .clockTimes(false)
                .write(dir.resolve("multi.kdenlive"));
        Timeline t = Fx.read(f).timeline();
        assertEquals(List.of("V1", "V2", "V3", "A1", "A2"), t.tracks().stream().map(x -> x.name()).toList());
        assertTrue(t.track("V2").orElseThrow().locked());
        assertTrue(t.track("V3").orElseThrow().hidden());
        assertFalse(t.track("V1").orElseThrow().hidden());
        // A1 is next to V1: the last audio track in the main tractor (blank 10 + clip b)
        assertEquals(List.of(new Gap(10), new Clip("b.mp4", "b.mp4", 0, 30)), t.track("A1").orElseThrow().items());
        assertEquals(new Clip("b.mp4", "b.mp4", 5, 30), t.track("V1").orElseThrow().items().get(3));
        assertEquals(100, t.duration());
        assertEquals(List.of(
                new GapSlot("V1:1", "V1", new TimeRange(0, 10), false, GapSlot.Position.LEADING),
                new GapSlot("V1:2", "V1", new TimeRange(50, 20), true, GapSlot.Position.INTERIOR)),
                t.gaps().stream().filter(g -> g.track().equals("V1")).toList());
        // V2 covers [0,60) so V1:1 is hidden; V1:2 [50,70) is only partly covered: visible
        assertFalse(t.gap("V1:1").orElseThrow().visible());
        assertTrue(t.gap("V1:2").orElseThrow().visible());
        assertEquals(new TimeRange(60, 40), t.gap("V2:1").orElseThrow().range());
        assertEquals(GapSlot.Position.TRAILING, t.gap("V2:1").orElseThrow().position());
        assertEquals(new TimeRange(0, 70), t.gap("V3:1").orElseThrow().range());
        assertEquals(List.of(new Marker(10, "genshot: a storm"), new Marker(60, "second")), t.markers());
        assertEquals(2, Fx.read(f).missingMedia().size());
    }

    @Test
    void chainsAndClockTimesAt2997() {
        Rate r = Rate.FPS_29_97;
        Media a = Fx.media(dir, "a.mp4", r, 300);
        Path f = Fx.project(r).video(clip(a, 3, 100), blank(47), clip(a, 200, 99)).chains(true).write(dir.resolve("c.kdenlive"));
        assertTrue(new String(readBytes(f), StandardCharsets.UTF_8).contains("<chain id="));
        Timeline t = Fx.read(f).timeline();
        assertEquals(r, t.rate());
        assertEquals(List.of(new Clip("a.mp4", "a.mp4", 3, 100), new Gap(47), new Clip("a.mp4", "a.mp4", 200, 99)),
                t.track("V1").orElseThrow().items());
    }

    @Test
    void rootAttributeDecidesWhereMediaAre() throws Exception {
        Media a = Fx.media(dir.resolve("media"), "a.mp4", Rate.FPS_25, 10);
        Files.createDirectories(dir.resolve("media"));
        Files.write(a.path(), new byte[] {1});
        Path f = Fx.project(Rate.FPS_25).video(clip(a)).root(dir.resolve("media").toString()).write(dir.resolve("p.kdenlive"));
        // the resource is written relative to the project's folder ("media/a.mp4"): against root it is missing
        KdenliveProject p = Fx.read(f);
        assertEquals(dir.resolve("media"), p.mediaRoot());
        assertEquals(List.of(dir.resolve("media/media/a.mp4")), p.missingMedia());
        Path g = Fx.project(Rate.FPS_25).video(clip(a)).root("").write(dir.resolve("q.kdenlive"));
        assertEquals(List.of(), Fx.read(g).missingMedia());
    }

    @Test
    void otherVersionsAreRefused() {
        Media a = Fx.media(dir, "a.mp4", Rate.FPS_25, 10);
        Path f = Fx.project(Rate.FPS_25).video(clip(a)).version("1.2").write(dir.resolve("new.kdenlive"));
        Problem p = assertThrows(GenshotException.class, () -> Fx.read(f)).problem();
        assertEquals("project.version", p.code());
        assertTrue(p.message().contains("1.2") && p.message().contains("not supported"), p.message());
        assertEquals(f.toString(), p.file());
        assertNotNull(p.place());
    }

    @Test
    void thePixelAspectComesFromTheProfile() {
        String xml = new String(readBytes(Fx.sampleDir().resolve("sample.kdenlive")), StandardCharsets.UTF_8);
        assertEquals(genshot.timeline.PixelAspect.SQUARE, Fx.read(dir.resolve("s.kdenlive"), xml).timeline().pixelAspect());
        String pal = xml.replace("sample_aspect_num=\"1\"", "sample_aspect_num=\"16\"")
                .replace("sample_aspect_den=\"1\"", "sample_aspect_den=\"15\"");
        assertEquals(new genshot.timeline.PixelAspect(16, 15), Fx.read(dir.resolve("pal.kdenlive"), pal).timeline()
                .pixelAspect());
    }

    @Test
    void truncatedXmlIsRefusedWithLineAndColumn() {
        String xml = new String(readBytes(Fx.sampleDir().resolve("sample.kdenlive")), StandardCharsets.UTF_8);
        String cut = xml.substring(0, xml.length() / 2);
        Problem p = assertThrows(GenshotException.class, () -> Fx.read(dir.resolve("cut.kdenlive"), cut)).problem();
        assertEquals("project.corrupt", p.code());
        long lines = cut.lines().count();
        assertTrue(p.place().matches("line \\d+, column \\d+"), p.place());
        assertTrue(Integer.parseInt(p.place().replaceAll("line (\\d+),.*", "$1")) >= lines - 1, p.place());
        Problem empty = assertThrows(GenshotException.class, () -> new KdenliveAdapter().read(dir.resolve("e.kdenlive"),
                new byte[0])).problem();
        assertEquals("project.corrupt", empty.code());
    }

    @Test
    void externalEntityIsRefusedWithoutReadingIt() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        Path marker = dir.resolve("never-created");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE mlt [ <!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">"
                + " <!ENTITY % p SYSTEM \"" + marker.toUri() + "\"> %p; ]>\n"
                + "<mlt><playlist id=\"main_bin\"><property name=\"kdenlive:docproperties.version\">&xxe;</property>"
                + "</playlist></mlt>";
        GenshotException e = assertThrows(GenshotException.class, () -> Fx.read(dir.resolve("x.kdenlive"), xml));
        assertEquals("project.doctype", e.problem().code());
        assertFalse(e.getMessage().contains("TOP-SECRET"));
        assertEquals("line 2, column 10", e.problem().place());
    }

    @Test
    void missingPartsAreNamed() {
        Problem noBin = assertThrows(GenshotException.class, () -> Fx.read(dir.resolve("a.kdenlive"),
                "<mlt><profile frame_rate_num='25' frame_rate_den='1' width='64' height='36'/><tractor id='t'/></mlt>"))
                .problem();
        assertEquals("project.structure", noBin.code());
        assertTrue(noBin.message().contains("main_bin"));
        Problem noTractor = assertThrows(GenshotException.class, () -> Fx.read(dir.resolve("b.kdenlive"),
                "<mlt><profile frame_rate_num='25' frame_rate_den='1' width='64' height='36'/><playlist id='main_bin'>"
                        + "<property name='kdenlive:docproperties.version'>1.04</property></playlist></mlt>")).problem();
        assertEquals("project.structure", noTractor.code());
        assertTrue(noTractor.message().contains("tractor"));
        Problem noVersion = assertThrows(GenshotException.class, () -> Fx.read(dir.resolve("c.kdenlive"),
                "<mlt><playlist id='main_bin'/><tractor id='t'/></mlt>")).problem();
        assertEquals("project.version", noVersion.code());
        Problem notMlt = assertThrows(GenshotException.class, () -> Fx.read(dir.resolve("d.kdenlive"), "<project/>")).problem();
        assertEquals("project.structure", notMlt.code());
        Problem badTime = assertThrows(GenshotException.class, () -> Fx.read(dir.resolve("e.kdenlive"),
                "<mlt><profile frame_rate_num='25' frame_rate_den='1' width='64' height='36'/><playlist id='main_bin'>"
                        + "<property name='kdenlive:docproperties.version'>1.04</property></playlist>"
                        + "<producer id='black_track'/><playlist id='p0'><blank length='soon'/></playlist><playlist id='p1'/>"
                        + "<tractor id='t0'><track producer='p0'/><track producer='p1'/></tractor>"
                        + "<tractor id='t1'><track producer='black_track'/><track producer='t0'/></tractor></mlt>")).problem();
        assertEquals("project.time", badTime.code());
        assertTrue(badTime.place().contains("blank"), badTime.place());
    }

    static byte[] readBytes(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
