package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.Take;
import genshot.timeline.TimeRange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk: refused before generating when the take will not fit, and at the save the project is untouched and no
 * part of a backup stays. On a real full file system (a small tmpfs, as root) and by a failure injected into the
 * write (everywhere).
 */
class DiskFullTest {
    @TempDir
    Path dir;

    @AfterEach
    void noFaults() {
        ProjectFile.faults = new ProjectFile.Faults() {
        };
    }

    /** Writes zeros into {@code ballast} until the disk is full, then frees {@code free} bytes of it. */
    private static void fillUp(Path ballast, long free) throws IOException {
        byte[] block = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left on device"), full.toString());
        }
        try (FileChannel ch = FileChannel.open(ballast, StandardOpenOption.WRITE)) {
            ch.truncate(Math.max(0, ch.size() - free));
        }
    }

    /** Regression: after "No space left on device" a truncated backup stayed in backups/. */
    @Test
    void onAFullTmpfsTheSaveLeavesTheProjectAndNoPartOfABackup() throws Exception {
        Path mount = dir.resolve("small");
        try (AutoCloseable fs = Sample.tmpfs(mount, "24m")) {
            assumeTrue(fs != null, "needs root and a tmpfs mount (the injected failure below runs everywhere)");
            Path project = Sample.copy(mount.resolve("film"), "sample.kdenlive");
            byte[] original = Files.readAllBytes(project);
            GenshotService genshot = Sample.service();
            Take take = genshot.generate(Sample.slug(project, "V1:1", new TimeRange(50, 5), 1), Progress.NONE,
                    () -> false);

            Path ballast = mount.resolve("ballast");
            fillUp(ballast, original.length / 2); // room for half a backup
            GenshotException e = assertThrows(GenshotException.class, () -> genshot.insert(project, take));
            assertEquals("disk.full", e.problem().code(), e.getMessage());
            assertTrue(e.getMessage().contains("the disk is full") && e.getMessage().contains("unchanged"),
                    e.getMessage());
            assertArrayEquals(original, Files.readAllBytes(project));
            Path work = project.resolveSibling("sample.kdenlive.genshot");
            assertEquals(List.of(), Sample.list(work.resolve("backups")), "no backup, whole or partial");
            assertEquals(List.of("A.mp4", "B.mp4", "README.md", "sample.kdenlive", "sample.kdenlive.genshot"),
                    Sample.list(project.getParent()).stream().map(p -> p.getFileName().toString()).toList(),
                    "no temporary file beside the project");
            assertEquals(List.of(), new Journal(ProjectFile.read(project)).pending(), "no open intent");
            assertEquals(List.of(), new Journal(ProjectFile.read(project)).entries(), "nothing happened");

            Files.delete(ballast);
            genshot.insert(project, take);
            genshot.undo(project);
            assertArrayEquals(original, Files.readAllBytes(project), "with room again, insert and undo work");
        }
    }

    @Test
    void aTakeThatWillNotFitIsRefusedBeforeAnythingIsGenerated() throws Exception {
        Path mount = dir.resolve("tiny");
        try (AutoCloseable fs = Sample.tmpfs(mount, "4m")) {
            assumeTrue(fs != null, "needs root and a tmpfs mount");
            Path project = Sample.copy(mount.resolve("film"), "sample.kdenlive");
            byte[] original = Files.readAllBytes(project);
            GenshotException e = assertThrows(GenshotException.class, () -> Sample.service().fill(
                    Sample.slug(project, "V1:1", null, 1), Progress.NONE, () -> false));
            assertEquals("disk.full", e.problem().code());
            assertTrue(e.getMessage().startsWith("Not enough free space for the take: about "), e.getMessage());
            assertArrayEquals(original, Files.readAllBytes(project));
            assertEquals(List.of(), Sample.list(project.resolveSibling("sample.kdenlive.genshot/takes")));
        }
    }

    @Test
    void aWriteThatFailsForWantOfRoomInTheBackupLeavesNothing() throws Exception {
        injectedFullDiskAt(".sample.");
    }

    @Test
    void aWriteThatFailsForWantOfRoomInTheNewVersionLeavesNothing() throws Exception {
        injectedFullDiskAt(".sample.kdenlive.genshot-");
    }

    /** The first piece of the file whose name starts so is written, then the disk is "full". */
    private void injectedFullDiskAt(String prefix) throws Exception {
        Path project = Sample.copy(dir.resolve("film"), "sample.kdenlive");
        byte[] original = Files.readAllBytes(project);
        GenshotService genshot = Sample.service();
        Take take = genshot.generate(Sample.slug(project, "V1:1", new TimeRange(50, 5), 1), Progress.NONE,
                () -> false);
        ProjectFile.faults = new ProjectFile.Faults() {
            @Override
            public void written(Path file, long bytes) throws IOException {
                if (file.getFileName().toString().startsWith(prefix)) {
                    throw new IOException("No space left on device");
                }
            }
        };
        GenshotException e = assertThrows(GenshotException.class, () -> genshot.insert(project, take));
        assertEquals("disk.full", e.problem().code(), e.getMessage());
        assertArrayEquals(original, Files.readAllBytes(project));
        Path work = project.resolveSibling("sample.kdenlive.genshot");
        assertEquals(List.of(), Sample.list(work.resolve("backups")));
        assertEquals(5, Sample.list(project.getParent()).size(), "A, B, README, the project and its folder only");
        Journal journal = new Journal(ProjectFile.read(project));
        assertEquals(List.of(), journal.pending());
        assertEquals(List.of(), journal.entries());
        noFaults();
        genshot.insert(project, take);
        assertEquals(1, journal.entries().size());
    }
}
