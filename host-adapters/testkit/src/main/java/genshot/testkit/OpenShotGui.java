package genshot.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Opens a project in the real openshot-qt under Xvfb and tells whether it opened without a dialog (HOST-OPENSHOT
 * §11.4): a private {@code HOME} whose {@code .openshot_qt/openshot.settings} turns off the tutorial and the metrics
 * prompt (the first-run dialogs), Xvfb on a free display, a session D-Bus, {@code /usr/bin/python3
 * /usr/bin/openshot-qt} started on a <em>copy</em> of the project (loading writes {@code <name>_assets/} next to it),
 * then the visible windows listed with {@code xdotool} every second.
 *
 * <p>Pass: openshot-qt logged {@code Loaded project}, at least {@value #SETTLE_SECONDS} s have passed, and exactly one
 * window is visible, titled {@code <file name without .osp>[*] [<profile>] - OpenShot Video Editor}. Fail: any other
 * window visible in two polls in a row ("Error Opening Project", "Missing File", the legacy-project error...; a
 * project that does not load leaves the main window titled "Untitled Project"), openshot-qt exiting, or no such state
 * within {@value #MAX_SECONDS} s. The screen is saved either way; everything started is ended by pid.
 */
public final class OpenShotGui {

    static final int SETTLE_SECONDS = 12;
    static final int MAX_SECONDS = 240;
    static final String SETTINGS = "[{\"setting\": \"send_metrics\", \"value\": false}, "
            + "{\"setting\": \"tutorial_enabled\", \"value\": false}]\n";

    private OpenShotGui() {
    }

    /** The programs a check needs (Debian 12: openshot-qt, xvfb, dbus, xdotool, imagemagick). */
    public static String[] programs() {
        return new String[] {"/usr/bin/python3", "/usr/bin/openshot-qt", "Xvfb", "dbus-daemon", "xdotool", "import"};
    }

    /** The title openshot-qt's main window has with this project open. */
    public static Pattern mainTitle(Path project) {
        String name = project.getFileName().toString();
        String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".osp") ? name.substring(0, name.length() - 4) : name;
        return Pattern.compile("\\s*\\*?" + Pattern.quote(base) + "\\*? \\[.*\\] - OpenShot Video Editor");
    }

    /** Opens a copy of {@code project} in openshot-qt, checks the windows and saves a screenshot to {@code screenshotOut}. */
    public static GuiResult open(Path project, Path screenshotOut) {
        long t0 = System.nanoTime();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("genshot-openshot-gui");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = scratch.resolve("openshot.log");
        try (XvfbSession x = XvfbSession.start(scratch)) {
            Path settings = x.home().resolve(".openshot_qt/openshot.settings");
            Files.createDirectories(settings.getParent());
            Files.writeString(settings, SETTINGS, StandardCharsets.UTF_8);
            Path copy = XvfbSession.copyWithSiblings(project, scratch.resolve("project"));
            Process app = x.launch(List.of("/usr/bin/python3", "/usr/bin/openshot-qt", copy.toString()), log);
            long started = System.nanoTime();
            GuiCheck.Outcome o = GuiCheck.poll(x, app, mainTitle(project), () -> GuiCheck.tail(log, 1 << 20).contains("Loaded project"),
                    started, Duration.ofSeconds(SETTLE_SECONDS), Duration.ofSeconds(MAX_SECONDS));
            if (o.passed()) {
                x.window("OpenShot Video Editor$").ifPresent(w -> {
                    x.maximise(w);
                    XvfbSession.sleep(2000);
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
