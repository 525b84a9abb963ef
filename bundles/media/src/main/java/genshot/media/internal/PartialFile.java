package genshot.media.internal;

import genshot.api.GenshotException;
import genshot.api.Problem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hidden file both video writers write to beside their target ({@code .<name>.<random>.part}): put in place
 * by a rename when the video is finished, deleted when it is not, so that a target is never a half-written video.
 */
final class PartialFile {
    private PartialFile() {
    }

    /** Creates the hidden partial file beside {@code target}. */
    static Path create(Path target) {
        Path dir = target.getParent();
        String name = "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".part";
        try {
            return Files.createFile(dir.resolve(name));
        } catch (NoSuchFileException e) {
            throw GenshotException.of("media.unwritable", "The folder for the video does not exist", target, null,
                    "Create the folder " + dir + " or choose another place");
        } catch (AccessDeniedException e) {
            throw GenshotException.of("media.unwritable", "The folder for the video is not writable", target, null,
                    "Check the permissions of " + dir + " or choose another place");
        } catch (IOException e) {
            throw new GenshotException(new Problem("media.unwritable", "The video file cannot be created: "
                    + e.getMessage(), target.toString(), null, "Choose another place"), e);
        }
    }

    /** How a file is written out to the disk. */
    @FunctionalInterface
    interface WriteOut {
        void writeOut(Path file) throws IOException;
    }

    /** Writes {@code file}'s data and size out to the disk (fsync), waiting until they are there. */
    static void writeOut(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Renames the finished {@code partial} to {@code target} (atomically where the file system can) and returns its size. */
    static long putInPlace(Path partial, Path target) {
        try {
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            writeOutFolder(target.getParent());
            return Files.size(target);
        } catch (FileSystemException e) {
            throw new GenshotException(new Problem("media.unwritable", "The finished video could not be put in "
                    + "place: " + e.getMessage(), target.toString(), null, "The partial file is " + partial), e);
        } catch (IOException e) {
            throw new GenshotException(new Problem("media.unwritable", "The finished video could not be put in "
                    + "place: " + e.getMessage(), target.toString(), null, null), e);
        }
    }

    /**
     * Writes the folder's entries out (the rename), where the system lets a folder be opened (Linux, macOS); elsewhere
     * the rename is left to the file system.
     */
    private static void writeOutFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not on this system: nothing more to do
        }
    }

    /** Deletes an unfinished partial file; one that cannot be deleted stays behind, hidden. */
    static void delete(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // nothing more to do: the hidden partial file stays behind
        }
    }
}
