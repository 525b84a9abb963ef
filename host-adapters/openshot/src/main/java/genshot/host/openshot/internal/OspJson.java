package genshot.host.openshot.internal;

import genshot.api.Quoting;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.GenshotException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * JSON as openshot-qt reads and writes it. Reading keeps every key in its order and every float as the exact
 * decimal that was written; writing reproduces Python's {@code json.dumps(data, ensure_ascii=False, indent=N)}
 * (openshot-qt 2.6 uses {@code indent=1}): the same separators, string escapes and float spelling
 * ({@code 2.0}, {@code 1e-05}, {@code 1.5e+16}), so a file written by openshot-qt comes back byte for byte.
 */
final class OspJson {

    /**
     * How the read file was laid out: indent width (-1 = on one line, Python's default separators), and the whitespace
     * before and after the project's object (written back as it was: usually none before and none or one newline after),
     * and the read file's length (the written one's is about the same: its buffer starts that big instead of growing to it),
     * and its line ends: {@code \n}, or {@code \r\n} in a project openshot-qt saved on Windows (Python writes text
     * files with the platform's line ends).
     */
    record Style(int indent, String lead, String trail, int length, String newline) {
        static final Style OPENSHOT = new Style(1, "", "", 0);

        Style(int indent, String lead, String trail, int length) {
            this(indent, lead, trail, length, "\n");
        }
    }

