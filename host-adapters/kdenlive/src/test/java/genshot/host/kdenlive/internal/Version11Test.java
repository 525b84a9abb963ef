package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.timeline.Clip;
import genshot.timeline.Gap;
import genshot.timeline.Marker;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** Kdenlive 23.04+ projects (document version 1.1): the structure rules of HOST-KDENLIVE §2 after an insertion. */
class Version11Test {

    @TempDir
    Path dir;

    private static Path golden(String name) throws Exception {
        return Path.of(Version11Test.class.getResource("/golden/kdenlive/1.1/" + name).toURI());
    }

    private Path take(long frames) throws Exception {
        return Files.write(dir.resolve("take.mp4"), new byte[] {1, 2, 3, 4});
    }

    private static InsertRequest request(Path take, String track, TimeRange range) {
        return new InsertRequest(take, new MediaInfo(640, 360, Rate.FPS_25, range.duration(), false, 4), track, range, "shot");
    }

    private static Element byId(List<Element> top, String id) {
        return top.stream().filter(e -> id.equals(e.getAttribute("id"))).findFirst().orElseThrow();
    }

    @Test
    void readsTheActiveSequenceAndItsGuides() throws Exception {
        KdenliveProject p = Fx.read(golden("sample.kdenlive"));
        assertEquals("1.1", p.version());
        Timeline t = p.timeline();
        assertEquals(List.of("V1", "A1"), t.tracks().stream().map(x -> x.name()).toList());
        assertEquals(List.of(new Clip("A.mp4", "A.mp4", 0, 50), new Gap(25), new Clip("B.mp4", "B.mp4", 0, 50)),
                t.track("V1").orElseThrow().items());
        assertEquals(List.of(new Marker(50, "gap starts")), t.markers());
        // two sequences: activetimeline names Sequence 2, docproperties.uuid Sequence 1
        Timeline two = Fx.read(golden("two-sequences.kdenlive")).timeline();
        assertEquals(List.of("V1", "V2", "A1"), two.tracks().stream().map(x -> x.name()).toList());
        assertEquals(List.of(new Marker(30, "second sequence gap")), two.markers());
    }

    @Test
    void insertionWritesChainsBeforeMainBinAndKeepsTheLayout() throws Exception {
        Path file = Files.copy(golden("two-sequences.kdenlive"), dir.resolve("two.kdenlive"));
        KdenliveProject p = Fx.read(file);
        String seq1Before = Fx.canonical(Files.readAllBytes(file)).replaceAll("(?s).*(<tractor id=\\[\\{23e9[^>]*>.*?</tractor>).*", "$1");
        p.insert(request(take(20), "V1", new TimeRange(30, 20)));
        byte[] out = p.serialize();
        KdenliveProject again = Fx.read(file, new String(out, StandardCharsets.UTF_8));
        assertEquals("1.1", again.version());
        List<Element> top = Xml.children(again.document().getDocumentElement());
        Element mainBin = byId(top, "main_bin");
        Element bin = top.get(top.indexOf(mainBin) - 1);
        assertEquals("chain", bin.getTagName());
        assertEquals("7", Xml.property(bin, "kdenlive:id"), "max(ids 2, 3, folder 4, sequences 5, 6) + 1");
        assertNull(Xml.property(bin, "kdenlive:control_uuid"), "no control_uuid unless the project's clips carry one");
        Element lastEntry = Xml.children(mainBin, "entry").get(Xml.children(mainBin, "entry").size() - 1);
        assertEquals(bin.getAttribute("id"), lastEntry.getAttribute("producer"));
        // the active sequence (Sequence 2) got the clip: its V1 is tractor11, first playlist playlist12
        Element v1 = byId(top, "playlist12");
        Element copy = top.get(top.indexOf(v1) - 1);
        assertEquals("chain", copy.getTagName());
        assertEquals("7", Xml.property(copy, "kdenlive:id"));
        assertEquals("1", Xml.property(copy, "set.test_audio"));
        assertTrue(Xml.children(v1, "entry").stream().anyMatch(e -> copy.getAttribute("id").equals(e.getAttribute("producer"))));
        // the project tractor is still last, the other sequence unchanged, the durations unchanged
        Element last = top.get(top.size() - 1);
        assertEquals("1", Xml.property(last, "kdenlive:projectTractor"));
        assertEquals("00:00:03.960", last.getAttribute("out"));
        String seq1After = Fx.canonical(out).replaceAll("(?s).*(<tractor id=\\[\\{23e9[^>]*>.*?</tractor>).*", "$1");
        assertEquals(seq1Before, seq1After);
        assertEquals(new TimeRange(30, 20), again.timeline().track("V1").orElseThrow().clipRanges().get(1));
        assertEquals(100, again.timeline().duration());
    }

    @Test
    void controlUuidIsCopiedFromTheBinClipToItsTimelineCopy() throws Exception {
        Path file = Files.copy(golden("multitrack.kdenlive"), dir.resolve("m.kdenlive"));
        KdenliveProject p = Fx.read(file);
        p.insert(request(take(20), "V1", new TimeRange(50, 20)));
        List<Element> top = Xml.children(Fx.read(file, new String(p.serialize(), StandardCharsets.UTF_8)).document()
                .getDocumentElement());
        Element bin = top.get(top.indexOf(byId(top, "main_bin")) - 1);
        String uuid = Xml.property(bin, "kdenlive:control_uuid");
        assertNotNull(uuid);
        assertTrue(uuid.matches("\\{[0-9a-f-]{36}\\}"), uuid);
        long copies = top.stream().filter(e -> e.getTagName().equals("chain") && uuid.equals(Xml.property(e, "kdenlive:control_uuid")))
                .count();
        assertEquals(2, copies, "the bin clip and its one timeline copy share the uuid");
    }

    @Test
    void offGridClockValuesAreWarnedNotHidden() throws Exception {
        assertEquals(List.of(), Fx.read(golden("sample.kdenlive")).warnings().stream()
                .filter(w -> w.code().equals("time.off-grid")).toList());
        assertEquals(List.of(), Fx.read(Fx.sampleDir().resolve("sample.kdenlive")).warnings(), "the committed sample is clean");
        assertTrue(MltTime.offGrid("00:00:01.210", Rate.FPS_25));
        assertTrue(!MltTime.offGrid("00:00:01.201", Rate.FPS_29_97) && !MltTime.offGrid("00:00:01.960", Rate.FPS_25) && MltTime.offGrid("00:00:01.968", Rate.FPS_25));
        // every clock value MLT writes at 30000/1001 is on the grid
        for (long f = 0; f < 5000; f++) {
            String clock = genshot.testkit.ProjectFixtures.mltClock(f, Rate.FPS_29_97);
            assertTrue(!MltTime.offGrid(clock, Rate.FPS_29_97), clock);
            assertEquals(f, MltTime.parse(clock, Rate.FPS_29_97), clock);
        }
    }
}
