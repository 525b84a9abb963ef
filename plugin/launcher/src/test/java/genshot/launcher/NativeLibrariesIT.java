package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that only read and list ({@code gaps}, {@code generators}, {@code --help}) load no native library of
 * ONNX Runtime (22 MB) or Humble-Video: those wait for the first inference or the first frame. Each command runs
 * through {@code bin/genshot} with the JVM's library log written to a file ({@code -Xlog:library=info}); the log must
 * name the JDK's own libraries (so it worked) and none of ONNX Runtime's or Humble's.
 */
class NativeLibrariesIT {

    @TempDir
    Path dir;

    private List<String> loadedLibraries(String... args) throws Exception {
        Path log = dir.resolve("library.log");
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>();
        cmd.add(FillEndToEndIT.REPO.resolve("bin/genshot").toString());
        cmd.addAll(List.of(args));
        Tools.Result r = Tools.run(cmd, null, Duration.ofMinutes(2),
                Map.of("GENSHOT_JAVA_OPTS", "-Xlog:library=info:file=" + log));
        assertEquals(0, r.exitCode(), () -> String.join(" ", args) + ": " + r.stderr());
        List<String> loaded = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int at = line.indexOf("Loaded library ");
            if (at >= 0) {
                loaded.add(line.substring(at + "Loaded library ".length()));
            }
        }
        return loaded;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaps kdenlive/sample.kdenlive --json", "gaps openshot/sample.osp --json",
            "gaps openshot/sample.osp", "generators --json", "generators", "--help"})
    void listingCommandsLoadNoOnnxRuntimeOrHumble(String command) throws Exception {
        FillEndToEndIT.copySample(dir.resolve("k"));
        FillEndToEndIT.copySample(dir.resolve("o"), "openshot", "sample.osp");
        List<String> args = new ArrayList<>();
        for (String a : command.split(" ")) {
            args.add(a.startsWith("kdenlive/") ? dir.resolve("k").resolve(a.substring(9)).toString()
                    : a.startsWith("openshot/") ? dir.resolve("o").resolve(a.substring(9)).toString() : a);
        }
        List<String> loaded = loadedLibraries(args.toArray(String[]::new));
        assertTrue(loaded.stream().anyMatch(l -> l.contains("libzip") || l.contains("libnio")),
                () -> "the library log names none of the JDK's own libraries, so it proves nothing: " + loaded);
        List<String> foreign = loaded.stream().filter(l -> {
            String s = l.toLowerCase(Locale.ROOT);
            return s.contains("onnxruntime") || s.contains("humble");
        }).toList();
        assertTrue(foreign.isEmpty(), () -> command + " loaded " + foreign);
    }
}
