package genshot.host.openshot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genshot.api.GenshotException;
import genshot.testkit.LongForm;
import genshot.testkit.ProjectFuzzer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-pass reader against Jackson: for every text it reads, Jackson makes the same tree (node for node, the same
 * classes, keys in the same order) and the same ids; every text Jackson refuses, it leaves to Jackson (null). Over the
 * golden projects, a long one, thousands of fuzzed mutants and hand-made edge cases.
 */
class OspReaderTest {

    private static final Path FILE = Path.of("t.osp");

    @TempDir
    Path dir;

    @Test
    void readsWhatJacksonReadsAndLeavesTheRestToIt() throws Exception {
        List<String> texts = new ArrayList<>(List.of(
                "{}", "[]", " {\"a\" : 1 } \n", "{\"a\": [ ], \"b\": { }, \"c\": [1, [2, [3]]]}",
                // whole numbers at the edges of int and long, and past them
                "[0, -0, 7, -7, 2147483647, 2147483648, -2147483648, -2147483649, 9223372036854775807,"
                        + " 9223372036854775808, -9223372036854775808, -9223372036854775809, 123456789012345678901234]",
                // floats: the digits as written (1.0 is not 1.00), exponents of both cases and signs
                "[1.0, 1.00, -0.0, 0.5, 1e5, 1E+5, 2.5e-3, -1.5E-07, 1.2345678901234568e+16, 12.300]",
                "[true, false, null, \"\", \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u20AC\\ud83d\\ude00\\ud800\"]",
                "{\"é\": \"ünïcödé €😀\", \"k\\u0065y\": 1, \"long\": \"" + "x".repeat(200) + "\"}",
                "{\"id\": \"A\", \"x\": {\"file_id\": \"B\", \"id\": 3, \"y\": [{\"id\": \"C\"}]}, \"ids\": \"D\"}",
                // refused by Jackson, or read by it in ways this reader leaves to it
                "", " ", "{", "{\"a\": 1", "{\"a\": 1,}", "[1,]", "[1 2]", "{\"a\" 1}", "{a: 1}", "{\"a\": 01}",
                "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": +1}", "{\"a\": -}", "{\"a\": 1e}", "{\"a\": NaN}",
                "{\"a\": -Infinity}", "{\"a\": Infinity}", "{\"a\": tru}", "{\"a\": truex}", "{\"a\": nul}",
                "{\"a\": \"\t\"}", "{\"a\": \"\\x\"}", "{\"a\": \"\\u12G4\"}", "{\"a\": \"abc}", "{} x", "{}{}",
                "{\"a\": 1, \"a\": 2}", "{\"a\": 1, \"b\": {\"c\": 1, \"c\": [2]}}", "1", "\"s\"", "null", "[1] ]",
                "{\"a\": 1}\u0000", "{\"a\":\u000b1}", "{\"n\": " + "1".repeat(80) + "}"));
        // objects around the size where their members move from an array to a map
        int small = CompactNodes.Members.SMALL;
        for (int n : new int[] {small - 1, small, small + 1, 2 * small}) {
            StringBuilder b = new StringBuilder("{");
            for (int k = 0; k < n; k++) {
                b.append(k == 0 ? "" : ", ").append("\"k").append(k).append("\": ").append(k);
            }
            texts.add(b.append("}").toString());
            texts.add(b.deleteCharAt(b.length() - 1).append(", \"k").append(n / 2).append("\": 0}").toString());
        }
        // nesting around the limit
        for (int depth : new int[] {998, 999, 1000, 1001}) {
            texts.add("[".repeat(depth) + "]".repeat(depth));
            texts.add("{\"a\": ".repeat(depth) + "1" + "}".repeat(depth));
        }
        int read = 0;
        for (String t : texts) {
            read += compare(t.getBytes(StandardCharsets.UTF_8), t) ? 1 : 0;
        }
        // the first 9 texts, the objects without a repeated key, the nestings up to 999 deep
        assertEquals(9 + 4 + 4, read);
    }

