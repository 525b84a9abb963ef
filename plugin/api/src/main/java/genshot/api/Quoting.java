package genshot.api;

/**
 * Values from a user's file, put into {@link Problem} messages (host adapters use it): a problem is one line of a terminal, so a value is quoted with its control
 * characters escaped and at most {@link #QUOTE} characters of it shown (a damaged file may hold a million-character
 * attribute, and one with a line break would break the line).
 */
public final class Quoting {

    /** The most characters of a value a message shows. */
    public static final int QUOTE = 32;

    private Quoting() {
    }

    /** {@code "value"}, escaped and cut: {@code "zzzz..." (1000000 characters)}. */
    public static String quote(String value) {
        return "\"" + shown(value, QUOTE) + "\"" + (value != null && value.length() > QUOTE
                ? " (" + value.length() + " characters)" : "");
    }

    /** The value escaped ({@code \n}, {@code \t}, {@code \u0000}) and cut to {@code max} characters, with {@code ...}. */
    public static String shown(String value, int max) {
        if (value == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (n + (pair ? 2 : 1) > max) {
                b.append("...");
                break;
            }
            if (pair) {
                b.append(c).append(value.charAt(++i));
                n += 2;
                continue;
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
            n++;
        }
        return b.toString();
    }

    /** A path: {@code "...the/end/of/it.mp4"}, at most {@code 2 * QUOTE} characters, so that the file's name shows. */
    public static String path(String value) {
        int max = 2 * QUOTE;
        if (value == null || value.length() <= max) {
            return "\"" + shown(value, max) + "\"";
        }
        return "\"..." + shown(value.substring(value.length() - max + 3), max) + "\"";
    }

    /** A message from a library (an XML or JSON parser), on one line and at most {@code max} characters. */
    public static String flat(String message, int max) {
        String m = message == null ? "" : message.replaceAll("[\\p{Cntrl}\u2028\u2029]+", " ").strip();
        return m.length() <= max ? m : shown(m, max - 1);
    }

    /**
     * {@code s} as one word to paste into a shell, on one line: as it is when plain, else in single quotes, or, when
     * it holds a line break or another control character, in bash's {@code $'...'} with escapes (so a hint that names
     * a file stays one line and can be typed as it is).
     */
    public static String shellWord(String s) {
        if (s.matches("[A-Za-z0-9_./@%+=:,-]+")) {
            return s;
        }
        if (s.codePoints().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)) {
            return "'" + s.replace("'", "'\\''") + "'";
        }
        StringBuilder b = new StringBuilder("$'");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                        b.append(c < 0x100 ? String.format("\\x%02x", c) : String.format("\\u%04x", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.append('\'').toString();
    }
}
