package genshot.host.kdenlive.internal;

import static genshot.testkit.ProjectFixtures.Item.blank;
import static genshot.testkit.ProjectFixtures.Item.clip;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.testkit.GuiResult;
import genshot.testkit.KdenliveGui;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.Tools;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filled projects opened in the real Kdenlive 22.12 under Xvfb ({@link KdenliveGui}): they must open with no dialog.
 * Two negative controls show that the check can fail: a 1.1 project ("Unable to open project") and a filled project
 * whose new bin clip is missing from {@code main_bin} ("Problems found in your project file"). Screenshots go to
 * {@code target/screenshots/}. Each Kdenlive start takes 30 to 75 s.
 */
@Tag("gui")
class KdenliveGuiTest {

    private static final Path SHOTS = Path.of("target/screenshots");

    @TempDir
    Path dir;

    @BeforeEach
    void programs() {
        Tools.assumeOrRequire(KdenliveGui.programs());
        Tools.assumeOrRequire("ffmpeg");
    }

    private static Path fill(Path project, String track, TimeRange range, Media take, Path out) throws Exception {
        KdenliveProject p = Fx.read(project);
        p.insert(new InsertRequest(take.path(), new MediaInfo(take.width(), take.height(), take.rate(), take.frames(), take.audio(),
                Files.size(take.path())), track, range, "genshot take"));
        return Files.write(out, p.serialize());
    }

    private Path filledSample() throws Exception {
        Path sample = Fx.copySample(dir);
        Media red = ProjectFixtures.colour(dir.resolve("takes/red.mp4"), "red", Rate.FPS_25, 640, 360, 25, true);
        return fill(sample, "V1", new TimeRange(50, 25), red, dir.resolve("sample-filled.kdenlive"));
    }

    @Test
    void filledSampleOpensWithoutADialog() throws Exception {
        GuiResult r = KdenliveGui.open(filledSample(), SHOTS.resolve("kdenlive-sample-filled.png"));
        assertTrue(r.passed(), r.describe());
    }

    @Test
    void filledGeneratedProjectAt2997OpensWithoutADialog() throws Exception {
        Rate rate = Rate.FPS_29_97;
        Media a = ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", rate, 640, 360, 60, true, 440);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", rate, 640, 360, 45, true, 880);
        Media take = ProjectFixtures.ramp(dir.resolve("takes/ramp.mp4"), rate, 640, 360, 13, true);
        Path project = ProjectFixtures.project(rate, 640, 360).audio(clip(a), blank(30), clip(b))
                .video(clip(a), blank(30), clip(b)).write(dir.resolve("ntsc.kdenlive"));
        Path filled = fill(project, "V1", new TimeRange(68, 13), take, dir.resolve("ntsc-filled.kdenlive"));
        GuiResult r = KdenliveGui.open(filled, SHOTS.resolve("kdenlive-2997-filled.png"));
        assertTrue(r.passed(), r.describe());
    }

    /**
     * Replace a take in place: the filled sample read again, the red take removed and a blue one inserted; the red take's
     * file is then deleted, so a bin clip left behind would bring up Kdenlive's missing-clip dialog.
     */
    @Test
    void replacedTakeOpensWithoutADialog() throws Exception {
        Path filled = filledSample();
        Media blue = ProjectFixtures.colour(dir.resolve("takes/blue.mp4"), "blue", Rate.FPS_25, 640, 360, 25, true);
        KdenliveProject p = Fx.read(filled);
        p.remove("V1", new TimeRange(50, 25));
        p.insert(new InsertRequest(blue.path(), new MediaInfo(640, 360, Rate.FPS_25, 25, true, Files.size(blue.path())), "V1",
                new TimeRange(50, 25), "genshot take 2"));
        Path replaced = Files.write(dir.resolve("sample-replaced.kdenlive"), p.serialize());
        Files.delete(dir.resolve("takes/red.mp4"));
        GuiResult r = KdenliveGui.open(replaced, SHOTS.resolve("kdenlive-sample-replaced.png"));
        assertTrue(r.passed(), r.describe());
    }

    @Test
    void negativeControlVersion11IsADialog() throws Exception {
        Media a = ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", Rate.FPS_25, 640, 360, 25, true, 440);
        Path project = ProjectFixtures.project(Rate.FPS_25, 640, 360).video(clip(a), blank(10), clip(a)).version("1.1")
                .write(dir.resolve("v11.kdenlive"));
        GuiResult r = KdenliveGui.open(project, SHOTS.resolve("kdenlive-negative-v11.png"));
        assertFalse(r.passed(), "Kdenlive 22.12 cannot open 1.1: " + r.describe());
        // Kdenlive 22.12 reads the version from the first playlist, which in 1.1 is not main_bin: "Incorrect project
        // file" comes first, "Unable to open project" after it
        assertTrue(r.seen().stream().anyMatch(t -> t.startsWith("Unable to open project") || t.startsWith("Incorrect project file")),
                r.describe());
    }

    @Test
    void negativeControlMissingBinEntryIsADialog() throws Exception {
        Path filled = filledSample();
        String xml = Files.readString(filled, StandardCharsets.UTF_8);
        // drop the new clip's <entry> from main_bin: Kdenlive removes the timeline clip and says so
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<entry (?=[^>]*out=\"24\")(?=[^>]*in=\"0\")[^>]*/>")
                .matcher(xml);
        assertTrue(m.find(), "the fill adds the new clip to main_bin");
        String entry = m.group();
        Path broken = Files.writeString(dir.resolve("sample-no-bin-entry.kdenlive"), xml.replace(entry, ""), StandardCharsets.UTF_8);
        GuiResult r = KdenliveGui.open(broken, SHOTS.resolve("kdenlive-negative-no-bin-entry.png"));
        assertFalse(r.passed(), r.describe());
        assertTrue(r.seen().stream().anyMatch(t -> t.startsWith("Problems found in your project file")), r.describe());
    }
}
