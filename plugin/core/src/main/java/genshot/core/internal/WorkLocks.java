package genshot.core.internal;

import genshot.api.GenshotException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The two locks of a project's work folder, between genshot processes (an advisory lock on a file, which the
 * kernel drops when a process dies, even by {@code kill -9}) and between threads of one process (the panel
 * generates in the background while the user clicks on): a file lock is held by the whole process, so threads
 * share it through a lock of their own.
 *
 * <ul>
 *   <li>{@code .save.lock}, exclusive, around every save (check, backup, journal, rename) and every repair of a
 *       save that a killed process left half done;</li>
 *   <li>{@code .active.lock}, shared by every operation that writes into the work folder (a generation writes a
 *       take for minutes), and taken exclusively only to clean leftovers: when nobody else holds it, every partial
 *       take or temporary file in the folder belongs to a process that is gone.</li>
 * </ul>
 *
 * A file system without locks (some network mounts) answers with an {@link IOException}: the threads of this
 * process are still kept apart, other processes are not.
 */
final class WorkLocks {
    /** How long a save waits for another process's save; saves take milliseconds, so this means a stuck process. */
    static final long SAVE_WAIT_MILLIS = 30_000;

    private static final Map<Path, ReentrantLock> SAVES = new ConcurrentHashMap<>();
    private static final Map<Path, Active> ACTIVE = new ConcurrentHashMap<>();

    private WorkLocks() {
    }

    /** Something to run while the save lock is held. */
    interface Body<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code body} holding the save lock of the work folder (which must exist).
     *
     * @throws GenshotException {@code project.busy} when another process holds it past {@link #SAVE_WAIT_MILLIS}
     */
    static <T> T underSaveLock(Path workFolder, Path project, Body<T> body) throws IOException {
        Path file = workFolder.resolve(".save.lock").toAbsolutePath().normalize();
        ReentrantLock inProcess = SAVES.computeIfAbsent(file, f -> new ReentrantLock());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SAVE_WAIT_MILLIS);
        try {
            if (!inProcess.tryLock(SAVE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw busy(project);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(project);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = null;
            try {
                while ((lock = ch.tryLock()) == null) {
                    if (System.nanoTime() > deadline) {
                        throw busy(project);
                    }
                    Thread.sleep(5);
                }
            } catch (IOException noLocksHere) {
                lock = null; // a file system without locks: the in-process lock is all there is
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy(project);
            }
            try {
                return body.run();
            } finally {
                if (lock != null && lock.isValid()) {
                    lock.release();
                }
            }
        } finally {
            inProcess.unlock();
        }
    }

    private static GenshotException busy(Path project) {
        return GenshotException.of("project.busy", "Another genshot is saving this project and does not finish",
                project, null, "nothing was written; wait for it (or end it), then run again");
    }

    /** A hold on the active lock; closing it lets go. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** Marks this operation as working in the work folder (which must exist) until the hold is closed. */
    static Hold active(Path workFolder) {
        Path file = workFolder.resolve(".active.lock").toAbsolutePath().normalize();
        Active a = ACTIVE.computeIfAbsent(file, Active::new);
        a.rw.readLock().lock();
        try {
            a.enter();
        } catch (RuntimeException e) {
            a.rw.readLock().unlock();
            throw e;
        }
        return () -> {
            a.leave();
            a.rw.readLock().unlock();
        };
    }

    /**
     * Runs {@code body} when no operation of this or another process is active in the work folder, and says
     * whether it ran. Never waits.
     */
    static boolean whenAlone(Path workFolder, Body<Void> body) throws IOException {
        Path file = workFolder.resolve(".active.lock").toAbsolutePath().normalize();
        Active a = ACTIVE.computeIfAbsent(file, Active::new);
        if (!a.rw.writeLock().tryLock()) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (IOException noLocksHere) {
                return false; // cannot tell whether another process is at work: leave its files alone
            }
            if (lock == null) {
                return false;
            }
            try {
                body.run();
                return true;
            } finally {
                lock.release();
            }
        } finally {
            a.rw.writeLock().unlock();
        }
    }

    /** The threads of this process that are active in one work folder share one shared file lock. */
    private static final class Active {
        final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        private final Path file;
        private int holders;
        private FileChannel channel;
        private FileLock lock;

        Active(Path file) {
            this.file = file;
        }

        synchronized void enter() {
            if (holders++ > 0) {
                return;
            }
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                try {
                    lock = channel.lock(0, Long.MAX_VALUE, true);
                } catch (IOException | OverlappingFileLockException noLocksHere) {
                    lock = null;
                }
            } catch (IOException e) {
                holders--;
                throw GenshotException.of("project.unwritable", "genshot cannot work in its folder beside the project: "
                        + e.getMessage(), file.getParent(), null, "check the permissions and free space of that folder");
            }
        }

        synchronized void leave() {
            if (--holders > 0) {
                return;
            }
            try {
                channel.close(); // lets go of the lock too
            } catch (IOException ignored) {
                // the kernel drops the lock with the process at the latest
            }
            channel = null;
            lock = null;
        }
    }
}
