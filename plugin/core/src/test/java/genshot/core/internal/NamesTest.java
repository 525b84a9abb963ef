package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.FillRequest;
import genshot.api.FillResult;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.host.kdenlive.internal.KdenliveAdapter;
import genshot.media.internal.HumbleMediaDecoder;
import genshot.timeline.Clip;
import genshot.timeline.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Projects in folders and files with every kind of name, filled through the real Kdenlive adapter, the real slug
 * generator and the real Humble encoder (and decoder: the take is read back).
 */
class NamesTest {
    @TempDir
    Path dir;

    private static Path copySample(Path folder, String projectName) throws Exception {
        return Sample.copy(folder, projectName);
    }

    private static GenshotService genshot() {
        return Sample.service();
    }

    private static void fillsAndReadsBack(Path project) throws Exception {
        byte[] original = Files.readAllBytes(project);
        FillResult r = genshot().fill(new FillRequest(project, "V1:1", new TimeRange(50, 5),
                new ShotRequest("slug", "a door opens", "", 1, Map.of(), "cpu")), Progress.NONE, () -> false);
        assertTrue(Files.isRegularFile(r.take()), r.take().toString());
        assertEquals(6, new HumbleMediaDecoder().probe(r.take()).frames(), "the take decodes: five frames and a handle");
        assertArrayEquals(original, Files.readAllBytes(r.backup()));
        var read = new KdenliveAdapter().read(project, Files.readAllBytes(project));
        var v1 = read.timeline().track("V1").orElseThrow();
        assertTrue(v1.items().stream().anyMatch(i -> i instanceof Clip c && read.mediaPath(c).equals(r.take())),
                "the take is on V1: " + v1.items());
    }

    /** Regression: Humble-Video hands FFmpeg the path in JNI's modified UTF-8, where an emoji is two surrogates. */
    @Test
    void aFolderAndAProjectNamedWithAnEmojiGetATakeAndTheInsertion() throws Exception {
        fillsAndReadsBack(copySample(dir.resolve("shots \uD83C\uDFAC"), "film \uD83D\uDE00.kdenlive"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Café déjà vu", "映画 プロジェクト", "with  spaces", "it's \"quoted\"", "cost $HOME $(x)",
            "tab\there", "ünïcödé ½ ∞", "line\nbreak", "back\\slash"})
    void otherNamesWork(String name) throws Exception {
        fillsAndReadsBack(copySample(dir.resolve(name), name + ".kdenlive"));
    }

    /** Regression: a line break in a file name split a one-line problem in two. */
    @Test
    void aProblemAboutAFileWithALineBreakInItsNameStaysOneLine() throws Exception {
        Path project = copySample(dir.resolve("two\nlines"), "a\rb.kdenlive");
        GenshotException e = org.junit.jupiter.api.Assertions.assertThrows(GenshotException.class,
                () -> genshot().fill(new FillRequest(project, "V9:1", null,
                        new ShotRequest("slug", "x\ny", "", 1, Map.of(), "cpu")), Progress.NONE, () -> false));
        assertEquals("gap.not-found", e.problem().code());
        String line = e.problem().oneLine();
        assertFalse(line.contains("\n") || line.contains("\r"), line);
        assertTrue(line.contains("two\\nlines/a\\rb.kdenlive"), line);
        assertEquals(line, e.getMessage());
        assertEquals("tab\tstays", Problem.escape("tab\tstays"));
        assertEquals("esc \\u001b, nel \\u0085, ls \\u2028", Problem.escape("esc \u001b, nel \u0085, ls \u2028"));
    }

    /** The command status prints to put a take back is one line, and bash reads it back as the path. */
    @ParameterizedTest
    @ValueSource(strings = {"/p/plain.kdenlive", "/p/with space/it's.kdenlive", "/p/line\nbreak/\u00e9 \uD83C\uDFAC.kdenlive",
            "/p/tab\tand\rreturn \\ back $x.kdenlive"})
    void aQuotedPathIsOneLineAndBashReadsItBack(String path) throws Exception {
        String quoted = genshot.api.Quoting.shellWord(path);
        assertEquals(1, quoted.lines().count(), quoted);
        Process p = new ProcessBuilder("bash", "-c", "printf %s " + quoted).start();
        String back = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals(path, back);
    }
}
