package genshot.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a GUI check saw.
 *
 * @param passed whether exactly one window was visible at the end, the program's main window with the project open
 * @param titles the visible window titles at the end of the check
 * @param seen every title seen while polling, in order of first sight (dialogs that came and went show here)
 * @param reason why the check failed, or "ok"
 * @param screenshot the screenshot of the whole screen, or null when none could be taken
 * @param elapsed how long the check took, start to teardown
 * @param log the end of the program's own output
 */
public record GuiResult(boolean passed, List<String> titles, List<String> seen, String reason, Path screenshot, Duration elapsed,
        String log) {

    public GuiResult {
        titles = List.copyOf(titles);
        seen = List.copyOf(seen);
    }

    /** A message for a failed assertion: reason, titles, screenshot, log tail. */
    public String describe() {
        return reason + "; visible windows " + titles + "; seen " + seen + "; screenshot " + screenshot + "; "
                + elapsed.toSeconds() + " s\n--- program output (end) ---\n" + log;
    }
}
