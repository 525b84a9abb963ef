package genshot.host.openshot.internal;

import genshot.api.GenshotException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The bytes of an {@code .osp} before they are parsed. openshot-qt reads and writes UTF-8 ({@code open(path, 'r',
 * encoding='utf-8')}, then {@code json.loads}), and genshot writes what it read back as UTF-8, so it reads UTF-8 only,
 * and strictly: a byte order mark (openshot-qt fails on it: "Unexpected UTF-8 BOM"), UTF-16/32, and bytes that are not
 * UTF-8 (a stray byte, an overlong, surrogate or out-of-range sequence, all of which Jackson would decode and genshot
 * would have written back as {@code ?}) are refused with {@code project.encoding} and their place.
 */
final class Encoding {

    private Encoding() {
    }

    static void check(byte[] content, Path file) {
        if (content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb && (content[2] & 0xff) == 0xbf) {
            throw GenshotException.of("project.encoding", "The project starts with a byte order mark, which openshot-qt"
                    + " cannot read", file, "byte 0", "Remove the first three bytes (the mark); the rest is a project");
        }
        String wide = wideEncoding(content);
        if (wide != null) {
            throw GenshotException.of("project.encoding", "The project is encoded in " + wide + "; OpenShot writes UTF-8,"
                    + " and genshot reads UTF-8 only", file, "byte 0", "Convert the file to UTF-8 (iconv -f " + wide
                    + " -t UTF-8)");
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(Math.min(content.length, 1 << 16));
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            if (r.isError()) {
                int at = in.position();
                throw GenshotException.of("project.encoding", "The project holds bytes that are not UTF-8 ("
                        + hex(content, at, r.length()) + ")", file, Scan.place(content, at), "OpenShot writes UTF-8: the"
                                + " file is damaged or was changed by another program; restore a backup");
            }
            return;
        }
    }

    /** UTF-16 or UTF-32 by a byte order mark, or by the zero bytes in a JSON text's first two characters (RFC 4627). */
    private static String wideEncoding(byte[] c) {
        if (c.length >= 2 && ((c[0] & 0xff) == 0xfe && (c[1] & 0xff) == 0xff || (c[0] & 0xff) == 0xff && (c[1] & 0xff) == 0xfe)) {
            return c.length >= 4 && (c[0] & 0xff) == 0xff && c[2] == 0 && c[3] == 0 ? "UTF-32" : "UTF-16";
        }
        if (c.length < 4) {
            return null;
        }
        boolean[] zero = {c[0] == 0, c[1] == 0, c[2] == 0, c[3] == 0};
        if (zero[0] && zero[1] && zero[2] && !zero[3] || !zero[0] && zero[1] && zero[2] && zero[3]) {
            return "UTF-32";
        }
        if (zero[0] && !zero[1] && zero[2] && !zero[3] || !zero[0] && zero[1] && !zero[2] && zero[3]) {
            return "UTF-16";
        }
        return null;
    }

    private static String hex(byte[] c, int at, int n) {
        StringBuilder b = new StringBuilder();
        for (int k = at; k < Math.min(c.length, at + Math.max(n, 1)) && k < at + 4; k++) {
            b.append(b.length() == 0 ? "" : " ").append(String.format("0x%02X", c[k] & 0xff));
        }
        return b.toString();
    }
}
