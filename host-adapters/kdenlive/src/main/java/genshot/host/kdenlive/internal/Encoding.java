package genshot.host.kdenlive.internal;

import genshot.api.Quoting;
import genshot.api.GenshotException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes of a project file before they are parsed. Kdenlive and MLT write UTF-8, and genshot writes what it read
 * back as UTF-8, so it reads UTF-8 only, and strictly: a file in another encoding (declared, or UTF-16/32 by its
 * first bytes) and bytes that are not UTF-8 (a stray byte, an overlong or surrogate sequence) are refused with
 * {@code project.encoding} and their place, never converted or replaced on the way. A UTF-8 byte order mark is kept.
 */
final class Encoding {

    private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    private static final Pattern DECLARATION = Pattern.compile("^<\\?xml\\s[^>]*?encoding\\s*=\\s*([\"'])([^\"']*)\\1");

    /** The file's text, and whether it started with a UTF-8 byte order mark (written back when it did). */
    record Decoded(String text, boolean bom) {
    }

    private Encoding() {
    }

    static Decoded decode(byte[] content, Path file) {
        String wide = wideEncoding(content);
        if (wide != null) {
            throw GenshotException.of("project.encoding", "The project is encoded in " + wide + "; genshot reads UTF-8"
                    + " only, as Kdenlive writes", file, "byte 0", "Convert the file to UTF-8 (iconv -f " + wide
                    + " -t UTF-8) and declare encoding='utf-8'");
        }
        boolean bom = startsWith(content, BOM);
        int from = bom ? BOM.length : 0;
        checkDeclaration(content, from, file);
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content, from, content.length - from);
        CharBuffer out = CharBuffer.allocate(content.length - from);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            throw GenshotException.of("project.encoding", "The project holds bytes that are not UTF-8 (" + hex(content, at,
                    r.length()) + ")", file, place(out, at), "Kdenlive writes UTF-8: the file is damaged or was changed by"
                    + " another program; restore a backup, or correct the bytes there");
        }
        out.flip();
        return new Decoded(out.toString(), bom);
    }

    /** UTF-16 or UTF-32 by the byte order mark or the zero bytes around the first {@code <}. */
    private static String wideEncoding(byte[] c) {
        if (startsWith(c, new byte[] {0, 0, (byte) 0xfe, (byte) 0xff}) || startsWith(c, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0})
                || startsWith(c, new byte[] {0, 0, 0, '<'}) || startsWith(c, new byte[] {'<', 0, 0, 0})) {
            return "UTF-32";
        }
        if (startsWith(c, new byte[] {(byte) 0xfe, (byte) 0xff}) || startsWith(c, new byte[] {(byte) 0xff, (byte) 0xfe})
                || startsWith(c, new byte[] {0, '<'}) || startsWith(c, new byte[] {'<', 0})) {
            return "UTF-16";
        }
        return null;
    }

    /** Refuses an XML declaration that names another encoding than UTF-8. */
    private static void checkDeclaration(byte[] content, int from, Path file) {
        String head = new String(content, from, Math.min(content.length - from, 512), StandardCharsets.ISO_8859_1);
        Matcher m = DECLARATION.matcher(head);
        if (!m.find()) {
            return;
        }
        String name = m.group(2).trim();
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.equals("UTF-8") || upper.equals("UTF8")) {
            return;
        }
        String known = canonical(name);
        throw GenshotException.of("project.encoding", "The project declares the encoding " + Quoting.quote(name)
                + (known == null || known.equalsIgnoreCase(name) ? "" : " (" + known + ")") + "; genshot reads UTF-8 only,"
                + " as Kdenlive writes", file, "line 1 (the XML declaration)", "Convert the file to UTF-8"
                + (known == null ? "" : " (iconv -f " + known + " -t UTF-8)") + " and declare encoding='utf-8'");
    }

    /** The name Java knows an encoding by, also for Python's spellings ({@code latin-1}); null when unknown. */
    private static String canonical(String name) {
        String n = name.trim();
        if (n.length() > 40) {
            return null;
        }
        for (String candidate : new String[] {n, n.replace('_', '-'), n.replace("-", "").replace("_", "")}) {
            try {
                return Charset.forName(candidate).name();
            } catch (IllegalArgumentException e) {
                // try the next spelling
            }
        }
        return null;
    }

    /** {@code line 7, column 29 (byte 263)}: lines and columns counted in the characters decoded before. */
    private static String place(CharBuffer decoded, int byteOffset) {
        int end = decoded.position();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < end; i++) {
            if (decoded.get(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (end - lineStart + 1) + " (byte " + byteOffset + ")";
    }

    private static String hex(byte[] c, int at, int n) {
        StringBuilder b = new StringBuilder();
        for (int k = at; k < Math.min(c.length, at + Math.max(n, 1)) && k < at + 4; k++) {
            b.append(b.length() == 0 ? "" : " ").append(String.format("0x%02X", c[k] & 0xff));
        }
        return b.toString();
    }

    private static boolean startsWith(byte[] c, byte[] prefix) {
        if (c.length < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (c[k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    static byte[] bom() {
        return BOM.clone();
    }
}
