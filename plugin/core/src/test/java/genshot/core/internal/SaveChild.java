package genshot.core.internal;

import genshot.api.FillRequest;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.api.Take;
import genshot.timeline.TimeRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the multi-process tests run in a child JVM (a plain main on the test class path):
 * <ul>
 *   <li>{@code saves PROJECT TAKE_SIDECAR}: inserts the take and undoes it, over and over, until killed;</li>
 *   <li>{@code fills PROJECT}: fills frames 50..52 of V1 with a new slug take and undoes it, until killed;</li>
 *   <li>{@code contend PROJECT N TAG GO}: once the file GO exists, N times, appends a line to the project's bytes
 *       and saves, retrying when the other process saved first; prints how many saves it made;</li>
 *   <li>{@code hold PROJECT}: marks itself active in the project's work folder and waits to be killed.</li>
 * </ul>
 * Prints {@code ready} once it is about to start (the loops: after their first two rounds, warm); exits with 3 on
 * anything unexpected.
 */
public final class SaveChild {
    private SaveChild() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Path project = Path.of(args[1]);
            switch (args[0]) {
                case "saves" -> saves(project, Path.of(args[2]));
                case "fills" -> fills(project);
                case "contend" -> contend(project, Integer.parseInt(args[2]), args[3], Path.of(args[4]));
                case "hold" -> hold(project);
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(3);
        }
    }

    private static void saves(Path project, Path sidecar) {
        GenshotService genshot = Sample.service();
        Take take = new TakeStore(ProjectFile.read(project), Clock.systemUTC()).read(sidecar);
        for (int i = 0; ; i++) {
            if (!undo(genshot, project)) {
                genshot.insert(project, take);
            }
            if (i == 1) {
                ready(); // warm: the kills land in the loop, not in class loading
            }
        }
    }

    private static void fills(Path project) {
        GenshotService genshot = Sample.service();
        for (long seed = 0; ; seed++) {
            if (!undo(genshot, project)) {
                genshot.fill(new FillRequest(project, "V1:1", new TimeRange(50, 3),
                        new ShotRequest("slug", "kill me", "", seed, Map.of(), "cpu")), Progress.NONE, () -> false);
            }
            if (seed == 1) {
                ready();
            }
        }
    }

    /** Undoes the last insertion; false when there is none. */
    private static boolean undo(GenshotService genshot, Path project) {
        try {
            genshot.undo(project);
            return true;
        } catch (GenshotException e) {
            if (e.problem().code().equals("undo.nothing")) {
                return false;
            }
            throw e;
        }
    }

    private static void contend(Path project, int n, String tag, Path go) throws InterruptedException {
        ready();
        while (!java.nio.file.Files.exists(go)) {
            Thread.sleep(1);
        }
        int saved = 0;
        int retried = 0;
        List<String> codes = new ArrayList<>();
        while (saved < n) {
            ProjectFile f = ProjectFile.read(project);
            byte[] now = f.content();
            byte[] line = ("<!-- " + tag + " " + saved + " -->\n").getBytes(StandardCharsets.UTF_8);
            byte[] next = new byte[now.length + line.length];
            System.arraycopy(now, 0, next, 0, now.length);
            System.arraycopy(line, 0, next, now.length, line.length);
            try {
                f.replace(next, Instant.now(), new Journal.Entry("insert", Instant.now(), tag + "-" + saved, null, null,
                        null));
                saved++;
            } catch (GenshotException e) {
                if (!e.problem().code().equals("project.changed")) {
                    codes.add(e.problem().code() + ": " + e.getMessage());
                    break;
                }
                retried++;
            }
        }
        System.out.println("saved " + saved + " retried " + retried + " failed " + codes);
        System.out.flush();
    }

    private static void hold(Path project) throws InterruptedException {
        ProjectFile f = ProjectFile.read(project);
        try (WorkLocks.Hold h = WorkLocks.active(f.ensureWorkFolder())) {
            ready();
            Thread.sleep(120_000);
        }
    }

    private static void ready() {
        System.out.println("ready");
        System.out.flush();
    }
}
