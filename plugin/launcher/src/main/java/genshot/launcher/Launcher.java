package genshot.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * An embedded Apache Felix with every bundle of a folder installed and started.
 *
 * <p>Bundles are installed by reference ({@code reference:file:...}): Felix reads them where they lie and copies
 * nothing. The framework's cache is kept between runs in {@code CACHE_ROOT/felix-KEY}, KEY being a digest of the
 * bundle jars' names, sizes and modification times, so a rebuilt distribution gets a fresh cache and a run of an
 * unchanged one skips installing. Felix refuses to share one cache between two frameworks, so a process uses the
 * kept cache only while it holds an exclusive lock on {@code felix-KEY.lock}; a second process started meanwhile
 * (or one whose cache root is not writable) runs on a temporary cache of its own, removed on {@link #close()}. A
 * kept cache is built in place under that lock and counts as built once its marker file ({@value #READY}) is
 * written, after every bundle started; without the marker it is cleared and built again. Caches of other keys
 * that no process holds are removed, except the {@value #KEEP_OTHERS} most recently used ones.
 */
public final class Launcher implements AutoCloseable {
    /** The marker a finished kept cache holds; its content is the key. */
    static final String READY = "genshot-ready";
    static final int KEEP_OTHERS = 2;

    private final Framework framework;
    private final Path cache;
    private final boolean kept;
    private final boolean reused;
    private final FileChannel lockChannel;
    /** Set when start-up failed: a kept cache is removed (still under the lock) on close. */
    private boolean discard;

    private Launcher(Framework framework, Path cache, boolean kept, boolean reused, FileChannel lockChannel) {
        this.framework = framework;
        this.cache = cache;
        this.kept = kept;
        this.reused = reused;
        this.lockChannel = lockChannel;
    }

    /** Starts Felix on the kept cache under {@link #defaultCacheRoot()} (see {@link #start(Path, Map, Path)}). */
    public static Launcher start(Path bundles, Map<String, String> extraConfig) throws IOException, BundleException {
        return start(bundles, extraConfig, defaultCacheRoot());
    }

    /**
     * Starts Felix, installs all jars of {@code bundles} and starts every bundle that is not a fragment; the cache
     * is kept under {@code cacheRoot}, or temporary when {@code cacheRoot} is null, not writable or in use.
     */
    public static Launcher start(Path bundles, Map<String, String> extraConfig, Path cacheRoot)
            throws IOException, BundleException {
        List<Path> jars;
        try (Stream<Path> s = Files.list(bundles)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) {
            throw new IOException("no bundles in " + bundles);
        }
        String key = key(jars);
        Path cache = null;
        FileChannel lock = cacheRoot == null ? null : lockKept(cacheRoot, key);
        boolean reused = false;
        if (lock != null) {
            cache = cacheRoot.resolve("felix-" + key);
            reused = key.equals(readMarker(cache));
            if (!reused) {
                deleteTree(cache);
            }
            cleanOthers(cacheRoot, key);
        }
        boolean kept = lock != null;
        if (!kept) {
            cache = Files.createTempDirectory("genshot-felix");
        }
        Map<String, String> cfg = new HashMap<>();
        cfg.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        if (!reused) {
            cfg.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }
        cfg.put("felix.log.level", "1");
        cfg.putAll(extraConfig);
        Framework fw = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(cfg);
        Launcher launcher = new Launcher(fw, cache, kept, reused, lock);
        try {
            fw.init();
            fw.start();
            BundleContext ctx = fw.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (Path jar : jars) {
                // an installed location returns the bundle of the kept cache without reading the jar again
                installed.add(ctx.installBundle("reference:" + jar.toUri()));
            }
            for (Bundle b : installed) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            }
            if (kept && !reused) {
                writeMarker(cache, key);
            }
            return launcher;
        } catch (BundleException | IOException | RuntimeException e) {
            launcher.discard = true;
            launcher.close();
            throw e;
        }
    }

    /** {@code genshot.cache} if set, else {@code $XDG_CACHE_HOME/genshot}, else {@code ~/.cache/genshot}. */
    public static Path defaultCacheRoot() {
        String prop = System.getProperty("genshot.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "genshot");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "genshot");
    }

    /** A digest of the bundle jars' names, sizes and modification times (and of the framework's version). */
    static String key(List<Path> jars) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(Framework.class.getPackage().getImplementationVersion()).append('\n');
        sb.append(FrameworkFactory.class.getProtectionDomain().getCodeSource()).append('\n');
        for (Path jar : jars) {
            sb.append(jar.toAbsolutePath()).append('\t').append(Files.size(jar)).append('\t')
                    .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The exclusive lock of the kept cache {@code key}, or null when it is held elsewhere or cannot be made. */
    private static FileChannel lockKept(Path root, String key) {
        FileChannel ch = null;
        try {
            Files.createDirectories(root);
            ch = FileChannel.open(root.resolve("felix-" + key + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l != null) {
                return ch;
            }
        } catch (IOException | OverlappingFileLockException | SecurityException e) {
            // not writable, or this process holds it already: run on a temporary cache
        }
        closeQuietly(ch);
        return null;
    }

    private static String readMarker(Path cache) {
        try {
            return Files.readString(cache.resolve(READY), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeMarker(Path cache, String key) throws IOException {
        Path tmp = cache.resolve(READY + ".tmp");
        Files.writeString(tmp, key + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, cache.resolve(READY), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes kept caches of other keys that no process holds, but the most recently used few. */
    private static void cleanOthers(Path root, String key) {
        List<Path> others;
        try (Stream<Path> s = Files.list(root)) {
            others = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("felix-") && !n.endsWith(".lock") && !n.equals("felix-" + key);
            }).sorted(Comparator.comparing(Launcher::lastUsed).reversed()).toList();
        } catch (IOException e) {
            return;
        }
        for (Path dir : others.subList(Math.min(KEEP_OTHERS, others.size()), others.size())) {
            String other = dir.getFileName().toString().substring("felix-".length());
            FileChannel ch = lockKept(root, other);
            if (ch != null) {
                try {
                    deleteTree(dir);
                } finally {
                    closeQuietly(ch);
                }
            }
        }
    }

    private static FileTime lastUsed(Path dir) {
        try {
            return Files.getLastModifiedTime(dir.resolve(READY));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** The framework's cache folder. */
    Path cache() {
        return cache;
    }

    /** Whether the cache is kept between runs (false: a temporary one, removed on close). */
    boolean kept() {
        return kept;
    }

    /** Whether this run found the kept cache already built. */
    boolean reused() {
        return reused;
    }

    /** Waits for a service matching {@code filter}; null after {@code timeoutMillis}. */
    public Object waitForService(String filter, long timeoutMillis) throws InterruptedException {
        Filter f;
        try {
            f = context().createFilter(filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context(), f, null);
        tracker.open(true);
        try {
            return tracker.waitForService(timeoutMillis);
        } finally {
            // the service object stays valid until the framework stops
        }
    }

    /** What is not running, with the reason the framework gives (for a clear message when start-up fails). */
    public List<String> diagnose() {
        List<String> out = new ArrayList<>();
        for (Bundle b : context().getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (b.getState() != Bundle.ACTIVE && !(fragment && b.getState() == Bundle.RESOLVED)) {
                String why = "";
                try {
                    b.start();
                } catch (BundleException e) {
                    why = ": " + e.getMessage();
                }
                out.add(b.getSymbolicName() + " " + b.getVersion() + " is not active" + why);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (BundleException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (kept && discard) {
                deleteTree(cache);
                closeQuietly(lockChannel);
            } else if (kept) {
                try {
                    // the last use, for the clean-up of other keys' caches
                    Files.setLastModifiedTime(cache.resolve(READY), FileTime.fromMillis(System.currentTimeMillis()));
                } catch (IOException ignored) {
                    // not built: the next run builds it again
                }
                closeQuietly(lockChannel);
            } else {
                deleteTree(cache);
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // releasing the lock; nothing to do
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary folder; the system cleans what is left
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
