package genshot.host.openshot.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The reader of the JSON openshot-qt writes, one pass over the UTF-8 bytes: the tree Jackson makes from the same text
 * ({@link OspJson#parse}: objects of {@link CompactNodes}, floats as exact decimals, whole numbers as int, long or big
 * integer nodes, keys in their order), and the {@code id}/{@code file_id} strings met on the way, or (for the check
 * after an edit) only what a {@link OspJson.Shape} keeps, floats as doubles, the rest checked and skipped.
 *
 * <p>It reads strict JSON (RFC 8259) only, with at most {@link OspJson#MAX_DEPTH} levels and numbers of at most
 * {@link #MAX_NUMBER} characters, and no member twice in an object. For anything else (invalid or cut-short text,
 * {@code NaN}, a repeated key, a scalar at the top, ...) it returns null, and the caller reads the text with Jackson,
 * which makes the tree or the problem with its place: so this reader never decides what is refused, nor how.
 */
final class OspReader {

    /** Numbers longer than this go to Jackson (which allows up to {@link OspJson#MAX_DIGITS} digits). */
    static final int MAX_NUMBER = 64;

    /** Keys and strings of at most this many bytes are made once for the same bytes. */
    private static final int SHARED = 64;

    /** Thrown where the text holds something this reader leaves to Jackson; no stack trace. */
    private static final class Unread extends Exception {
        private static final long serialVersionUID = 1L;

        Unread() {
            super("left to Jackson", null, false, false);
        }
    }

    private static final Unread UNREAD = new Unread();

    private final byte[] b;
    private final int end;
    private int at;
    /** Floats as exact decimals with shared nodes (a project's tree), else as doubles (the check's). */
    private final boolean exact;
    private final JsonNodeFactory nodes;
    private final Set<String> ids;
    /** Keys, short strings and float nodes by the bytes they were read from: each distinct one made once. */
    private final Spans keys = new Spans();
    private final Spans texts = new Spans();
    private final Spans floats = new Spans();
    private final JsonNode[] ints = new JsonNode[256];
    /** Members and elements of the containers being read, innermost last. */
    private Object[] stack = new Object[256];
    private int top;

    private OspReader(byte[] content, boolean exact, JsonNodeFactory nodes, Set<String> ids) {
        this.b = content;
        this.end = content.length;
        this.exact = exact;
        this.nodes = nodes;
        this.ids = ids;
    }

    /**
     * The tree of a project, made by {@code nodes} as Jackson would, and every string value of a member named
     * {@code id} or {@code file_id} added to {@code ids}; null (and {@code ids} as it was) when the text is left to
     * Jackson.
     */
    static JsonNode read(byte[] content, CompactNodes nodes, Set<String> ids) {
        OspReader r = new OspReader(content, true, nodes, new java.util.HashSet<>());
        JsonNode root = r.root(OspJson.Shape.ALL);
        if (root != null) {
            ids.addAll(r.ids);
        }
        return root;
    }

    /**
     * What {@code shape} keeps of the text, made as {@link OspJson#parseForStructure} makes it (floats as doubles);
     * null when the text is left to Jackson.
     */
    static JsonNode readShape(byte[] content, OspJson.Shape shape) {
        return new OspReader(content, false, JsonNodeFactory.instance, null).root(shape);
    }

    private JsonNode root(OspJson.Shape shape) {
        try {
            space();
            if (at >= end || b[at] != '{' && b[at] != '[') {
                return null;
            }
            JsonNode root = value(0, shape);
            space();
            return at == end ? root : null;
        } catch (Unread e) {
            return null;
        }
    }

    private void space() {
        while (at < end) {
            byte c = b[at];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            at++;
        }
    }

    /** The next byte after whitespace, not taken; -1 at the end. */
    private int next() {
        space();
        return at < end ? b[at] : -1;
    }

    private void expect(char c) throws Unread {
        if (next() != c) {
            throw UNREAD;
        }
        at++;
    }

    /**
     * The value at {@code at} (whitespace already passed), {@code depth} containers deep: as much as {@code shape} keeps
     * (all of it for {@link OspJson.Shape#ALL}), nothing for a null shape (checked and skipped: the result is null).
     */
    private JsonNode value(int depth, OspJson.Shape shape) throws Unread {
        if (at >= end) {
            throw UNREAD;
        }
        byte c = b[at];
        switch (c) {
            case '{' -> {
                return object(depth + 1, shape);
            }
            case '[' -> {
                return array(depth + 1, shape);
            }
            case '"' -> {
                at++;
                return shape == null ? skipString() : text();
            }
            case 't' -> {
                literal("true");
                return shape == null ? null : BooleanNode.TRUE;
            }
            case 'f' -> {
                literal("false");
                return shape == null ? null : BooleanNode.FALSE;
            }
            case 'n' -> {
                literal("null");
                return shape == null ? null : NullNode.instance;
            }
            default -> {
                return number(shape != null);
            }
        }
    }

    private void literal(String word) throws Unread {
        int n = word.length();
        if (end - at < n) {
            throw UNREAD;
        }
        for (int k = 0; k < n; k++) {
            if (b[at + k] != word.charAt(k)) {
                throw UNREAD;
            }
        }
        at += n;
    }

    private JsonNode object(int depth, OspJson.Shape shape) throws Unread {
        if (depth >= OspJson.MAX_DEPTH) {
            throw UNREAD;
        }
        at++;
        boolean keep = shape != null;
        // a shape with keys keeps those of an object; any other keeps all of it
        java.util.Map<String, OspJson.Shape> only = keep ? shape.keys() : null;
        int base = top;
        boolean canonical = true;
        if (next() == '}') {
            at++;
        } else {
            while (true) {
                if (next() != '"') {
                    throw UNREAD;
                }
                at++;
                if (!keep) {
                    // a skipped object's keys are checked, not made
                    skipString();
                    expect(':');
                    space();
                    value(depth, null);
                } else {
                    member(depth, only);
                    canonical &= shared;
                }
                int c = next();
                at++;
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw UNREAD;
                }
            }
        }
        return keep ? made(base, canonical) : null;
    }

    /** A member of a kept object (its key's opening quote passed): pushed when {@code only} keeps it. */
    private void member(int depth, java.util.Map<String, OspJson.Shape> only) throws Unread {
        String key = key();
        expect(':');
        space();
        OspJson.Shape inner = only == null ? OspJson.Shape.ALL : only.get(key);
        JsonNode v = value(depth, inner);
        if (inner != null) {
            push(key);
            push(v);
            if (exact && v.isTextual() && (key.equals("id") || key.equals("file_id"))) {
                ids.add(v.textValue());
            }
        }
    }

    /** The object of the members pushed from {@code base} on. */
    private ObjectNode made(int base, boolean canonical) throws Unread {
        int n = (top - base) / 2;
        ObjectNode o;
        if (exact) {
            CompactNodes.Members m = CompactNodes.Members.of(stack, base, n, canonical);
            o = m == null ? null : new CompactNodes.Compact(nodes, m);
        } else {
            o = plainObject(base, n);
        }
        if (o == null) {
            // a key twice: left to Jackson (which keeps the last value in the first place)
            throw UNREAD;
        }
        Arrays.fill(stack, base, top, null);
        top = base;
        return o;
    }

    /** An object with Jackson's own members map; null when a key comes twice. */
    private ObjectNode plainObject(int base, int n) {
        LinkedHashMap<String, JsonNode> m = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            if (m.put((String) stack[base + 2 * k], (JsonNode) stack[base + 2 * k + 1]) != null) {
                return null;
            }
        }
        return new ObjectNode(nodes, m);
    }

    private JsonNode array(int depth, OspJson.Shape shape) throws Unread {
        if (depth >= OspJson.MAX_DEPTH) {
            throw UNREAD;
        }
        at++;
        boolean keep = shape != null;
        // a shape for each element keeps that of each; any other keeps all of it
        OspJson.Shape each = !keep ? null : shape.each() != null ? shape.each() : OspJson.Shape.ALL;
        int base = top;
        if (next() == ']') {
            at++;
        } else {
            while (true) {
                space();
                JsonNode v = value(depth, each);
                if (keep) {
                    push(v);
                }
                int c = next();
                at++;
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw UNREAD;
                }
            }
        }
        if (!keep) {
            return null;
        }
        int n = top - base;
        List<JsonNode> elements = new ArrayList<>(n);
        for (int k = base; k < top; k++) {
            elements.add((JsonNode) stack[k]);
            stack[k] = null;
        }
        top = base;
        return new ArrayNode(nodes, elements);
    }

    private void push(Object o) {
        if (top == stack.length) {
            stack = Arrays.copyOf(stack, 2 * top);
        }
        stack[top++] = o;
    }

    /** Whether the string {@link #scan} passed is all ASCII, and the hash of its bytes. */
    private boolean ascii;
    private int hash;
    /** Whether the last {@link #key} is the one string of its bytes (from {@link #keys}). */
    private boolean shared;

    /**
     * Passes the string after an opening quote up to its closing quote, which it returns the place of (then {@code at}
     * is past it); -1 when the string has an escape ({@code at} is at its backslash).
     */
    private int scan() throws Unread {
        int h = 0;
        boolean a = true;
        while (true) {
            if (at >= end) {
                throw UNREAD;
            }
            byte c = b[at];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                return -1;
            }
            if (c >= 0 && c < 0x20) {
                throw UNREAD;
            }
            a &= c >= 0;
            h = 31 * h + c;
            at++;
        }
        hash = h;
        ascii = a;
        return at++;
    }

    /** A key (after its opening quote): each distinct short one made once, and interned as Jackson does. */
    private String key() throws Unread {
        int from = at;
        int to = scan();
        shared = false;
        if (to < 0) {
            return escaped(from);
        }
        if (to - from > SHARED) {
            return text(from, to - from, ascii);
        }
        String k = (String) keys.get(b, from, to, hash);
        if (k == null) {
            k = text(from, to - from, ascii).intern();
            shared = keys.put(b, from, to, hash, k);
        } else {
            shared = true;
        }
        return k;
    }

    /** A string value (after its opening quote): one node for each distinct short one. */
    private JsonNode text() throws Unread {
        int from = at;
        int to = scan();
        if (to < 0) {
            return TextNode.valueOf(escaped(from));
        }
        if (to - from > SHARED) {
            return TextNode.valueOf(text(from, to - from, ascii));
        }
        JsonNode t = (JsonNode) texts.get(b, from, to, hash);
        if (t == null) {
            t = TextNode.valueOf(text(from, to - from, ascii));
            texts.put(b, from, to, hash, t);
        }
        return t;
    }

    private String text(int from, int n, boolean ascii) {
        // the bytes were checked to be UTF-8 before (Encoding): Java decodes them as Jackson does
        return new String(b, from, n, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** A string with escapes, from its first character at {@code from}; {@code at} is at the first backslash. */
    private String escaped(int from) throws Unread {
        StringBuilder s = new StringBuilder(text(from, at - from, false));
        while (true) {
            if (at >= end) {
                throw UNREAD;
            }
            byte c = b[at];
            if (c == '"') {
                at++;
                return s.toString();
            }
            if (c >= 0 && c < 0x20) {
                throw UNREAD;
            }
            if (c != '\\') {
                int run = at;
                while (at < end && b[at] != '"' && b[at] != '\\' && (b[at] < 0 || b[at] >= 0x20)) {
                    at++;
                }
                s.append(text(run, at - run, false));
                continue;
            }
            s.append(escape());
        }
    }

    /** The character of the escape at {@code at} (its backslash), taken. */
    private char escape() throws Unread {
        if (end - at < 2) {
            throw UNREAD;
        }
        byte e = b[at + 1];
        at += 2;
        switch (e) {
            case '"' -> {
                return '"';
            }
            case '\\' -> {
                return '\\';
            }
            case '/' -> {
                return '/';
            }
            case 'b' -> {
                return '\b';
            }
            case 'f' -> {
                return '\f';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            case 't' -> {
                return '\t';
            }
            case 'u' -> {
                if (end - at < 4) {
                    throw UNREAD;
                }
                int v = 0;
                for (int k = 0; k < 4; k++) {
                    int d = Character.digit(b[at + k], 16);
                    if (d < 0) {
                        throw UNREAD;
                    }
                    v = v << 4 | d;
                }
                at += 4;
                return (char) v;
            }
            default -> throw UNREAD;
        }
    }

    /** Checks and passes the string after an opening quote. */
    private JsonNode skipString() throws Unread {
        while (true) {
            if (at >= end) {
                throw UNREAD;
            }
            byte c = b[at];
            if (c == '"') {
                at++;
                return null;
            }
            if (c == '\\') {
                escape();
            } else if (c >= 0 && c < 0x20) {
                throw UNREAD;
            } else {
                at++;
            }
        }
    }

    /** The number at {@code at} ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}), its node when kept. */
    private JsonNode number(boolean keep) throws Unread {
        int from = at;
        if (b[at] == '-') {
            at++;
        }
        int digitsFrom = at;
        if (at >= end) {
            throw UNREAD;
        }
        if (b[at] == '0') {
            at++;
            if (at < end && isDigit(b[at])) {
                throw UNREAD;
            }
        } else if (isDigit(b[at])) {
            digits();
        } else {
            throw UNREAD;
        }
        int intDigits = at - digitsFrom;
        boolean fraction = false;
        if (at < end && b[at] == '.') {
            at++;
            if (digits() == 0) {
                throw UNREAD;
            }
            fraction = true;
        }
        if (at < end && (b[at] == 'e' || b[at] == 'E')) {
            at++;
            if (at < end && (b[at] == '+' || b[at] == '-')) {
                at++;
            }
            if (digits() == 0) {
                throw UNREAD;
            }
            fraction = true;
        }
        if (at - from > MAX_NUMBER) {
            throw UNREAD;
        }
        if (!keep) {
            return null;
        }
        if (!fraction) {
            return whole(from, intDigits);
        }
        if (!exact) {
            return nodes.numberNode(Double.parseDouble(new String(b, from, at - from, StandardCharsets.ISO_8859_1)));
        }
        int hash = 0;
        for (int k = from; k < at; k++) {
            hash = 31 * hash + b[k];
        }
        Object n = floats.get(b, from, at, hash);
        if (n == null) {
            n = nodes.numberNode(new BigDecimal(new String(b, from, at - from, StandardCharsets.ISO_8859_1)));
            floats.put(b, from, at, hash, n);
        }
        return (JsonNode) n;
    }

    /** A whole number as Jackson makes it: an int node when it fits, else a long node, else a big integer node. */
    private JsonNode whole(int from, int digits) {
        if (digits <= 18) {
            long v = 0;
            for (int k = at - digits; k < at; k++) {
                v = 10 * v + (b[k] - '0');
            }
            if (b[from] == '-') {
                v = -v;
            }
            return v == (int) v ? integer((int) v) : nodes.numberNode(v);
        }
        BigInteger v = new BigInteger(new String(b, from, at - from, StandardCharsets.ISO_8859_1));
        return v.bitLength() <= 63 ? nodes.numberNode(v.longValue()) : nodes.numberNode(v);
    }

    /**
     * An int node, one for each of the last values met in a few slots: a long project repeats its sizes, layers and
     * rates thousands of times (the tree is the same; it is made of fewer objects).
     */
    private JsonNode integer(int v) {
        if (!exact) {
            return nodes.numberNode(v);
        }
        int slot = (v ^ v >>> 16) * 0x9E3779B1 >>> 24;
        JsonNode n = ints[slot];
        if (n == null || n.intValue() != v) {
            n = nodes.numberNode(v);
            ints[slot] = n;
        }
        return n;
    }

    private int digits() {
        int from = at;
        while (at < end && isDigit(b[at])) {
            at++;
        }
        return at - from;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Values by the bytes they were read from: an open-addressed table of at most {@link #MAX} entries (past that,
     * nothing more is kept and each new text is made anew).
     */
    private static final class Spans {
        private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        private static final int MAX = 4096;
        private final byte[][] texts = new byte[2 * MAX][];
        private final int[] hashes = new int[2 * MAX];
        private final Object[] values = new Object[2 * MAX];
        private int size;

        Object get(byte[] b, int from, int to, int hash) {
            int mask = texts.length - 1;
            for (int i = mix(hash) & mask; ; i = i + 1 & mask) {
                byte[] t = texts[i];
                if (t == null) {
                    return null;
                }
                if (hashes[i] == hash && same(t, b, from, to)) {
                    return values[i];
                }
            }
        }

        /** Whether it was kept. */
        boolean put(byte[] b, int from, int to, int hash, Object value) {
            if (size >= MAX) {
                return false;
            }
            int mask = texts.length - 1;
            int i = mix(hash) & mask;
            while (texts[i] != null) {
                i = i + 1 & mask;
            }
            texts[i] = Arrays.copyOfRange(b, from, to);
            hashes[i] = hash;
            values[i] = value;
            size++;
            return true;
        }

        /** Eight bytes at a time, then byte by byte: the texts are short, and most comparisons find them equal. */
        private static boolean same(byte[] t, byte[] b, int from, int to) {
            int n = t.length;
            if (n != to - from) {
                return false;
            }
            int k = 0;
            for (; k + 8 <= n; k += 8) {
                if ((long) LONGS.get(t, k) != (long) LONGS.get(b, from + k)) {
                    return false;
                }
            }
            for (; k < n; k++) {
                if (t[k] != b[from + k]) {
                    return false;
                }
            }
            return true;
        }

        private static int mix(int h) {
            return h ^ h >>> 16;
        }
    }
}
