package genshot.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removing a GUI check's scratch directory: links are removed, never followed. */
final class GuiFiles {

    private GuiFiles() {
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a file a dying program still writes; the temp folder is cleaned later
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
    }
}
