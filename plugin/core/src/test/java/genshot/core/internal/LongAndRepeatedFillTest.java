package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.FillRequest;
import genshot.api.FillResult;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.timeline.TimeRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fill longer than expected asks first; a repeated fill whose gap id now names other frames is refused. */
class LongAndRepeatedFillTest {
    /**
     * The end of the sample's V1 (the MLT playlist of its video track), and the same with a second gap: A [0,50),
     * gap [50,75), B [75,125), gap [125,135), A again [135,160).
     */
    static final String V1_END = "  <entry producer=\"producer5\" in=\"00:00:00.000\" out=\"00:00:01.960\">\n"
            + "   <property name=\"kdenlive:id\">3</property>\n  </entry>\n </playlist>\n <playlist id=\"playlist3\"/>";
    static final String SECOND_GAP = V1_END.replace(" </playlist>", "  <blank length=\"00:00:00.400\"/>\n"
            + "  <entry producer=\"producer4\" in=\"00:00:00.000\" out=\"00:00:00.960\">\n"
            + "   <property name=\"kdenlive:id\">2</property>\n  </entry>\n </playlist>");

    @TempDir
    Path dir;
    Path project;
    GenshotService genshot;

    @BeforeEach
    void setUp() throws Exception {
        project = Sample.copy(dir.resolve("film"), "sample.kdenlive");
        genshot = Sample.service();
    }

    @AfterEach
    void defaultLimit() {
        System.clearProperty("genshot.maxFillSeconds");
    }

    private void edit(String from, String to) throws Exception {
        String text = Files.readString(project, StandardCharsets.UTF_8);
        assertTrue(text.contains(from), from);
        Files.writeString(project, text.replace(from, to), StandardCharsets.UTF_8);
    }

    private FillRequest fog(String gap, TimeRange range, long seed, boolean allowLong) {
        return new FillRequest(project, gap, range, new ShotRequest("slug", "thick morning fog", "", seed, Map.of(),
                "cpu"), allowLong);
    }

    @Test
    void aGapLongerThanTenMinutesIsFilledOnlyWhenAskedOrWhenItsFramesAreNamed() throws Exception {
        edit("<blank length=\"00:00:01.000\"/>\n  <entry producer=\"producer5\"",
                "<blank length=\"00:10:00.040\"/>\n  <entry producer=\"producer5\"");
        byte[] before = Files.readAllBytes(project);
        assertEquals(15_001, genshot.open(project).gaps().stream().filter(g -> g.id().equals("V1:1")).findFirst()
                .orElseThrow().range().duration(), "ten minutes and a frame");
        GenshotException e = assertThrows(GenshotException.class,
                () -> genshot.fill(fog("V1:1", null, 1, false), Progress.NONE, () -> false));
        assertEquals("fill.long", e.problem().code());
        assertTrue(e.getMessage().contains("15001 frames long (00:10:00:01)")
                && e.getMessage().contains("(15000 frames, 00:10:00:00)")
                && e.getMessage().contains("--range 50+15000") && e.getMessage().contains("--allow-long"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(project));
        assertEquals(List.of(), genshot.takes(project), "nothing generated");

        FillResult part = genshot.fill(fog("V1:1", new TimeRange(50, 5), 1, false), Progress.NONE, () -> false);
        assertEquals(new TimeRange(50, 5), part.range(), "frames named: no question");
    }

    @Test
    void theLimitIsConfigurableAndAllowLongLiftsIt() throws Exception {
        System.setProperty("genshot.maxFillSeconds", "0"); // one frame
        GenshotException e = assertThrows(GenshotException.class,
                () -> genshot.generate(fog("V1:1", null, 1, false), Progress.NONE, () -> false));
        assertEquals("fill.long", e.problem().code());
        FillResult r = genshot.fill(fog("V1:1", null, 1, true), Progress.NONE, () -> false);
        assertEquals(new TimeRange(50, 25), r.range());

        System.setProperty("genshot.maxFillSeconds", "1"); // 25 frames at the sample's 25 fps: the gap is not longer
        genshot.undo(project);
        assertEquals(new TimeRange(50, 25), genshot.fill(fog("V1:1", null, 1, false), Progress.NONE, () -> false)
                .range());
    }

    /** Regression: repeating {@code fill --gap V1:1} filled the next gap, since ids are renumbered after a fill. */
    @Test
    void repeatingAFillWhoseGapIdNowNamesTheNextGapIsRefused() throws Exception {
        edit(V1_END, SECOND_GAP);
        assertEquals(List.of("V1:1", "V1:2"), genshot.open(project).gaps().stream()
                .filter(g -> g.track().equals("V1")).map(g -> g.id()).toList());
        assertFalse(genshot.canUndo(project), "nothing inserted yet");
        FillResult first = genshot.fill(fog("V1:1", null, 7, false), Progress.NONE, () -> false);
        assertTrue(genshot.canUndo(project));
        assertEquals(new TimeRange(50, 25), first.range());
        byte[] filled = Files.readAllBytes(project);

        GenshotException e = assertThrows(GenshotException.class,
                () -> genshot.fill(fog("V1:1", null, 7, false), Progress.NONE, () -> false));
        assertEquals("gap.repeated", e.problem().code());
        assertTrue(e.getMessage().contains("filled V1 frames 50+25 (00:00:02:00+00:00:01:00)")
                && e.getMessage().contains("V1:1 is now frames 125+10 (00:00:05:00+00:00:00:10)")
                && e.getMessage().contains("genshot gaps " + project) && e.getMessage().contains("--gap V1 --range 50+25"),
                e.getMessage());
        assertArrayEquals(filled, Files.readAllBytes(project), "nothing filled");
        assertEquals(1, genshot.takes(project).size(), "nothing generated");

        // another seed is another command: it fills the gap V1:1 names now, and says which
        FillResult next = genshot.fill(fog("V1:1", null, 8, false), Progress.NONE, () -> false);
        assertEquals(new TimeRange(125, 10), next.range());
        assertEquals("V1", next.track());

        // after undo, the same command means the same frames again
        genshot.undo(project);
        assertTrue(genshot.canUndo(project), "the first fill is still there to undo");
        genshot.undo(project);
        assertFalse(genshot.canUndo(project), "both undone");
        // through a symbolic link to the project, the same journal
        Path link = project.resolveSibling("link-" + project.getFileName());
        Files.createSymbolicLink(link, project);
        assertFalse(genshot.canUndo(link));
        assertEquals(new TimeRange(50, 25), genshot.fill(fog("V1:1", null, 7, false), Progress.NONE, () -> false)
                .range());
        assertTrue(genshot.canUndo(link), "the link's journal is the file's");
    }
}
