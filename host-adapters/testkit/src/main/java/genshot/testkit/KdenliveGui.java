package genshot.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Opens a project in the real Kdenlive under Xvfb and tells whether it opened without a dialog (HOST-KDENLIVE §4.4):
 * private {@code HOME}, {@code XDG_RUNTIME_DIR} and {@code TMPDIR}, Xvfb on a free display, a session D-Bus, Kdenlive
 * started on a <em>copy</em> of the project (Kdenlive may overwrite what it opens), {@code qdbus} polled until
 * {@code org.kde.kdenlive-<pid>} registers, then the visible windows listed with {@code xdotool} every second.
 *
 * <p>Pass: at least {@value #SETTLE_SECONDS} s after the D-Bus registration, exactly one window is visible and it is
 * titled {@code <file name without .kdenlive>[*] / <profile description> — Kdenlive}. Fail: any other window visible
 * in two polls in a row (Kdenlive's dialogs: "Problems found in your project file", "Incorrect project file", "Unable to
 * open project", "Warning", "Restore Backup File", " Clip Problems", "Error opening file", each + " — Kdenlive"),
 * Kdenlive exiting, or no such state within {@value #MAX_SECONDS} s. The screen is saved with {@code import -window
 * root} either way; everything started is ended by pid (SIGTERM, then SIGKILL after 5 s). One check takes 30 to 75 s.
 */
public final class KdenliveGui {

    static final int SETTLE_SECONDS = 25;
    static final int MAX_SECONDS = 240;

    private KdenliveGui() {
    }

    /** The programs a check needs (Debian 12: kdenlive, xvfb, dbus, xdotool, qdbus-qt5, imagemagick). */
    public static String[] programs() {
        return new String[] {"kdenlive", "qdbus", "Xvfb", "dbus-daemon", "xdotool", "import"};
    }

    /** The title Kdenlive's main window has with this project open. */
    public static Pattern mainTitle(Path project) {
        String name = project.getFileName().toString();
        String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".kdenlive") ? name.substring(0, name.length() - 9) : name;
        return Pattern.compile(Pattern.quote(base) + "\\*? / .+ \u2014 Kdenlive");
    }

    /** Opens a copy of {@code project} in Kdenlive, checks the windows and saves a screenshot to {@code screenshotOut}. */
    public static GuiResult open(Path project, Path screenshotOut) {
        long t0 = System.nanoTime();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("genshot-kdenlive-gui");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = scratch.resolve("kdenlive.log");
        try (XvfbSession x = XvfbSession.start(scratch)) {
            Path copy = XvfbSession.copyWithSiblings(project, scratch.resolve("project"));
            Files.deleteIfExists(x.tmp().resolve("kdenlivelock"));
            Process app = x.launch(List.of("kdenlive", copy.toString()), log);
            String service = "org.kde.kdenlive-" + app.pid();
            long registered = System.nanoTime();
            long until = registered + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < until && app.isAlive()) {
                Tools.Result r = x.run(Duration.ofSeconds(15), "qdbus");
                if (r.stdoutText().contains(service)) {
                    break;
                }
                XvfbSession.sleep(1000);
            }
            registered = System.nanoTime();
            GuiCheck.Outcome o = GuiCheck.poll(x, app, mainTitle(project), () -> true, registered,
                    Duration.ofSeconds(SETTLE_SECONDS), Duration.ofSeconds(MAX_SECONDS));
            if (o.passed()) {
                x.window("\u2014 Kdenlive$").ifPresent(w -> {
                    x.maximise(w);
                    XvfbSession.sleep(1500);
                });
            }
            Path shot = x.screenshot(screenshotOut);
            x.close();
            return new GuiResult(o.passed(), o.titles(), o.seen(), o.reason(), shot, Duration.ofNanos(System.nanoTime() - t0),
                    GuiCheck.tail(log, 4000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            GuiFiles.deleteTree(scratch);
        }
    }
}
