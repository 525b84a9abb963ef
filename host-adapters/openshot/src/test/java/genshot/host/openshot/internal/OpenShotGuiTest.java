package genshot.host.openshot.internal;

import static genshot.testkit.ProjectFixtures.Item.blank;
import static genshot.testkit.ProjectFixtures.Item.clip;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.testkit.GuiResult;
import genshot.testkit.OpenShotGui;
import genshot.testkit.OspFixtures;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.Tools;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filled projects opened in the real openshot-qt 2.6.1 under Xvfb ({@link OpenShotGui}): they must open with no
 * dialog (HOST-OPENSHOT 11.4). The takes are made with ffmpeg at the project's rate with one handle frame, as genshot
 * makes them. The negative control is a filled project whose take file is gone: openshot-qt shows "Missing File" and the
 * check fails. The frames of the same fills are checked with libopenshot in {@link LibOpenShotRenderTest}. Screenshots
 * go to {@code target/screenshots/}; one check takes about 15 s.
 */
@Tag("gui")
class OpenShotGuiTest {

    private static final Path SHOTS = Path.of("target/screenshots");

    @TempDir
    Path dir;

    @BeforeEach
    void programs() {
        Tools.assumeOrRequire(OpenShotGui.programs());
        Tools.assumeOrRequire("ffmpeg");
    }

    private static InsertRequest request(Media take, String track, TimeRange range) throws Exception {
        return new InsertRequest(take.path(), new MediaInfo(take.width(), take.height(), take.rate(), take.frames(), take.audio(),
                Files.size(take.path())), track, range, "genshot take");
    }

    private static Path fill(Path project, String track, TimeRange range, Media take, Path out) throws Exception {
        OpenShotProject p = Fx.read(project);
        p.insert(request(take, track, range));
        return Files.write(out, p.serialize());
    }

    private Path filledSample() throws Exception {
        Path sample = Fx.copySample(dir);
        Media red = ProjectFixtures.colour(dir.resolve("takes/red.mp4"), "red", Rate.FPS_25, 640, 360, 26, false);
        return fill(sample, "V1", new TimeRange(50, 25), red, dir.resolve("sample-filled.osp"));
    }

    @Test
    void filledSampleOpensWithoutADialog() throws Exception {
        GuiResult r = OpenShotGui.open(filledSample(), SHOTS.resolve("openshot-sample-filled.png"));
        assertTrue(r.passed(), r.describe());
        assertTrue(r.screenshot() != null && Files.size(r.screenshot()) > 1000, r.describe());
    }

    @Test
    void filledGeneratedProjectAt2997OpensWithoutADialog() throws Exception {
        Rate rate = Rate.FPS_29_97;
        Media a = ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", rate, 640, 360, 60, false, 440);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", rate, 640, 360, 45, false, 880);
        Media take = ProjectFixtures.ramp(dir.resolve("takes/ramp.mp4"), rate, 640, 360, 14, false);
        Path project = OspFixtures.project(rate, 640, 360).video(clip(a), blank(30), clip(b)).write(dir.resolve("ntsc.osp"));
        Path filled = fill(project, "V1", new TimeRange(68, 13), take, dir.resolve("ntsc-filled.osp"));
        GuiResult r = OpenShotGui.open(filled, SHOTS.resolve("openshot-2997-filled.png"));
        assertTrue(r.passed(), r.describe());
    }

    @Test
    void replacedTakeOpensWithoutADialog() throws Exception {
        Path filled = filledSample();
        Media blue = ProjectFixtures.colour(dir.resolve("takes/blue.mp4"), "blue", Rate.FPS_25, 640, 360, 26, false);
        OpenShotProject p = Fx.read(filled);
        p.remove("V1", new TimeRange(50, 25));
        p.insert(request(blue, "V1", new TimeRange(50, 25)));
        Path replaced = Files.write(dir.resolve("sample-replaced.osp"), p.serialize());
        // take 1 is no longer in the project: deleting it must not bring up a Missing File dialog
        Files.delete(dir.resolve("takes/red.mp4"));
        GuiResult r = OpenShotGui.open(replaced, SHOTS.resolve("openshot-sample-replaced.png"));
        assertTrue(r.passed(), r.describe());
    }

    @Test
    void negativeControlMissingTakeIsADialog() throws Exception {
        Path filled = filledSample();
        Files.delete(dir.resolve("takes/red.mp4"));
        GuiResult r = OpenShotGui.open(filled, SHOTS.resolve("openshot-negative-missing-take.png"));
        assertFalse(r.passed(), "a missing take must be caught: " + r.describe());
        assertTrue(r.seen().stream().anyMatch(t -> t.contains("Missing File") || t.contains("Find directory")), r.describe());
    }
}
