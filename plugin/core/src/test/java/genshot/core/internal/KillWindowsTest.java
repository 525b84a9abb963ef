package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.Take;
import genshot.timeline.TimeRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The process dies between two steps of a save (an {@link Error} thrown from the step hook: nothing catches it, as
 * nothing runs after {@code kill -9}), and the next run finds the project, the journal and the folders consistent.
 * The random kills of real processes are in {@link KillTest}.
 */
class KillWindowsTest {
    /** Stands for {@code kill -9}: no cleanup code runs after it. */
    static final class Killed extends Error {
        private static final long serialVersionUID = 1L;
    }

    @TempDir
    Path dir;
    Path project;
    Path work;
    byte[] original;
    GenshotService genshot;
    Take take;

    @BeforeEach
    void setUp() throws Exception {
        project = Sample.copy(dir.resolve("film"), "sample.kdenlive");
        work = project.resolveSibling("sample.kdenlive.genshot");
        original = Files.readAllBytes(project);
        genshot = Sample.service();
        take = genshot.generate(Sample.slug(project, "V1:1", new TimeRange(50, 5), 1), Progress.NONE, () -> false);
    }

    @AfterEach
    void noFaults() {
        ProjectFile.faults = new ProjectFile.Faults() {
        };
    }

    private void killAfter(String step) {
        ProjectFile.faults = new ProjectFile.Faults() {
            @Override
            public void after(String s) {
                if (s.equals(step)) {
                    throw new Killed();
                }
            }
        };
    }

    private byte[] filledVersion() throws Exception {
        genshot.insert(project, take);
        byte[] filled = Files.readAllBytes(project);
        genshot.undo(project);
        assertArrayEquals(original, Files.readAllBytes(project));
        return filled;
    }

    /**
     * Regression: the journal was written after the rename, so a kill between them left a filled project that undo
     * did not know ("genshot has inserted nothing").
     */
    @Test
    void aKillBetweenTheRenameAndTheJournalLeavesAFillThatUndoKnows() throws Exception {
        killAfter("rename");
        assertThrows(Killed.class, () -> genshot.insert(project, take));
        noFaults();
        assertFalse(java.util.Arrays.equals(original, Files.readAllBytes(project)), "the new version is in place");
        genshot.undo(project);
        assertArrayEquals(original, Files.readAllBytes(project), "and undo knows it");
    }

    /** Regression, without a hook: a journal that cannot be written meant a saved project undo did not know. */
    @Test
    void aJournalThatCannotBeWrittenLeavesTheProjectAsItWas() throws Exception {
        Files.createDirectories(work.resolve("journal.jsonl")); // a folder where the journal should be
        GenshotException e = assertThrows(GenshotException.class, () -> genshot.insert(project, take));
        assertTrue(e.getMessage().contains("journal"), e.getMessage());
        assertArrayEquals(original, Files.readAllBytes(project), "nothing saved that undo would not know");
        assertEquals(List.of(), Sample.list(work.resolve("backups")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"intent", "backup", "temp", "rename", "commit"})
    void aKillAfterAnyStepLeavesTheOldOrTheNewVersionAndTheNextRunSortsItOut(String step) throws Exception {
        byte[] filled = filledVersion();
        killAfter(step);
        assertThrows(Killed.class, () -> genshot.insert(project, take));
        noFaults();
        byte[] now = Files.readAllBytes(project);
        boolean renamed = step.equals("rename") || step.equals("commit");
        assertArrayEquals(renamed ? filled : original, now);
        for (Path b : Sample.list(work.resolve("backups"))) {
            if (!b.getFileName().toString().startsWith(".")) {
                assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(b))
                        || java.util.Arrays.equals(filled, Files.readAllBytes(b)), "a backup is a whole version");
            }
        }

