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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class data sharing archives the build dumps are the ones {@code bin/genshot} maps, and the JVM takes classes
 * from them: {@code genshot.jsa} for the commands ({@code gaps} here), {@code genshot-panel.jsa} for the panel, with
 * JavaFX's classes in it. Checked with the JVM's class-loading log ({@code -Xlog:class+load}), which says for each
 * class whether it came from a "shared objects file"; a stale or unmapped archive makes every class come from its
 * jar, and the test fails.
 */
class ClassDataSharingIT {
    @TempDir
    Path dir;

    private List<String> classLog(List<String> command) throws Exception {
        Path log = dir.resolve("classes.log");
        Files.deleteIfExists(log);
        Tools.Result r = Tools.run(command, null, Duration.ofMinutes(2),
                Map.of("GENSHOT_JAVA_OPTS", "-Xlog:class+load=info:file=" + log));
        assertEquals(0, r.exitCode(), () -> command + ": " + r.stderr());
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    private static boolean shared(List<String> log, String className) {
        return log.stream().anyMatch(l -> l.contains(" " + className + " source: shared objects file"));
    }

    @Test
    void gapsMapsTheCommandsArchive() throws Exception {
        Path project = FillEndToEndIT.copySample(dir.resolve("sample"));
        List<String> log = classLog(List.of(FillEndToEndIT.REPO.resolve("bin/genshot").toString(), "gaps",
                project.toString(), "--json"));
        assertTrue(shared(log, "genshot.launcher.Main"), "the launcher's classes come from genshot.jsa");
        assertTrue(shared(log, "org.apache.felix.framework.Felix"), "Felix's classes come from genshot.jsa");
        assertTrue(!shared(log, "javafx.scene.control.Button"), "gaps loads no JavaFX");
    }

    @Test
    void thePanelMapsItsOwnArchiveWithJavaFxInIt() throws Exception {
        Tools.assumeOrRequire("xvfb-run");
        Path dist = FillEndToEndIT.REPO.resolve("plugin/launcher/target/genshot");
        assertTrue(Files.isRegularFile(dist.resolve("genshot-panel.jsa")),
                "the build dumps the panel's archive when xvfb-run is there (target/cds-panel-dump.log)");
        Path project = FillEndToEndIT.copySample(dir.resolve("sample"));
        List<String> command = new ArrayList<>(List.of("xvfb-run", "-a",
                FillEndToEndIT.REPO.resolve("bin/genshot").toString(), "panel", project.toString(), "--screenshot",
                dir.resolve("panel.png").toString(), "--close-after-screenshot"));
        List<String> log = classLog(command);
        assertTrue(shared(log, "genshot.launcher.Main"), "the launcher's classes come from the panel's archive");
        assertTrue(shared(log, "javafx.scene.control.Button"), "JavaFX's classes come from the panel's archive");
        assertTrue(shared(log, "javafx.scene.control.skin.TableViewSkin"), "so do the skins the panel draws");
    }
}
