package genshot.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch folders genshot made itself (a plan being written, the benchmark's files): removed whole, best effort. */
final class Scratch {
    private Scratch() {
    }

    /**
     * Deletes {@code dir} and everything in it, deepest first; symbolic links are removed, never followed. What
     * cannot be deleted (a file another process holds open on some systems, a vanished folder) is left quietly: the
     * callers clean up after work that already succeeded or failed for another reason.
     */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
