package genshot.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private X display and session for a GUI program under test: a scratch directory with its own {@code HOME},
 * {@code XDG_RUNTIME_DIR} (mode 0700) and {@code TMPDIR}; {@code Xvfb} on a free display (1600x900x24, no TCP); a
 * session {@code dbus-daemon}. Programs started here get that environment. {@link #close()} ends every process it
 * started, by pid (SIGTERM, then SIGKILL after 5 s), and never waits longer than that.
 */
public final class XvfbSession implements AutoCloseable {

    /** Screen size: window coordinates in the docs hold for this size. */
    public static final int SCREEN_W = 1600;
    public static final int SCREEN_H = 900;

    private final Path scratch;
    private final int display;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Process> started = new ArrayList<>();
    private Process xvfb;
    private long dbusPid = -1;

    /** The programs a session needs. */
    public static String[] programs() {
        return new String[] {"Xvfb", "dbus-daemon", "xdotool", "import"};
    }

    /** Starts Xvfb and a session bus with a private home under {@code scratch}. */
    public static XvfbSession start(Path scratch) {
        XvfbSession s = new XvfbSession(scratch);
        try {
            s.startDisplay();
            s.startBus();
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private XvfbSession(Path scratch) {
        this.scratch = scratch.toAbsolutePath();
        try {
            for (String d : new String[] {"home", "run", "tmp"}) {
                Files.createDirectories(this.scratch.resolve(d));
            }
            Files.setPosixFilePermissions(this.scratch.resolve("run"), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        display = freeDisplay();
        env.put("HOME", home().toString());
        env.put("XDG_RUNTIME_DIR", this.scratch.resolve("run").toString());
        env.put("XDG_CONFIG_HOME", home().resolve(".config").toString());
        env.put("XDG_DATA_HOME", home().resolve(".local/share").toString());
        env.put("XDG_CACHE_HOME", home().resolve(".cache").toString());
        env.put("TMPDIR", tmp().toString());
        env.put("DISPLAY", ":" + display);
        env.put("QT_QPA_PLATFORM", "xcb");
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
    }

    public Path scratch() {
        return scratch;
    }

    public Path home() {
        return scratch.resolve("home");
    }

    public Path tmp() {
        return scratch.resolve("tmp");
    }

    public int display() {
        return display;
    }

    /** The environment programs in this session get (on top of this process's own). */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** A display number with no X socket and no lock file, from 137 upward. */
    private static int freeDisplay() {
        for (int n = 137; n < 237; n++) {
            if (!new File("/tmp/.X11-unix/X" + n).exists() && !new File("/tmp/.X" + n + "-lock").exists()) {
                return n;
            }
        }
        throw new IllegalStateException("no free X display between :137 and :236");
    }

    private void startDisplay() {
        xvfb = launch(List.of("Xvfb", ":" + display, "-screen", "0", SCREEN_W + "x" + SCREEN_H + "x24", "-nolisten", "tcp"),
                scratch.resolve("xvfb.log"));
        Path socket = Path.of("/tmp/.X11-unix/X" + display);
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!Files.exists(socket)) {
            if (!xvfb.isAlive()) {
                throw new IllegalStateException("Xvfb :" + display + " exited: " + readLog("xvfb.log"));
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("Xvfb :" + display + " did not open its socket within 15 s");
            }
            sleep(200);
        }
        sleep(500);
    }

    private void startBus() {
        Tools.Result r = Tools.run(List.of("dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"), scratch,
                Duration.ofSeconds(20), env);
        String[] lines = r.stdoutText().trim().split("\\R");
        if (r.exitCode() != 0 || lines.length < 2) {
            throw new IllegalStateException("dbus-daemon did not start: " + r.stderr());
        }
        env.put("DBUS_SESSION_BUS_ADDRESS", lines[0].trim());
        dbusPid = Long.parseLong(lines[1].trim());
    }

    /** Starts a program in this session, stdout and stderr to {@code log}; it is ended by {@link #close()}. */
    public Process launch(List<String> command, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.directory(scratch.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        try {
            Process p = pb.start();
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** Runs a short command in this session (qdbus, xdotool) with a timeout. */
    public Tools.Result run(Duration timeout, String... command) {
        return Tools.run(List.of(command), scratch, timeout, env);
    }

    /** The names of the visible windows, as {@code xdotool search --onlyvisible --name . getwindowname %@} lists them. */
    public List<String> visibleWindowTitles() {
        Tools.Result r = run(Duration.ofSeconds(15), "xdotool", "search", "--onlyvisible", "--name", ".", "getwindowname", "%@");
        String out = r.stdoutText();
        return out.isBlank() ? List.of() : Arrays.stream(out.split("\\R")).filter(s -> !s.isBlank()).toList();
    }

    /** The id of the first visible window whose name matches the regular expression, if any. */
    public Optional<String> window(String nameRegex) {
        Tools.Result r = run(Duration.ofSeconds(15), "xdotool", "search", "--onlyvisible", "--name", nameRegex);
        return Arrays.stream(r.stdoutText().split("\\R")).map(String::trim).filter(s -> !s.isEmpty()).findFirst();
    }

    /** Moves a window to the top left corner and gives it the whole screen (there is no window manager). */
    public void maximise(String windowId) {
        run(Duration.ofSeconds(15), "xdotool", "windowmove", windowId, "0", "0", "windowsize", windowId,
                Integer.toString(SCREEN_W), Integer.toString(SCREEN_H));
    }

    /** {@code import -window root}: the whole screen as a PNG. Returns the file, or null when it could not be taken. */
    public Path screenshot(Path out) {
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Tools.Result r = run(Duration.ofSeconds(30), "import", "-window", "root", out.toAbsolutePath().toString());
            return r.exitCode() == 0 && Files.isRegularFile(out) ? out : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String readLog(String name) {
        try {
            return Files.readString(scratch.resolve(name));
        } catch (IOException e) {
            return "";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** SIGTERM to the process and its descendants, SIGKILL to what is left after 5 s. */
    public static void end(ProcessHandle p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>();
        try (Stream<ProcessHandle> d = p.descendants()) {
            d.forEach(all::add);
        }
        all.add(0, p);
        all.forEach(ProcessHandle::destroy);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until && all.stream().anyMatch(ProcessHandle::isAlive)) {
            sleep(100);
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Ends the programs started here (newest first), then the session bus and Xvfb. */
    @Override
    public void close() {
        for (int k = started.size() - 1; k >= 0; k--) {
            Process p = started.get(k);
            if (p != xvfb) {
                end(p.toHandle());
            }
        }
        if (dbusPid > 0) {
            end(ProcessHandle.of(dbusPid).orElse(null));
        }
        if (xvfb != null) {
            end(xvfb.toHandle());
        }
    }

    /**
     * Puts a copy of {@code project} into {@code dir} under the same file name, byte for byte, with a symbolic link to
     * every other entry of the project's folder, so that relative media paths still resolve (the program may write
     * into the copy's folder, never into the original's). Returns the copy.
     */
    public static Path copyWithSiblings(Path project, Path dir) {
        Path src = project.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            Path copy = dir.resolve(src.getFileName().toString());
            Files.copy(src, copy);
            try (Stream<Path> s = Files.list(src.getParent())) {
                s.limit(5000).filter(p -> !p.equals(src)).forEach(p -> {
                    try {
                        Path link = dir.resolve(p.getFileName().toString());
                        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                            Files.createSymbolicLink(link, p);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
