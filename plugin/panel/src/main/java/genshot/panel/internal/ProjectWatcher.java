package genshot.panel.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows a project file: polls its modification time and size (and the folder genshot keeps its takes in) about
 * once a second and calls back when either changes. Polling is simple and works on every file system.
 */
final class ProjectWatcher implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "genshot-panel-watch");
        t.setDaemon(true);
        return t;
    });
    private final long periodMillis;
    private ScheduledFuture<?> task;
    private volatile String last;

    ProjectWatcher(long periodMillis) {
        this.periodMillis = periodMillis;
    }

    /** Follows {@code project} from now on (the state now is the baseline); {@code onChange} runs on the timer. */
    synchronized void watch(Path project, Runnable onChange) {
        if (task != null) {
            task.cancel(false);
        }
        last = signature(project);
        task = timer.scheduleWithFixedDelay(() -> {
            String now = signature(project);
            if (!Objects.equals(now, last)) {
                last = now;
                onChange.run();
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    static String signature(Path project) {
        return stamp(project) + "|" + stamp(project.resolveSibling(project.getFileName() + ".genshot").resolve("takes"));
    }

    private static String stamp(Path p) {
        try {
            if (Files.isDirectory(p)) {
                try (var entries = Files.list(p)) {
                    return Files.getLastModifiedTime(p).toMillis() + ":n" + entries.count();
                }
            }
            return Files.getLastModifiedTime(p).toMillis() + ":" + Files.size(p);
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }
}
