package genshot.media.internal;

import genshot.api.GenshotException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file name FFmpeg can open. Humble-Video hands file names to FFmpeg through JNI's {@code GetStringUTFChars},
 * which writes "modified UTF-8": a character outside the Basic Multilingual Plane (an emoji, some CJK) becomes two
 * three-byte surrogates instead of the four bytes the file system holds, and FFmpeg finds no such file ("Error
 * opening url ... No such file or directory"). Accents, CJK of the BMP, spaces, quotes and tabs pass unchanged.
 *
 * <p>Such a file is reached through a symbolic link with a plain name in a private folder of the temporary folder.
 * FFmpeg keeps the file open once it has opened it, so the link goes as soon as the file is open ({@link #close});
 * links a killed process left are removed by the next one that needs a link.
 */
final class NativePath implements AutoCloseable {
    private static final String PREFIX = "genshot-ffmpeg-";

    private final String name;
    private final Path linkFolder;

    private NativePath(String name, Path linkFolder) {
        this.name = name;
        this.linkFolder = linkFolder;
    }

    /** Whether FFmpeg gets the name as the file system holds it. */
    static boolean passesUnchanged(String path) {
        return path.codePoints().allMatch(c -> c <= 0xFFFF);
    }

    /** The name to give FFmpeg for {@code file} (which exists: FFmpeg opens it, to read or to write). */
    static NativePath of(Path file) {
        String s = file.toString();
        if (passesUnchanged(s)) {
            return new NativePath(s, null);
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        removeStale(tmp);
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String ext = dot > 0 && passesUnchanged(fileName.substring(dot)) ? fileName.substring(dot) : "";
        try {
            Path folder = Files.createTempDirectory(tmp, PREFIX + ProcessHandle.current().pid() + "-");
            Path link = Files.createSymbolicLink(folder.resolve("f" + ext), file.toAbsolutePath());
            if (!passesUnchanged(link.toString())) {
                deleteQuietly(link);
                deleteQuietly(folder);
                throw new IOException("the temporary folder's own name has such characters: " + tmp);
            }
            return new NativePath(link.toString(), folder);
        } catch (IOException | UnsupportedOperationException e) {
            throw GenshotException.of("media.path", "FFmpeg cannot open a file whose path has characters outside the"
                    + " Basic Multilingual Plane (such as an emoji), and no link to it could be made: " + e.getMessage(),
                    file, null, "rename the folder or file without those characters, or set java.io.tmpdir"
                            + " (GENSHOT_JAVA_OPTS=-Djava.io.tmpdir=...) to a folder where links can be made");
        }
    }

    /** What to give FFmpeg. */
    String name() {
        return name;
    }

    /** Removes the link (FFmpeg has the file open by now, or failed to open it). */
    @Override
    public void close() {
        if (linkFolder != null) {
            deleteQuietly(Path.of(name));
            deleteQuietly(linkFolder);
        }
    }

    /** Link folders of processes that are gone. */
    private static void removeStale(Path tmp) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path folder : s) {
                String rest = folder.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash > 0 ? rest.substring(0, dash) : rest);
                } catch (NumberFormatException notOurs) {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty()) {
                    try (DirectoryStream<Path> links = Files.newDirectoryStream(folder)) {
                        links.forEach(NativePath::deleteQuietly);
                    } catch (IOException notOurs) {
                        continue; // another user's
                    }
                    deleteQuietly(folder);
                }
            }
        } catch (IOException ignored) {
            // a few stale links in the temporary folder are harmless
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // removed by the next process that makes a link
        }
    }
}
