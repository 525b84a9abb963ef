package genshot.host.openshot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.testkit.ProjectFuzzer;
import genshot.testkit.ProjectFuzzer.Mutator;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing over the golden projects: every mutant is refused when read with a proper problem, or read
 * and filled; nothing else (see {@link ProjectFuzzer}). {@code -Dgenshot.fuzz.seed=N} and {@code -Dgenshot.fuzz.mutants=N}
 * change the run; a failure names the mutant's number, which makes it again.
 */
class OpenShotFuzzTest {

    static final long SEED = Long.getLong("genshot.fuzz.seed", 20261206L);
    static final int MUTANTS = Integer.getInteger("genshot.fuzz.mutants", 2500);

    private static final JsonMapper JSON = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder()
                            .maxNestingDepth(10_000).build()).build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void damagedProjectsAreRefusedWithAProblemOrFilledNeverAnythingElse() throws Exception {
        ProjectFuzzer fuzzer = new ProjectFuzzer(new OpenShotAdapter(), goldens(), mutators(), ".osp");
        ProjectFuzzer.Figures f = fuzzer.run(SEED, MUTANTS, dir);
        System.out.println(f.summary());
        assertEquals(List.of(), f.failures(), f.summary());
        assertTrue(f.mutants() >= 2000, f.summary());
        assertTrue(f.refused() > f.mutants() / 4 && f.inserted() > f.mutants() / 10, "both paths are exercised: " + f.summary());
    }

    static List<Path> goldens() throws URISyntaxException, java.io.IOException {
        Path d = Path.of(OpenShotFuzzTest.class.getResource("/golden/openshot/2.6").toURI());
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".osp")).sorted().toList();
        }
    }

    /** A node of the tree with the container that holds it and its key or index there. */
    private record Place(JsonNode container, String key, int index, JsonNode node) {
        void set(JsonNode value) {
            if (container instanceof ObjectNode o) {
                o.set(key, value);
            } else {
                ((ArrayNode) container).set(index, value);
            }
        }

        void remove() {
            if (container instanceof ObjectNode o) {
                o.remove(key);
            } else {
                ((ArrayNode) container).remove(index);
            }
        }
    }

    private static List<Place> places(JsonNode root) {
        List<Place> out = new ArrayList<>();
        List<JsonNode> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            JsonNode n = todo.remove(todo.size() - 1);
            if (n.isObject()) {
                for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
                    String k = it.next();
                    out.add(new Place(n, k, -1, n.get(k)));
                    todo.add(n.get(k));
                }
            } else if (n.isArray()) {
                for (int i = 0; i < n.size(); i++) {
                    out.add(new Place(n, null, i, n.get(i)));
                    todo.add(n.get(i));
                }
            }
        }
        return out;
    }

    private static Place pick(JsonNode root, SplittableRandom r, java.util.function.Predicate<Place> which) {
        List<Place> all = places(root).stream().filter(which).toList();
        return all.isEmpty() ? null : all.get(r.nextInt(all.size()));
    }

    static List<Mutator> mutators() {
        List<Mutator> out = new ArrayList<>(ProjectFuzzer.byteMutators());
        out.add(tree("delete-key", (root, r) -> {
            Place p = pick(root, r, x -> x.key() != null);
            if (p != null) {
                p.remove();
            }
        }));
        out.add(tree("delete-array-element", (root, r) -> {
            Place p = pick(root, r, x -> x.key() == null);
            if (p != null) {
                p.remove();
            }
        }));
        out.add(tree("duplicate-array-element", (root, r) -> {
            Place p = pick(root, r, x -> x.key() == null);
            if (p != null) {
                ((ArrayNode) p.container()).insert(p.index(), p.node().deepCopy());
            }
        }));
        out.add(tree("wrong-type", (root, r) -> {
            Place p = pick(root, r, x -> true);
            if (p != null) {
                p.set(switch (r.nextInt(6)) {
                    case 0 -> NODES.textNode(p.node().asText("x"));
                    case 1 -> NODES.arrayNode().add(p.node().deepCopy());
                    case 2 -> NODES.objectNode();
                    case 3 -> NODES.nullNode();
                    case 4 -> NODES.booleanNode(r.nextBoolean());
                    default -> NODES.numberNode(r.nextInt(2_000_000) - 1_000_000);
                });
            }
        }));
        out.add(tree("odd-number-value", (root, r) -> {
            Place p = pick(root, r, x -> x.node().isNumber());
            if (p != null) {
                p.set(switch (r.nextInt(10)) {
                    case 0 -> NODES.numberNode(Double.NaN);
                    case 1 -> NODES.numberNode(Double.POSITIVE_INFINITY);
                    case 2 -> NODES.numberNode(Double.NEGATIVE_INFINITY);
                    case 3 -> NODES.numberNode(-p.node().doubleValue() - 1);
                    case 4 -> NODES.numberNode(1e12);
                    case 5 -> NODES.numberNode(new BigDecimal("1e400"));
                    case 6 -> NODES.numberNode(Long.MAX_VALUE);
                    case 7 -> NODES.numberNode(new java.math.BigInteger("9".repeat(60)));
                    case 8 -> NODES.numberNode(p.node().doubleValue() + 1e-7);
                    default -> NODES.numberNode(0);
                });
            }
        }));
        out.add(tree("odd-string-value", (root, r) -> {
            Place p = pick(root, r, x -> x.node().isTextual());
            if (p != null) {
                p.set(NODES.textNode(ProjectFuzzer.oddString(r)));
            }
        }));
        out.add(tree("odd-key", (root, r) -> {
            Place p = pick(root, r, x -> x.key() != null);
            if (p != null) {
                JsonNode v = p.node();
                p.remove();
                ((ObjectNode) p.container()).set(ProjectFuzzer.oddString(r), v);
            }
        }));
        out.add(tree("deep-nesting", (root, r) -> {
            Place p = pick(root, r, x -> true);
            if (p != null) {
                int depth = new int[] {20, 999, 1001, 5000}[r.nextInt(4)];
                JsonNode v = p.node();
                for (int k = 0; k < depth; k++) {
                    v = k % 2 == 0 ? NODES.arrayNode().add(v) : NODES.objectNode().set("k", v);
                }
                p.set(v);
            }
        }));
        out.add(tree("odd-version", (root, r) -> {
            if (root.path("version") instanceof ObjectNode v) {
                String[] versions = {"2.6.0", "2.5.1", "3.0.0", "0.0.0", "2.6", "", "2.6.1\n"};
                v.put(r.nextBoolean() ? "openshot-qt" : "libopenshot", versions[r.nextInt(versions.length)]);
            }
        }));
        out.add(tree("odd-clip-time", (root, r) -> {
            Place p = pick(root, r, x -> x.key() != null && (x.key().equals("position") || x.key().equals("start")
                    || x.key().equals("end") || x.key().equals("layer") || x.key().equals("num") || x.key().equals("den")
                    || x.key().equals("width") || x.key().equals("height") || x.key().equals("number")));
            if (p != null) {
                String v = ProjectFuzzer.ODD_NUMBERS[r.nextInt(ProjectFuzzer.ODD_NUMBERS.length)];
                try {
                    p.set(NODES.numberNode(new BigDecimal(v)));
                } catch (NumberFormatException e) {
                    p.set(NODES.textNode(v));
                }
            }
        }));
        return out;
    }

    /** A mutator on the parsed tree, written back (indented or on one line); unparsable input comes back unchanged. */
    private static Mutator tree(String name, BiConsumer<JsonNode, SplittableRandom> edit) {
        return Mutator.of(name, (b, r) -> {
            try {
                JsonNode root = JSON.readTree(b);
                if (root == null) {
                    return b;
                }
                edit.accept(root, r);
                String text = r.nextBoolean() ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root)
                        : JSON.writeValueAsString(root);
                return text.getBytes(StandardCharsets.UTF_8);
            } catch (Exception | StackOverflowError e) {
                return b;
            }
        });
    }
}
