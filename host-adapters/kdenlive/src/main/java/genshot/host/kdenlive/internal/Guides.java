package genshot.host.kdenlive.internal;

import genshot.timeline.Marker;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code kdenlive:docproperties.guides}: {@code [{"comment": "...", "pos": 50, "type": 0}, ...]}. A tiny
 * JSON reader for exactly that shape (objects with string and number members in an array); other members
 * and nested values are skipped.
 */
final class Guides {

    private final String s;
    private int i;

    private Guides(String s) {
        this.s = s;
    }

    /** The guides as markers, in the order written; throws IllegalArgumentException for malformed JSON. */
    static List<Marker> parse(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        Guides g = new Guides(json);
        List<Marker> out = new ArrayList<>();
        g.ws();
        g.expect('[');
        g.ws();
        if (g.peek() == ']') {
            g.i++;
            g.end();
            return out;
        }
        while (true) {
            g.ws();
            g.expect('{');
            String comment = "";
            Long pos = null;
            g.ws();
            if (g.peek() != '}') {
                while (true) {
                    g.ws();
                    String key = g.string();
                    g.ws();
                    g.expect(':');
                    g.ws();
                    if (key.equals("comment") && g.peek() == '"') {
                        comment = g.string();
                    } else if (key.equals("pos")) {
                        pos = Math.round(Double.parseDouble(g.number()));
                    } else {
                        g.skipValue();
                    }
                    g.ws();
                    if (g.peek() == ',') {
                        g.i++;
                        continue;
                    }
                    break;
                }
            }
            g.expect('}');
            if (pos != null) {
                out.add(new Marker(pos, comment));
            }
            g.ws();
            if (g.peek() == ',') {
                g.i++;
                continue;
            }
            g.expect(']');
            g.end();
            return out;
        }
    }

    private void end() {
        ws();
        if (i != s.length()) {
            throw error("text after the guides list");
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(i);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private String number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        if (start == i) {
            throw error("expected a number");
        }
        return s.substring(start, i);
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = peek();
            i++;
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                char e = peek();
                i++;
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("bad \\u escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
    }

    /** How deep values may nest inside a guide; Kdenlive writes none. */
    private static final int MAX_DEPTH = 32;
    private int depth;

    private void skipValue() {
        if (++depth > MAX_DEPTH) {
            throw error("values nested too deep");
        }
        try {
            skipValueAtDepth();
        } finally {
            depth--;
        }
    }

    private void skipValueAtDepth() {
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            i++;
            ws();
            if (peek() == close) {
                i++;
                return;
            }
            while (true) {
                ws();
                if (c == '{') {
                    string();
                    ws();
                    expect(':');
                    ws();
                }
                skipValue();
                ws();
                if (peek() == ',') {
                    i++;
                    continue;
                }
                expect(close);
                return;
            }
        } else if (s.startsWith("true", i) || s.startsWith("null", i)) {
            i += 4;
        } else if (s.startsWith("false", i)) {
            i += 5;
        } else {
            number();
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + i);
    }
}
