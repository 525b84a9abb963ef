package genshot.launcher;

import java.lang.reflect.InvocationTargetException;

/**
 * Starts JavaFX's toolkit (a connection to the display, the render pipeline, fonts) on a thread of its own while
 * the framework starts its bundles, for {@code genshot panel}: the two took turns before, and the panel's first frame
 * waited for both. Once it runs, the toolkit's thread reads the default theme, which it would otherwise read when
 * the panel makes its first control. The panel bundle finds the toolkit running and uses it.
 *
 * <p>The outcome is published in the system property {@value #PROPERTY}: {@code starting}, {@code started}, or
 * {@code failed: <why>}, so that the panel reports a toolkit that cannot start (no display) as it would have itself.
 * JavaFX is reached by reflection: the launcher is on the class path, JavaFX on the module path, and a
 * distribution without JavaFX has everything but the panel.
 */
final class EarlyToolkit {
    /** The system property the panel reads: {@code starting}, {@code started} or {@code failed: <why>}. */
    static final String PROPERTY = "genshot.fx.early";

    private EarlyToolkit() {
    }

    /**
     * On the toolkit's thread, once it runs: reads JavaFX's default theme (Modena, a large stylesheet), which the
     * first control made would otherwise read, in the panel's time; nothing else changes (the theme is the default).
     */
    private static void loadTheme() {
        try {
            Class.forName("javafx.application.Application").getMethod("setUserAgentStylesheet", String.class)
                    .invoke(null, (Object) null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // no javafx.controls theme to read: the panel reads it, or says what is missing
        }
    }

    /** Whether the command line asks for the panel's window (not its help) on a display. */
    static boolean wanted(String[] args) {
        if (args.length == 0 || !args[0].equals("panel")) {
            return false;
        }
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                return false;
            }
        }
        if ("off".equals(System.getenv("GENSHOT_EARLY_FX"))) {
            return false;
        }
        return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }

    /** Starts the toolkit on a daemon thread when JavaFX is there; returns at once. */
    static void start() {
        Class<?> platform;
        try {
            platform = Class.forName("javafx.application.Platform");
        } catch (ClassNotFoundException | LinkageError noJavaFx) {
            return;
        }
        System.setProperty(PROPERTY, "starting");
        Thread t = new Thread(() -> {
            try {
                platform.getMethod("setImplicitExit", boolean.class).invoke(null, false);
                platform.getMethod("startup", Runnable.class).invoke(null, (Runnable) EarlyToolkit::loadTheme);
                System.setProperty(PROPERTY, "started");
            } catch (InvocationTargetException e) {
                Throwable why = e.getCause();
                System.setProperty(PROPERTY, "failed: " + (why.getMessage() != null ? why.getMessage() : why));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                System.setProperty(PROPERTY, "failed: " + e);
            }
        }, "genshot-early-toolkit");
        t.setDaemon(true);
        t.start();
    }
}
