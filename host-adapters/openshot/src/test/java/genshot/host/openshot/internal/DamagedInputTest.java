package genshot.host.openshot.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GenshotException;
import genshot.api.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and foreign {@code .osp} files found by an outside audit (620 mutated copies of real projects), one test per
 * defect: each is refused when it is read, with a problem that names the file and the place and fits on one short line,
 * or read and written back byte for byte.
 */
class DamagedInputTest {

    @TempDir
    Path dir;

    /** The golden sample (A, a one-second gap, B on layer 1000000; 640x360 at 25 fps) as text. */
    static String sample() {
        try {
            return Files.readString(Path.of(DamagedInputTest.class.getResource("/golden/openshot/2.6/sample.osp").toURI()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Problem refused(String name, byte[] content) {
        Path file = dir.resolve(name);
        GenshotException e = assertThrows(GenshotException.class, () -> new OpenShotAdapter().read(file, content), name);
        Problem p = e.problem();
        assertEquals(file.toString(), p.file(), "the problem names the file: " + p);
        assertTrue(p.place() != null && !p.place().isBlank(), "the problem names the place: " + p);
        assertTrue(p.hint() != null && !p.hint().isBlank(), "the problem says what to do: " + p);
        String line = p.oneLine();
        assertFalse(line.contains("\n") || line.contains("\r"), "one line: " + line);
        assertTrue(line.length() <= 300, "at most 300 characters, not " + line.length() + ": "
                + line.substring(0, Math.min(line.length(), 400)));
        return p;
    }

    private Problem refused(String name, String content) {
        return refused(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] roundTrip(String name, byte[] content) {
        return new OpenShotAdapter().read(dir.resolve(name), content).serialize();
    }

    private static String replaceOnce(String in, String what, String with) {
        int at = in.indexOf(what);
        assertTrue(at >= 0, "the sample holds " + what);
        return in.substring(0, at) + with + in.substring(at + what.length());
    }

    // ------------------------------------------------------------------ item 2: fills that never end

    @Test
    void aClipAtATrillionSecondsIsRefusedWhenRead() {
        // B at 1e12 s: a 25-trillion-frame gap before it
        Problem p = refused("far.osp", replaceOnce(sample(), "\"position\": 3.0", "\"position\": 1e12"));
        assertEquals("time.range", p.code());
        assertTrue(p.place().contains("clips[1]") && p.place().contains("position"), p.place());
        assertTrue(p.message().contains("24 hours"), p.message());
    }

    @Test
    void negativeNotANumberAndInfiniteTimesAreRefusedWhenRead() {
        for (String[] c : new String[][] {{"\"position\": 3.0", "\"position\": -3.0"}, {"\"position\": 3.0", "\"position\": NaN"},
            {"\"position\": 3.0", "\"position\": Infinity"}, {"\"end\": 2.0", "\"end\": 1e300"},
            {"\"start\": 0.0", "\"start\": -Infinity"}}) {
            Problem p = refused("t.osp", replaceOnce(sample(), c[0], c[1]));
            assertEquals("time.range", p.code(), c[1]);
        }
    }

    @Test
    void sizesAndRatesOutsideSaneBoundsAreRefusedWhenRead() {
        for (String[] c : new String[][] {{"\"width\": 640,", "\"width\": 100000,"}, {"\"height\": 360,", "\"height\": 8,"},
            {"\"num\": 25,", "\"num\": 3000000000,"}, {"\"num\": 25,", "\"num\": 1" + "0".repeat(30) + ","}}) {
            Problem p = refused("b.osp", replaceOnce(sample(), c[0], c[1]));
            assertEquals("project.structure", p.code(), c[1]);
        }
    }

    // ------------------------------------------------------------------ item 4: messages and Jackson's limits

    @Test
    void deepNestingIsWordedByGenshot() {
        Problem p = refused("deep.osp", replaceOnce(sample(), "\"settings\": {}", "\"settings\": " + "[".repeat(1200)
                + "]".repeat(1200)));
        assertEquals("project.structure", p.code());
        assertFalse(p.message().contains("StreamReadConstraints") || p.message().contains("`"), p.message());
        assertTrue(p.message().contains("deep"), p.message());
    }

    @Test
    void aNumberOfAThousandDigitsIsWordedByGenshot() {
        Problem p = refused("digits.osp", replaceOnce(sample(), "\"sample_rate\": 48000", "\"sample_rate\": "
                + "9".repeat(5000)));
        assertFalse(p.message().contains("StreamReadConstraints") || p.message().contains("`"), p.message());
    }

    @Test
    void aTwentyMegabyteStringIsAProjectNotADamagedFile() {
        String json = replaceOnce(sample(), "\"title\": \"A.mp4\"", "\"title\": \"" + "A".repeat(20_500_000) + "\"");
        byte[] in = json.getBytes(StandardCharsets.UTF_8);
        OpenShotProject p = Fx.read(dir.resolve("long.osp"), in);
        assertEquals(125, p.timeline().duration());
        assertArrayEquals(in, p.serialize(), "read and written back byte for byte");
        String key = replaceOnce(sample(), "\"settings\": {}", "\"settings\": {\n  \"" + "k".repeat(1_000_000) + "\": 1\n }");
        assertArrayEquals(key.getBytes(StandardCharsets.UTF_8), roundTrip("key.osp", key.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aMillionCharacterValueIsQuotedShortly() {
        String id = "Q".repeat(1_000_000);
        Problem p = refused("id.osp", replaceOnce(replaceOnce(sample(), "\"id\": \"CLIPA00001\"", "\"id\": \"" + id + "\""),
                "\"layer\": 1000000", "\"layer\": 7"));
        assertTrue(p.oneLine().contains("QQQ"), p.oneLine());
        Problem version = refused("v.osp", replaceOnce(sample(), "\"openshot-qt\": \"2.6.1\"", "\"openshot-qt\": \"3."
                + "9".repeat(1_000_000) + "\\n\""));
        assertEquals("project.version", version.code());
        Problem type = refused("type.osp", replaceOnce(sample(), "\"layer\": 1000000", "\"layer\": \"L1\\n" + id + "\""));
        assertEquals("project.structure", type.code());
    }

    // ------------------------------------------------------------------ item 5: quiet changes

    @Test
    void trailingJunkIsRefusedNotDropped() {
        Problem p = refused("junk.osp", sample() + "\n{\"clips\": []}");
        assertEquals("project.corrupt", p.code());
        assertTrue(p.place().startsWith("line "), p.place());
    }

    @Test
    void whitespaceAroundTheProjectIsKept() {
        byte[] in = ("\n" + sample() + "\n\n  \n").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(in, roundTrip("ws.osp", in));
    }

    @Test
    void aByteOrderMarkIsRefusedNotDropped() {
        byte[] plain = sample().getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[plain.length + 3];
        bom[0] = (byte) 0xef;
        bom[1] = (byte) 0xbb;
        bom[2] = (byte) 0xbf;
        System.arraycopy(plain, 0, bom, 3, plain.length);
        Problem p = refused("bom.osp", bom);
        assertEquals("project.encoding", p.code());
        assertTrue(p.message().contains("byte order mark"), p.message());
    }

    @Test
    void utf16IsRefusedNotConverted() {
        for (java.nio.charset.Charset cs : new java.nio.charset.Charset[] {StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
            StandardCharsets.UTF_16BE}) {
            Problem p = refused("utf16.osp", sample().getBytes(cs));
            assertEquals("project.encoding", p.code(), cs.name());
        }
    }

    @Test
    void bytesThatAreNotUtf8InAMediaPathAreRefusedNotRewritten() {
        String json = replaceOnce(sample(), "\"path\": \"", "\"path\": \"XXXX");
        int at = json.indexOf("XXXX");
        int line = (int) json.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        // overlong '/', an encoded surrogate, a code point past U+10FFFF: Jackson decoded all three and genshot wrote '?'
        for (int[] q : new int[][] {{0xc0, 0xaf, 'A', 'A'}, {0xed, 0xa0, 0x80, 'A'}, {0xf4, 0x90, 0x80, 0x80}, {0xff, 'A', 'A', 'A'}}) {
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            for (int k = 0; k < 4; k++) {
                b[at + k] = (byte) q[k];
            }
            Problem p = refused("bad.osp", b);
            assertEquals("project.encoding", p.code(), Arrays.toString(q));
            assertTrue(p.place().startsWith("line " + line + ", column "), p.place());
        }
    }

    @Test
    void aLoneSurrogateEscapeInAMediaPathIsKept() {
        byte[] in = replaceOnce(sample(), "\"path\": \"", "\"path\": \"\\ud800").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(in, roundTrip("surrogate.osp", in), "a \\ud800 escape must be written back, not as '?'");
    }

    // ------------------------------------------------------------------ found by OpenShotFuzzTest

    @Test
    void filesThatAreNotAListOfObjectsAreAProblemNotANullPointerException() {
        String json = sample();
        int at = json.indexOf("\"files\": [");
        assertTrue(at >= 0);
        Problem notList = refused("files.osp", json.substring(0, at) + "\"files\": {\"a\": 1}, \"was_files\": ["
                + json.substring(at + "\"files\": [".length()));
        assertEquals("project.structure", notList.code());
        Problem notObject = refused("entry.osp", json.substring(0, at) + "\"files\": [[1], "
                + json.substring(at + "\"files\": [".length()));
        assertEquals("project.structure", notObject.code());
        assertEquals("files[0]", notObject.place());
    }

    @Test
    void aProjectWiderThanAnIntIsAProblemNotAnArithmeticException() {
        Problem p = refused("wide.osp", replaceOnce(sample(), "\"width\": 640,", "\"width\": 4294967296,"));
        assertEquals("project.structure", p.code());
    }
}
