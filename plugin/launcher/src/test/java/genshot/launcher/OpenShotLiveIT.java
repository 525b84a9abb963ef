package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import genshot.testkit.Frames;
import genshot.testkit.OpenShotGui;
import genshot.testkit.OpenShotRender;
import genshot.testkit.Tools;
import genshot.testkit.XvfbSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/genshot} next to the real openshot-qt 2.6.1 under Xvfb: the OpenShot live link (process, recent file and
 * X11 window title) as a user meets it. Two openshot-qt run side by side on one display, each on its own copy of the
 * sample (both titled "sample", told apart by their files):
 * <ul>
 * <li>A, autosave every 6 s ({@code autosave-interval} 0.1): genshot sees it open and saved, fills its gap and says
 * that openshot-qt cannot reload; a marker added in openshot-qt's window (Ctrl+M) makes its autosave write its old
 * document over the file, which drops the take; {@code genshot status} reports it dropped, {@code genshot use} puts it
 * back, and libopenshot shows the take's frames in the gap again.</li>
 * <li>C, autosave off: with a marker added (title {@code *}) genshot refuses to fill ({@code host.unsaved}) and leaves
 * the file byte for byte; with {@code GENSHOT_LIVE=off} the same fill goes through (negative control).</li>
 * </ul>
 * Screenshots go to {@code genshot.screenshots}. About a minute and a half.
 */
class OpenShotLiveIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path REPO = Path.of(System.getProperty("genshot.repoRoot", "../.."));
    static final Path SHOTS = Path.of(System.getProperty("genshot.screenshots", "target/screenshots"));
    static final String SETTINGS = "[{\"setting\": \"send_metrics\", \"value\": false},\n"
            + " {\"setting\": \"tutorial_enabled\", \"value\": false},\n"
            + " {\"setting\": \"autosave-interval\", \"value\": 0.1},\n"
            + " {\"setting\": \"enable-auto-save\", \"value\": %s}]\n";

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** An openshot-qt of this test: its process, log and (once shown) main window. */
    record Editor(Process process, Path log, Path project) {
        long pid() {
            return process.pid();
        }
    }

    static Run genshot(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(REPO.resolve("bin/genshot").toString());
        cmd.addAll(List.of(args));
        Tools.Result r = Tools.run(cmd, null, Duration.ofMinutes(3), env);
        return new Run(r.exitCode(), r.stdoutText(), r.stderr());
    }

    static Path copySample(Path to) throws IOException {
        Path from = REPO.resolve("assets/samples/openshot");
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, to.resolve(p.getFileName().toString()));
            }
        }
        return to.resolve("sample.osp");
    }

    /** Starts openshot-qt on {@code project} with its own HOME (its own settings and recent projects). */
    static Editor start(XvfbSession x, Path project, Path home, boolean autosave, String name) throws IOException {
        Path settings = home.resolve(".openshot_qt/openshot.settings");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, String.format(SETTINGS, autosave), StandardCharsets.UTF_8);
        Path log = x.scratch().resolve(name + ".log");
        // env(1) sets this instance's HOME and then becomes openshot-qt: same pid, openshot-qt's command line
        Process p = x.launch(List.of("env", "HOME=" + home, "/usr/bin/python3", "/usr/bin/openshot-qt",
                project.toString()), log);
        return new Editor(p, log, project);
    }

    static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
        } catch (IOException e) {
            return "";
        }
    }

    /** The editor's main window id, once it shows the project (and openshot-qt logged that it loaded it). */
    static String mainWindow(XvfbSession x, Editor e) {
        // --all: xdotool joins several conditions with "or" by default
        Tools.Result r = x.run(Duration.ofSeconds(15), "xdotool", "search", "--all", "--pid", Long.toString(e.pid()),
                "--name", "OpenShot Video Editor$");
        for (String line : r.stdoutText().split("\\R")) {
            String id = line.trim();
            if (!id.isEmpty() && OpenShotGui.mainTitle(e.project()).matcher(title(x, id)).matches()
                    && x.run(Duration.ofSeconds(15), "xdotool", "getwindowpid", id).stdoutText().trim().equals(
                            Long.toString(e.pid()))) {
                return id;
            }
        }
        return null;
    }

    static String title(XvfbSession x, String window) {
        return x.run(Duration.ofSeconds(15), "xdotool", "getwindowname", window).stdoutText().strip();
    }

    static String rawTitle(XvfbSession x, String window) {
        String t = x.run(Duration.ofSeconds(15), "xdotool", "getwindowname", window).stdoutText();
        return t.endsWith("\n") ? t.substring(0, t.length() - 1) : t;
    }

    static void await(String what, Duration within, BooleanSupplier done) {
        long until = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                Assertions.fail(what + " within " + within.toSeconds() + " s");
            }
            sleep(300);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ctrl+M (add a marker) in the editor's window: its document is modified, its title gets a '*'. */
    static void addMarker(XvfbSession x, String window) {
        x.run(Duration.ofSeconds(15), "xdotool", "windowraise", window);
        x.run(Duration.ofSeconds(15), "xdotool", "windowfocus", "--sync", window).requireSuccess();
        x.run(Duration.ofSeconds(15), "xdotool", "key", "--clearmodifiers", "ctrl+m").requireSuccess();
    }

    static Path shot(XvfbSession x, String window, String name) {
        x.run(Duration.ofSeconds(15), "xdotool", "windowraise", window);
        x.maximise(window);
        sleep(1500);
        // the dock splitter up, so that the tracks show (HOST-OPENSHOT 11.4: 1600x900, default layout)
        x.run(Duration.ofSeconds(15), "xdotool", "mousemove", "800", "657", "sleep", "0.3", "mousedown", "1",
                "sleep", "0.3", "mousemove", "800", "600", "sleep", "0.3", "mousemove", "800", "400", "sleep", "0.3",
                "mousemove", "800", "260", "sleep", "0.3", "mouseup", "1");
        sleep(1000);
        return x.screenshot(SHOTS.resolve(name));
    }

    /** The clips of an .osp whose media is {@code file} (reader paths resolved against the project's folder). */
    static int clipsOf(Path project, Path file) {
        try {
            JsonNode d = JSON.readTree(project.toFile());
            Path want = file.toAbsolutePath().normalize();
            int n = 0;
            for (JsonNode c : d.path("clips")) {
                String p = c.path("reader").path("path").asText("");
                if (!p.isEmpty() && project.getParent().resolve(p).normalize().equals(want)) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            return -1; // being written
        }
    }

    static JsonNode json(Run r) {
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.all(), e);
        }
    }

    @Test
    void genshotSeesTheRunningOpenShotAndItsUnsavedChanges() throws Exception {
        Tools.assumeOrRequire(OpenShotGui.programs());
        Tools.assumeOrRequire("env");
        OpenShotRender.assumeOrRequire();
        long t0 = System.nanoTime();
        Path a = copySample(dir.resolve("a"));
        Path c = copySample(dir.resolve("c"));
        try (XvfbSession x = XvfbSession.start(dir.resolve("x"))) {
            Map<String, String> env = x.env();
            Map<String, String> off = new HashMap<>(env);
            off.put("GENSHOT_LIVE", "off");
            Editor ea = start(x, a, x.home(), true, "openshot-a");
            Editor ec = start(x, c, Files.createDirectories(dir.resolve("home-c")), false, "openshot-c");
            String[] wa = new String[1];
            String[] wc = new String[1];
            await("both openshot-qt show their project", Duration.ofSeconds(120), () -> {
                assertTrue(ea.process().isAlive(), () -> "openshot-qt (A) exited: " + tail(ea.log()));
                assertTrue(ec.process().isAlive(), () -> "openshot-qt (C) exited: " + tail(ec.log()));
                wa[0] = wa[0] != null ? wa[0] : mainWindow(x, ea);
                wc[0] = wc[0] != null ? wc[0] : mainWindow(x, ec);
                return wa[0] != null && wc[0] != null && tail(ea.log()).contains("Loaded project")
                        && tail(ec.log()).contains("Loaded project");
            });
            sleep(3000); // let the timeline settle
            List<String> others = x.visibleWindowTitles().stream().filter(t -> !t.endsWith("OpenShot Video Editor"))
                    .toList();
            assertEquals(List.of(), others, "no dialog is open");
            System.out.printf("openshot-qt A (pid %d) and C (pid %d) up after %.1f s%n", ea.pid(), ec.pid(),
                    (System.nanoTime() - t0) / 1e9);

            // (a) open and saved: genshot sees A's editor (C's also shows "sample", but another file)
            long ts = System.nanoTime();
            Run status = genshot(env, "status", a.toString(), "--json");
            double statusSeconds = (System.nanoTime() - ts) / 1e9;
            assertEquals(0, status.status(), status.all());
            JsonNode s = json(status);
            assertEquals(1, s.get("sessions").size(), status.out());
            JsonNode session = s.get("sessions").get(0);
            assertEquals(ea.pid(), session.get("pid").asLong());
            assertEquals("sure", session.get("sure").asText(), status.out());
            assertEquals("window title and command line", session.get("evidence").asText());
            assertTrue(session.get("unsaved").isBoolean() && !session.get("unsaved").asBoolean(), status.out());
            assertFalse(session.get("canReload").asBoolean());
            assertTrue(session.get("editor").asText().startsWith("OpenShot"), status.out());
            Run plain = genshot(env, "status", a.toString());
            assertEquals(0, plain.status(), plain.all());
            assertTrue(plain.out().contains("open, saved"), plain.out());
            System.out.printf("genshot status with openshot-qt open: %.2f s (JVM and framework start included)%n",
                    statusSeconds);

            Run fill = genshot(env, "fill", a.toString(), "--gap", "V1:1", "-g", "slug", "--prompt", "INSERT",
                    "--seed", "3", "--no-progress");
            assertEquals(0, fill.status(), fill.all());
            assertTrue(fill.out().contains("OpenShot has sample.osp open and cannot reload it: reopen it there now "
                    + "(File > Recent Projects)"), fill.out());
            Matcher m = Pattern.compile("take:\\s+(\\S.*)").matcher(fill.out());
            assertTrue(m.find(), fill.out());
            Path take = Path.of(m.group(1).strip());
            assertEquals(1, clipsOf(a, take), "the take is in the project");
            assertNotNull(shot(x, wa[0], "openshot-live-a-filled.png"), "screenshot");

            // (b) the old window saves over the file: a marker, then its autosave (6 s), else Ctrl+S
            addMarker(x, wa[0]);
            await("A's title shows unsaved changes", Duration.ofSeconds(10),
                    () -> rawTitle(x, wa[0]).startsWith("*"));
            long tb = System.nanoTime();
            await("openshot-qt's autosave dropped the take", Duration.ofSeconds(30), () -> {
                if (System.nanoTime() - tb > Duration.ofSeconds(15).toNanos() && rawTitle(x, wa[0]).startsWith("*")) {
                    x.run(Duration.ofSeconds(15), "xdotool", "windowfocus", "--sync", wa[0]);
                    x.run(Duration.ofSeconds(15), "xdotool", "key", "--clearmodifiers", "ctrl+s");
                }
                return clipsOf(a, take) == 0;
            });
            await("A's title shows it saved", Duration.ofSeconds(10), () -> rawTitle(x, wa[0]).startsWith(" "));
            System.out.printf("the autosave wrote A %.1f s after the marker%n", (System.nanoTime() - tb) / 1e9);

            Run dropped = genshot(env, "status", a.toString(), "--json");
            assertEquals(4, dropped.status(), dropped.all());
            JsonNode d = json(dropped);
            assertEquals(1, d.get("dropped").size(), dropped.out());
            JsonNode drop = d.get("dropped").get(0);
            assertTrue(drop.get("free").asBoolean(), dropped.out());
            assertEquals(50, drop.get("start").asLong());
            assertEquals(25, drop.get("length").asLong());
            String takeId = drop.get("take").asText();
            assertTrue(drop.get("restore").asText().startsWith("genshot use "), dropped.out());
            assertTrue(drop.get("restore").asText().endsWith(" " + takeId), dropped.out());
            assertEquals(1, d.get("sessions").size(), dropped.out());

            // the live link off: no editor is looked for (the journal still knows what was dropped)
            Run linkOff = genshot(off, "status", a.toString(), "--json");
            JsonNode lo = json(linkOff);
            assertTrue(lo.get("linkOff").asBoolean(), linkOff.out());
            assertEquals(0, lo.get("sessions").size(), linkOff.out());
            assertTrue(lo.get("editor").asText().contains("live link off"), linkOff.out());

            Run use = genshot(env, "use", a.toString(), takeId);
            assertEquals(0, use.status(), use.all());
            assertTrue(use.out().contains("cannot reload it: reopen it there now"), use.out());
            assertEquals(1, clipsOf(a, take), "the take is back");
            Run back = genshot(env, "status", a.toString());
            assertEquals(0, back.status(), back.all());

            // libopenshot draws the take in the gap again
            List<byte[]> frames = OpenShotRender.renderFrames(a, 63, Frames.W, Frames.H);
            List<byte[]> takeFrames = Frames.decode(take);
            byte[] black = Frames.solid(0, 0, 0, Frames.W, Frames.H);
            for (int f : new int[] {50, 62}) {
                Map<String, byte[]> candidates = new LinkedHashMap<>();
                candidates.put("take", takeFrames.get(f - 50));
                candidates.put("black", black);
                candidates.put("frame before the gap", frames.get(49));
                double score = Frames.mad(frames.get(f), takeFrames.get(f - 50));
                assertTrue(score < 2 * Frames.MATCH_THRESHOLD && "take".equals(Frames.nearest(frames.get(f),
                        candidates)), "frame " + f + " is take frame " + (f - 50) + " (mean abs difference " + score
                        + "): " + Frames.mismatch(frames.get(f), "take", candidates));
            }

            // (c) C holds unsaved changes (no autosave there): genshot refuses and leaves the file alone
            addMarker(x, wc[0]);
            await("C's title shows unsaved changes", Duration.ofSeconds(10),
                    () -> rawTitle(x, wc[0]).startsWith("*"));
            byte[] before = Files.readAllBytes(c);
            Run unsaved = genshot(env, "status", c.toString(), "--json");
            JsonNode u = json(unsaved);
            assertEquals(1, u.get("sessions").size(), unsaved.out());
            assertEquals(ec.pid(), u.get("sessions").get(0).get("pid").asLong());
            assertTrue(u.get("sessions").get(0).get("unsaved").isBoolean()
                    && u.get("sessions").get(0).get("unsaved").asBoolean(), unsaved.out());
            Run refused = genshot(env, "fill", c.toString(), "--gap", "V1:1", "-g", "slug", "--no-progress");
            assertEquals(1, refused.status(), refused.all());
            assertTrue(refused.err().contains("OpenShot has unsaved changes in sample.osp"), refused.err());
            assertArrayEquals(before, Files.readAllBytes(c), "the project is byte for byte as it was");
            assertTrue(rawTitle(x, wc[0]).startsWith("*"), "C still holds its changes");
            assertNotNull(shot(x, wc[0], "openshot-live-c-unsaved.png"), "screenshot");

            // (d) negative control: the live link off, the same fill is not refused
            Run blind = genshot(off, "fill", c.toString(), "--gap", "V1:1", "-g", "slug", "--no-progress");
            assertEquals(0, blind.status(), blind.all());
            assertFalse(Arrays.equals(before, Files.readAllBytes(c)), "written without the live link");
            System.out.printf("OpenShotLiveIT took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
    }
}
