package genshot.cli.internal;

import genshot.api.GenshotException;
import genshot.api.Panel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "panel",
        footer = {"  genshot panel film.kdenlive"},
        description = {
        "Open the \"Generate shot\" panel on a project (without PROJECT it offers to open one).",
        "It follows the project file, generates takes, plays them, and inserts, replaces or undoes",
        "as the other commands do."})
final class PanelCommand implements Callable<Integer> {
    /** How the panel learns about the screenshot options (the Panel service takes only the project). */
    static final String SCREENSHOT = "genshot.panel.screenshot";
    static final String CLOSE_AFTER_SCREENSHOT = "genshot.panel.closeAfterScreenshot";

    private final Supplier<Panel> panel;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT", description = "a .kdenlive or .osp project")
    Path project;

    @Option(names = "--screenshot", paramLabel = "PNG",
            description = "write a PNG of the panel once the project is shown and loaded")
    Path screenshot;

    @Option(names = "--close-after-screenshot", description = "close the panel after writing the screenshot")
    boolean closeAfterScreenshot;

    PanelCommand(Supplier<Panel> panel) {
        this.panel = panel;
    }

    @Override
    public Integer call() {
        if (project != null && !Files.isRegularFile(project)) {
            throw GenshotException.of("project.missing", "There is no project file here", project.toAbsolutePath(),
                    null, "check the path, or run genshot panel without a project and open one");
        }
        Panel p = await(panel, 3000);
        if (p == null) {
            throw GenshotException.of("panel.missing", "The panel is not installed", null, null,
                    "this genshot has no genshot.panel bundle or no JavaFX; the other commands work without it");
        }
        if (closeAfterScreenshot && screenshot == null) {
            throw GenshotException.of("usage.screenshot", "--close-after-screenshot needs --screenshot PNG", null,
                    "--close-after-screenshot", "add --screenshot FILE.png, or leave --close-after-screenshot out");
        }
        try {
            if (screenshot != null) {
                System.setProperty(SCREENSHOT, screenshot.toAbsolutePath().toString());
                System.setProperty(CLOSE_AFTER_SCREENSHOT, Boolean.toString(closeAfterScreenshot));
            }
            return p.show(project == null ? null : project.toAbsolutePath());
        } finally {
            System.clearProperty(SCREENSHOT);
            System.clearProperty(CLOSE_AFTER_SCREENSHOT);
        }
    }

    /** The panel service; it may register a moment after the command line on start-up. */
    static Panel await(Supplier<Panel> panel, long millis) {
        long until = System.currentTimeMillis() + millis;
        Panel p = panel.get();
        while (p == null && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            p = panel.get();
        }
        return p;
    }
}
