package genshot.host.openshot.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The node factory of one read project: the same tree as Jackson's own factory (exact decimals, keys in their order),
 * in less memory. A project of thousands of clips is mostly small objects (keyframes: {@code {"X": 1.0, "Y": 0.0}}),
 * each a {@link LinkedHashMap} with its table and entries in Jackson's tree (about 260 bytes for two members); here
 * an object's members are one array while they are few ({@link Members}), and equal decimals (the keyframes' 1.0,
 * 0.0, -1.0, 0.5) are one immutable node, as are repeated ints. Not thread-safe: one factory per parse.
 */
final class CompactNodes extends JsonNodeFactory {

    private static final long serialVersionUID = 1L;

    /** Distinct decimals kept for sharing; past this many, new ones are not shared (a file of all-different numbers). */
    private static final int MAX_SHARED = 4096;

    private final transient Map<BigDecimal, ValueNode> decimals = new HashMap<>();
    private final transient NumericNode[] ints = new NumericNode[256];

    CompactNodes() {
        super(true);
    }

    @Override
    public ObjectNode objectNode() {
        return new Compact(this, new Members());
    }

    /**
     * An object node of this factory: Jackson's {@link ObjectNode}, whose members the writer and the id walk read by
     * position ({@link #members()}) instead of through an entry object per member.
     */
    static final class Compact extends ObjectNode {
        private static final long serialVersionUID = 1L;

        Compact(JsonNodeFactory factory, Members members) {
            super(factory, members);
        }

        Members members() {
            return (Members) _children;
        }
    }

    /**
     * An int node, one for each of the last values met in a few slots: a long project repeats its sizes, layers and
     * rates thousands of times (the tree is the same; it is made of fewer objects). Int nodes are immutable.
     */
    @Override
    public NumericNode numberNode(int v) {
        int slot = (v ^ v >>> 16) * 0x9E3779B1 >>> 24;
        NumericNode n = ints[slot];
        if (n == null || n.intValue() != v) {
            n = IntNode.valueOf(v);
            ints[slot] = n;
        }
        return n;
    }

    /** Stands for a float zero read with a minus sign (compared by identity: it equals 0.0). */
    static final BigDecimal NEGATIVE_ZERO = new BigDecimal("0.0");

    @Override
    public ValueNode numberNode(BigDecimal v) {
        if (v == null) {
            return nullNode();
        }
        if (v == NEGATIVE_ZERO) {
            return com.fasterxml.jackson.databind.node.DoubleNode.valueOf(-0.0);
        }
        // BigDecimal's equals tells 1.0 from 1.00: a shared node is written with the digits that were read
        ValueNode n = decimals.get(v);
        if (n == null) {
            n = DecimalNode.valueOf(v);
            if (decimals.size() < MAX_SHARED) {
                decimals.put(v, n);
            }
        }
        return n;
    }

    /**
     * The members of a JSON object in their order: keys and values in one array while there are at most
     * {@link #SMALL} of them (looked up by scanning: keys read by Jackson are canonical strings, so mostly by identity),
     * a {@link LinkedHashMap} past that, so a huge object is not scanned for every member put.
     */
    static final class Members extends AbstractMap<String, JsonNode> {
        static final int SMALL = 64;

        /** key 0, value 0, key 1, value 1, ... */
        private Object[] kv = new Object[4];
        private int size;
        private LinkedHashMap<String, JsonNode> big;
        private int changes;

        @Override
        public int size() {
            return big != null ? big.size() : size;
        }

        /**
         * Whether the members are in the array (at most {@link #SMALL}), so {@link #keyAt} and {@link #valueAt} read
         * them by position.
         */
        boolean small() {
            return big == null;
        }

        /** The key of member {@code i} (0 to {@code size() - 1}) while {@link #small()}. */
        String keyAt(int i) {
            return (String) kv[2 * i];
        }

        /** The value of member {@code i} (0 to {@code size() - 1}) while {@link #small()}. */
        JsonNode valueAt(int i) {
            return (JsonNode) kv[2 * i + 1];
        }

