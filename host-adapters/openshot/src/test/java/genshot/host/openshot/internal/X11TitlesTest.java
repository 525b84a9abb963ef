package genshot.host.openshot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.EditorProcess;
import genshot.api.LiveSession;
import genshot.testkit.Tools;
import genshot.testkit.XvfbSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link X11Titles} against a real X server (Xvfb) and a real Qt 5 window, made by a process whose command line looks
 * like openshot-qt's ({@link FakeOpenShot}): PyQt5, the toolkit openshot-qt itself uses, sets the window's
 * {@code _NET_WM_PID} and {@code _NET_WM_NAME}. The title is changed while the test runs, and short-lived top-level
 * windows come and go while the tree is walked (Xlib reports BadWindow for them; the process must live on).
 */
@Tag("gui")
class X11TitlesTest {
    static final String SAVED = " sample [640x360 25 fps] - OpenShot Video Editor";
    static final String UNSAVED = "* sample [640x360 25 fps] - OpenShot Video Editor";

    static final String WINDOW = """
            import os, sys
            from PyQt5.QtCore import QTimer
            from PyQt5.QtWidgets import QApplication, QWidget
            app = QApplication(sys.argv[:1])
            control = os.environ["FAKE_TITLE_FILE"]
            def wanted():
                with open(control, encoding="utf-8") as f:
                    return f.read()
            w = QWidget()
            w.resize(480, 200)
            w.setWindowTitle(wanted())
            w.show()
            churn = []
            def tick():
                t = wanted()
                if t != w.windowTitle():
                    w.setWindowTitle(t)
                if os.path.exists(control + ".churn"):
                    for c in churn:
                        c.close()
                        c.deleteLater()
                    churn.clear()
                    for i in range(20):
                        c = QWidget()
                        c.setWindowTitle("churn %d" % i)
                        c.resize(8, 8)
                        c.show()
                        churn.append(c)
            timer = QTimer()
            timer.timeout.connect(tick)
            timer.start(15)
            sys.exit(app.exec_())
            """;

    @TempDir
    Path dir;

    static void assumePyQt5() {
        Tools.assumeOrRequire(FakeOpenShot.PYTHON);
        Tools.assumeOrRequire(XvfbSession.programs());
        boolean ok = Tools.run(List.of(FakeOpenShot.PYTHON, "-c", "import PyQt5.QtWidgets"), null,
                Duration.ofSeconds(60)).exitCode() == 0;
        if (!ok) {
            String msg = FakeOpenShot.PYTHON + " cannot import PyQt5 (install python3-pyqt5)";
            if (Tools.requireHosts()) {
                Assertions.fail(msg + " and " + Tools.REQUIRE_HOSTS + "=true");
            }
            Assumptions.abort(msg + "; test skipped");
        }
    }

    static void await(String what, Duration within, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                Assertions.fail(what + " within " + within.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    private static Map<Long, List<String>> read(String display, long pid) {
        return X11Titles.read(display, Set.of(pid), System.nanoTime() + Duration.ofSeconds(2).toNanos());
    }

    @Test
    void theTitleOfAQtWindowIsReadByItsPidAndFollowsItsChanges() throws Exception {
        assumePyQt5();
        Path projects = Files.createDirectories(dir.resolve("projects"));
        Path project = Files.writeString(projects.resolve("sample.osp"), "{}");
        Path control = Files.writeString(dir.resolve("title.txt"), SAVED, StandardCharsets.UTF_8);
        try (XvfbSession x = XvfbSession.start(dir.resolve("x"))) {
            String display = x.env().get("DISPLAY");
            Map<String, String> env = new HashMap<>(x.env());
            env.put("FAKE_TITLE_FILE", control.toString());
            try (FakeOpenShot app = FakeOpenShot.start(dir.resolve("bin"), projects, env, WINDOW, "sample.osp")) {
                long pid = app.pid();
                await("the window is shown", Duration.ofSeconds(90), () -> read(display, pid).getOrDefault(pid,
                        List.of()).contains(SAVED));
                assertEquals(Map.of(), read(display, pid + 100_000), "another pid has no windows");
                assertEquals(Map.of(), X11Titles.read(display, Set.of(pid), System.nanoTime() - 1), "past deadline");

                // the whole link: this process's DISPLAY, the process from /proc
                List<EditorProcess> listed = app.listed();
                assertEquals(1, listed.size());
                OpenShotLiveLink link = new OpenShotLiveLink(Map.of("DISPLAY", display), () -> listed,
                        X11Titles::read);
                List<LiveSession> s = link.find(project, Duration.ofSeconds(2));
                assertEquals(1, s.size(), s.toString());
                assertEquals(LiveSession.Sureness.SURE, s.get(0).sure());
                assertEquals(Boolean.FALSE, s.get(0).unsaved());

                Files.writeString(control, UNSAVED, StandardCharsets.UTF_8);
                await("the title shows unsaved changes", Duration.ofSeconds(10), () -> link.find(project,
                        Duration.ofSeconds(2)).stream().anyMatch(l -> Boolean.TRUE.equals(l.unsaved())));

                // no DISPLAY of our own: the editor's
                OpenShotLiveLink theirs = new OpenShotLiveLink(Map.of(), () -> listed, X11Titles::read);
                assertEquals(LiveSession.Sureness.SURE, theirs.find(project, Duration.ofSeconds(2)).get(0).sure());

                // the time a read takes once JNA is loaded
                long t0 = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    link.find(project, Duration.ofSeconds(2));
                }
                System.out.printf("find with an X11 title read: %.1f ms each%n", (System.nanoTime() - t0) / 20 / 1e6);
            }
        }
    }

    @Test
    void windowsThatComeAndGoDuringTheWalkDoNotEndTheProcess() throws Exception {
        assumePyQt5();
        Path control = Files.writeString(dir.resolve("title.txt"), SAVED, StandardCharsets.UTF_8);
        try (XvfbSession x = XvfbSession.start(dir.resolve("x"))) {
            String display = x.env().get("DISPLAY");
            Map<String, String> env = new HashMap<>(x.env());
            env.put("FAKE_TITLE_FILE", control.toString());
            try (FakeOpenShot app = FakeOpenShot.start(dir.resolve("bin"), dir, env, WINDOW)) {
                long pid = app.pid();
                await("the window is shown", Duration.ofSeconds(90), () -> read(display, pid).getOrDefault(pid,
                        List.of()).contains(SAVED));
                Files.writeString(Path.of(control + ".churn"), "");
                int errors = 0;
                int reads = 0;
                long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                while (System.nanoTime() < until) {
                    // other pids too, so the short-lived windows are looked into (theirs is the same pid: skipped
                    // after _NET_WM_PID; the others' properties are read while they vanish)
                    Map<Long, List<String>> t = read(display, pid);
                    assertTrue(t.getOrDefault(pid, List.of()).contains(SAVED), "main window found in read " + reads);
                    errors += X11Titles.lastErrors();
                    reads++;
                }
                System.out.printf("%d reads while 20 windows were made and destroyed every 15 ms: %d X errors "
                        + "counted, none fatal%n", reads, errors);
                assertTrue(reads > 10, "reads: " + reads);
            }
        }
    }
}
