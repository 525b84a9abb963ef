package genshot.core.internal;

import genshot.api.GenshotException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A project file as it was read, and the only way genshot writes it.
 *
 * <p>A save ({@link #replace}) holds the work folder's save lock and: checks that the file on disk is still the one
 * that was read; records its intent in the journal (the hashes before and after, the backup it will keep, the
 * temporary file it will rename); writes the backup under a hidden name, syncs it and renames it into
 * {@code backups/} (a backup there is always whole); writes the new version to a temporary file beside the
 * project, with the project's mode, owner and group, syncs it and renames it over the project; then commits the
 * journal entry. A process killed at any point leaves the project exactly as it was or exactly as intended, and the
 * next run finishes the journal from the project's bytes and removes what the dead process left
 * ({@link #recover}).
 *
 * <p>A project that is a symbolic link is read through the link and written at the file it leads to (the link
 * stays a link, as editors do); its work folder is beside that file. A read-only project is refused, even for root
 * (who may write anything): a file whose owner cannot write it is read-only.
 */
final class ProjectFile {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Set<PosixFilePermission> PRIVATE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    /** Writes go out in pieces of this size (the tests put a full disk between two pieces). */
    private static final int CHUNK = 8192;

    /** Test hooks: a failure while a file is written, or a kill between two steps of a save. */
    interface Faults {
        /** Called after each piece written to {@code file}, {@code bytes} written so far. */
        default void written(Path file, long bytes) throws IOException {
        }

        /** Called after each step of a save: intent, backup, temp, rename, commit. */
        default void after(String step) throws IOException {
        }
    }

    static volatile Faults faults = new Faults() {
    };

    private final Path path;
    private final Path target;
    private final byte[] content;

    private ProjectFile(Path path, Path target, byte[] content) {
        this.path = path;
        this.target = target;
        this.content = content;
    }

    static ProjectFile read(Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            throw GenshotException.of("project.unreadable", "This is a folder, not a project file", path, null,
                    "give the path of a .kdenlive or .osp file");
        }
        Path target = path;
        try {
            if (Files.isSymbolicLink(path)) {
                target = path.toRealPath();
            }
            return new ProjectFile(path, target, Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw GenshotException.of("project.missing", Files.isSymbolicLink(path)
                    ? "The project is a symbolic link to a file that does not exist" : "The project file does not exist",
                    path, null, "check the path");
        } catch (IOException e) {
            throw GenshotException.of("project.unreadable", "The project file cannot be read: " + e.getMessage(),
                    path, null, "check its permissions");
        }
    }

    /** The project's path as given (a symbolic link stays one): what hosts and messages see. */
    Path path() {
        return path;
    }

    /** The file a save writes: the path, or the file its symbolic link leads to. */
    Path target() {
        return target;
    }

    byte[] content() {
        return content.clone();
    }

    String sha256() {
        return Hashes.sha256(content);
    }

    /** The size of what was read, in bytes. */
    int size() {
        return content.length;
    }

    /** Whether {@code other} read exactly the same bytes. */
    boolean sameContent(ProjectFile other) {
        return other.content == content || java.util.Arrays.equals(other.content, content);
    }

    /** The folder beside the project file where genshot keeps takes and backups: {@code <name>.genshot/}. */
    Path workFolder() {
        return workFolderBeside(target);
    }

    /** The work folder of the project at {@code file} (beside the file a link points to), without reading it. */
    static Path workFolderOf(Path file) throws IOException {
        Path path = file.toAbsolutePath().normalize();
        return workFolderBeside(Files.isSymbolicLink(path) ? path.toRealPath() : path);
    }

    private static Path workFolderBeside(Path target) {
        return target.resolveSibling(target.getFileName() + ".genshot");
    }

    /** Fails unless the file on disk still has exactly the bytes that were read. */
    void checkUnchanged() {
        byte[] now;
        try {
            now = Files.readAllBytes(target);
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
     * Refuses a project genshot must not write, before any work: a read-only file (one its owner cannot write; root
     * could write it, but an editor would not), or a folder where the new version cannot be written beside it.
     */
    void checkWritable() {
        PosixFileAttributes a = posix(target);
        if ((a != null && !a.permissions().contains(PosixFilePermission.OWNER_WRITE)) || !Files.isWritable(target)) {
            throw GenshotException.of("project.read-only", "The project file is read-only"
                    + (a != null ? " (mode " + PosixFilePermissions.toString(a.permissions()) + ")" : ""), path, null,
                    "nothing was written; genshot writes only a project you can write, as an editor does: make it"
                            + " writable (chmod u+w) or save a copy in the editor and fill that");
        }
        Path folder = target.getParent();
        if (!Files.isWritable(folder) || (Files.isDirectory(workFolder()) && !Files.isWritable(workFolder()))) {
            throw GenshotException.of("project.folder-read-only", "The project's folder cannot be written: genshot"
                    + " saves by writing the new version beside the project and renaming it over, and keeps takes"
                    + " and backups in " + workFolder().getFileName(), folder, null,
                    "nothing was written; make the folder writable, or copy the project to a folder you can write");
        }
    }

    /**
     * The work folder, created if needed: as private as the project (a project others cannot read gets a folder
     * only its owner can enter; the umask still applies).
     */
    Path ensureWorkFolder() {
        Path work = workFolder();
        if (Files.isDirectory(work)) {
            return work;
        }
        try {
            PosixFileAttributes a = posix(target);
            if (a != null) {
                Set<PosixFilePermission> p = EnumSet.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
                if (a.permissions().contains(PosixFilePermission.GROUP_READ)) {
                    p.addAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE));
                }
                if (a.permissions().contains(PosixFilePermission.OTHERS_READ)) {
                    p.addAll(EnumSet.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
                }
                Files.createDirectory(work, PosixFilePermissions.asFileAttribute(p));
            } else {
                Files.createDirectory(work);
            }
        } catch (FileAlreadyExistsException raced) {
            // another process made it
        } catch (IOException e) {
            throw failure(e, work, "genshot's folder beside the project cannot be created", 0);
        }
        return work;
    }

    /**
     * Replaces the project with {@code newContent} (see the class comment): refuses if the file is read-only or
     * changed since it was read; journals the change {@code what} (its op, take, track, range and fill; the id,
     * hashes, backup and temporary file are filled in here) before touching anything.
     *
     * @return the backup's path
     */
    Path replace(byte[] newContent, Instant when, Journal.Entry what) {
        return replace(newContent, when, List.of(what));
    }

    /**
     * The same for several changes made by one save ({@code genshot apply}: a take per change): one backup, one
     * rename, one intent line per change, all with the save's id, closed by one commit. Undo takes them back
     * together.
     */
    Path replace(byte[] newContent, Instant when, List<Journal.Entry> changes) {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a save records at least one change");
        }
        checkWritable();
        checkUnchanged();
        Path work = ensureWorkFolder();
        Journal journal = new Journal(this);
        try {
            return WorkLocks.underSaveLock(work, path, () -> {
                recoverLocked(journal);
                checkUnchanged();
                Path backups = work.resolve("backups");
                try {
                    Files.createDirectories(backups);
                } catch (IOException e) {
                    throw failure(e, backups, "The backups folder cannot be created", 0);
                }
                String id = UUID.randomUUID().toString();
                Path backup = backupPath(backups, when);
                Path temp = tempPath();
                String before = Hashes.sha256(content);
                String after = Hashes.sha256(newContent);
                List<Journal.Entry> entries = new ArrayList<>();
                for (Journal.Entry what : changes) {
                    entries.add(new Journal.Entry(id, what.op(), when, what.take(), backup, before, after,
                            what.track(), what.range(), what.fill(), temp));
                }
                try {
                    for (Journal.Entry e : entries) {
                        journal.intent(e);
                    }
                } catch (IOException ex) {
                    try {
                        journal.close(id, false, Instant.now(), "the change could not be recorded");
                    } catch (IOException ignored) {
                        // the project is untouched: the next run closes the intent as not done
                    }
                    throw failure(ex, journal.file(), "The change cannot be recorded in genshot's journal",
                            newContent.length);
                }
                return save(journal, entries.get(0), newContent);
            });
        } catch (IOException e) {
            throw failure(e, work, "The project could not be saved", newContent.length);
        }
    }

    private Path save(Journal journal, Journal.Entry e, byte[] newContent) throws IOException {
        faults.after("intent");
        PosixFileAttributes attrs = posix(target);
        try {
            Path part = hidden(e.backup(), ".part");
            try {
                writeSynced(part, content, attrs);
                Files.setLastModifiedTime(part, Files.getLastModifiedTime(target));
                Files.move(part, e.backup(), StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
            syncFolder(e.backup().getParent());
            faults.after("backup");
            writeSynced(e.temp(), newContent, attrs);
            faults.after("temp");
            checkUnchanged();
            try {
                Files.move(e.temp(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notHere) {
                Files.move(e.temp(), target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder(target.getParent());
        } catch (IOException | GenshotException failed) {
            deleteQuietly(e.temp());
            deleteQuietly(e.backup());
            try {
                journal.close(e.id(), false, Instant.now(), "the save failed: " + failed.getMessage());
            } catch (IOException ignored) {
                // the intent stays open; the next run finds the project unchanged and closes it
            }
            if (failed instanceof GenshotException g) {
                throw g;
            }
            throw failure((IOException) failed, target, "The project could not be saved", newContent.length);
        }
        faults.after("rename");
        try {
            journal.close(e.id(), true, Instant.now(), null);
        } catch (IOException ignored) {
            // the project is saved; its intent stays open and the next run commits it (the project's hash matches)
        }
        faults.after("commit");
        return e.backup();
    }

    /**
     * Finishes what a killed process left of a save, and removes its leftovers: holds each open intent against
     * the project's bytes (the new ones: it happened; the old ones: it did not, and its backup goes), and deletes
     * stray temporary files beside the project and partial backups. Best effort: a folder that cannot be written
     * is left as it is. Cheap when there is nothing to do.
     */
    void recover() {
        Path work = workFolder();
        if (!Files.isDirectory(work) || !Files.isWritable(work)) {
            return;
        }
        Journal journal = new Journal(this);
        try {
            if (journal.pending().isEmpty() && strayTemps().length == 0 && partialBackups(work).length == 0) {
                return;
            }
            WorkLocks.underSaveLock(work, path, () -> {
                recoverLocked(journal);
                return null;
            });
        } catch (IOException | GenshotException e) {
            debug("recovery skipped: " + e.getMessage());
        }
    }

    private void recoverLocked(Journal journal) throws IOException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Journal.Entry p : journal.pending()) {
            if (!seen.add(p.id())) {
                continue; // one save of several changes: its intents share the id, closed once
            }
            String now;
            try {
                now = Hashes.sha256(Files.readAllBytes(target));
            } catch (NoSuchFileException gone) {
                now = "";
            }
            Instant at = Instant.now();
            if (now.equals(p.sha256After())) {
                journal.close(p.id(), true, at, "recovered: the project holds the new version");
            } else if (now.equals(p.sha256Before()) || (p.temp() != null && Files.exists(p.temp()))) {
                deleteQuietly(p.temp());
                deleteQuietly(p.backup());
                journal.close(p.id(), false, at, "recovered: the save did not happen");
            } else {
                // changed since by someone else, and no temporary file left: the rename happened before that change
                journal.close(p.id(), true, at, "recovered: the project changed since; an editor may have saved over it");
            }
        }
        for (Path stray : strayTemps()) {
            deleteQuietly(stray);
        }
        for (Path part : partialBackups(journal.file().getParent())) {
            deleteQuietly(part);
        }
    }

    /** Temporary files of saves beside the project (this version's, and the one fixed name older versions used). */
    private Path[] strayTemps() {
        String name = target.getFileName().toString();
        return list(target.getParent(), p -> {
            String n = p.getFileName().toString();
            return n.equals("." + name + ".genshot-tmp")
                    || (n.startsWith("." + name + ".genshot-") && n.endsWith(".tmp"));
        });
    }

    private static Path[] partialBackups(Path work) {
        return list(work.resolve("backups"), p -> {
            String n = p.getFileName().toString();
            return n.startsWith(".") && n.endsWith(".part");
        });
    }

    static Path[] list(Path folder, DirectoryStream.Filter<Path> filter) {
        if (!Files.isDirectory(folder)) {
            return new Path[0];
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, filter)) {
            java.util.List<Path> out = new java.util.ArrayList<>();
            s.forEach(out::add);
            return out.toArray(Path[]::new);
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            return new Path[0];
        }
    }

    /** A backup name not taken yet (the save lock is held): {@code <base>.<UTC stamp>[-n]<ext>}. */
    private Path backupPath(Path backups, Instant when) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        Path p = backups.resolve(base + "." + STAMP.format(when) + ext);
        for (int n = 2; Files.exists(p); n++) {
            p = backups.resolve(base + "." + STAMP.format(when) + "-" + n + ext);
        }
        return p;
    }

    /** A temporary name beside the project, its own to this save: process id and a random part. */
    private Path tempPath() {
        return target.resolveSibling("." + target.getFileName() + ".genshot-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    }

    private static Path hidden(Path file, String suffix) {
        return file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + suffix);
    }

    /**
     * Writes a new file, private while it is written, synced, then given {@code like}'s owner, group and mode
     * (owner and group where allowed: only root gives a file away).
     */
    private static void writeSynced(Path file, byte[] bytes, PosixFileAttributes like) throws IOException {
        FileAttribute<?>[] create = like != null ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE)}
                : new FileAttribute<?>[0];
        try (FileChannel ch = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), create)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long written = 0;
            while (buf.hasRemaining()) {
                ByteBuffer piece = buf.duplicate();
                piece.limit(Math.min(buf.limit(), buf.position() + CHUNK));
                while (piece.hasRemaining()) {
                    written += ch.write(piece);
                }
                buf.position(piece.position());
                faults.written(file, written);
            }
            ch.force(true);
        }
        if (like != null) {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            PosixFileAttributes mine = view.readAttributes();
            if (!mine.owner().equals(like.owner())) {
                try {
                    view.setOwner(like.owner());
                } catch (FileSystemException notAllowed) {
                    debug("owner not kept: " + notAllowed.getMessage());
                }
            }
            if (!mine.group().equals(like.group())) {
                try {
                    view.setGroup(like.group());
                } catch (FileSystemException notAllowed) {
                    debug("group not kept: " + notAllowed.getMessage());
                }
            }
            try {
                view.setPermissions(like.permissions()); // last: a change of owner clears set-id bits
            } catch (FileSystemException notHere) {
                // a file system with fixed modes (vfat) may refuse: the file stays private (0600), never wider
                debug("mode not kept: " + notHere.getMessage());
            }
        }
    }

    /** Makes a rename or a new file in the folder durable (best effort: not every file system syncs folders). */
    static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // the data is synced; only the name may be lost in a power cut on such a file system
        }
    }

    static PosixFileAttributes posix(Path file) {
        try {
            PosixFileAttributeView v = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            return v == null ? null : v.readAttributes();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** A failed write as a problem: a full disk says so, with how much room there is; else the system's words. */
    private GenshotException failure(IOException e, Path where, String what, long needed) {
        if (DiskSpace.isFull(e, where, needed)) {
            return DiskSpace.full(where, what + ": the disk is full", needed, "the project file is unchanged");
        }
        if (e instanceof AccessDeniedException) {
            return GenshotException.of("project.unwritable", what + ": permission denied", where, null,
                    "the project file is unchanged; check the permissions of its folder");
        }
        return GenshotException.of("project.unwritable", what + ": " + e.getMessage(), where, null,
                "the project file is unchanged; check free space and permissions of its folder");
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // removed by the next run
        }
    }

    static void debug(String s) {
        if (System.getenv("GENSHOT_DEBUG") != null) {
            System.err.println("genshot: " + s);
        }
    }

    /**
     * Writes a small file whole or not at all: a hidden {@code .<name>.tmp} beside it, synced, renamed over it (sidecars,
     * plans, shard reports). The temporary file is gone afterwards, written or not.
     */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
