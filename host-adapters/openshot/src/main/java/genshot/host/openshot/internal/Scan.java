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

    /** The offset of the first {@code [} or {@code {} that opens level {@code max + 1}, or -1. */
    static int tooDeep(byte[] c, int max) {
        int depth = 0;
        boolean string = false;
        for (int k = 0; k < c.length; k++) {
            byte b = c[k];
            if (string) {
                if (b == '\\') {
                    k++;
                } else if (b == '"') {
                    string = false;
                }
            } else if (b == '"') {
                string = true;
            } else if (b == '[' || b == '{') {
                if (++depth > max) {
                    return k;
                }
            } else if (b == ']' || b == '}') {
                depth--;
            }
        }
        return -1;
    }

    /**
     * The offset of the first byte that is not whitespace after the first complete top-level object or list, the
     * length when there is none, or -1 when no object or list closes.
     */
    static int endOfValue(byte[] c) {
        int depth = 0;
        boolean string = false;
        for (int k = 0; k < c.length; k++) {
            byte b = c[k];
            if (string) {
                if (b == '\\') {
                    k++;
                } else if (b == '"') {
                    string = false;
                }
            } else if (b == '"') {
                string = true;
            } else if (b == '[' || b == '{') {
                depth++;
            } else if ((b == ']' || b == '}') && --depth == 0) {
                int j = k + 1;
                while (j < c.length && (c[j] == ' ' || c[j] == '\t' || c[j] == '\n' || c[j] == '\r')) {
                    j++;
                }
                return j;
            }
        }
        return -1;
    }

    /** The offset of the first number outside strings with more than {@code max} characters, or -1. */
    static int longNumber(byte[] c, int max) {
        boolean string = false;
        int start = -1;
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
            boolean numeric = b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
            if (numeric) {
                if (start < 0) {
                    start = k;
                }
                if (k - start + 1 > max) {
                    return start;
                }
            } else {
                start = -1;
                string = b == '"';
            }
        }
        return -1;
    }
}
