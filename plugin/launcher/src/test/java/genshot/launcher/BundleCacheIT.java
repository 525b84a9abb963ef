package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kept framework cache with the real Felix and the real bundles: reused by the next run, new when a bundle
 * changes, one cache when two processes start at once, a temporary one when the cache folder is not writable.
 */
class BundleCacheIT {
    static final Path DIST = Path.of(System.getProperty("genshot.dist"));
    static final String CLI = "(&(objectClass=java.util.function.Function)(genshot.main=cli))";

    private static Launcher startAndCheck(Path bundles, Path root) throws Exception {
        Launcher l = Launcher.start(bundles, Map.of(), root);
        assertNotNull(l.waitForService(CLI, 60_000), () -> "the CLI service did not appear: " + l.diagnose());
        return l;
    }

    /** A bundle folder of links to the distribution's jars (so one can be changed without touching the build). */
    private static Path linkedBundles(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(DIST.resolve("bundles"))) {
            for (Path jar : s.toList()) {
                Files.createSymbolicLink(dir.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        return dir;
    }

    private static List<Path> caches(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("felix-")).sorted()
                    .toList();
        }
    }

    @Test
    void secondRunReusesTheKeptCache(@TempDir Path root) throws Exception {
        Path bundles = DIST.resolve("bundles");
        Path cache;
        try (Launcher first = startAndCheck(bundles, root)) {
            assertTrue(first.kept());
            assertFalse(first.reused(), "a new cache folder is built, not reused");
            cache = first.cache();
            assertEquals(root, cache.getParent());
        }
        assertTrue(Files.isRegularFile(cache.resolve(Launcher.READY)), "the finished cache has its marker");
        // a file the launcher never writes: it survives only if the second run does not build the cache again
        Path sentinel = Files.writeString(cache.resolve("sentinel"), "x");
        try (Launcher second = startAndCheck(bundles, root)) {
            assertTrue(second.kept());
            assertTrue(second.reused(), "the second run uses the finished cache");
            assertEquals(cache, second.cache());
        }
        assertTrue(Files.exists(sentinel), "the kept cache was not rebuilt");
        assertEquals(List.of(cache), caches(root));
    }

    @Test
    void aChangedBundleGetsANewCacheAndOldOnesAreCleanedUp(@TempDir Path tmp) throws Exception {
        Path bundles = linkedBundles(tmp.resolve("bundles"));
        Path root = tmp.resolve("cache");
        List<Path> used = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                // a rebuilt bundle: same name, new file (its time and, after the first, its size differ)
                Path jar = bundles.resolve("slf4j-simple-1.7.36.jar");
                Path copy = tmp.resolve("copy.jar");
                Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
                Files.write(copy, new byte[i], java.nio.file.StandardOpenOption.APPEND);
                Files.move(copy, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            try (Launcher l = startAndCheck(bundles, root)) {
                assertFalse(l.reused(), "run " + i + " after a change builds a new cache");
                assertFalse(used.contains(l.cache()), "a new key after a change: " + l.cache());
                used.add(l.cache());
            }
            Thread.sleep(20); // distinct last-use times
        }
        // the current one and the two most recently used others are kept; the oldest is gone
        assertEquals(new TreeSet<>(used.subList(1, 4)), new TreeSet<>(caches(root)));
        assertFalse(Files.exists(used.get(0)));
    }

    @Test
    void aSecondFrameworkOnTheSameKeyRunsOnItsOwnTemporaryCache(@TempDir Path root) throws Exception {
        try (Launcher a = startAndCheck(DIST.resolve("bundles"), root)) {
            Path temp;
            try (Launcher b = Launcher.start(DIST.resolve("bundles"), Map.of(), root)) {
                assertFalse(b.kept(), "the kept cache is in use");
                assertNotEquals(a.cache(), b.cache());
                assertFalse(b.cache().startsWith(root));
                temp = b.cache();
            }
            assertFalse(Files.exists(temp), "the temporary cache is removed on close");
            assertTrue(Files.isRegularFile(a.cache().resolve(Launcher.READY)));
        }
    }

    @Test
    void anUnwritableCacheFolderFallsBackToATemporaryCache(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        Path temp;
        try (Launcher l = startAndCheck(DIST.resolve("bundles"), file.resolve("genshot"))) {
            assertFalse(l.kept());
            temp = l.cache();
            assertTrue(Files.isDirectory(temp));
        }
        assertFalse(Files.exists(temp));
    }

    @Test
    void twoProcessesStartedAtOnceBothSucceedAndLeaveOneGoodCache(@TempDir Path xdg) throws Exception {
        Path sample = FillEndToEndIT.REPO.resolve("assets/samples/kdenlive/sample.kdenlive");
        List<Process> ps = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder(FillEndToEndIT.REPO.resolve("bin/genshot").toString(), "gaps",
                    sample.toString(), "--json");
            pb.environment().put("GENSHOT_HOME", DIST.toString());
            pb.environment().put("XDG_CACHE_HOME", xdg.toString());
            Path out = xdg.resolve("out" + i + ".txt");
            pb.redirectOutput(out.toFile());
            pb.redirectError(xdg.resolve("err" + i + ".txt").toFile());
            outs.add(out);
            ps.add(pb.start());
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(ps.get(i).waitFor(120, TimeUnit.SECONDS));
            String err = Files.readString(xdg.resolve("err" + i + ".txt"), StandardCharsets.UTF_8);
            assertEquals(0, ps.get(i).exitValue(), err);
            assertEquals("", err, "nothing on standard error (no Felix cache errors)");
            assertTrue(Files.readString(outs.get(i)).contains("\"gaps\":[{\"id\":\"V1:1\""), Files.readString(outs.get(i)));
        }
        assertEquals(Files.readString(outs.get(0)), Files.readString(outs.get(1)));
        List<Path> caches = caches(xdg.resolve("genshot"));
        assertEquals(1, caches.size(), caches::toString);
        assertTrue(Files.isRegularFile(caches.get(0).resolve(Launcher.READY)), "the cache is finished");
        // and it is good: a framework in this process reuses it
        Path sentinel = Files.writeString(caches.get(0).resolve("sentinel"), "x");
        ProcessBuilder pb = new ProcessBuilder(FillEndToEndIT.REPO.resolve("bin/genshot").toString(), "gaps",
                sample.toString(), "--json");
        pb.environment().put("GENSHOT_HOME", DIST.toString());
        pb.environment().put("XDG_CACHE_HOME", xdg.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String third = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), third);
        assertEquals(Files.readString(outs.get(0)), third);
        assertTrue(Files.exists(sentinel), "the third run reused the cache");
    }
}
