package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import genshot.api.FillRequest;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.api.Take;
import genshot.timeline.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals that say what to type next, parameters checked against what the generator declares, and what a sidecar
 * records of the build and the range.
 */
class RefusalsThatPointOnTest {

    @TempDir
    Path dir;
    Path project;
    byte[] original;
    GenshotService genshot;

    @BeforeEach
    void setUp() throws Exception {
        project = Sample.copy(dir.resolve("film"), "sample.kdenlive");
        original = Files.readAllBytes(project);
        genshot = Sample.service();
    }

    private FillRequest slug(String gap, TimeRange range, long seed, Map<String, String> params) {
        return new FillRequest(project, gap, range, new ShotRequest("slug", "a door opens", "", seed, params, "cpu"));
    }

    /** Regression: an unknown -P dens=2 was accepted silently and recorded in the sidecar as if it had shaped the take. */
    @Test
    void anUnknownParameterIsRefusedNamingTheKnownOnesBeforeAnythingIsWritten() throws Exception {
        Path work = project.resolveSibling("sample.kdenlive.genshot");
        for (boolean fill : new boolean[] {true, false}) {
            GenshotException e = assertThrows(GenshotException.class, () -> {
                if (fill) {
                    genshot.fill(slug("V1:1", null, 1, Map.of("nmae", "shot 4")), Progress.NONE, () -> false);
                } else {
                    genshot.generate(slug("V1:1", null, 1, Map.of("dens", "2")), Progress.NONE, () -> false);
                }
            });
            assertEquals("parameter.unknown", e.problem().code());
            String key = fill ? "nmae" : "dens";
            assertTrue(e.problem().message().startsWith("Generator slug has no parameter '" + key + "'"),
                    e.problem().message());
            assertEquals(fill, e.problem().message().endsWith("; did you mean name?"), e.problem().message());
            assertEquals("parameter " + key, e.problem().place());
            assertTrue(e.problem().hint().contains("its parameters are countdown, name, safeArea, and every generator "
                    + "takes alphaFormat, fit, retime"), e.problem().hint());
            assertArrayEquals(original, Files.readAllBytes(project), "the project is unchanged");
            assertFalse(Files.exists(work.resolve("takes")), "no take, not even a takes folder");
            assertFalse(Files.exists(work.resolve("journal.jsonl")), "nothing journalled");
        }
    }

    @Test
    void declaredAndWorkflowParametersAreAccepted() {
        Take t = genshot.generate(slug("V1:1", new TimeRange(50, 3), 1, Map.of("name", "shot 4", "countdown", "true",
                "fit", "crop", "retime", "blend")), Progress.NONE, () -> false);
        assertEquals(Map.of("name", "shot 4", "countdown", "true", "fit", "crop", "retime", "blend"),
                t.request().parameters());
    }

    /** Regression: a filled gap said only "no gap 'V1:1'", not how to make another take there or put one back. */
    @Test
    void aGapGenshotFilledSaysHowToMakeAnotherTakeThereOrPutOneBack() throws Exception {
        genshot.fill(slug("V1:1", null, 1, Map.of()), Progress.NONE, () -> false);
        byte[] filled = Files.readAllBytes(project);
        GenshotException e = assertThrows(GenshotException.class,
                () -> genshot.fill(slug("V1:1", null, 2, Map.of()), Progress.NONE, () -> false));
        assertEquals("gap.not-found", e.problem().code());
        assertTrue(e.problem().message().startsWith("There is no gap 'V1:1' now: genshot filled it with take "
                + "V1_50+25_slug_s1_"), e.problem().message());
        assertTrue(e.problem().message().endsWith(" (V1, frames 50+25 (00:00:02:00+00:00:01:00))"),
                e.problem().message());
        assertTrue(e.problem().hint().startsWith("another take for those frames: genshot fill " + project
                + " --gap V1 --range 50+25 -g ... -p ...; "), e.problem().hint());
        assertTrue(e.problem().hint().contains("genshot use " + project + " TAKE --replace"), e.problem().hint());
        assertArrayEquals(filled, Files.readAllBytes(project));

        // and the command it names works: a new take for the same frames
        var again = genshot.fill(slug("V1", new TimeRange(50, 25), 2, Map.of()), Progress.NONE, () -> false);
        assertEquals(new TimeRange(50, 25), again.range());
    }

    /** Regression: use without --replace over a take in place did not suggest --replace. */
    @Test
    void useOverAnotherTakeInPlacePointsAtReplace() throws Exception {
        Take kept = genshot.generate(slug("V1:1", null, 1, Map.of()), Progress.NONE, () -> false);
        var in = genshot.fill(slug("V1:1", null, 2, Map.of()), Progress.NONE, () -> false);
        byte[] filled = Files.readAllBytes(project);
        GenshotException e = assertThrows(GenshotException.class, () -> genshot.insert(project, kept));
        assertEquals("range.taken", e.problem().code());
        assertEquals("Frames 50+25 (00:00:02:00+00:00:01:00) of V1 hold another genshot take ("
                + in.take().getFileName() + ")", e.problem().message());
        assertEquals("to swap it for this one: genshot use " + project + " " + kept.id() + " --replace (the panel's "
                + "Replace)", e.problem().hint());
        assertArrayEquals(filled, Files.readAllBytes(project));
        genshot.replace(project, kept); // what the hint says works
        Take inPlace = genshot.takes(project).stream().filter(t -> t.id().equals(kept.id())).findFirst().orElseThrow();
        assertEquals("take.in-place", assertThrows(GenshotException.class, () -> genshot.insert(project, inPlace))
                .problem().code());
    }

    @Test
    void theSidecarRecordsTheBuildsCommitAndTheRangeAsShown() throws Exception {
        Take t = genshot.generate(slug("V1:1", new TimeRange(55, 10), 3, Map.of()), Progress.NONE, () -> false);
        assertTrue(t.id().startsWith("V1_55+10_slug_s3_"), "the take's name carries the range as start+length: "
                + t.id());
        JsonNode side = new ObjectMapper().readTree(t.sidecar().toFile());
        // outside a framework these classes come from no bundle: the build's manifest header is not there
        assertEquals("unknown", side.path("tool").path("commit").asText());
        assertFalse(side.path("tool").path("version").asText().isEmpty());
        assertEquals("55+10 (00:00:02:05+00:00:00:10)", side.path("project").path("range").asText());
        assertEquals(55, side.path("project").path("start").asLong(), "the numbers stay as they were");
        assertEquals(10, side.path("project").path("frames").asLong());
    }

    @Test
    void aCommitHeaderIsRecordedAsWrittenOrAsUnknown() {
        assertEquals("unknown", GenshotService.commit(null));
        assertEquals("unknown", GenshotService.commit("  "));
        String sha = "c46bc74a6edf7a542598fd9921910068f91816e6";
        assertEquals(sha, GenshotService.commit(sha + "\n"));
        assertEquals(sha + "-dirty", GenshotService.commit(sha + "-dirty"));
        assertEquals(List.of("alphaFormat", "fit", "retime"), List.copyOf(GenshotService.WORKFLOW_PARAMETERS));
    }
}
