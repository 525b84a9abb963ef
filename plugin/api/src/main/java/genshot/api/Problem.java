package genshot.api;

/**
 * Something that went wrong, as a value: what, where, and what to do about it.
 *
 * @param code a stable identifier (e.g. {@code project.version}, {@code gap.not-found})
 * @param message a plain sentence
 * @param file the file concerned, or null
 * @param place where in it (element, line, track, frame range), or null
 * @param hint what the user can do, or null
 */
public record Problem(String code, String message, String file, String place, String hint) {

    /**
     * One line for a terminal: message, file and place, hint. A line break or another control character in any of
     * them (a file name may hold one) is written as an escape (see {@link #escape}), so that the line stays one
     * line; a tab stays a tab.
     */
    public String oneLine() {
        return escape(raw());
    }

    private String raw() {
        StringBuilder b = new StringBuilder(message);
        if (file != null) {
            b.append(" [").append(file);
            if (place != null) {
                b.append(", ").append(place);
            }
            b.append(']');
        } else if (place != null) {
            b.append(" [").append(place).append(']');
        }
        if (hint != null) {
            b.append(". ").append(hint);
        }
        return b.toString();
    }

    /**
     * {@code text} with line breaks and other control characters (but tabs) written as escapes, so that it prints
     * on one line: a backslash and n for a line feed, a backslash and r for a carriage return, a backslash, u and
     * four hex digits for the rest (C0, DEL, C1, and the Unicode line and paragraph separators). Text without them
     * is returned as it is. For reading, not for parsing back: a backslash already in the text stays as it is.
     */
    public static String escape(String text) {
        if (text == null || text.codePoints().noneMatch(Problem::breaksLine)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (breaksLine(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static boolean breaksLine(int c) {
        return c != '\t' && (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x85);
    }
}