        genshot.takes(project); // the next run
        ProjectFile file = ProjectFile.read(project);
        Journal journal = new Journal(file);
        assertEquals(List.of(), journal.pending());
        assertEquals(List.of(), Sample.list(work.resolve("backups")).stream()
                .filter(p -> p.getFileName().toString().startsWith(".")).toList(), "no partial backup");
        assertEquals(List.of("A.mp4", "B.mp4", "README.md", "sample.kdenlive", "sample.kdenlive.genshot"),
                Sample.list(project.getParent()).stream().map(p -> p.getFileName().toString()).toList(),
                "no temporary file");
        // two backups of the first insert and undo, and one more only when this save happened
        assertEquals(renamed ? 3 : 2, Sample.list(work.resolve("backups")).size());
        if (renamed) {
            genshot.undo(project);
            assertArrayEquals(original, Files.readAllBytes(project));
        } else {
            assertEquals("undo.nothing", assertThrows(GenshotException.class, () -> genshot.undo(project))
                    .problem().code());
            genshot.insert(project, take);
            assertArrayEquals(filled, Files.readAllBytes(project), "the insertion can be made again");
        }
    }

    @Test
    void aKillDuringUndoIsFinishedOrForgottenByTheNextRun() throws Exception {
        genshot.insert(project, take);
        byte[] filled = Files.readAllBytes(project);
        killAfter("rename");
        assertThrows(Killed.class, () -> genshot.undo(project));
        noFaults();
        assertArrayEquals(original, Files.readAllBytes(project));
        assertEquals("undo.nothing", assertThrows(GenshotException.class, () -> genshot.undo(project)).problem().code(),
                "the undo happened, and the journal says so");

        genshot.insert(project, take);
        killAfter("temp");
        assertThrows(Killed.class, () -> genshot.undo(project));
        noFaults();
        assertArrayEquals(filled, Files.readAllBytes(project));
        genshot.undo(project);
        assertArrayEquals(original, Files.readAllBytes(project), "the undo that did not happen can be made");
    }

    @Test
    void aJournalLineCutShortByACrashIsIgnoredAndCutOffByTheNextWrite() throws Exception {
        genshot.insert(project, take);
        Path journal = work.resolve("journal.jsonl");
        Files.writeString(journal, "{\"op\":\"undo\",\"id\":\"x\",\"sta", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertEquals(1, new Journal(ProjectFile.read(project)).entries().size());
        genshot.undo(project);
        assertArrayEquals(original, Files.readAllBytes(project));
        for (String line : Files.readAllLines(journal)) {
            assertTrue(line.startsWith("{") && line.endsWith("}"), line);
        }
    }

    @Test
    void theJournalOfEarlierVersionsIsStillRead() throws Exception {
        genshot.insert(project, take);
        Path journal = work.resolve("journal.jsonl");
        // what earlier versions wrote: one line per change, after the save
        List<String> lines = Files.readAllLines(journal);
        var intent = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
        String old = "{\"op\":\"insert\",\"at\":\"" + intent.get("at").asText() + "\",\"take\":\"" + take.id()
                + "\",\"backup\":\"" + intent.get("backup").asText() + "\",\"sha256Before\":\""
                + intent.get("sha256Before").asText() + "\",\"sha256After\":\"" + intent.get("sha256After").asText()
                + "\"}\n";
        Files.writeString(journal, old);
        genshot.undo(project);
        assertArrayEquals(original, Files.readAllBytes(project));
    }

    @Test
    void leftoversOfADeadProcessAreRemovedByTheNextRun() throws Exception {
        Path takes = work.resolve("takes");
        List<Path> stray = List.of(
                takes.resolve(".V1_50-55_slug_s1_20260101T000000.mp4.1f2e3d4c.part"),
                takes.resolve(".V1_50-55_slug_s1_20260101T000000.json.tmp"),
                takes.resolve("V1_50-55_slug_s1_20260101T000000.mp4"), // a video whose sidecar was never written
                work.resolve("backups/.sample.20260101T000000.000Z.kdenlive.4242-abc.part"),
                project.resolveSibling(".sample.kdenlive.genshot-tmp"), // the fixed name of earlier versions
                project.resolveSibling(".sample.kdenlive.genshot-4242-1a2b.tmp"));
        for (Path p : stray) {
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[] {1, 2, 3});
        }
        genshot.takes(project);
        for (Path p : stray) {
            assertFalse(Files.exists(p), p + " is gone");
        }
        assertTrue(Files.exists(take.file()) && Files.exists(take.sidecar()), "the take made is kept");
        assertEquals(1, genshot.takes(project).size());
    }

    @Test
    void anInsertedTakeWhoseSidecarWasDeletedByHandIsKept() throws Exception {
        genshot.insert(project, take);
        Files.delete(take.sidecar());
        genshot.takes(project);
        assertTrue(Files.exists(take.file()), "the project shows it");
        genshot.undo(project);
        genshot.takes(project);
        assertTrue(Files.exists(take.file()), "the backup undo made shows it");
    }

    @Test
    void aPartialTakeOfAGenerationRunningInThisProcessIsLeftAlone() throws Exception {
        Path part = work.resolve("takes/.V1_50-55_slug_s9_20260101T000000.mp4.77.part");
        Files.write(part, new byte[] {1});
        try (WorkLocks.Hold generating = WorkLocks.active(work)) {
            genshot.takes(project);
            assertTrue(Files.exists(part), "another thread is writing it");
        }
        genshot.takes(project);
        assertFalse(Files.exists(part));
    }

    @Test
    void aSaveFailingAfterItsIntentIsClosedAsNotMade() throws Exception {
        ProjectFile.faults = new ProjectFile.Faults() {
            @Override
            public void after(String s) throws IOException {
                if (s.equals("backup")) {
                    throw new IOException("Input/output error");
                }
            }
        };
        GenshotException e = assertThrows(GenshotException.class, () -> genshot.insert(project, take));
        assertEquals("project.unwritable", e.problem().code());
        noFaults();
        assertArrayEquals(original, Files.readAllBytes(project));
        Journal journal = new Journal(ProjectFile.read(project));
        assertEquals(List.of(), journal.pending());
        assertEquals(List.of(), journal.entries());
        assertEquals(List.of(), Sample.list(work.resolve("backups")));
    }
}
