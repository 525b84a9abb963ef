package genshot.host.openshot.internal;

import genshot.api.EditorProcess;
import genshot.testkit.Tools;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real process whose command line looks like openshot-qt's: {@code /usr/bin/python3 <dir>/openshot-qt [args]}, the
 * script a copy of Debian's entry-point header ({@code __requires__ = 'openshot-qt==2.6.1'}) followed by {@code body}
 * (by default: sleep). It runs in {@code cwd} with {@code env} on top of this process's environment, so {@code /proc}
 * shows what a real openshot-qt would show. {@link #close()} ends it by pid.
 */
final class FakeOpenShot implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    static final String HEADER = "#!/usr/bin/python3\n"
            + "# EASY-INSTALL-ENTRY-SCRIPT: 'openshot-qt==2.6.1','gui_scripts','openshot-qt'\n"
            + "__requires__ = 'openshot-qt==2.6.1'\n";

    final Process process;
    final Path script;

    private FakeOpenShot(Process process, Path script) {
        this.process = process;
        this.script = script;
    }

    static FakeOpenShot start(Path scriptDir, Path cwd, Map<String, String> env, String body, String... args) {
        Tools.assumeOrRequire(PYTHON);
        try {
            Files.createDirectories(scriptDir);
            Path script = Files.writeString(scriptDir.resolve("openshot-qt"), HEADER + body, StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.directory(cwd.toFile());
            pb.environment().putAll(env);
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectErrorStream(true);
            pb.redirectOutput(cwd.resolve("fake-openshot-" + System.nanoTime() + ".log").toFile());
            return new FakeOpenShot(pb.start(), script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process that only sleeps. */
    static FakeOpenShot sleeping(Path scriptDir, Path cwd, Map<String, String> env, String... args) {
        return start(scriptDir, cwd, env, "import time\ntime.sleep(120)\n", args);
    }

    long pid() {
        return process.pid();
    }

    /** This process as the live link lists it (found among all openshot-qt processes of this user). */
    List<EditorProcess> listed() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            List<EditorProcess> found = EditorProcess.all(OpenShotProcess::isOpenShot).stream()
                    .filter(p -> p.pid() == pid()).toList();
            if (!found.isEmpty() || System.nanoTime() > until || !process.isAlive()) {
                return found;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