    /**
     * How deep lists and objects may nest, and how many digits a number may have. openshot-qt's own projects nest
     * about ten levels and write at most 17 significant digits; Python's json module cannot read a file nested past
     * about 990 levels. Strings and keys have no limit of their own (a real project may hold a long title or path):
     * the file's size bounds them.
     */
    static final int MAX_DEPTH = 1000;
    static final int MAX_DIGITS = 1000;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_DIGITS).maxStringLength(Integer.MAX_VALUE)
                            .maxNameLength(Integer.MAX_VALUE).build())
                    .build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /**
     * The same reader with floats as doubles, for the check after an edit: the structure reads times as doubles (a
     * decimal and the double parsed from its text are the same number), and a long project's thousands of keyframe
     * values are not made into decimals a second time.
     */
    private static final JsonMapper CHECK_MAPPER = MAPPER.rebuild()
            .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.instance)
            .build();

    /** {@link #CHECK_MAPPER} for one value in a stream: it leaves what follows the value to the caller. */
    private static final JsonMapper VALUE_MAPPER = CHECK_MAPPER.rebuild()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private OspJson() {
    }

    /**
     * Parses a project. Its bytes must be UTF-8 ({@link Encoding}, {@code project.encoding} otherwise); invalid or
     * truncated JSON, and anything after the project's object, is {@code project.corrupt} with line and column; nesting
     * or a number past the limits above is {@code project.structure}.
     */
    static JsonNode parse(byte[] content, Path file) {
        Encoding.check(content, file);
        try {
            // nodes from a factory of this parse's own: the tree Jackson's factory makes, in less memory; a -0.0
            // (Python writes it so, openshot-qt 3.x keyframes hold some) kept apart, as a decimal has no sign at zero
            try (JsonParser p = new SignedZeros(MAPPER.getFactory().createParser(content))) {
                return tree(MAPPER.reader().with(new CompactNodes()).readTree(p), file);
            }
        } catch (JsonProcessingException e) {
            throw problem(e, content, file);
        } catch (IOException e) {
            throw unreadable(e, file);
        }
    }

    /**
     * Hands out {@link CompactNodes#NEGATIVE_ZERO} (the very instance) for a float written with a minus sign whose value
     * is zero, where Jackson's decimal would lose the sign; the node factory makes it the double -0.0, which is written
     * back as {@code -0.0}.
     */
    private static final class SignedZeros extends com.fasterxml.jackson.core.util.JsonParserDelegate {
        SignedZeros(JsonParser p) {
            super(p);
        }

        @Override
        public BigDecimal getDecimalValue() throws IOException {
            BigDecimal v = super.getDecimalValue();
            return v.signum() == 0 && currentToken() == JsonToken.VALUE_NUMBER_FLOAT && getTextLength() > 0
                    && getTextCharacters()[getTextOffset()] == '-' ? CompactNodes.NEGATIVE_ZERO : v;
        }
    }

    /**
     * {@link #parse}, and every string value of a member named {@code id} or {@code file_id}, at any depth, added to
     * {@code ids} (one walk over the read tree, so an insert needs none).
     */
    static JsonNode parse(byte[] content, Path file, Set<String> ids) {
        JsonNode root = parse(content, file);
        collectIds(root, ids);
        return root;
    }

    private static JsonNode tree(JsonNode n, Path file) {
        if (n == null || n.isMissingNode()) {
            throw GenshotException.of("project.corrupt", "The project file holds no JSON", file, "line 1, column 1",
                    "Restore a backup or save the project again in OpenShot");
        }
        return n;
    }

    private static GenshotException unreadable(IOException e, Path file) {
        return GenshotException.of("project.corrupt", "The project file cannot be read: " + Quoting.flat(e.getMessage(), 100),
                file, "the whole file", "Restore a backup or save the project again in OpenShot");
    }

    /**
     * {@link #parse} for reading the structure only, never for writing back (the check after an edit reads the written
     * bytes with it): the whole text is parsed and checked as {@link #parse} does, but the tree keeps only what
     * {@link OspStructure} reads ({@link #STRUCTURE}), with floats as doubles. Everything else (a long project's
     * keyframes, effects, history) is skipped by the parser without making nodes, so the check does not hold a
     * second tree of the whole project beside the first.
     */
    static JsonNode parseForStructure(byte[] content, Path file) {
        Encoding.check(content, file);
        try (JsonParser p = CHECK_MAPPER.getFactory().createParser(content)) {
            JsonNode root = tree(p.nextToken() == null ? null : kept(p, STRUCTURE), file);
            if (p.nextToken() != null) {
                throw new genshot.api.GenshotException(new genshot.api.Problem("project.corrupt", "There is more in the"
                        + " file after the project's closing brace", file.toString(), Scan.place(content,
                        Scan.endOfValue(content)), "The file is damaged (two saves mixed?); restore a backup, or remove"
                        + " what follows the project"));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw problem(e, content, file);
        } catch (IOException e) {
            throw unreadable(e, file);
        }
    }

    /**
     * What of a value the structure reads: all of it ({@code keys == null && each == null}), some keys of an object,
     * or (for a list) that of each element. A value of another kind than the shape expects is kept whole.
     */
    private record Shape(Map<String, Shape> keys, Shape each) {
        static final Shape ALL = new Shape(null, null);

        static Shape keys(Object... pairs) {
            Map<String, Shape> m = new java.util.HashMap<>();
            for (int k = 0; k < pairs.length; k += 2) {
                m.put((String) pairs[k], (Shape) pairs[k + 1]);
            }
            return new Shape(m, null);
        }

        static Shape each(Shape element) {
            return new Shape(null, element);
        }
    }

    /** What {@link OspStructure} reads of a project; keep in step with it ({@code LongFormTest} compares the two). */
    private static final Shape STRUCTURE = Shape.keys(
            "version", Shape.ALL, "fps", Shape.ALL, "width", Shape.ALL, "height", Shape.ALL, "pixel_ratio", Shape.ALL,
            "layers", Shape.ALL,
            "clips", Shape.each(Shape.keys("id", Shape.ALL, "title", Shape.ALL, "layer", Shape.ALL, "position", Shape.ALL,
                    "start", Shape.ALL, "end", Shape.ALL, "reader", Shape.keys("type", Shape.ALL, "path", Shape.ALL))),
            "files", Shape.each(Shape.keys("id", Shape.ALL, "path", Shape.ALL)),
            "markers", Shape.each(Shape.keys("position", Shape.ALL)));

    /** The value at the parser's current token, as much of it as {@code shape} asks for; the parser ends on its last token. */
    private static JsonNode kept(JsonParser p, Shape shape) throws IOException {
        JsonToken t = p.currentToken();
        if (shape.keys() != null && t == JsonToken.START_OBJECT) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
                Shape inner = shape.keys().get(key);
                p.nextToken();
                if (inner == null) {
                    p.skipChildren();
                } else {
                    o.set(key, kept(p, inner));
                }
            }
            return o;
        }
        if (shape.each() != null && t == JsonToken.START_ARRAY) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                a.add(kept(p, shape.each()));
            }
            return a;
        }
        return VALUE_MAPPER.readTree(p);
    }

    /** Every string value of a member named {@code id} or {@code file_id} in {@code n}, at any depth. */
    static void collectIds(JsonNode n, Set<String> ids) {
        if (n instanceof CompactNodes.Compact c && c.members().small()) {
            // a read object: its members by position, no entry object each
            CompactNodes.Members m = c.members();
            for (int i = 0, size = m.size(); i < size; i++) {
                JsonNode v = m.valueAt(i);
                if (v.isContainerNode()) {
                    collectIds(v, ids);
                } else if (v.isTextual() && isIdKey(m.keyAt(i))) {
                    ids.add(v.textValue());
                }
            }
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isContainerNode()) {
                    collectIds(v, ids);
                } else if (v.isTextual() && isIdKey(e.getKey())) {
                    ids.add(v.textValue());
                }
            }
        } else if (n.isArray()) {
            for (int k = 0, size = n.size(); k < size; k++) {
                JsonNode v = n.get(k);
                if (v.isContainerNode()) {
                    collectIds(v, ids);
                }
            }
        }
    }

    private static boolean isIdKey(String key) {
        return key.equals("id") || key.equals("file_id");
    }

    /** A parser's exception in genshot's words: Jackson's own name their settings and their classes. */
    private static GenshotException problem(JsonProcessingException e, byte[] content, Path file) {
        String m = String.valueOf(e.getOriginalMessage());
        String damaged = "The file is damaged or was not written by OpenShot; restore a backup";
        if (m.contains("nesting depth")) {
            return GenshotException.of("project.structure", "The project nests lists and objects more than " + MAX_DEPTH
                    + " deep; OpenShot's projects nest about ten", file, Scan.place(content, Scan.tooDeep(content,
                            MAX_DEPTH)), damaged);
        }
        if (m.contains("Number value length")) {
            return GenshotException.of("project.structure", "The project has a number of more than " + MAX_DIGITS
                    + " digits", file, Scan.place(content, Scan.longNumber(content, MAX_DIGITS)), damaged);
        }
        if (e instanceof StreamConstraintsException || m.contains("StreamReadConstraints")) {
            return GenshotException.of("project.structure", "The project goes past a limit of the JSON reader: "
                    + Quoting.flat(m.replaceAll("\\(from `[^`]*`\\)", "").replace('`', '\''), 100), file, place(e), damaged);
        }
        int end = Scan.endOfValue(content);
        JsonLocation at = e.getLocation();
        // the parser stopped after the project's object had closed: what follows it is the problem
        if (end >= 0 && end < content.length && at != null && at.getByteOffset() >= end) {
            return new GenshotException(new genshot.api.Problem("project.corrupt", "There is more in the file after the"
                    + " project's closing brace", file.toString(), Scan.place(content, end), "The file is damaged (two saves"
                    + " mixed?); restore a backup, or remove what follows the project"), e);
        }
        return corrupt(e, file);
    }

    private static GenshotException corrupt(JsonProcessingException e, Path file) {
        String m = Quoting.flat(String.valueOf(e.getOriginalMessage())
                .replaceAll("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll("\\(JSON String, Number \\(or 'NaN'.*", "(a JSON value)")
                .replaceAll("\\s*\\(for [^)]*\\)$", "").replace('`', '\''), 90);
        return new GenshotException(new genshot.api.Problem("project.corrupt", "The project file is not valid JSON: " + m,
                file.toString(), place(e), "It is damaged or cut short; restore a backup"), e);
    }

    private static String place(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "the whole file" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** The layout of {@code content}: the indent of its first key, and the whitespace before and after the object. */
    static Style styleOf(byte[] content) {
        int from = 0;
        while (from < content.length && isSpace(content[from])) {
            from++;
        }
        int to = content.length;
        while (to > from && isSpace(content[to - 1])) {
            to--;
        }
        String lead = new String(content, 0, from, StandardCharsets.US_ASCII);
        String trail = new String(content, to, content.length - to, StandardCharsets.US_ASCII);
        String t = new String(content, from, Math.min(content.length - from, 4096), StandardCharsets.UTF_8);
        String newline = t.startsWith("{\r\n") ? "\r\n" : "\n";
        if (t.length() < 2 || t.charAt(0) != '{' || !t.startsWith(newline, 1)) {
            return new Style(-1, lead, trail, content.length);
        }
        int k = 1 + newline.length();
        while (k < t.length() && t.charAt(k) == ' ') {
            k++;
        }
        return new Style(k - 1 - newline.length(), lead, trail, content.length, newline);
    }

    /** JSON's whitespace: space, tab, line feed, carriage return. */
    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    static byte[] write(JsonNode root, Style style) {
        // room for the file as it was read and an insertion or two: a long project's buffer is not copied as it grows
        Out b = new Out((int) Math.min(Integer.MAX_VALUE - 16, Math.max(1 << 16, style.length() + (style.length() >> 6) + (1 << 16))),
                style.newline());
        b.ascii(style.lead());
        write(root, style.indent(), 0, b);
        b.ascii(style.trail());
        return b.bytes();
    }

    /**
     * The written file's bytes as they grow: UTF-8 straight from the nodes (no text of the whole file in between), and
     * the indent of each depth made once.
     */
    private static final class Out {
        private byte[] buf;
        private int size;
        private byte[][] indents = new byte[16][];
        private final Map<BigDecimal, byte[]> spelled = new java.util.HashMap<>();
        private final Map<String, byte[]> keys = new java.util.HashMap<>();
        /**
         * The last key and decimal node written in each of a few slots, by the key's hash and the node's identity: a
         * read tree's keys and common decimals are the same objects again and again, found here without a map's lookup.
         */
        private final String[] recentKeys = new String[RECENT];
        private final byte[][] recentKeyBytes = new byte[RECENT][];
        private final JsonNode[] recentDecimals = new JsonNode[RECENT];
        private final byte[][] recentDecimalBytes = new byte[RECENT][];
        private static final int RECENT = 256;

        /** The line end ({@code \n} or {@code \r\n}). */
        private final String newline;

        Out(int capacity, String newline) {
            buf = new byte[capacity];
            this.newline = newline;
        }

        private void room(int n) {
            if (size + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }

        void put(char c) {
            room(1);
            buf[size++] = (byte) c;
        }

        /** Text of ASCII characters only. */
        void ascii(String s) {
            int n = s.length();
            room(n);
            for (int i = 0; i < n; i++) {
                buf[size++] = (byte) s.charAt(i);
            }
        }

        void newline(int spaces) {
            if (spaces >= indents.length) {
                indents = java.util.Arrays.copyOf(indents, Math.max(spaces + 1, indents.length * 2));
            }
            byte[] line = indents[spaces];
            if (line == null) {
                line = new byte[spaces + newline.length()];
                java.util.Arrays.fill(line, (byte) ' ');
                for (int i = 0; i < newline.length(); i++) {
                    line[i] = (byte) newline.charAt(i);
                }
                indents[spaces] = line;
            }
            room(line.length);
            System.arraycopy(line, 0, buf, size, line.length);
            size += line.length;
        }

        /** A code point in UTF-8. */
        void codePoint(int c) {
            room(4);
            if (c < 0x80) {
                buf[size++] = (byte) c;
            } else if (c < 0x800) {
                buf[size++] = (byte) (0xC0 | c >> 6);
                buf[size++] = (byte) (0x80 | c & 0x3F);
            } else if (c < 0x10000) {
                buf[size++] = (byte) (0xE0 | c >> 12);
                buf[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[size++] = (byte) (0x80 | c & 0x3F);
            } else {
                buf[size++] = (byte) (0xF0 | c >> 18);
                buf[size++] = (byte) (0x80 | c >> 12 & 0x3F);
                buf[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[size++] = (byte) (0x80 | c & 0x3F);
            }
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(buf, size);
        }

        void bytes(byte[] a) {
            room(a.length);
            System.arraycopy(a, 0, buf, size, a.length);
            size += a.length;
        }

        /** A whole number in decimal digits, without making its text. */
        void digits(long v) {
            if (v == Long.MIN_VALUE) {
                ascii(Long.toString(v));
                return;
            }
            room(20);
            if (v < 0) {
                buf[size++] = '-';
                v = -v;
            }
            int end = size + digitCount(v);
            for (int at = end - 1; at >= size; at--) {
                buf[at] = (byte) ('0' + v % 10);
                v /= 10;
            }
            size = end;
        }

        private static int digitCount(long v) {
            int n = 1;
            for (long p = 10; n < 19 && v >= p; p *= 10) {
                n++;
            }
            return n;
        }

        /**
         * A decimal in Python's spelling, each distinct one spelled once: a long project repeats a few keyframe values
         * (1.0, 0.0, -1.0) hundreds of thousands of times, and spelling one that ends in a zero goes through BigInteger.
         */
        void decimal(JsonNode n) {
            int slot = System.identityHashCode(n) & RECENT - 1;
            if (recentDecimals[slot] == n) {
                bytes(recentDecimalBytes[slot]);
                return;
            }
            BigDecimal v = n.decimalValue();
            byte[] s = spelled.get(v);
            if (s == null) {
                s = pythonFloat(v).getBytes(StandardCharsets.US_ASCII);
                if (spelled.size() < 4096) {
                    spelled.put(v, s);
                }
            }
            recentDecimals[slot] = n;
            recentDecimalBytes[slot] = s;
            bytes(s);
        }

        /**
         * A member's key and the {@code ": "} after it, each distinct (short) key escaped once: a long project has a few
         * dozen keys, each written hundreds of thousands of times.
         */
        void key(String k) {
            int slot = System.identityHashCode(k) & RECENT - 1;
            if (recentKeys[slot] == k) {
                bytes(recentKeyBytes[slot]);
                return;
            }
            byte[] s = keys.get(k);
            if (s == null) {
                int from = size;
                string(k, this);
                ascii(": ");
                if (k.length() <= 64 && keys.size() < 4096) {
                    keys.put(k, java.util.Arrays.copyOfRange(buf, from, size));
                }
                return;
            }
            recentKeys[slot] = k;
            recentKeyBytes[slot] = s;
            bytes(s);
        }
    }

    private static void write(JsonNode n, int indent, int depth, Out b) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                CompactNodes.Members m = n instanceof CompactNodes.Compact c && c.members().small() ? c.members() : null;
                if (m != null ? m.size() == 0 : n.isEmpty()) {
                    b.ascii("{}");
                    return;
                }
                b.put('{');
                if (m != null) {
                    // a read object: its members by position, no entry object each
                    for (int i = 0, size = m.size(); i < size; i++) {
                        separator(b, indent, depth + 1, i == 0);
                        b.key(m.keyAt(i));
                        write(m.valueAt(i), indent, depth + 1, b);
                    }
                } else {
                    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
                    boolean first = true;
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        separator(b, indent, depth + 1, first);
                        first = false;
                        b.key(e.getKey());
                        write(e.getValue(), indent, depth + 1, b);
                    }
                }
                close(b, indent, depth, '}');
            }
            case ARRAY -> {
                if (n.isEmpty()) {
                    b.ascii("[]");
                    return;
                }
                b.put('[');
                for (int i = 0, size = n.size(); i < size; i++) {
                    separator(b, indent, depth + 1, i == 0);
                    write(n.get(i), indent, depth + 1, b);
                }
                close(b, indent, depth, ']');
            }
            case STRING -> string(n.textValue(), b);
            case BOOLEAN -> b.ascii(n.booleanValue() ? "true" : "false");
            case NULL -> b.ascii("null");
            case NUMBER -> {
                if (n.isBigDecimal()) {
                    b.decimal(n);
                } else if (n.isInt() || n.isLong()) {
                    b.digits(n.longValue());
                } else {
                    b.ascii(number(n));
                }
            }
            default -> throw new IllegalStateException("cannot write a " + n.getNodeType() + " node");
        }
    }

    private static void separator(Out b, int indent, int depth, boolean first) {
        if (indent < 0) {
            if (!first) {
                b.ascii(", ");
            }
            return;
        }
        if (!first) {
            b.put(',');
        }
        b.newline(indent * depth);
    }

    private static void close(Out b, int indent, int depth, char c) {
        if (indent >= 0) {
            b.newline(indent * depth);
        }
        b.put(c);
    }

    private static String number(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? Long.toString(n.longValue()) : n.bigIntegerValue().toString();
        } else if (n.isBigDecimal()) {
            return pythonFloat(n.decimalValue());
        } else {
            return pythonFloat(n.doubleValue());
        }
    }

    /** A double as Python's {@code repr(float)} spells it. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        return pythonFloat(new BigDecimal(Double.toString(d)));
    }

    /** A decimal (already the shortest digits, as Python wrote it) in Python's float spelling. */
    static String pythonFloat(BigDecimal v) {
        if (v.signum() == 0) {
            return "0.0";
        }
        int scale = v.scale();
        int exponent = v.precision() - scale - 1; // v = d.ddd x 10^exponent, trailing zeros or not
        if (scale > 0 && exponent >= -4 && exponent < 16) {
            // the common case, a fraction as Python wrote it: the digits as they are, unless they end in a zero
            String plain = v.toPlainString();
            if (plain.charAt(plain.length() - 1) != '0') {
                return plain;
            }
        }
        BigDecimal s = v.stripTrailingZeros();
        String digits = s.unscaledValue().abs().toString();
        int exp = digits.length() - s.scale() - 1; // v = d.ddd x 10^exp
        String sign = s.signum() < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            StringBuilder m = new StringBuilder(sign).append(digits.charAt(0));
            if (digits.length() > 1) {
                m.append('.').append(digits, 1, digits.length());
            }
            m.append('e').append(exp < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exp));
            if (e.length() < 2) {
                m.append('0');
            }
            return m.append(e).toString();
        }
        String plain = s.abs().toPlainString();
        if (plain.indexOf('.') < 0) {
            plain += ".0";
        }
        return sign + plain;
    }

    /**
     * A string as Python's json module escapes it with {@code ensure_ascii=False}. A lone surrogate (read from a
     * {@code \\ud800} escape; it has no UTF-8 form) is written as the escape again, not replaced by {@code ?}.
     */
    static void string(String s, Out b) {
        int n = s.length();
        b.room(n + 2);
        byte[] buf = b.buf;
        int at = b.size;
        buf[at++] = '"';
        // printable ASCII without quote or backslash, most strings of a project: one byte each, no escape to look up
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                b.size = at;
                escaped(s, i, b);
                return;
            }
            buf[at++] = (byte) c;
        }
        buf[at++] = '"';
        b.size = at;
    }

    /** The rest of {@link #string} from {@code from} on, character by character. */
    private static void escaped(String s, int from, Out b) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.ascii("\\\"");
                case '\\' -> b.ascii("\\\\");
                case '\n' -> b.ascii("\\n");
                case '\r' -> b.ascii("\\r");
                case '\t' -> b.ascii("\\t");
                case '\b' -> b.ascii("\\b");
                case '\f' -> b.ascii("\\f");
                default -> {
                    if (c < 0x20) {
                        b.ascii(String.format("\\u%04x", (int) c));
                    } else if (c < 0x80) {
                        b.put(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.codePoint(Character.toCodePoint(c, s.charAt(++i)));
                    } else if (Character.isSurrogate(c)) {
                        b.ascii(String.format("\\u%04x", (int) c));
                    } else {
                        b.codePoint(c);
                    }
                }
            }
        }
        b.put('"');
    }
}
