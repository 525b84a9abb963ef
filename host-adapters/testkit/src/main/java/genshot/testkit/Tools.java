package genshot.testkit;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** External programs: whether they are installed, and running one in its own process with a timeout. */
public final class Tools {

    /** System property that turns "skip when a host program is missing" into "fail". */
    public static final String REQUIRE_HOSTS = "genshot.requireHosts";

    private Tools() {
    }

    /** The result of one process: exit status, stdout bytes, stderr text. */
    public record Result(int exitCode, byte[] stdout, String stderr, List<String> command) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** Throws unless the exit status is 0. */
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new IllegalStateException("command failed (exit " + exitCode + "): " + String.join(" ", command)
                        + "\n" + stderr);
            }
            return this;
        }
    }

    /** Whether an executable of that name is on the PATH (or is an executable path). */
    public static boolean available(String exe) {
        if (exe.contains("/")) {
            return Files.isExecutable(Path.of(exe));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    /** Whether tests must fail instead of skipping when a host program is missing. */
    public static boolean requireHosts() {
        return Boolean.getBoolean(REQUIRE_HOSTS);
    }

    /**
     * Skips the calling test (JUnit assumption) unless every program is installed; when
     * {@code genshot.requireHosts=true} a missing program fails the test instead.
     */
    public static void assumeOrRequire(String... exes) {
        for (String exe : exes) {
            if (!available(exe)) {
                String msg = exe + " is not installed (on the PATH)";
                if (requireHosts()) {
                    Assertions.fail(msg + " and " + REQUIRE_HOSTS + "=true");
                }
                Assumptions.abort(msg + "; test skipped");
            }
        }
    }

    /** Runs a command in {@code dir} (null = current directory) and waits at most {@code timeout}. */
    public static Result run(List<String> command, Path dir, Duration timeout) {
        return run(command, dir, timeout, java.util.Map.of());
    }

    /** Runs a command with extra environment variables, in {@code dir} (null = current), waiting at most {@code timeout}. */
    public static Result run(List<String> command, Path dir, Duration timeout, java.util.Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        out.start();
        err.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
            }
            out.join();
            err.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
        return new Result(p.exitValue(), out.bytes(), new String(err.bytes(), StandardCharsets.UTF_8), List.copyOf(command));
    }

    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // the process died; what was read is kept
            }
        }

        byte[] bytes() {
            return buf.toByteArray();
        }
    }
}
