package genshot.host.openshot.internal;

/**
 * Places in the raw bytes of a JSON text, for problems the parser reports without one: the line and column of a byte,
 * where nesting first goes past a depth, where a number first has too many digits. A small lexer that knows strings
 * and their escapes, and nothing else.
 */
final class Scan {

    private Scan() {
    }

    /** {@code line 65, column 15 (byte 1198)}, the column counted in characters; {@code the whole file} for -1. */
    static String place(byte[] c, int offset) {
        if (offset < 0) {
            return "the whole file";
        }
        int line = 1;
        int column = 1;
        for (int k = 0; k < offset && k < c.length; k++) {
            if (c[k] == '\n') {
                line++;
                column = 1;
            } else if ((c[k] & 0xc0) != 0x80) {
                column++;
            }
        }
        return "line " + line + ", column " + column + " (byte " + offset + ")";
    }

    /** What a scan does with a byte outside strings (the quote that opens one included): a result >= 0 ends it. */
    private interface Outside {
        int at(int offset, byte b);
    }

    /** Walks the JSON bytes outside strings (escapes inside strings skipped); the first result >= 0, or -1. */
    private static int outsideStrings(byte[] c, Outside o) {
        boolean string = false;
        for (int k = 0; k < c.length; k++) {
            byte b = c[k];
            if (string) {
                if (b == '\\') {
                    k++;
                } else if (b == '"') {
                    string = false;
                }
                continue;
            }
            int r = o.at(k, b);
            if (r >= 0) {
                return r;
            }
            string = b == '"';
        }
        return -1;
    }

    /** The offset of the first {@code [} or {@code {} that opens level {@code max + 1}, or -1. */
    static int tooDeep(byte[] c, int max) {
        int[] depth = {0};
        return outsideStrings(c, (k, b) -> {
            if (b == '[' || b == '{') {
                return ++depth[0] > max ? k : -1;
            }
            if (b == ']' || b == '}') {
                depth[0]--;
            }
            return -1;
        });
    }

    /**
     * The offset of the first byte that is not whitespace after the first complete top-level object or list, the
     * length when there is none, or -1 when no object or list closes.
     */
    static int endOfValue(byte[] c) {
        int[] depth = {0};
        return outsideStrings(c, (k, b) -> {
            if (b == '[' || b == '{') {
                depth[0]++;
            } else if ((b == ']' || b == '}') && --depth[0] == 0) {
                int j = k + 1;
                while (j < c.length && (c[j] == ' ' || c[j] == '\t' || c[j] == '\n' || c[j] == '\r')) {
                    j++;
                }
                return j;
            }
            return -1;
        });
    }

    /** The offset of the first number outside strings with more than {@code max} characters, or -1. */
    static int longNumber(byte[] c, int max) {
        int[] start = {-1};
        return outsideStrings(c, (k, b) -> {
            boolean numeric = b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
            if (!numeric) {
                start[0] = -1;
                return -1;
            }
            if (start[0] < 0) {
                start[0] = k;
            }
            return k - start[0] + 1 > max ? start[0] : -1;
        });
    }
}
