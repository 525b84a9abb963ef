package genshot.host.kdenlive.internal;

import static genshot.testkit.ProjectFixtures.Item.blank;
import static genshot.testkit.ProjectFixtures.Item.clip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.testkit.Frames;
import genshot.testkit.Melt;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.Tools;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-host check: insert a generated take, render the original and the edited project with melt, and
 * compare every frame. Inside the range each frame must match the take's frame (mean absolute difference
 * below {@value Frames#MATCH_THRESHOLD} on 64x36 RGB, and no other candidate nearer: the take's neighbouring
 * frames, the original render's frame, black); outside it each frame must match the original render.
 */
class MeltRenderTest {

    @TempDir
    Path dir;

    @BeforeEach
    void tools() {
        Tools.assumeOrRequire(Melt.programs());
    }

    /** Inserts {@code take} on {@code track} over {@code range}, renders both projects and compares the frames. */
    private void insertRenderCompare(Path project, String track, TimeRange range, Media take, long frames) throws Exception {
        insertRenderCompare(project, track, range, null, take, frames);
    }

    private static InsertRequest request(Media take, String track, TimeRange range) throws Exception {
        return new InsertRequest(take.path(), new MediaInfo(take.width(), take.height(), take.rate(), take.frames(), take.audio(),
                Files.size(take.path())), track, range, "take");
    }

    /**
     * As above; with a {@code first} take, that one is inserted and saved first, then the saved project is read again,
     * the first take removed and {@code take} inserted in its place ("replace"): the render must show {@code take}.
     */
    private void insertRenderCompare(Path project, String track, TimeRange range, Media first, Media take, long frames)
            throws Exception {
        KdenliveProject p = Fx.read(project);
        assertEquals(frames, p.timeline().duration());
        if (first != null) {
            p.insert(request(first, track, range));
            p = (KdenliveProject) new KdenliveAdapter().read(project, p.serialize());
            p.remove(track, range);
        }
        p.insert(request(take, track, range));
        Path edited = project.resolveSibling("edited.kdenlive");
        Files.write(edited, p.serialize());

        List<byte[]> takeFrames = Frames.decode(take.path());
        assertEquals(take.frames(), takeFrames.size());
        compareRenders(project, edited, range, takeFrames, first == null ? null : Frames.decode(first.path()), frames);
    }

    /** Renders both projects with melt: inside the range the edited one shows the take, elsewhere the original. */
    private static void compareRenders(Path project, Path edited, TimeRange range, List<byte[]> takeFrames,
                                       List<byte[]> firstFrames, long frames) {
        List<byte[]> before = Melt.renderFrames(project, frames, Frames.W, Frames.H);
        List<byte[]> after = Melt.renderFrames(edited, frames, Frames.W, Frames.H);
        byte[] black = Frames.solid(0, 0, 0, Frames.W, Frames.H);
        List<String> bad = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            Map<String, byte[]> c = new LinkedHashMap<>();
            c.put("original", before.get(f));
            c.put("black", black);
            String expected;
            if (range.contains(f)) {
                int k = (int) (f - range.start());
                expected = "take " + k;
                for (int j = Math.max(0, k - 1); j <= Math.min(takeFrames.size() - 1, k + 1); j++) {
                    c.put("take " + j, takeFrames.get(j));
                }
                if (firstFrames != null) {
                    c.put("first take " + k, firstFrames.get(k));
                }
            } else {
                expected = "original";
                c.put("take first", takeFrames.get(0));
                c.put("take last", takeFrames.get(takeFrames.size() - 1));
            }
            String m = Frames.mismatch(after.get(f), expected, c);
            if (m != null) {
                bad.add("frame " + f + ": " + m);
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    /**
     * Regression: takes were inserted with absolute paths into projects that name their media relatively, so moving
     * the project's folder (to another disk, another machine) lost the takes while the editor's own clips followed.
     * Now the take is named relative to {@code root} as the project's media are, and the moved project renders with
     * the take in place.
     */
    @Test
    void aTakeInARelativeProjectStillRendersAfterTheFolderIsMoved() throws Exception {
        Rate r = Rate.FPS_25;
        Path here = dir.resolve("here");
        Media a = ProjectFixtures.pattern(here.resolve("A.mp4"), "testsrc2", r, 320, 180, 50, false, 440);
        Media b = ProjectFixtures.pattern(here.resolve("B.mp4"), "smptebars", r, 320, 180, 50, false, 880);
        Media take = ProjectFixtures.ramp(here.resolve("p.kdenlive.genshot/takes/ramp.mp4"), r, 320, 180, 25, false);
        Path project = ProjectFixtures.project(r, 320, 180).video(clip(a), blank(25), clip(b))
                .write(here.resolve("p.kdenlive"));
        KdenliveProject p = Fx.read(project);
        p.insert(request(take, "V1", new TimeRange(50, 25)));
        Files.write(here.resolve("filled.kdenlive"), p.serialize());
        String xml = Files.readString(here.resolve("filled.kdenlive"));
        assertTrue(xml.contains("<property name=\"resource\">p.kdenlive.genshot/takes/ramp.mp4</property>"),
                "named as the project names A.mp4 and B.mp4");
        List<byte[]> takeFrames = Frames.decode(take.path());

        Path there = Files.move(here, dir.resolve("moved elsewhere"));
        compareRenders(there.resolve("p.kdenlive"), there.resolve("filled.kdenlive"), new TimeRange(50, 25),
                takeFrames, null, 125);
    }

    @Test
    void splitFillAt25fps() throws Exception {
        Rate r = Rate.FPS_25;
        Media a = ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", r, 640, 360, 50, true, 440);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", r, 640, 360, 50, true, 880);
        Media take = ProjectFixtures.ramp(dir.resolve("takes/ramp.mp4"), r, 640, 360, 15, true);
        Path project = ProjectFixtures.project(r, 640, 360).audio(clip(a), blank(25), clip(b))
                .video(clip(a), blank(25), clip(b)).write(dir.resolve("p25.kdenlive"));
        insertRenderCompare(project, "V1", new TimeRange(55, 15), take, 125);
    }

    @Test
    void wholeGapAndTrailingGapAt2997fps() throws Exception {
        Rate r = Rate.FPS_29_97;
        Media a = ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", r, 320, 180, 60, true, 440);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", r, 320, 180, 45, true, 880);
        Media take = ProjectFixtures.ramp(dir.resolve("ramp.mp4"), r, 320, 180, 30, false);
        Path project = ProjectFixtures.project(r, 320, 180).audio(clip(a), blank(30), clip(b))
                .video(clip(a), blank(30), clip(b)).write(dir.resolve("p2997.kdenlive"));
        insertRenderCompare(project, "V1", new TimeRange(60, 30), take, 135);

        // a trailing gap: V2 ends at frame 20, the timeline at 135; the take goes to [100, 135) over V1
        Media tail = ProjectFixtures.ramp(dir.resolve("tail.mp4"), r, 320, 180, 35, true);
        Path two = ProjectFixtures.project(r, 320, 180).video(clip(a), blank(30), clip(b)).video(clip(b, 0, 20))
                .write(dir.resolve("tail.kdenlive"));
        insertRenderCompare(two, "V2", new TimeRange(100, 35), tail, 135);
    }

    @Test
    void committedSampleFromACopy() throws Exception {
        Path project = Fx.copySample(dir);
        Media red = ProjectFixtures.colour(dir.resolve("takes/red.mp4"), "red", Rate.FPS_25, 640, 360, 25, true);
        insertRenderCompare(project, "V1", new TimeRange(50, 25), red, 125);
        // and the red is really red (not e.g. a missing-media white): HOST-KDENLIVE §4.3 frame 62
        byte[] f62 = Melt.renderFrames(project.resolveSibling("edited.kdenlive"), 125, Frames.W, Frames.H).get(62);
        double[] rgb = Frames.meanColour(f62);
        assertTrue(rgb[0] > 230 && rgb[1] < 25 && rgb[2] < 25, "frame 62 is " + java.util.Arrays.toString(rgb));
    }

    /** Replace a take in place: take 1 (a ramp) in, saved, read again, out, take 2 (a test pattern) in. */
    @Test
    void replaceATakeAt25fps() throws Exception {
        Rate r = Rate.FPS_25;
        Media a = ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", r, 640, 360, 50, true, 440);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", r, 640, 360, 50, true, 880);
        Media one = ProjectFixtures.ramp(dir.resolve("takes/one.mp4"), r, 640, 360, 16, true);
        Media two = ProjectFixtures.pattern(dir.resolve("takes/two.mp4"), "testsrc", r, 640, 360, 16, true, 660);
        Path project = ProjectFixtures.project(r, 640, 360).audio(clip(a), blank(25), clip(b))
                .video(clip(a), blank(25), clip(b)).write(dir.resolve("replace.kdenlive"));
        insertRenderCompare(project, "V1", new TimeRange(55, 15), one, two, 125);
        assertTrue(!Files.readString(dir.resolve("edited.kdenlive")).contains("one.mp4"), "take 1 left the document");
    }

    /** The same in the 1.1 layout at 30000/1001, over a whole gap. */
    @Test
    void replaceATakeInVersion11At2997fps() throws Exception {
        Rate r = Rate.FPS_29_97;
        Media a = ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", r, 320, 180, 60, true, 440);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", r, 320, 180, 45, true, 880);
        Media one = ProjectFixtures.ramp(dir.resolve("takes/one.mp4"), r, 320, 180, 31, false);
        Media two = ProjectFixtures.pattern(dir.resolve("takes/two.mp4"), "testsrc", r, 320, 180, 31, false, 660);
        Path project = ProjectFixtures.project(r, 320, 180).audio(clip(a), blank(30), clip(b))
                .video(clip(a), blank(30), clip(b)).version("1.1").write(dir.resolve("replace11.kdenlive"));
        insertRenderCompare(project, "V1", new TimeRange(60, 30), one, two, 135);
    }

    /** Kdenlive 23.04+ layout (document version 1.1): the project tractor plays the active sequence. */
    @Test
    void version11WholeGapAt25fps() throws Exception {
        Rate r = Rate.FPS_25;
        Media a = ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", r, 640, 360, 50, true, 440);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", r, 640, 360, 50, true, 880);
        Media take = ProjectFixtures.ramp(dir.resolve("takes/ramp.mp4"), r, 640, 360, 25, true);
        Path project = ProjectFixtures.project(r, 640, 360).audio(clip(a), blank(25), clip(b))
                .video(clip(a), blank(25), clip(b)).version("1.1").write(dir.resolve("v11.kdenlive"));
        insertRenderCompare(project, "V1", new TimeRange(50, 25), take, 125);
        assertTrue(Files.readString(dir.resolve("edited.kdenlive")).contains("<chain id="));
    }

    @Test
    void version11SplitFillsAt2997fps() throws Exception {
        Rate r = Rate.FPS_29_97;
        Media a = ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", r, 320, 180, 60, true, 440);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", r, 320, 180, 45, true, 880);
        Media take = ProjectFixtures.ramp(dir.resolve("ramp.mp4"), r, 320, 180, 13, true);
        Path project = ProjectFixtures.project(r, 320, 180).audio(clip(a), blank(30), clip(b))
                .video(clip(a), blank(30), clip(b)).video(blank(100), clip(b, 0, 10)).version("1.1").controlUuids(true)
                .write(dir.resolve("v11-2997.kdenlive"));
        insertRenderCompare(project, "V1", new TimeRange(68, 13), take, 135);
        // a trailing gap of V2 [110, 135) in the same layout
        Media tail = ProjectFixtures.ramp(dir.resolve("tail.mp4"), r, 320, 180, 25, false);
        insertRenderCompare(project, "V2", new TimeRange(110, 25), tail, 135);
    }
}