    @Test
    void goldenAndLongProjectsAreReadInOnePass() throws Exception {
        List<Path> files = new ArrayList<>(OpenShotFuzzTest.goldens());
        files.add(LongForm.openshot(dir.resolve("long.osp"), 300));
        for (Path f : files) {
            byte[] in = Files.readAllBytes(f);
            assertTrue(compare(in, f.getFileName().toString()), f + " is left to Jackson");
            assertNotNull(OspReader.readShape(in, OspJson.STRUCTURE), f.toString());
        }
    }

    @Test
    void fuzzedProjectsAreReadAsJacksonReadsThem() {
        ProjectFuzzer fuzzer = new ProjectFuzzer(new OpenShotAdapter(), goldens(), OpenShotFuzzTest.mutators(), ".osp");
        int read = 0;
        int left = 0;
        for (int i = 0; i < 1500; i++) {
            ProjectFuzzer.Mutant m = fuzzer.mutant(OpenShotFuzzTest.SEED + 1, i);
            try {
                Encoding.check(m.bytes(), FILE);
            } catch (GenshotException e) {
                continue;
            }
            if (compare(m.bytes(), "#" + i + " " + m.mutator() + " of " + m.golden())) {
                read++;
            } else {
                left++;
            }
        }
        System.out.println("one-pass reader over fuzzed projects: " + read + " read, " + left + " left to Jackson");
        assertTrue(read > 500 && left > 150, read + " read, " + left + " left to Jackson");
    }

    private static List<Path> goldens() {
        try {
            return OpenShotFuzzTest.goldens();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Compares both readers on one text, full and shaped; whether the one-pass reader read it. */
    private static boolean compare(byte[] text, String what) {
        Set<String> ids = new HashSet<>();
        JsonNode fast = OspReader.read(text, new CompactNodes(), ids);
        JsonNode jackson;
        try {
            jackson = OspJson.withJackson(text, FILE, new CompactNodes());
        } catch (GenshotException e) {
            jackson = null;
        }
        JsonNode fastShape = OspReader.readShape(text, OspJson.STRUCTURE);
        JsonNode jacksonShape;
        try {
            jacksonShape = OspJson.structureWithJackson(text, FILE);
        } catch (GenshotException e) {
            jacksonShape = null;
        }
        if (jackson == null) {
            assertNull(fast, what + ": Jackson refuses it");
        }
        if (jacksonShape == null) {
            assertNull(fastShape, what + ": Jackson refuses it (structure)");
        }
        if (fastShape != null) {
            same(jacksonShape, fastShape, what + " (structure)");
        }
        if (fast == null) {
            assertTrue(ids.isEmpty(), what);
            return false;
        }
        same(jackson, fast, what);
        Set<String> walked = new HashSet<>();
        OspJson.collectIds(jackson, walked);
        assertEquals(walked, ids, what);
        return true;
    }

    /** The same tree: node classes, keys in order, values. */
    private static void same(JsonNode want, JsonNode got, String where) {
        assertEquals(want.getClass(), got.getClass(), where);
        if (want.isObject()) {
            List<String> wantKeys = new ArrayList<>();
            want.fieldNames().forEachRemaining(wantKeys::add);
            List<String> gotKeys = new ArrayList<>();
            got.fieldNames().forEachRemaining(gotKeys::add);
            assertEquals(wantKeys, gotKeys, where);
            for (Iterator<String> it = wantKeys.iterator(); it.hasNext(); ) {
                String k = it.next();
                same(want.get(k), got.get(k), where + "." + k);
            }
        } else if (want.isArray()) {
            assertEquals(want.size(), got.size(), where);
            for (int k = 0; k < want.size(); k++) {
                same(want.get(k), got.get(k), where + "[" + k + "]");
            }
        } else {
            assertEquals(want, got, where);
        }
    }
}
