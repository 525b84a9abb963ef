package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two genshot processes on one project, each in a JVM of its own. */
class TwoProcessesTest {
    @TempDir
    Path dir;

    /**
     * Regression: two processes wrote the same temporary file ({@code .<name>.genshot-tmp}) and renamed it, so one
     * saved the other's bytes or failed, and one save could silently undo the other's.
     */
    @Test
    void twoProcessesSavingAtOnceShareNoTemporaryFileAndLoseNoSave() throws Exception {
        Path project = Sample.copy(dir.resolve("film"), "sample.kdenlive");
        int n = 25;
        String a;
        String b;
        Path go = dir.resolve("go");
        try (Child first = Child.start(dir, "contend", project.toString(), Integer.toString(n), "A", go.toString());
             Child second = Child.start(dir, "contend", project.toString(), Integer.toString(n), "B", go.toString())) {
            Files.createFile(go); // both start at once
            assertEquals(0, first.process.waitFor(), first.errors());
            assertEquals(0, second.process.waitFor(), second.errors());
            a = first.rest();
            b = second.rest();
        }
        assertTrue(a.startsWith("saved " + n + " ") && a.contains("failed []"), a);
        assertTrue(b.startsWith("saved " + n + " ") && b.contains("failed []"), b);
        System.out.println("two processes: A " + a.strip() + "; B " + b.strip());

        String text = Files.readString(project, StandardCharsets.UTF_8);
        for (String tag : List.of("A", "B")) {
            for (int i = 0; i < n; i++) {
                assertTrue(text.contains("<!-- " + tag + " " + i + " -->"), tag + " " + i + " was lost");
            }
        }
        ProjectFile file = ProjectFile.read(project);
        Journal journal = new Journal(file);
        List<Journal.Entry> saves = journal.entries();
        assertEquals(2 * n, saves.size());
        assertEquals(List.of(), journal.pending());
        Set<Path> temps = new HashSet<>();
        Set<Path> backups = new HashSet<>();
        Set<String> pids = new HashSet<>();
        Pattern pid = Pattern.compile("\\.sample\\.kdenlive\\.genshot-(\\d+)-[0-9a-f]+\\.tmp");
        for (int i = 0; i < saves.size(); i++) {
            Journal.Entry e = saves.get(i);
            assertTrue(temps.add(e.temp()), "temporary name used twice: " + e.temp());
            assertTrue(backups.add(e.backup()), "backup name used twice: " + e.backup());
            Matcher m = pid.matcher(e.temp().getFileName().toString());
            assertTrue(m.matches(), e.temp().toString());
            pids.add(m.group(1));
            if (i > 0) {
                assertEquals(saves.get(i - 1).sha256After(), e.sha256Before(), "each save starts from the last");
            }
            assertEquals(e.sha256Before(), Hashes.sha256(Files.readAllBytes(e.backup())), "the backup is whole");
        }
        assertEquals(2, pids.size(), "each process names its temporary files with its own id");
        assertEquals(saves.get(saves.size() - 1).sha256After(), file.sha256());
        try (var s = Files.list(project.getParent())) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary file left");
        }
    }

    @Test
    void aPartialTakeOfAnotherLivingProcessIsLeftAloneAndRemovedOnceItIsGone() throws Exception {
        Path project = Sample.copy(dir.resolve("film"), "sample.kdenlive");
        Path part = project.resolveSibling("sample.kdenlive.genshot/takes/.V1_50-55_slug_s1_20260101T000000.mp4.9.part");
        GenshotService genshot = Sample.service();
        try (Child generating = Child.start(dir, "hold", project.toString())) {
            Files.createDirectories(part.getParent());
            Files.write(part, new byte[] {1});
            genshot.takes(project);
            assertTrue(Files.exists(part), "the other process may be writing it");
            generating.kill();
        }
        genshot.takes(project);
        assertFalse(Files.exists(part), "its process is gone");
    }
}
