package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GenshotException;
import genshot.api.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's read path: a damaged journal is one line that says which line of it is damaged. */
class JournalTest {

    @TempDir
    Path dir;

    private static final String LINE = "{\"op\":\"insert\",\"at\":\"2026-01-02T03:04:05Z\",\"take\":\"V1_0-25_fog\","
            + "\"backup\":\"b.kdenlive\",\"sha256Before\":\"" + "a".repeat(64) + "\",\"sha256After\":\"" + "b".repeat(64)
            + "\"}\n";

    @Test
    void aDamagedLineIsOneLineWithItsNumberAndAHalfLastLineIsAnAppendAKillCut() throws Exception {
        Path project = Files.writeString(dir.resolve("p.kdenlive"), "<mlt/>");
        Journal journal = new Journal(ProjectFile.read(project));
        Path file = project.resolveSibling("p.kdenlive.genshot/journal.jsonl");
        Files.createDirectories(file.getParent());
        // a kill in the middle of an append leaves half a line, without its newline: that record was never written
        Files.writeString(file, LINE + LINE.substring(0, LINE.length() / 2), StandardCharsets.UTF_8);
        assertEquals(1, journal.entries().size());
        // a damaged line inside the journal is another matter
        Files.writeString(file, LINE + LINE.substring(0, LINE.length() / 2) + "\n" + LINE, StandardCharsets.UTF_8);
        GenshotException e = assertThrows(GenshotException.class, journal::entries);
        Problem p = e.problem();
        assertEquals("journal.corrupt", p.code());
        assertEquals(file.toString(), p.file());
        assertEquals("line 2", p.place());
        assertFalse(p.oneLine().contains("\n"), p.oneLine());
        assertFalse(p.oneLine().contains("Source:"), p.oneLine());
        assertTrue(p.oneLine().length() <= 300, p.oneLine());
        assertTrue(p.hint() != null && !p.hint().isBlank(), p.toString());
    }
}
