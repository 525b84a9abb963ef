package genshot.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OpenShotGui} against the real openshot-qt: a tiny hand-written project (HOST-OPENSHOT §9: A | gap | B on
 * Track 1, 30 fps media made here) opens with no dialog; the same project without a clip's {@code reader} shows
 * "Error Opening Project" and the check fails. The committed OpenShot sample is checked too when it exists.
 */
@Tag("gui")
class OpenShotGuiTest {

    @TempDir
    Path dir;

    private static final Path SHOTS = Path.of("target/screenshots");

    @BeforeEach
    void programs() {
        Tools.assumeOrRequire(OpenShotGui.programs());
        Tools.assumeOrRequire("ffmpeg");
    }

    private Path tiny() throws Exception {
        Files.copy(OpenShotGuiTest.class.getResourceAsStream("/openshot/tiny.osp"), dir.resolve("tiny.osp"));
        ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", genshot.timeline.Rate.FPS_30, 640, 360, 60, false, 440);
        ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", genshot.timeline.Rate.FPS_30, 640, 360, 60, false, 880);
        return dir.resolve("tiny.osp");
    }

    @Test
    void aValidProjectOpensWithoutADialog() throws Exception {
        GuiResult r = OpenShotGui.open(tiny(), SHOTS.resolve("openshot-tiny.png"));
        assertTrue(r.passed(), r.describe());
        assertTrue(r.screenshot() != null && Files.size(r.screenshot()) > 1000, r.describe());
    }

    @Test
    void aProjectWithoutAReaderIsCaught() throws Exception {
        Path p = tiny();
        String json = Files.readString(p);
        int clips = json.indexOf("\"clips\"");
        int reader = json.indexOf("\"reader\"", clips);
        int end = json.indexOf("\"alpha\"", reader);
        Path broken = Files.writeString(dir.resolve("broken.osp"), json.substring(0, reader) + json.substring(end));
        GuiResult r = OpenShotGui.open(broken, SHOTS.resolve("openshot-broken-detected.png"));
        assertFalse(r.passed(), r.describe());
        assertTrue(r.seen().stream().anyMatch(t -> t.contains("Error Opening Project")), r.describe());
    }

    @Test
    void committedSampleWhenPresent() {
        String root = System.getProperty("genshot.repoRoot");
        Path sample = Path.of(root == null || root.isBlank() ? "../.." : root, "assets/samples/openshot/sample.osp");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(sample), "no committed OpenShot sample yet");
        GuiResult r = OpenShotGui.open(sample, SHOTS.resolve("openshot-sample.png"));
        assertTrue(r.passed(), r.describe());
    }

    @Test
    void titles() {
        assertTrue(OpenShotGui.mainTitle(Path.of("/x/tiny.osp")).matcher(" tiny [HD 720p 30 fps] - OpenShot Video Editor").matches());
        assertFalse(OpenShotGui.mainTitle(Path.of("/x/tiny.osp")).matcher(" Untitled Project [HD 720p 30 fps] - OpenShot Video Editor")
                .matches());
        assertTrue(KdenliveGui.mainTitle(Path.of("/x/sample.kdenlive")).matcher("sample / 640x360 25fps \u2014 Kdenlive").matches());
        assertTrue(KdenliveGui.mainTitle(Path.of("/x/sample.kdenlive")).matcher("sample* / 640x360 25fps \u2014 Kdenlive").matches());
        assertFalse(KdenliveGui.mainTitle(Path.of("/x/sample.kdenlive")).matcher("Unable to open project \u2014 Kdenlive").matches());
        assertTrue(List.of(KdenliveGui.programs()).contains("kdenlive"));
    }
}
