package genshot.cli.internal;

import genshot.api.Progress;
import java.io.PrintWriter;

/**
 * A one-line progress bar on standard error, redrawn in place, naming the phase. Only on a terminal: in a pipe or
 * a log it stays silent, so that what a script reads is the result or a one-line reason.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean enabled;
    private final boolean terminal;
    private String phase = "";
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
        this.terminal = System.console() != null;
    }

    @Override
    public synchronized void report(String newPhase, long done, long total) {
        if (!enabled) {
            return;
        }
        if (!terminal) {
            return;
        }
        boolean phaseChanged = !newPhase.equals(phase);
        phase = newPhase;
        long now = System.nanoTime();
        if (!phaseChanged && done != total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        StringBuilder b = new StringBuilder("\r").append(String.format("%-11s", phase)).append(" [");
        int filled = total > 0 ? (int) Math.min(WIDTH, done * WIDTH / total) : 0;
        b.append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ");
        b.append(total > 0 ? done + "/" + total : "").append("   ");
        err.print(b);
        err.flush();
        drawn = true;
    }

    synchronized void close() {
        if (drawn) {
            err.println();
        }
    }
}
