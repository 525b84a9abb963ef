package genshot.host.openshot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.EditorProcess;
import genshot.api.LiveSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live link's reading of openshot-qt processes: real child processes whose command line and environment look like
 * openshot-qt's (so the {@code /proc} reading runs for real), with the window title given (the X11 reading itself is
 * {@link X11TitlesTest}).
 */
class OpenShotLiveLinkTest {
    static final Duration WITHIN = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    Path home;
    Path projects;
    Path project;

    @BeforeEach
    void files() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        projects = Files.createDirectories(dir.resolve("my projects"));
        project = Files.writeString(projects.resolve("sample.osp"), "{}");
    }

    /** The link, given the processes and, per pid, what the window shows (null: no window could be read). */
    private static OpenShotLiveLink link(List<EditorProcess> processes, AtomicReference<String> title) {
        return new OpenShotLiveLink(Map.of("DISPLAY", ":99"), () -> processes, (display, pids, deadline) -> {
            String t = title.get();
            return t == null ? Map.of() : pids.stream().collect(java.util.stream.Collectors.toMap(p -> p, p -> List.of(
                    "openshot", t)));
        });
    }

    private void settings(String json) throws Exception {
        Path s = Files.createDirectories(home.resolve(".openshot_qt")).resolve("openshot.settings");
        Files.writeString(s, json, StandardCharsets.UTF_8);
    }

    private static String recent(Path... paths) {
        StringBuilder b = new StringBuilder("[{\"setting\": \"send_metrics\", \"value\": false},\n {\"value\": [");
        for (int i = 0; i < paths.length; i++) {
            b.append(i > 0 ? ", " : "").append('"').append(paths[i].toString().replace("\\", "\\\\")).append('"');
        }
        return b.append("], \"title\": \"\", \"type\": \"hidden\", \"category\": \"UI\", \"setting\": \"recent_projects\"}]")
                .toString();
    }

    @Test
    void theProjectOnTheCommandLineAndTheWindowTitleMakeItSure() throws Exception {
        // started in the project's folder with a relative path, as a user does from a shell
        try (FakeOpenShot p = FakeOpenShot.sleeping(dir.resolve("bin"), projects, Map.of("HOME", home.toString()),
                "sample.osp")) {
            List<EditorProcess> listed = p.listed();
            assertEquals(1, listed.size(), "the process is listed as openshot-qt");
            assertEquals(List.of(project), OpenShotProcess.commandLineProjects(listed.get(0)));
            assertEquals("2.6.1", OpenShotProcess.version(listed.get(0)));

            AtomicReference<String> title = new AtomicReference<>(" sample [HD 720p 25 fps] - OpenShot Video Editor");
            OpenShotLiveLink link = link(listed, title);
            List<LiveSession> s = link.find(project, WITHIN);
            assertEquals(1, s.size(), s.toString());
            LiveSession one = s.get(0);
            assertEquals("openshot", one.host());
            assertEquals("OpenShot 2.6.1", one.editor());
            assertEquals(p.pid(), one.pid());
            assertEquals(project, one.project());
            assertEquals(LiveSession.Sureness.SURE, one.sure());
            assertEquals("window title and command line", one.evidence());
            assertEquals(Boolean.FALSE, one.unsaved());
            assertFalse(one.canReload());
            assertFalse(one.canSave());

            title.set("* sample [HD 720p 25 fps] - OpenShot Video Editor");
            assertEquals(Boolean.TRUE, link.find(project, WITHIN).get(0).unsaved());

            // the same file through a symbolic link to its folder
            Path alias = Files.createSymbolicLink(dir.resolve("alias"), projects);
            assertEquals(LiveSession.Sureness.SURE, link.find(alias.resolve("sample.osp"), WITHIN).get(0).sure());

            // another file of the same name: that window is not this project's
            Path other = Files.createDirectories(dir.resolve("other")).resolve("sample.osp");
            Files.writeString(other, "{}");
            assertEquals(List.of(), link.find(other, WITHIN));

            // the window shows another project (opened from its menu since): no session for this one
            title.set(" holiday [HD 720p 25 fps] - OpenShot Video Editor");
            assertEquals(List.of(), link.find(project, WITHIN));

            // no window title could be read: the command line alone makes it "maybe", unsaved unknown
            title.set(null);
            List<LiveSession> maybe = link.find(project, WITHIN);
            assertEquals(1, maybe.size());
            assertEquals(LiveSession.Sureness.MAYBE, maybe.get(0).sure());
            assertNull(maybe.get(0).unsaved());
            assertEquals("command line only, no window title could be read", maybe.get(0).evidence());
            assertEquals(List.of(), link.find(other, WITHIN));
        }
    }

    @Test
    void withoutAProjectOnItsCommandLineTheNewestRecentProjectCounts() throws Exception {
        Path older = Files.createDirectories(dir.resolve("older")).resolve("sample.osp");
        Files.writeString(older, "{}");
        Path holiday = projects.resolve("holiday.osp");
        Files.writeString(holiday, "{}");
        settings(recent(older, holiday, project));
        try (FakeOpenShot p = FakeOpenShot.sleeping(dir.resolve("bin"), dir, Map.of("HOME", home.toString()))) {
            List<EditorProcess> listed = p.listed();
            assertEquals(List.of(older, holiday, project), OpenShotProcess.recentProjects(listed.get(0)));
            AtomicReference<String> title = new AtomicReference<>("* sample [640x360 25 fps] - OpenShot Video Editor");
            OpenShotLiveLink link = link(listed, title);

            List<LiveSession> s = link.find(project, WITHIN);
            assertEquals(1, s.size(), s.toString());
            assertEquals(LiveSession.Sureness.SURE, s.get(0).sure());
            assertEquals("window title and recent projects", s.get(0).evidence());
            assertEquals(Boolean.TRUE, s.get(0).unsaved());
            // the older file of that name: the newest entry with the name wins, and it is the other one
            assertEquals(List.of(), link.find(older, WITHIN));

            // without a title, the very last entry is what it has open
            title.set(null);
            assertEquals(LiveSession.Sureness.MAYBE, link.find(project, WITHIN).get(0).sure());
            assertEquals("newest recent project only, no window title could be read",
                    link.find(project, WITHIN).get(0).evidence());
            assertEquals(List.of(), link.find(holiday, WITHIN));

            // openshot-qt opened holiday last (appended at the end)
            settings(recent(older, project, holiday));
            assertEquals(List.of(), link.find(project, WITHIN));
            assertEquals(1, link.find(holiday, WITHIN).size());
        }
    }

    @Test
    void noSettingsOrBrokenSettingsLeaveOnlyTheTitle() throws Exception {
        try (FakeOpenShot p = FakeOpenShot.sleeping(dir.resolve("bin"), dir, Map.of("HOME", home.toString()))) {
            List<EditorProcess> listed = p.listed();
            AtomicReference<String> title = new AtomicReference<>(" sample [640x360 25 fps] - OpenShot Video Editor");
            OpenShotLiveLink link = link(listed, title);
            for (String broken : new String[] {null, "", "{\"setting\": ", "{\"recent_projects\": [\"/x.osp\"]}",
                "[{\"setting\": \"recent_projects\", \"value\": \"/not/a/list.osp\"}]", "[1, 2, null]"}) {
                Path s = home.resolve(".openshot_qt/openshot.settings");
                if (broken == null) {
                    Files.deleteIfExists(s);
                } else {
                    settings(broken);
                }
                assertEquals(List.of(), OpenShotProcess.recentProjects(listed.get(0)), String.valueOf(broken));
                List<LiveSession> found = link.find(project, WITHIN);
                assertEquals(1, found.size(), String.valueOf(broken));
                assertEquals(LiveSession.Sureness.MAYBE, found.get(0).sure());
                assertEquals("window title only: a project named sample, folder unknown", found.get(0).evidence());
                assertEquals(Boolean.FALSE, found.get(0).unsaved());
                // and without a title nothing is known at all
                title.set(null);
                assertEquals(List.of(), link.find(project, WITHIN));
                title.set(" sample [640x360 25 fps] - OpenShot Video Editor");
            }
        }
    }

    @Test
    void recentProjectsLastEntryIsTheNewest() {
        byte[] json = recent(Path.of("/a/one.osp"), Path.of("/b/two.osp"), Path.of("/c/three.osp"))
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(Path.of("/a/one.osp"), Path.of("/b/two.osp"), Path.of("/c/three.osp")),
                OpenShotProcess.recentProjects(json));
        assertEquals(List.of(), OpenShotProcess.recentProjects("[]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), OpenShotProcess.recentProjects(new byte[] {(byte) 0xff, 0}));
        assertEquals(List.of(), OpenShotProcess.recentProjects(Path.of("/nonexistent/openshot.settings")));
    }

    @Test
    void onlyOpenShotCommandLinesAreOpenShot() {
        assertTrue(OpenShotProcess.isOpenShot(List.of("/usr/bin/python3", "/usr/bin/openshot-qt")));
        assertTrue(OpenShotProcess.isOpenShot(List.of("/usr/bin/python3", "/usr/bin/openshot-qt", "/p/a.osp")));
        assertTrue(OpenShotProcess.isOpenShot(List.of("python3", "-X", "dev", "/src/openshot_qt/launch.py")));
        assertTrue(OpenShotProcess.isOpenShot(List.of("/usr/bin/openshot-qt", "a.osp")));
        assertTrue(OpenShotProcess.isOpenShot(List.of("openshot-qt")));
        assertTrue(OpenShotProcess.isOpenShot(List.of("/usr/bin/python3.11", "-m", "openshot_qt.launch", "a.osp")));
        assertFalse(OpenShotProcess.isOpenShot(List.of("vim", "-R", "-n", "/usr/bin/openshot-qt")));
        assertFalse(OpenShotProcess.isOpenShot(List.of("vim", "/usr/bin/openshot-qt")));
        assertFalse(OpenShotProcess.isOpenShot(List.of("python3", "-c", "pass", "/usr/bin/openshot-qt")));
        assertFalse(OpenShotProcess.isOpenShot(List.of("python3", "other.py", "/usr/bin/openshot-qt")));
        assertFalse(OpenShotProcess.isOpenShot(List.of("/usr/bin/python3", "/usr/bin/openshot-qt-cli")));
        assertFalse(OpenShotProcess.isOpenShot(List.of("kdenlive", "a.kdenlive")));
        assertFalse(OpenShotProcess.isOpenShot(List.of()));
    }

    @Test
    void theVersionComesFromTheLaunchScriptsFolder() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/openshot_qt/classes"));
        Files.writeString(src.resolve("info.py"), "import os\n\nVERSION = \"2.6.1-dev\"\nMINIMUM_LIBOPENSHOT_VERSION = "
                + "\"0.2.7\"\n");
        EditorProcess launch = new EditorProcess(1, List.of("python3", "openshot_qt/launch.py", "x.osp"), dir.resolve(
                "src"), Map.of());
        assertEquals("2.6.1-dev", OpenShotProcess.version(launch));
        EditorProcess unknown = new EditorProcess(1, List.of("/nowhere/openshot-qt"), dir, Map.of());
        assertNull(OpenShotProcess.version(unknown));
    }

    @Test
    void findNeverThrows() {
        OpenShotLiveLink failingList = new OpenShotLiveLink(Map.of(), () -> {
            throw new IllegalStateException("no /proc");
        }, (d, p, t) -> Map.of());
        assertEquals(List.of(), failingList.find(project, WITHIN));
        EditorProcess e = new EditorProcess(4242, List.of("/usr/bin/python3", "/usr/bin/openshot-qt",
                project.toString()), dir, Map.of("DISPLAY", ":5"));
        OpenShotLiveLink failingX = new OpenShotLiveLink(Map.of(), () -> List.of(e), (d, p, t) -> {
            throw new UnsatisfiedLinkError("no libX11");
        });
        assertEquals(List.of(), failingX.find(project, WITHIN));
        // no display at all (neither ours nor the editor's): the command line alone
        EditorProcess headless = new EditorProcess(4242, e.args(), dir, Map.of());
        OpenShotLiveLink real = new OpenShotLiveLink(Map.of(), () -> List.of(headless), X11Titles::read);
        List<LiveSession> s = real.find(project, WITHIN);
        assertEquals(1, s.size());
        assertEquals(LiveSession.Sureness.MAYBE, s.get(0).sure());
        // a display that does not exist: nothing read, quickly, and no exception
        long t0 = System.nanoTime();
        assertEquals(Map.of(), X11Titles.read(":4711", Set.of(4242L), System.nanoTime() + WITHIN.toNanos()));
        assertTrue(System.nanoTime() - t0 < WITHIN.toNanos());
    }

    @Test
    void theDisplayIsOursElseTheEditors() {
        EditorProcess a = new EditorProcess(11, List.of("/usr/bin/openshot-qt"), dir, Map.of("DISPLAY", ":7"));
        EditorProcess b = new EditorProcess(12, List.of("/usr/bin/openshot-qt"), dir, Map.of());
        List<String> asked = new java.util.ArrayList<>();
        OpenShotLiveLink.TitleReader reader = (display, pids, deadline) -> {
            asked.add(display + " " + new java.util.TreeSet<>(pids));
            return display.equals(":7") ? Map.of(11L, List.of(" x [p] - OpenShot Video Editor")) : Map.of();
        };
        long far = System.nanoTime() + WITHIN.toNanos();
        // ours first, for both; then the editor's own display for the one not found on ours
        Map<Long, OpenShotTitle> t = new OpenShotLiveLink(Map.of("DISPLAY", ":1"), List::of, reader).mainTitles(
                List.of(a, b), far);
        assertEquals(List.of(":1 [11, 12]", ":7 [11]"), asked);
        assertEquals("x", t.get(11L).name());
        asked.clear();
        new OpenShotLiveLink(Map.of(), List::of, reader).mainTitles(List.of(a, b), far);
        assertEquals(List.of(":7 [11]"), asked);
    }
}
