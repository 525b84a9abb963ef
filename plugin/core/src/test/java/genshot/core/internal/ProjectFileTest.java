package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GenshotException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectFileTest {
    @TempDir
    Path dir;

    @Test
    void replaceKeepsABackupOfTheOriginalAndLeavesNoTemporaryFile() throws Exception {
        Path p = dir.resolve("film.kdenlive");
        Files.writeString(p, "original");
        ProjectFile f = ProjectFile.read(p);
        Path backup = replace(f, "edited".getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-30T10:15:30.123Z"));

        assertEquals("edited", Files.readString(p));
        assertEquals("original", Files.readString(backup));
        assertEquals(dir.resolve("film.kdenlive.genshot/backups/film.20261130T101530.123Z.kdenlive"), backup);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count(), "only the project and its work folder");
        }
    }

    @Test
    void refusesWhenTheFileChangedOnDiskAndWritesNothing() throws Exception {
        Path p = dir.resolve("film.kdenlive");
        Files.writeString(p, "original");
        ProjectFile f = ProjectFile.read(p);
        Files.writeString(p, "saved by the editor meanwhile");

        GenshotException e = assertThrows(GenshotException.class, () -> replace(f, new byte[] {1}, Instant.now()));
        assertEquals("project.changed", e.problem().code());
        assertEquals(p.toString(), e.problem().file());
        assertEquals("saved by the editor meanwhile", Files.readString(p));
        assertFalse(Files.exists(f.workFolder()), "no backup folder for a refused save");
    }

    /** A save journaled as an insertion of take "t". */
    static Path replace(ProjectFile f, byte[] content, Instant when) {
        return f.replace(content, when, new Journal.Entry("insert", when, "t", null, null, null));
    }

    @Test
    void missingFileAndFolderAreProblemsNamingThePath() {
        GenshotException missing = assertThrows(GenshotException.class, () -> ProjectFile.read(dir.resolve("no.kdenlive")));
        assertEquals("project.missing", missing.problem().code());
        assertTrue(missing.problem().file().endsWith("no.kdenlive"));
        GenshotException folder = assertThrows(GenshotException.class, () -> ProjectFile.read(dir));
        assertEquals("project.unreadable", folder.problem().code());
    }

    @Test
    void contentIsACopy() throws Exception {
        Path p = dir.resolve("a.osp");
        Files.write(p, new byte[] {1, 2, 3});
        ProjectFile f = ProjectFile.read(p);
        f.content()[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, f.content());
        assertEquals("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", f.sha256());
    }
}
