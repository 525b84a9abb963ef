package genshot.core.internal;

import genshot.api.FillRequest;
import genshot.api.ShotRequest;
import genshot.timeline.TimeRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The sample Kdenlive project (two clips around a 25-frame gap at 50) copied where a test needs it. */
final class Sample {
    private Sample() {
    }

    /** Copies the sample into {@code folder} (created), the project under {@code projectName}. */
    static Path copy(Path folder, String projectName) throws IOException {
        Files.createDirectories(folder);
        try (Stream<Path> s = Files.list(GenshotServiceTest.SAMPLE)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                Files.copy(p, folder.resolve(n.equals("sample.kdenlive") ? projectName : n));
            }
        }
        return folder.resolve(projectName);
    }

    /** The workflow with the real Kdenlive adapter, the real slug generator and the real Humble encoder. */
    static GenshotService service() {
        return new GenshotService(List.of(new genshot.host.kdenlive.internal.KdenliveAdapter()),
                List.of(new genshot.generators.internal.SlugGenerator()),
                new genshot.media.internal.HumbleMediaEncoder(), java.time.Clock.systemUTC());
    }

    static FillRequest slug(Path project, String gap, TimeRange range, long seed) {
        return new FillRequest(project, gap, range, new ShotRequest("slug", "a door opens", "", seed, Map.of(), "cpu"));
    }

    static List<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Runs a command as root would type it; true when it exited with 0 (false when it could not run: not root, no
     * such program, or a container that forbids it).
     */
    static boolean sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A tmpfs of {@code size} mounted on {@code dir} (made), or null when this machine will not mount one. */
    static AutoCloseable tmpfs(Path dir, String size) throws IOException {
        Files.createDirectories(dir);
        if (!root() || !sh("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())) {
            return null;
        }
        return () -> sh("umount", "-l", dir.toString());
    }
}
