package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import genshot.api.FillResult;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.Take;
import genshot.timeline.TimeRange;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mode, owner and symbolic links of a project survive genshot's saves; a read-only project is refused. */
class PermissionsAndLinksTest {
    @TempDir
    Path dir;
    Path project;
    byte[] original;
    GenshotService genshot;

    @BeforeEach
    void setUp() throws Exception {
        project = Sample.copy(dir.resolve("film"), "sample.kdenlive");
        original = Files.readAllBytes(project);
        genshot = Sample.service();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private FillResult fill() {
        return genshot.fill(Sample.slug(project, "V1:1", new TimeRange(50, 5), 1), Progress.NONE, () -> false);
    }

    /** Regression: a 0600 project became 0644 after a fill, and its backup was 0644: world-readable. */
    @Test
    void aPrivateProjectStaysPrivateAndSoDoItsBackups() throws Exception {
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rw-------"));
        FillResult r = fill();
        assertEquals("rw-------", mode(project));
        assertEquals("rw-------", mode(r.backup()), "the backup keeps the project's mode");
        assertEquals("rwx------", mode(project.resolveSibling("sample.kdenlive.genshot")),
                "the folder with takes and backups is as private as the project");
        genshot.undo(project);
        assertEquals("rw-------", mode(project));
        assertArrayEquals(original, Files.readAllBytes(project));
        for (Path b : Sample.list(project.resolveSibling("sample.kdenlive.genshot/backups"))) {
            assertEquals("rw-------", mode(b), b.toString());
        }
    }

    @Test
    void anyModeIsKept() throws Exception {
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rw-rw-r--"));
        FillResult r = fill();
        assertEquals("rw-rw-r--", mode(project));
        assertEquals("rw-rw-r--", mode(r.backup()));
    }

    /** Regression: a 0444 project in a writable folder was overwritten. */
    @Test
    void aReadOnlyProjectIsRefusedBeforeAnythingIsMadeAndNothingIsWritten() throws Exception {
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("r--r--r--"));
        GenshotException e = assertThrows(GenshotException.class, this::fill);
        assertEquals("project.read-only", e.problem().code());
        assertTrue(e.getMessage().contains("read-only") && e.getMessage().contains("chmod u+w"), e.getMessage());
        assertArrayEquals(original, Files.readAllBytes(project));
        assertEquals("r--r--r--", mode(project));
        assertFalse(Files.exists(project.resolveSibling("sample.kdenlive.genshot")), "no take, no backup, no journal");
        assertEquals(List.of("A.mp4", "B.mp4", "README.md", "sample.kdenlive"),
                Sample.list(project.getParent()).stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void aTakeMadeBeforeTheProjectBecameReadOnlyIsNotInsertedAndUndoIsRefusedToo() throws Exception {
        Take take = genshot.generate(Sample.slug(project, "V1:1", new TimeRange(50, 5), 1), Progress.NONE, () -> false);
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("r--r-----"));
        assertEquals("project.read-only", assertThrows(GenshotException.class, () -> genshot.insert(project, take))
                .problem().code());
        assertArrayEquals(original, Files.readAllBytes(project));
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rw-r-----"));
        genshot.insert(project, take);
        byte[] filled = Files.readAllBytes(project);
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("r--r-----"));
        assertEquals("project.read-only", assertThrows(GenshotException.class, () -> genshot.undo(project))
                .problem().code());
        assertArrayEquals(filled, Files.readAllBytes(project));
    }

