package genshot.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code bin/genshot}: starts the framework with the distribution's bundles, hands the arguments to the command
 * line bundle and exits with its status.
 */
public final class Main {
    private static final long START_TIMEOUT_MS = 60_000;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    @SuppressWarnings("unchecked")
    static int run(String[] args) {
        Path home = home();
        Path bundles = home.resolve("bundles");
        if (!Files.isDirectory(bundles)) {
            System.err.println("genshot: no bundles in " + bundles + "; build genshot first: mvn -B package -DskipTests");
            return 1;
        }
        // Libraries speak through slf4j; genshot reports problems itself, one line each.
        defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        defaultProperty("org.slf4j.simpleLogger.log.io.humble", "off");
        defaultProperty("org.slf4j.simpleLogger.log.org.ffmpeg", "off");
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        // JNA (bundle com.sun.jna, used by the OpenShot live link): load libjnidispatch through the bundle's
        // Bundle-NativeCode, which Felix unpacks once into its kept cache, rather than unpacking a copy into
        // ~/.cache/JNA/temp on every run; JNA still falls back to its own unpacking if that fails.
        defaultProperty("jna.nosys", "false");
        if (EarlyToolkit.wanted(args)) {
            EarlyToolkit.start();
        }
        try (Launcher launcher = Launcher.start(bundles, Map.of())) {
            if (System.getenv("GENSHOT_DEBUG") != null) {
                System.err.println("genshot: framework cache " + launcher.cache() + (!launcher.kept() ? " (temporary)"
                        : launcher.reused() ? " (kept, reused)" : " (kept, built now)"));
            }
            Object cli = launcher.waitForService("(&(objectClass=java.util.function.Function)(genshot.main=cli))",
                    START_TIMEOUT_MS);
            if (cli == null) {
                System.err.println("genshot: the command line did not start; what is missing:");
                launcher.diagnose().forEach(d -> System.err.println("  " + d));
                return 1;
            }
            return ((Function<String[], Integer>) cli).apply(args);
        } catch (Exception e) {
            System.err.println("genshot: cannot start: " + e);
            return 1;
        }
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** The distribution folder: {@code genshot.home}, else the folder above the launcher's jar. */
    static Path home() {
        String prop = System.getProperty("genshot.home");
        if (prop != null) {
            return Path.of(prop);
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent();
        } catch (Exception e) {
            return Path.of(".");
        }
    }
}