        private int indexOf(Object key) {
            Object[] a = kv;
            int n = 2 * size;
            if (!(key instanceof String s)) {
                for (int i = 0; i < n; i += 2) {
                    if (a[i] == key) {
                        return i;
                    }
                }
                return -1;
            }
            // an equal key has the same (cached) hash: most keys are passed over without comparing their characters
            int h = s.hashCode();
            for (int i = 0; i < n; i += 2) {
                String k = (String) a[i];
                if (k == s || k != null && k.hashCode() == h && k.equals(s)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public boolean containsKey(Object key) {
            return big != null ? big.containsKey(key) : indexOf(key) >= 0;
        }

        @Override
        public JsonNode get(Object key) {
            if (big != null) {
                return big.get(key);
            }
            int i = indexOf(key);
            return i < 0 ? null : (JsonNode) kv[i + 1];
        }

        @Override
        public JsonNode put(String key, JsonNode value) {
            if (big != null) {
                return big.put(key, value);
            }
            int i = indexOf(key);
            if (i >= 0) {
                JsonNode old = (JsonNode) kv[i + 1];
                kv[i + 1] = value;
                return old;
            }
            changes++;
            if (size == SMALL) {
                big = new LinkedHashMap<>(2 * SMALL + 2);
                for (int k = 0; k < 2 * size; k += 2) {
                    big.put((String) kv[k], (JsonNode) kv[k + 1]);
                }
                kv = null;
                size = 0;
                return big.put(key, value);
            }
            if (2 * size == kv.length) {
                kv = java.util.Arrays.copyOf(kv, Math.min(2 * kv.length, 2 * SMALL));
            }
            kv[2 * size] = key;
            kv[2 * size + 1] = value;
            size++;
            return null;
        }

        @Override
        public JsonNode remove(Object key) {
            if (big != null) {
                return big.remove(key);
            }
            int i = indexOf(key);
            if (i < 0) {
                return null;
            }
            JsonNode old = (JsonNode) kv[i + 1];
            removeAt(i);
            return old;
        }

        private void removeAt(int i) {
            System.arraycopy(kv, i + 2, kv, i, 2 * size - i - 2);
            size--;
            kv[2 * size] = null;
            kv[2 * size + 1] = null;
            changes++;
        }

        @Override
        public void clear() {
            if (big != null) {
                big.clear();
                return;
            }
            java.util.Arrays.fill(kv, null);
            size = 0;
            changes++;
        }

        @Override
        public Set<Map.Entry<String, JsonNode>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return Members.this.size();
                }

                @Override
                public Iterator<Map.Entry<String, JsonNode>> iterator() {
                    return big != null ? big.entrySet().iterator() : new Entries();
                }
            };
        }

        /** The members in order; {@code remove()} and {@link Map.Entry#setValue} write through. */
        private final class Entries implements Iterator<Map.Entry<String, JsonNode>> {
            private int next;
            private int last = -1;
            private int expected = changes;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Map.Entry<String, JsonNode> next() {
                if (expected != changes || big != null) {
                    throw new ConcurrentModificationException();
                }
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                last = next++;
                return new Member(2 * last);
            }

            @Override
            public void remove() {
                if (last < 0) {
                    throw new IllegalStateException();
                }
                if (expected != changes || big != null) {
                    throw new ConcurrentModificationException();
                }
                removeAt(2 * last);
                next = last;
                last = -1;
                expected = changes;
            }
        }

        /** One member, by its place in the array (valid until a member is removed). */
        private final class Member implements Map.Entry<String, JsonNode> {
            private final int at;

            Member(int at) {
                this.at = at;
            }

            @Override
            public String getKey() {
                return (String) kv[at];
            }

            @Override
            public JsonNode getValue() {
                return (JsonNode) kv[at + 1];
            }

            @Override
            public JsonNode setValue(JsonNode value) {
                JsonNode old = (JsonNode) kv[at + 1];
                kv[at + 1] = value;
                return old;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Map.Entry<?, ?> e && Objects.equals(getKey(), e.getKey())
                        && Objects.equals(getValue(), e.getValue());
            }

            @Override
            public int hashCode() {
                return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
            }

            @Override
            public String toString() {
                return getKey() + "=" + getValue();
            }
        }
    }
}
