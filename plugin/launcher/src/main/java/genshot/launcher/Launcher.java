package genshot.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * An embedded Apache Felix with every bundle of a folder installed and started. The framework's cache is a
 * fresh temporary folder, removed on {@link #close()}, so a run never sees stale bundles of an earlier build.
 */
public final class Launcher implements AutoCloseable {
    private final Framework framework;
    private final Path cache;

    private Launcher(Framework framework, Path cache) {
        this.framework = framework;
        this.cache = cache;
    }

    /** Starts Felix, installs all jars of {@code bundles} and starts every bundle that is not a fragment. */
    public static Launcher start(Path bundles, Map<String, String> extraConfig) throws IOException, BundleException {
        List<Path> jars;
        try (Stream<Path> s = Files.list(bundles)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) {
            throw new IOException("no bundles in " + bundles);
        }
        Path cache = Files.createTempDirectory("genshot-felix");
        Map<String, String> cfg = new HashMap<>();
        cfg.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        cfg.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        cfg.put("felix.log.level", "1");
        cfg.putAll(extraConfig);
        Framework fw = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(cfg);
        Launcher launcher = new Launcher(fw, cache);
        try {
            fw.init();
            fw.start();
            BundleContext ctx = fw.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (Path jar : jars) {
                installed.add(ctx.installBundle(jar.toUri().toString()));
            }
            for (Bundle b : installed) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            }
            return launcher;
        } catch (BundleException | RuntimeException e) {
            launcher.close();
            throw e;
        }
    }

    public BundleContext context() {
        return framework.getBundleContext();
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
            deleteTree(cache);
        }
    }

    private static void deleteTree(Path root) {
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
