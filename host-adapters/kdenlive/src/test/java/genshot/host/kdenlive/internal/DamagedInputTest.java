package genshot.host.kdenlive.internal;

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
 * Damaged and foreign {@code .kdenlive} files found by an outside audit (620 mutated copies of real projects), one test
 * per defect: each is refused when it is read, with a problem that names the file and the place and fits on one short
 * line, or read and written back without a quiet change.
 */
class DamagedInputTest {

    @TempDir
    Path dir;

    /** The golden 1.04 sample (A, a one-second gap, B; 640x360 at 25 fps) as text. */
    static String sample() {
        try {
            return Files.readString(Path.of(DamagedInputTest.class.getResource("/golden/kdenlive/1.04/sample.kdenlive")
                    .toURI()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Problem refused(String name, byte[] content) {
        Path file = dir.resolve(name);
        GenshotException e = assertThrows(GenshotException.class, () -> new KdenliveAdapter().read(file, content), name);
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

    private static String replaceOnce(String in, String what, String with) {
        int at = in.indexOf(what);
        assertTrue(at >= 0, "the sample holds " + what);
        return in.substring(0, at) + with + in.substring(at + what.length());
    }

    // ------------------------------------------------------------------ item 1: internal errors on damaged input

    @Test
    void anEncodingNameJavaDoesNotKnowIsAProblemNotAnInternalError() {
        // Python's name for ISO-8859-1; the JDK's parser threw UnsupportedEncodingException (exit 3)
        Problem p = refused("latin.kdenlive", replaceOnce(sample(), "encoding='utf-8'", "encoding='latin-1'")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("project.encoding", p.code());
        assertTrue(p.message().contains("latin-1") && p.message().contains("ISO-8859-1"), p.message());
        assertTrue(p.place().startsWith("line 1"), p.place());
    }

    @Test
    void aNegativeProfileSizeIsRefusedWhenRead() {
        Problem p = refused("negative.kdenlive", replaceOnce(sample(), "width=\"640\" height=\"360\"",
                "width=\"-640\" height=\"-360\""));
        assertEquals("project.structure", p.code());
        assertTrue(p.place().contains("<profile") && p.place().contains("-640"), p.place());
    }

    @Test
    void profileSizesAndRatesOutsideSaneBoundsAreRefused() {
        for (String[] c : new String[][] {
            {"width=\"640\"", "width=\"100000\""}, {"height=\"360\"", "height=\"8\""},
            {"frame_rate_num=\"25\"", "frame_rate_num=\"2500000000\""}, {"frame_rate_den=\"1\"", "frame_rate_den=\"1000\""},
            {"frame_rate_num=\"25\"", "frame_rate_num=\"99999999999999999999\""}}) {
            Problem p = refused("bounds.kdenlive", replaceOnce(sample(), c[0], c[1]));
            assertEquals("project.structure", p.code(), c[1]);
            assertTrue(p.place().contains("<profile"), p.place());
        }
    }

    // ------------------------------------------------------------------ item 2: fills that never end

    @Test
    void aBlankOfAHundredHoursIsRefusedWhenRead() {
        // 99:99:99.999 is 100.7 hours: an 8-million-frame gap
        Problem p = refused("blank.kdenlive", replaceOnce(sample(), "<blank length=\"00:00:01.000\"/>",
                "<blank length=\"99:99:99.999\"/>"));
        assertEquals("time.range", p.code());
        assertTrue(p.place().contains("<blank") && p.place().contains("99:99:99.999"), p.place());
        assertTrue(p.message().contains("24 hours"), p.message());
    }

    @Test
    void negativeAndOverflowingTimesAreRefusedWhenRead() {
        for (String length : new String[] {"-99999", "9223372036854775807", "-00:00:01.000"}) {
            Problem p = refused("t.kdenlive", replaceOnce(sample(), "<blank length=\"00:00:01.000\"/>",
                    "<blank length=\"" + length + "\"/>"));
            assertEquals("time.range", p.code(), length);
        }
    }

    // ------------------------------------------------------------------ item 3: refusals after the work is done

    @Test
    void aTrackTractorMissingAPlaylistIsRefusedWhenRead() {
        Problem p = refused("oneplaylist.kdenlive", replaceOnce(sample(), "  <track hide=\"audio\" producer=\"playlist3\"/>\n",
                ""));
        assertEquals("project.structure", p.code());
        assertTrue(p.place().contains("tractor1"), p.place());
        assertFalse(p.hint().contains("bug in genshot"), p.hint());
    }

    @Test
    void anIdUsedTwiceIsRefusedWhenRead() {
        Problem p = refused("dup.kdenlive", replaceOnce(sample(), "<producer id=\"producer1\"", "<producer id=\"producer0\""));
        assertEquals("project.structure", p.code());
        assertTrue(p.message().contains("producer0"), p.message());
        assertFalse(p.hint().contains("bug in genshot"), p.hint());
    }

    // ------------------------------------------------------------------ item 4: messages

    @Test
    void aMillionCharacterAttributeIsQuotedShortly() {
        String z = "z".repeat(1_000_000);
        Problem track = refused("track.kdenlive", replaceOnce(sample(), "<track producer=\"tractor1\"/>",
                "<track producer=\"" + z + "\"/>"));
        assertTrue(track.oneLine().contains("zzzz"), track.oneLine());
        Problem time = refused("time.kdenlive", replaceOnce(sample(), "<blank length=\"00:00:01.000\"/>",
                "<blank length=\"" + "9".repeat(1_000_000) + "\"/>"));
        assertEquals("project.time", time.code());
        Problem name = refused("name.kdenlive", replaceOnce(sample(), "</mlt>", "<" + z + ">"));
        assertEquals("project.structure", name.code(), "a name past the XML reader's limit: " + name);
        Problem unclosed = refused("unclosed.kdenlive", replaceOnce(sample(), "</mlt>", "<" + "z".repeat(900) + ">"));
        assertEquals("project.corrupt", unclosed.code());
        Problem newline = refused("newline.kdenlive", replaceOnce(sample(), "<track producer=\"tractor1\"/>",
                "<track producer=\"a&#10;b&#13;c\"/>"));
        assertTrue(newline.oneLine().contains("a\\nb\\rc"), newline.oneLine());
    }

    @Test
    void deepNestingIsAProblemNotAStackOverflow() {
        Problem p = refused("deep.kdenlive", replaceOnce(sample(), "<property name=\"eof\">pause</property>",
                "<property name=\"eof\">" + "<a>".repeat(100_000) + "</a>".repeat(100_000) + "</property>"));
        assertEquals("project.structure", p.code());
        assertTrue(p.message().contains("deep"), p.message());
    }

    // ------------------------------------------------------------------ item 5: quiet changes

    @Test
    void iso88591IsRefusedRatherThanConvertedToUtf8() {
        String xml = replaceOnce(replaceOnce(sample(), "encoding='utf-8'", "encoding='ISO-8859-1'"),
                "<property name=\"kdenlive:clipname\">A.mp4</property>", "<property name=\"kdenlive:clipname\">Ä.mp4</property>");
        Problem p = refused("iso.kdenlive", xml.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("project.encoding", p.code());
        assertTrue(p.message().contains("ISO-8859-1"), p.message());
    }

    @Test
    void utf16IsRefusedRatherThanConvertedToUtf8() {
        Problem p = refused("utf16.kdenlive", replaceOnce(sample(), "encoding='utf-8'", "encoding='utf-16'")
                .getBytes(StandardCharsets.UTF_16));
        assertEquals("project.encoding", p.code());
        assertTrue(p.message().contains("UTF-16"), p.message());
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirPlace() {
        byte[] good = sample().getBytes(StandardCharsets.UTF_8);
        int at = sample().indexOf("A.mp4");
        for (byte[] bad : new byte[][] {{(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}}) {
            byte[] b = good.clone();
            System.arraycopy(bad, 0, b, at, bad.length);
            Problem p = refused("bad.kdenlive", b);
            assertEquals("project.encoding", p.code(), Arrays.toString(bad));
            assertTrue(p.place().matches("line 7, column \\d+ \\(byte \\d+\\)"), p.place());
        }
    }

    @Test
    void aByteOrderMarkIsKeptOnWrite() {
        byte[] plain = sample().getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[plain.length + 3];
        bom[0] = (byte) 0xef;
        bom[1] = (byte) 0xbb;
        bom[2] = (byte) 0xbf;
        System.arraycopy(plain, 0, bom, 3, plain.length);
        byte[] out = new KdenliveAdapter().read(dir.resolve("bom.kdenlive"), bom).serialize();
        assertArrayEquals(Arrays.copyOf(bom, 3), Arrays.copyOf(out, 3), "the byte order mark is written back");
        byte[] plainOut = new KdenliveAdapter().read(dir.resolve("plain.kdenlive"), plain).serialize();
        assertArrayEquals(plainOut, Arrays.copyOfRange(out, 3, out.length), "and the rest as without it");
    }

    // ------------------------------------------------------------------ found by KdenliveFuzzTest

    @Test
    void aTrackListedTwiceInTheMainTractorIsRefusedWhenRead() {
        // was read, filled twice (both tracks share the playlist) and refused after the edit as "a bug in genshot"
        Problem p = refused("twice.kdenlive", replaceOnce(sample(), "<track producer=\"tractor1\"/>",
                "<track producer=\"tractor1\"/>\n  <track producer=\"tractor1\"/>"));
        assertEquals("project.structure", p.code());
        assertTrue(p.message().contains("one and the same"), p.message());
    }

    @Test
    void aTractorOutThatIsNotATimeIsRefusedWhenRead() {
        // was read, and the insertion failed on it
        Problem p = refused("out.kdenlive", replaceOnce(sample(), "<tractor id=\"tractor1\" in=\"00:00:00.000\" out=\"00:00:04.960\">",
                "<tractor id=\"tractor1\" in=\"00:00:00.000\" out=\"1e12\">"));
        assertEquals("project.time", p.code());
        assertTrue(p.place().contains("tractor1"), p.place());
    }

    @Test
    void aHideValueOfManyDigitsIsNotANumberFormatException() {
        String xml = replaceOnce(sample(), "<tractor id=\"tractor1\" in=\"00:00:00.000\" out=\"00:00:04.960\">",
                "<tractor id=\"tractor1\" in=\"00:00:00.000\" out=\"00:00:04.960\">\n  <property name=\"hide\">"
                        + "9".repeat(30) + "</property>");
        assertEquals(125, new KdenliveAdapter().read(dir.resolve("hide.kdenlive"), xml.getBytes(StandardCharsets.UTF_8))
                .timeline().duration());
    }
}
