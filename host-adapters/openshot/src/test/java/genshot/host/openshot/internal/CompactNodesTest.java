package genshot.host.openshot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compact tree of a read project behaves as Jackson's own: its members map against a LinkedHashMap. */
class CompactNodesTest {

    @Test
    void membersBehaveAsALinkedHashMap() {
        Random rnd = new Random(7);
        for (int round = 0; round < 2000; round++) {
            CompactNodes.Members m = new CompactNodes.Members();
            Map<String, JsonNode> want = new LinkedHashMap<>();
            // small ones, and ones past the array's size
            int keys = 1 + rnd.nextInt(rnd.nextBoolean() ? 6 : 2 * CompactNodes.Members.SMALL);
            for (int op = 0; op < 5 * keys + 20; op++) {
                String k = "k" + rnd.nextInt(keys);
                JsonNode v = IntNode.valueOf(rnd.nextInt(1000));
                switch (rnd.nextInt(7)) {
                    case 0, 1, 2 -> assertEquals(want.put(k, v), m.put(k, v));
                    case 3 -> assertEquals(want.remove(k), m.remove(k));
                    case 4 -> {
                        // remove through the iterator, and change a value through an entry
                        Iterator<Map.Entry<String, JsonNode>> a = want.entrySet().iterator();
                        Iterator<Map.Entry<String, JsonNode>> b = m.entrySet().iterator();
                        while (a.hasNext()) {
                            Map.Entry<String, JsonNode> x = a.next();
                            Map.Entry<String, JsonNode> y = b.next();
                            assertEquals(x, y);
                            if (x.getKey().equals(k)) {
                                a.remove();
                                b.remove();
                            } else if (rnd.nextInt(4) == 0) {
                                assertEquals(x.setValue(v), y.setValue(v));
                            }
                        }
                        assertTrue(!b.hasNext());
                    }
                    case 5 -> assertEquals(want.get(k), m.get(k));
                    default -> {
                        if (rnd.nextInt(20) == 0) {
                            want.clear();
                            m.clear();
                        }
                    }
                }
                assertEquals(want.size(), m.size());
                assertEquals(new ArrayList<>(want.entrySet()), new ArrayList<>(m.entrySet()));
                assertEquals(want, m);
                assertEquals(want.hashCode(), m.hashCode());
                assertEquals(want.containsKey(k), m.containsKey(k));
            }
        }
    }

    @Test
    void theTreeEqualsJacksonsAndSharesEqualDecimalsOnly() throws Exception {
        String json = "{\"a\": 1.0, \"b\": [1.0, 1.00, 2.5, {\"x\": 1.0, \"y\": \"s\", \"a\": {}}], \"c\": null,"
                + " \"a\": 1.50}";
        JsonNode compact = OspJson.parse(json.getBytes(StandardCharsets.UTF_8), Path.of("t.osp"));
        JsonNode plain = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
                .readTree(json);
        assertEquals(plain, compact);
        assertEquals(List.of("a", "b", "c"), List.copyOf(iterable(compact.fieldNames())));
        assertEquals(new BigDecimal("1.50"), compact.get("a").decimalValue(), "a repeated key: the last one");
        assertSame(compact.get("b").get(0), compact.get("b").get(3).get("x"), "equal decimals are one node");
        assertNotSame(compact.get("b").get(0), compact.get("b").get(1), "1.0 and 1.00 are written differently");
        assertEquals("1.00", compact.get("b").get(1).decimalValue().toPlainString());
    }

    private static <T> List<T> iterable(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
