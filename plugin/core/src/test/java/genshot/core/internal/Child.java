package genshot.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link SaveChild} in a JVM of its own, on this test's class path. */
final class Child implements AutoCloseable {
    final Process process;
    private final BufferedReader out;
    private final Path err;

    private Child(Process process, Path err) {
        this.process = process;
        this.err = err;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the child and waits for its {@code ready}. */
    static Child start(Path errFolder, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), SaveChild.class.getName()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(errFolder, "child", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        Child c = new Child(p, err);
        String first = c.out.readLine();
        if (!"ready".equals(first)) {
            c.close();
            throw new IllegalStateException("the child did not start: " + first + "\n" + Files.readString(err));
        }
        return c;
    }

    /** The rest of its standard output, once it has ended. */
    String rest() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String l; (l = out.readLine()) != null; ) {
            b.append(l).append('\n');
        }
        return b.toString();
    }

    String errors() throws IOException {
        return Files.readString(err);
    }

    /** {@code kill -9}, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing
        }
    }
}
