package genshot.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The polling both GUI checks share: every second, list the visible windows. Pass when the main window (its title
 * matches {@code mainTitle}) is the only visible window, {@code ready} holds, and at least {@code minWait} has passed
 * since {@code start}. Fail as soon as any other window has been visible in two polls in a row (a dialog), or when
 * the program exits, or at {@code maxWait}.
 */
final class GuiCheck {

    private GuiCheck() {
    }

    record Outcome(boolean passed, String reason, List<String> titles, List<String> seen) {
    }

    static Outcome poll(XvfbSession x, Process app, Pattern mainTitle, BooleanSupplier ready, long start, Duration minWait,
            Duration maxWait) {
        List<String> seen = new ArrayList<>();
        List<String> titles = List.of();
        List<String> previousOthers = List.of();
        while (true) {
            titles = x.visibleWindowTitles();
            for (String t : titles) {
                if (!seen.contains(t)) {
                    seen.add(t);
                }
            }
            List<String> others = titles.stream().filter(t -> !mainTitle.matcher(t).matches()).toList();
            long elapsed = System.nanoTime() - start;
            if (!others.isEmpty() && others.stream().anyMatch(previousOthers::contains)) {
                return new Outcome(false, "another window is open: " + others, titles, seen);
            }
            previousOthers = others;
            boolean onlyMain = titles.size() == 1 && others.isEmpty();
            if (onlyMain && elapsed >= minWait.toNanos() && ready.getAsBoolean()) {
                return new Outcome(true, "ok", titles, seen);
            }
            if (!app.isAlive()) {
                return new Outcome(false, "the program exited with status " + app.exitValue(), titles, seen);
            }
            if (elapsed > maxWait.toNanos()) {
                return new Outcome(false, titles.isEmpty() ? "no window within " + maxWait.toSeconds() + " s"
                        : "the project's main window was not the only window within " + maxWait.toSeconds() + " s", titles, seen);
            }
            XvfbSession.sleep(1000);
        }
    }

    /** The last {@code max} characters of a log file. */
    static String tail(Path log, int max) {
        try {
            String s = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            return s.length() <= max ? s : s.substring(s.length() - max);
        } catch (IOException e) {
            return "";
        }
    }
}