    @Test
    void ownerAndGroupAreKeptWherePossible() throws Exception {
        assumeTrue(Sample.root(), "only root can give a file to another user, so only root can show it is kept");
        PosixFileAttributeView view = Files.getFileAttributeView(project, PosixFileAttributeView.class);
        var lookup = project.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal nobody = lookup.lookupPrincipalByName("nobody");
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(Files.exists(Path.of("/etc/group"))
                && Files.readString(Path.of("/etc/group")).contains("\nnogroup:") ? "nogroup" : "nobody");
        view.setOwner(nobody);
        view.setGroup(group);
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rw-r-----"));
        FillResult r = fill();
        for (Path p : List.of(project, r.backup())) {
            var a = Files.getFileAttributeView(p, PosixFileAttributeView.class).readAttributes();
            assertEquals(nobody, a.owner(), p.toString());
            assertEquals(group, a.group(), p.toString());
            assertEquals("rw-r-----", PosixFilePermissions.toString(a.permissions()), p.toString());
        }
    }

    /** Regression: a symbolic link to the project was replaced by a plain file, and its target never got the fill. */
    @Test
    void aLinkToTheProjectStaysALinkAndItsTargetGetsTheFill() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("film/link.kdenlive"), Path.of("sample.kdenlive"));
        FillResult r = genshot.fill(Sample.slug(link, "V1:1", new TimeRange(50, 5), 1), Progress.NONE, () -> false);
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals(Path.of("sample.kdenlive"), Files.readSymbolicLink(link), "to the same file");
        byte[] filled = Files.readAllBytes(project);
        assertFalse(java.util.Arrays.equals(original, filled), "the target got the fill");
        assertArrayEquals(original, Files.readAllBytes(r.backup()), "the backup holds the target's old bytes");
        assertEquals(project.resolveSibling("sample.kdenlive.genshot"), r.backup().getParent().getParent(),
                "takes and backups beside the file that changes");
        assertFalse(Files.exists(dir.resolve("film/link.kdenlive.genshot")));

        // the project through the link and the project itself are one project: one journal, one undo
        assertEquals(1, genshot.takes(project).size());
        genshot.undo(link);
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(original, Files.readAllBytes(project));
    }

    @Test
    void aChainOfLinksFromAnotherFolderIsFollowedToTheFile() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path first = Files.createSymbolicLink(elsewhere.resolve("first.kdenlive"), project);
        Path second = Files.createSymbolicLink(elsewhere.resolve("second.kdenlive"), Path.of("first.kdenlive"));
        FillResult r = genshot.fill(Sample.slug(second, "V1:1", new TimeRange(50, 5), 1), Progress.NONE,
                () -> false);
        assertTrue(Files.isSymbolicLink(first) && Files.isSymbolicLink(second));
        assertEquals(project, r.take().getParent().getParent().getParent().resolve("sample.kdenlive"));
        assertFalse(java.util.Arrays.equals(original, Files.readAllBytes(project)));
    }

    @Test
    void aReadOnlyFolderIsRefusedBeforeAnythingIsMade() throws Exception {
        assumeFalse(Sample.root(), "root writes into a folder whatever its mode says, so the folder does not refuse"
                + " (the read-only file system case below covers root)");
        Path folder = project.getParent();
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            GenshotException e = assertThrows(GenshotException.class, this::fill);
            assertEquals("project.folder-read-only", e.problem().code());
            assertArrayEquals(original, Files.readAllBytes(project));
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aProjectOnAReadOnlyFileSystemIsRefusedEvenForRoot() throws Exception {
        Path mount = dir.resolve("ro");
        try (AutoCloseable fs = Sample.tmpfs(mount, "16m")) {
            assumeTrue(fs != null, "needs root and a tmpfs mount");
            Path p = Sample.copy(mount, "sample.kdenlive");
            assumeTrue(Sample.sh("mount", "-o", "remount,ro", mount.toString()), "remount read-only");
            GenshotException e = assertThrows(GenshotException.class, () -> genshot.fill(Sample.slug(p, "V1:1",
                    new TimeRange(50, 5), 1), Progress.NONE, () -> false));
            assertTrue(e.problem().code().equals("project.read-only")
                    || e.problem().code().equals("project.folder-read-only"), e.getMessage());
            assertArrayEquals(original, Files.readAllBytes(p));
        }
    }
}
