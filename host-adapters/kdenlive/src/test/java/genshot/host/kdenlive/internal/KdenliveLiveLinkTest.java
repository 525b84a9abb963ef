package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.EditorProcess;
import genshot.api.LiveSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the Kdenlive link tells which project a Kdenlive has open, from what its window title and its process say (the
 * real Kdenlive over the session bus is driven in the launcher's KdenliveLiveIT).
 */
class KdenliveLiveLinkTest {
    @TempDir
    Path dir;

    @Test
    void theProjectNameIsReadFromEveryFormOfTheTitle() {
        assertEquals("sample", KdenliveTitle.projectName("sample [*]/ 640x360 25fps"));
        assertEquals("sample", KdenliveTitle.projectName("sample* / 640x360 25fps \u2014 Kdenlive"));
        assertEquals("my film [v2]", KdenliveTitle.projectName("my film [v2] [*]/ HD 1080p 25 fps"));
        assertEquals("", KdenliveTitle.projectName(""), "a dialog is up");
        assertEquals("", KdenliveTitle.projectName(null));
        assertEquals("sample", KdenliveTitle.stem(Path.of("/a/sample.kdenlive")));
        assertEquals("Sample", KdenliveTitle.stem(Path.of("/a/Sample.KDENLIVE")));
    }

    @Test
    void recentFilesAreReadFromTheirGroupOnly() {
        List<String> rc = List.of("[General]", "File1=/not/this.kdenlive", "[Recent Files]",
                "File1[$e]=$HOME/x.kdenlive", "File2=/home/u/films/sample.kdenlive",
                "File3=file:///home/u/other%20dir/b.kdenlive", "Name1=sample", "[UiSettings]", "File4=/no.kdenlive");
        assertEquals(List.of(Path.of("/home/u/films/sample.kdenlive"), Path.of("/home/u/other dir/b.kdenlive")),
                KdenliveTitle.recentFiles(rc));
    }

    private static KdenliveLiveLink.Window window(String title, EditorProcess p, Boolean modified) {
        return new KdenliveLiveLink.Window("org.kde.kdenlive-" + (p == null ? 7 : p.pid()), p == null ? 7 : p.pid(),
                title, "22.12.3", modified, p);
    }

    private static EditorProcess process(long pid, Path cwd, Map<String, String> env, String... args) {
        return new EditorProcess(pid, List.of(args), cwd, env);
    }

    @Test
    void aKdenliveWhoseCommandLineNamesTheProjectHasItOpenForSure() throws Exception {
        Path project = Files.createDirectories(dir.resolve("films")).resolve("sample.kdenlive");
        Files.writeString(project, "<mlt/>");
        KdenliveLiveLink link = new KdenliveLiveLink(Map.of());
        // relative to the working folder, as when started from a terminal
        EditorProcess p = process(11, dir, Map.of(), "kdenlive", "films/sample.kdenlive");
        List<LiveSession> s = link.match(project, List.of(window("sample [*]/ 640x360 25fps", p, true)));
        assertEquals(1, s.size());
        assertEquals(LiveSession.Sureness.SURE, s.get(0).sure());
        assertEquals("window title and command line", s.get(0).evidence());
        assertEquals(Boolean.TRUE, s.get(0).unsaved());
        assertEquals("Kdenlive 22.12.3", s.get(0).editor());
        assertEquals(11, s.get(0).pid());
        assertTrue(s.get(0).canReload() && s.get(0).canSave());
        assertEquals("Kdenlive 22.12.3: open, unsaved changes", s.get(0).describe());

        // a dialog is up: no title, the command line still says which project
        List<LiveSession> dialog = link.match(project, List.of(window("", p, true)));
        assertEquals(1, dialog.size());
        assertEquals("command line; its window title is empty (a dialog is open?)", dialog.get(0).evidence());
        assertEquals(List.of(), link.match(dir.resolve("other.kdenlive"), List.of(window("", p, true))));
    }

    @Test
    void anotherFileOfTheSameNameIsNotThisProjectAndAWindowWithoutProcessIsMaybe() throws Exception {
        Path project = dir.resolve("a/sample.kdenlive");
        Path other = dir.resolve("b/sample.kdenlive");
        for (Path f : List.of(project, other)) {
            Files.createDirectories(f.getParent());
            Files.writeString(f, "<mlt/>");
        }
        KdenliveLiveLink link = new KdenliveLiveLink(Map.of());
        EditorProcess elsewhere = process(12, dir, Map.of(), "kdenlive", other.toString());
        EditorProcess here = process(13, dir, Map.of(), "kdenlive", project.toString());
        List<LiveSession> s = link.match(project, List.of(window("sample [*]/ p", elsewhere, false),
                window("sample [*]/ p", here, false), window("unrelated [*]/ p", null, true)));
        assertEquals(1, s.size(), s.toString());
        assertEquals(13, s.get(0).pid());
        assertTrue(s.get(0).evidence().endsWith("; 2 Kdenlive windows show a project named sample"),
                s.get(0).evidence());

        // started without a file and opened it from its menu: only the title and its recent files can tell
        Path home = Files.createDirectories(dir.resolve("home"));
        EditorProcess bare = process(14, dir, Map.of("HOME", home.toString()), "kdenlive");
        List<LiveSession> maybe = link.match(project, List.of(window("sample [*]/ p", bare, false)));
        assertEquals(LiveSession.Sureness.MAYBE, maybe.get(0).sure(), "maybe open counts as open");
        assertTrue(maybe.get(0).describe().contains("maybe"), maybe.get(0).describe());

        Files.createDirectories(home.resolve(".config"));
        Files.writeString(home.resolve(".config/kdenliverc"), "[Recent Files]\nFile1=" + project + "\n");
        List<LiveSession> sure = link.match(project, List.of(window("sample [*]/ p", bare, false)));
        assertEquals(LiveSession.Sureness.SURE, sure.get(0).sure());
        assertEquals("window title and recent files", sure.get(0).evidence());

        Files.writeString(home.resolve(".config/kdenliverc"), "[Recent Files]\nFile1=" + project + "\nFile2=" + other
                + "\n");
        assertEquals(LiveSession.Sureness.MAYBE, link.match(project, List.of(window("sample [*]/ p", bare, false)))
                .get(0).sure(), "two recent projects share the name: cannot tell");
        assertEquals(List.of(), link.match(other, List.of(window("sample [*]/ p", here, false))),
                "its command line says it has the other file");
    }

    @Test
    void aRealProcessIsReadFromProc() throws Exception {
        Path project = dir.resolve("sample.kdenlive");
        Files.writeString(project, "<mlt/>");
        // a process named kdenlive, started in the project's folder with the project on its command line
        Process p = new ProcessBuilder("bash", "-c", "exec -a kdenlive /usr/bin/python3 -c 'import time; time.sleep(30)' "
                + "sample.kdenlive").directory(dir.toFile()).start();
        try {
            EditorProcess read = null;
            for (int i = 0; i < 100 && (read == null || !read.args().get(0).equals("kdenlive")); i++) {
                Thread.sleep(20);
                read = EditorProcess.of(p.pid()).orElseThrow();
            }
            assertEquals("kdenlive", read.args().get(0));
            assertEquals(dir.toRealPath(), read.cwd().toRealPath());
            assertTrue(read.env().containsKey("PATH"));
            assertEquals(List.of(read.cwd().resolve("sample.kdenlive")), read.files(".kdenlive"));
            assertTrue(EditorProcess.sameFile(read.files(".kdenlive").get(0), project));
            assertTrue(EditorProcess.all(a -> a.get(0).equals("kdenlive")).stream().anyMatch(e -> e.pid() == p.pid()),
                    "found among this user's processes");
            List<LiveSession> s = new KdenliveLiveLink(Map.of()).match(project,
                    List.of(window("sample [*]/ 640x360 25fps", read, false)));
            assertEquals(LiveSession.Sureness.SURE, s.get(0).sure());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void noBusOrADeadBusMeansNoEditorQuickly() throws Exception {
        Path project = dir.resolve("sample.kdenlive");
        Files.writeString(project, "<mlt/>");
        assertEquals(List.of(), new KdenliveLiveLink(Map.of()).find(project, Duration.ofMillis(400)));
        assertNull(SessionBus.address(Map.of("XDG_RUNTIME_DIR", dir.toString())), "no bus socket there");
        Files.createFile(dir.resolve("bus"));
        assertEquals("unix:path=" + dir.resolve("bus"), SessionBus.address(Map.of("XDG_RUNTIME_DIR", dir.toString())));
        long t0 = System.nanoTime();
        List<LiveSession> none = new KdenliveLiveLink(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + dir.resolve("bus")))
                .find(project, Duration.ofMillis(400));
        assertEquals(List.of(), none, "a socket file nobody listens on");
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000);
    }

    @Test
    void aBusThatDoesNotAnswerIsLeftWithinTheTimeGiven() throws Exception {
        genshot.testkit.Tools.assumeOrRequire("dbus-daemon");
        Path project = dir.resolve("sample.kdenlive");
        Files.writeString(project, "<mlt/>");
        Path socket = dir.resolve("bus");
        genshot.testkit.Tools.Result r = genshot.testkit.Tools.run(List.of("dbus-daemon", "--session", "--fork",
                "--address=unix:path=" + socket, "--print-pid=1"), dir, Duration.ofSeconds(20));
        long pid = Long.parseLong(r.stdoutText().trim());
        try {
            KdenliveLiveLink link = new KdenliveLiveLink(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + socket));
            assertEquals(List.of(), link.find(project, Duration.ofMillis(400)), "a bus without Kdenlive");
            SessionBus.drop();
            // a bus that hangs (stopped): the connection is made by the kernel, the daemon never answers
            genshot.testkit.Tools.run(List.of("kill", "-STOP", Long.toString(pid)), dir, Duration.ofSeconds(5));
            java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                long t0 = System.nanoTime();
                var answer = one.submit(() -> link.find(project, Duration.ofMillis(400)));
                List<LiveSession> got = answer.get(5, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(List.of(), got);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 2_000, "the link gives up on its own: " + ms + " ms");
            } finally {
                one.shutdownNow();
            }
        } finally {
            genshot.testkit.Tools.run(List.of("kill", "-CONT", Long.toString(pid)), dir, Duration.ofSeconds(5));
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            SessionBus.drop();
        }
    }
}
