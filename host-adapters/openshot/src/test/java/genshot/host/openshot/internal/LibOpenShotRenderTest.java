package genshot.host.openshot.internal;

import static genshot.testkit.ProjectFixtures.Item.blank;
import static genshot.testkit.ProjectFixtures.Item.clip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.testkit.Frames;
import genshot.testkit.OpenShotRender;
import genshot.testkit.OspFixtures;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Media;
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
 * The real-host check: insert a generated take, render the original and the edited project with libopenshot
 * 0.2.7 (as openshot-qt loads it), and compare every frame. Inside the range each frame must match the take's
 * frame (mean absolute difference below {@value Frames#MATCH_THRESHOLD} on 64x36 RGB, and no other candidate
 * nearer: the take's neighbouring frames, the original render's frame, black); outside it each frame must match
 * the original render.
 *
 * <p>Three behaviours of libopenshot 0.2.7 are part of the expectation, each measured:
 * <ul>
 * <li>it never shows the last frame of an H.264 file: the take's last frame in the range repeats the one before
 *     (Motion JPEG takes show every frame, see {@link #wholeGapWithAnMjpegTakeIsExact});
 * <li>a clip is drawn on one frame more than its length: the first frame after the range, when its track is
 *     empty there, shows the take's last shown frame again (before the insertion it showed whatever was there);
 * <li>at 30000/1001 fps each clip skips one source frame about its middle (its FrameMapper), for the original's
 *     clips and for the take alike: inside the range, one step of two frames is allowed.
 * </ul>
 */
class LibOpenShotRenderTest {

    @TempDir
    Path dir;

    @BeforeEach
    void tools() {
        OpenShotRender.assumeOrRequire();
    }

    /** How the take shows in libopenshot. */
    private record Expect(boolean h264Take, int maxSkips, boolean heldAfter) {
    }

    private void insertRenderCompare(Path project, String track, TimeRange range, Media take, long frames, Expect x)
            throws Exception {
        insertRenderCompare(project, track, range, null, take, frames, x);
    }

    private static InsertRequest request(Media take, String track, TimeRange range) throws Exception {
        return new InsertRequest(take.path(), new MediaInfo(take.width(), take.height(), take.rate(), take.frames(),
                take.audio(), Files.size(take.path())), track, range, "take");
    }

    /**
     * With a {@code first} take: that one is inserted and saved first, the saved project read again, the first take
     * removed and {@code take} inserted in its place ("replace"); the render must show {@code take}.
     */
    private void insertRenderCompare(Path project, String track, TimeRange range, Media first, Media take, long frames,
            Expect x) throws Exception {
        OpenShotProject p = Fx.read(project);
        assertEquals(frames, p.timeline().duration());
        assertEquals(List.of(), p.warnings());
        if (first != null) {
            p.insert(request(first, track, range));
            p = Fx.read(project, p.serialize());
            p.remove(track, range);
        }
        p.insert(request(take, track, range));
        Path edited = project.resolveSibling("edited.osp");
        Files.write(edited, p.serialize());

        List<byte[]> takeFrames = Frames.decode(take.path());
        assertEquals(take.frames(), takeFrames.size());
        compareRenders(project, edited, range, takeFrames, first == null ? null : Frames.decode(first.path()), frames,
                x);
    }

    /** Renders both projects with libopenshot: inside the range the edited one shows the take, elsewhere the original. */
    private static void compareRenders(Path project, Path edited, TimeRange range, List<byte[]> takeFrames,
                                       List<byte[]> firstFrames, long frames, Expect x) {
        List<byte[]> before = OpenShotRender.renderFrames(project, frames, Frames.W, Frames.H);
        List<byte[]> after = OpenShotRender.renderFrames(edited, frames, Frames.W, Frames.H);
        int lastShown = takeFrames.size() - (x.h264Take() && takeFrames.size() > 1 ? 2 : 1);
        byte[] black = Frames.solid(0, 0, 0, Frames.W, Frames.H);
        List<String> bad = new ArrayList<>();
        int skips = 0;
        for (int f = 0; f < frames; f++) {
            Map<String, byte[]> c = new LinkedHashMap<>();
            c.put("original", before.get(f));
            c.put("black", black);
            String expected;
            if (range.contains(f)) {
                int k = (int) (f - range.start());
                for (int j = Math.max(0, k - 1); j <= Math.min(takeFrames.size() - 1, k + 2); j++) {
                    c.put("take " + j, takeFrames.get(j));
                }
                if (firstFrames != null) {
                    c.put("first take " + k, firstFrames.get(Math.min(k, firstFrames.size() - 1)));
                }
                int want = Math.min(k + skips, lastShown);
                expected = "take " + want;
                String m = Frames.mismatch(after.get(f), expected, c);
                if (m != null && skips < x.maxSkips() && want + 1 <= lastShown && c.containsKey("take " + (want + 1))
                        && Frames.mismatch(after.get(f), "take " + (want + 1), c) == null) {
                    skips++;
                    continue;
                }
                if (m != null) {
                    bad.add("frame " + f + ": " + m);
                }
                continue;
            }
            c.put("take first", takeFrames.get(0));
            c.put("take last shown", takeFrames.get(lastShown));
            expected = f == range.end() && x.heldAfter() ? "take last shown" : "original";
            String m = Frames.mismatch(after.get(f), expected, c);
            if (m != null) {
                bad.add("frame " + f + ": " + m);
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
        assertTrue(skips <= x.maxSkips());
    }

    /**
     * The take is named relative to the .osp's folder, as openshot-qt saves paths: the filled project, moved with its
     * folder (to another disk, another machine), still shows the take.
     */
    @Test
    void aTakeStillRendersAfterTheProjectFolderIsMoved() throws Exception {
        Rate r = Rate.FPS_25;
        Path here = dir.resolve("here");
        Media a = ProjectFixtures.ramp(here.resolve("A.mp4"), r, 320, 180, 40, false);
        Media b = ProjectFixtures.pattern(here.resolve("B.mp4"), "smptebars", r, 320, 180, 30, false, 880);
        Media take = OspFixtures.mjpegRamp(here.resolve("p.osp.genshot/takes/take.mov"), r, 320, 180, 20);
        Path project = OspFixtures.project(r, 320, 180).video(clip(a), blank(20), clip(b)).write(here.resolve("p.osp"));
        OpenShotProject p = Fx.read(project);
        p.insert(request(take, "V1", new TimeRange(40, 20)));
        Files.write(here.resolve("filled.osp"), p.serialize());
        String json = Files.readString(here.resolve("filled.osp"));
        assertTrue(json.contains("\"p.osp.genshot/takes/take.mov\""), "relative to the .osp's folder");
        assertFalse(json.contains(here.toString()), "no absolute path to the folder it was made in");
        List<byte[]> takeFrames = Frames.decode(take.path());

        Path there = Files.move(here, dir.resolve("moved elsewhere"));
        compareRenders(there.resolve("p.osp"), there.resolve("filled.osp"), new TimeRange(40, 20), takeFrames, null, 90,
                new Expect(false, 0, false));
    }

    @Test
    void middleOfAGapAt25fps() throws Exception {
        Rate r = Rate.FPS_25;
        Media a = ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", r, 640, 360, 50, true, 440);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", r, 640, 360, 50, true, 880);
        Media take = ProjectFixtures.ramp(dir.resolve("takes/ramp.mp4"), r, 640, 360, 15, false);
        Path project = OspFixtures.project(r, 640, 360).video(clip(a), blank(25), clip(b)).write(dir.resolve("p25.osp"));
        insertRenderCompare(project, "V1", new TimeRange(55, 15), take, 125, new Expect(true, 0, true));
    }

    @Test
    void wholeGapWithAnMjpegTakeIsExact() throws Exception {
        Rate r = Rate.FPS_25;
        Media a = ProjectFixtures.ramp(dir.resolve("A.mp4"), r, 320, 180, 40, false);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", r, 320, 180, 30, false, 880);
        Media take = OspFixtures.mjpegRamp(dir.resolve("take.mov"), r, 320, 180, 20);
        Path project = OspFixtures.project(r, 320, 180).video(clip(a), blank(20), clip(b)).write(dir.resolve("mj.osp"));
        insertRenderCompare(project, "V1", new TimeRange(40, 20), take, 90, new Expect(false, 0, false));
    }

    @Test
    void wholeGapAndTrailingGapAt2997fps() throws Exception {
        Rate r = Rate.FPS_29_97;
        Media a = ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", r, 320, 180, 60, false, 440);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", r, 320, 180, 45, false, 880);
        Media take = ProjectFixtures.ramp(dir.resolve("ramp.mp4"), r, 320, 180, 30, false);
        Path project = OspFixtures.project(r, 320, 180).video(clip(a), blank(30), clip(b)).write(dir.resolve("p2997.osp"));
        insertRenderCompare(project, "V1", new TimeRange(60, 30), take, 135, new Expect(true, 1, false));

        // a trailing gap: V2 ends at frame 20, the timeline at 135; the take goes to [100, 135) over V1
        Media tail = OspFixtures.mjpegRamp(dir.resolve("tail.mov"), r, 320, 180, 35);
        Path two = OspFixtures.project(r, 320, 180).video(clip(a), blank(30), clip(b)).video(clip(b, 0, 20))
                .write(dir.resolve("tail.osp"));
        insertRenderCompare(two, "V2", new TimeRange(100, 35), tail, 135, new Expect(false, 1, false));
    }

    /**
     * A project saved by openshot-qt 3.4 (libopenshot 0.5): its version, and its readers carrying their file's id and
     * type as 3.1+ writes them. The take renders in its range (libopenshot 0.2.7 here: the JSON it reads is the same),
     * and its reader is shaped as 3.x shapes one, the project's version untouched.
     */
    @Test
    void aProjectOfOpenShot3ShowsTheTake() throws Exception {
        Rate r = Rate.FPS_25;
        Media a = ProjectFixtures.ramp(dir.resolve("A.mp4"), r, 320, 180, 40, false);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", r, 320, 180, 30, false, 880);
        Media take = OspFixtures.mjpegRamp(dir.resolve("take.mov"), r, 320, 180, 20);
        Path project = OspFixtures.project(r, 320, 180).video(clip(a), blank(20), clip(b)).version("3.4.0", "0.5.0")
                .write(dir.resolve("three.osp"));
        insertRenderCompare(project, "V1", new TimeRange(40, 20), take, 90, new Expect(false, 0, false));
        com.fasterxml.jackson.databind.JsonNode edited = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("edited.osp").toFile());
        assertEquals("3.4.0", edited.get("version").get("openshot-qt").asText());
        com.fasterxml.jackson.databind.JsonNode clip = edited.get("clips").get(edited.get("clips").size() - 1);
        com.fasterxml.jackson.databind.JsonNode file = edited.get("files").get(edited.get("files").size() - 1);
        assertEquals(file.get("id"), clip.get("reader").get("id"));
        assertEquals(file.get("id"), clip.get("file_id"));
        assertEquals("video", clip.get("reader").get("media_type").asText());
    }

    /** Replace a take in place: take 1 (a ramp) in, saved, read again, out, take 2 (a test pattern) in. */
    @Test
    void replaceATakeAt25fps() throws Exception {
        Rate r = Rate.FPS_25;
        Media a = ProjectFixtures.pattern(dir.resolve("A.mp4"), "testsrc2", r, 640, 360, 50, false, 440);
        Media b = ProjectFixtures.pattern(dir.resolve("B.mp4"), "smptebars", r, 640, 360, 50, false, 880);
        Media one = OspFixtures.mjpegRamp(dir.resolve("takes/one.mov"), r, 640, 360, 16);
        Media two = ProjectFixtures.pattern(dir.resolve("takes/two.mp4"), "testsrc", r, 640, 360, 16, false, 660);
        Path project = OspFixtures.project(r, 640, 360).video(clip(a), blank(25), clip(b)).write(dir.resolve("replace.osp"));
        insertRenderCompare(project, "V1", new TimeRange(55, 15), one, two, 125, new Expect(true, 0, true));
        assertTrue(!Files.readString(dir.resolve("edited.osp")).contains("one.mov"), "take 1 left the document");
    }

    @Test
    void committedSampleFromACopy() throws Exception {
        Path project = Fx.copySample(dir);
        Media red = ProjectFixtures.colour(dir.resolve("takes/red.mp4"), "red", Rate.FPS_25, 640, 360, 25, false);
        insertRenderCompare(project, "V1", new TimeRange(50, 25), red, 125, new Expect(true, 0, false));
        // and the red is really red (not a black, missing-media frame): HOST-OPENSHOT §11.2
        List<byte[]> f = OpenShotRender.renderFrames(project.resolveSibling("edited.osp"), 125, Frames.W, Frames.H);
        for (int n : new int[] {50, 62, 74}) {
            double[] rgb = Frames.meanColour(f.get(n));
            assertTrue(rgb[0] > 230 && rgb[1] < 25 && rgb[2] < 25, "frame " + n + " is " + java.util.Arrays.toString(rgb));
        }
        double[] a = Frames.meanColour(f.get(49));
        assertTrue(!(a[0] > 200 && a[1] < 40), "frame 49 is still A");
    }
}
