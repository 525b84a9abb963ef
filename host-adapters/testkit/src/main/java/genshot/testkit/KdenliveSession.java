package genshot.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The real Kdenlive kept open on a project under Xvfb with its own session D-Bus, for tests that work beside it as a
 * user does (HOST-KDENLIVE §4.4, §4.4a): the project is opened where it is (not a copy), and the test drives Kdenlive
 * over D-Bus with {@code qdbus} (an edit of its own: a bin clip; its own save), reads its title and whether it holds
 * unsaved changes, and photographs the screen. Programs the test runs in {@link #env()} see this Kdenlive on their
 * session bus. {@link #close()} ends Kdenlive, the bus and Xvfb by pid.
 */
public final class KdenliveSession implements AutoCloseable {
    private final XvfbSession x;
    private final Process app;
    private final Path project;
    private final Path log;
    private String service;

    private KdenliveSession(XvfbSession x, Process app, Path project, Path log) {
        this.x = x;
        this.app = app;
        this.project = project;
        this.log = log;
    }

    /** The programs a session needs. */
    public static String[] programs() {
        return KdenliveGui.programs();
    }

    /**
     * Starts Kdenlive on {@code project} (scratch files under {@code scratch}) and waits until its main window shows
     * the project with no dialog and the document is unmodified (35 to 75 s on 2 cores).
     */
    public static KdenliveSession open(Path project, Path scratch) {
        XvfbSession x = XvfbSession.start(scratch);
        KdenliveSession k = null;
        try {
            Files.deleteIfExists(x.tmp().resolve("kdenlivelock"));
            Path log = scratch.resolve("kdenlive.log");
            Process app = x.launch(List.of("kdenlive", project.toAbsolutePath().toString()), log);
            k = new KdenliveSession(x, app, project.toAbsolutePath(), log);
            k.awaitReady();
            return k;
        } catch (IOException e) {
            x.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            if (k != null) {
                k.close();
            } else {
                x.close();
            }
            throw e;
        }
    }

    private void awaitReady() {
        long until = System.nanoTime() + Duration.ofSeconds(240).toNanos(); // generous: a loaded machine
        String name = project.getFileName().toString().replaceFirst("\\.kdenlive$", "");
        int steady = 0;
        int dialog = 0;
        while (System.nanoTime() < until) {
            if (!app.isAlive()) {
                throw new IllegalStateException("Kdenlive exited: " + GuiCheck.tail(log, 3000));
            }
            if (service == null) {
                Tools.Result r = x.run(Duration.ofSeconds(15), "qdbus");
                service = Arrays.stream(r.stdoutText().split("\\R")).map(String::trim)
                        .filter(s -> s.startsWith("org.kde.kdenlive-")).findFirst().orElse(null);
            } else {
                List<String> windows = x.visibleWindowTitles();
                boolean onlyMain = windows.size() == 1 && KdenliveGui.mainTitle(project).matcher(windows.get(0)).matches();
                // a window other than the main one, three polls in a row: a dialog (a splash screen comes and goes)
                dialog = windows.stream().anyMatch(w -> !KdenliveGui.mainTitle(project).matcher(w).matches())
                        ? dialog + 1 : 0;
                if (dialog >= 3) {
                    throw new IllegalStateException("Kdenlive shows a dialog: " + windows);
                }
                steady = onlyMain && title().startsWith(name) && !modified() ? steady + 1 : 0;
                if (steady >= 5) {
                    x.window("\u2014 Kdenlive$").ifPresent(x::maximise);
                    XvfbSession.sleep(1000);
                    return;
                }
            }
            XvfbSession.sleep(1000);
        }
        throw new IllegalStateException("Kdenlive did not show " + project.getFileName() + " within 240 s: "
                + x.visibleWindowTitles() + " " + GuiCheck.tail(log, 3000));
    }

    /** The environment of this session (HOME, DISPLAY, DBUS_SESSION_BUS_ADDRESS...), for programs run beside it. */
    public Map<String, String> env() {
        return x.env();
    }

    public long pid() {
        return Long.parseLong(service.substring(service.lastIndexOf('-') + 1));
    }

    /** {@code qdbus <service> args...}: stdout, trimmed; fails on a non-zero exit. */
    public String qdbus(String... args) {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "qdbus";
        cmd[1] = service;
        System.arraycopy(args, 0, cmd, 2, args.length);
        Tools.Result r = x.run(Duration.ofSeconds(30), cmd);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("qdbus " + String.join(" ", args) + ": " + r.stderr());
        }
        return r.stdoutText().trim();
    }

    /** The main window's title over D-Bus: {@code "sample [*]/ 640x360 25fps"}. */
    public String title() {
        return qdbus("/kdenlive/MainWindow_1", "org.qtproject.Qt.QWidget.windowTitle");
    }

    /** Whether Kdenlive holds unsaved changes (its Save action is enabled exactly then). */
    public boolean modified() {
        return Boolean.parseBoolean(qdbus("/kdenlive/MainWindow_1/actions/file_save", "org.qtproject.Qt.QAction.enabled"));
    }

    /** An edit of Kdenlive's own: adds a media file to its bin (the document becomes modified). */
    public void addBinClip(Path media) {
        // a plain absolute path: a file:// URL is taken as a path relative to the project (a missing clip)
        qdbus("/kdenlive/MainWindow_1", "org.kde.kdenlive.MainWindow.addProjectClip", media.toAbsolutePath().toString());
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!modified()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("Kdenlive did not take " + media + " into its bin");
            }
            XvfbSession.sleep(300);
        }
    }

    /** Kdenlive's own save (File > Save), waiting until the file on disk changed and the document is unmodified. */
    public void save() {
        byte[] before;
        try {
            before = Files.readAllBytes(project);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        qdbus("/kdenlive/MainWindow_1/actions/file_save", "org.qtproject.Qt.QAction.trigger");
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            try {
                if (!Arrays.equals(before, Files.readAllBytes(project)) && !modified()) {
                    XvfbSession.sleep(500);
                    return;
                }
            } catch (IOException e) {
                // being renamed into place: try again
            }
            XvfbSession.sleep(300);
        }
        throw new IllegalStateException("Kdenlive did not save " + project + " within 30 s");
    }

    /** The visible windows' titles (one, the main window, unless a dialog is up). */
    public List<String> windows() {
        return x.visibleWindowTitles();
    }

    /** The whole screen as a PNG; null when it could not be taken. */
    public Path screenshot(Path out) {
        return x.screenshot(out);
    }

    /** The last {@code n} characters of Kdenlive's output. */
    public String logTail(int n) {
        return GuiCheck.tail(log, n);
    }

    @Override
    public void close() {
        x.close();
    }
}
