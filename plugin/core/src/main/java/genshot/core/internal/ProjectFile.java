package genshot.core.internal;

import genshot.api.GenshotException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * A project file as it was read, and the only way genshot writes it: check that the file on disk is still
 * the one that was read, keep a backup of it, write a temporary file beside it and rename it over.
 */
final class ProjectFile {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path path;
    private final byte[] content;

    private ProjectFile(Path path, byte[] content) {
        this.path = path;
        this.content = content;
    }

    static ProjectFile read(Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            throw GenshotException.of("project.unreadable", "This is a folder, not a project file", path, null,
                    "give the path of a .kdenlive or .osp file");
        }
        try {
            return new ProjectFile(path, Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw GenshotException.of("project.missing", "The project file does not exist", path, null,
                    "check the path");
        } catch (IOException e) {
            throw GenshotException.of("project.unreadable", "The project file cannot be read: " + e.getMessage(),
                    path, null, "check its permissions");
        }
    }

    Path path() {
        return path;
    }

    byte[] content() {
        return content.clone();
    }

    String sha256() {
        return Hashes.sha256(content);
    }

    /** The folder beside the project where genshot keeps takes and backups: {@code <name>.genshot/}. */
    Path workFolder() {
        return path.resolveSibling(path.getFileName() + ".genshot");
    }

    /** Fails unless the file on disk still has exactly the bytes that were read. */
    void checkUnchanged() {
        byte[] now;
        try {
            now = Files.readAllBytes(path);
        } catch (IOException e) {
            throw GenshotException.of("project.changed", "The project file cannot be read any more: " + e.getMessage(),
                    path, null, "nothing was written; check the file and run again");
        }
        if (!Arrays.equals(now, content)) {
            throw GenshotException.of("project.changed",
                    "The project file changed on disk since genshot read it (saved by the editor?)", path, null,
                    "nothing was written to it; run again to work on the new version");
        }
    }

    /**
     * Replaces the project with {@code newContent}: refuses if the file changed since it was read, copies the
     * original to {@code backups/} in the work folder, writes a temporary file beside the project, syncs it and
     * renames it over the project.
     *
     * @return the backup's path
     */
    Path replace(byte[] newContent, Instant when) {
        checkUnchanged();
        Path backups = workFolder().resolve("backups");
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        Path backup = backups.resolve(base + "." + STAMP.format(when) + ext);
        Path tmp = path.resolveSibling("." + name + ".genshot-tmp");
        try {
            Files.createDirectories(backups);
            writeSynced(backup, content);
            writeSynced(tmp, newContent);
            checkUnchanged();
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            return backup;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the message below says what happened; a stray temporary file is harmless
            }
            throw GenshotException.of("project.unwritable", "The project could not be saved: " + e.getMessage(), path,
                    null, "the project file is unchanged; check free space and permissions of its folder");
        }
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }
}
