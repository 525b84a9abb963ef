package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.testkit.Frames;
import genshot.testkit.Melt;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.Tools;
import genshot.timeline.Clip;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sequence nested in the timeline (Kdenlive 23.04+, document 1.1): a timeline entry whose producer is another
 * sequence's tractor. It is a clip with no media file: listed as a clip (not a gap), {@code mediaPath} null (was a
 * NullPointerException in the fill), a take beside it goes in, and melt plays the nested sequence and the take.
 */
class NestedSequenceTest {
    @TempDir
    Path dir;

    private Path project() throws Exception {
        Path p = ProjectFixtures.nestedSequenceProject(dir.resolve("nested.kdenlive"));
        for (String f : new String[] {"A.mp4", "B.mp4"}) {
            Files.copy(Fx.sampleDir().resolve(f), dir.resolve(f));
        }
        return p;
    }

    @Test
    void aNestedSequenceIsAClipWithoutAMediaFileAndATakeGoesBesideIt() throws Exception {
        Path project = project();
        KdenliveProject p = Fx.read(project);
        assertEquals(List.of(new TimeRange(30, 20), new TimeRange(25, 35), new TimeRange(70, 30)),
                p.timeline().gaps().stream().map(g -> g.range()).toList());
        Clip nested = (Clip) p.timeline().track("V2").orElseThrow().items().get(0);
        assertEquals(25, nested.duration());
        assertNull(p.mediaPath(nested), "a nested sequence has no media file");
        assertEquals(List.of(), p.warnings(), "and is not missing media");

        Media take = ProjectFixtures.ramp(dir.resolve("take.mp4"), Rate.FPS_25, 640, 360, 35, false);
        p.insert(new InsertRequest(take.path(), new MediaInfo(640, 360, Rate.FPS_25, 35, false, Files.size(take.path())),
                "V2", new TimeRange(25, 35), "take"));
        Path edited = dir.resolve("edited.kdenlive");
        Files.write(edited, p.serialize());
        assertEquals(List.of(new TimeRange(30, 20), new TimeRange(70, 30)),
                Fx.read(edited).timeline().gaps().stream().map(g -> g.range()).toList());

        Tools.assumeOrRequire(Melt.programs());
        List<byte[]> before = Melt.renderFrames(project, 100, Frames.W, Frames.H);
        List<byte[]> after = Melt.renderFrames(edited, 100, Frames.W, Frames.H);
        List<byte[]> frames = Frames.decode(take.path());
        byte[] black = Frames.solid(0, 0, 0, Frames.W, Frames.H);
        for (int f = 0; f < 100; f++) {
            byte[] want = f >= 25 && f < 60 ? frames.get(f - 25) : before.get(f);
            double d = Frames.mad(after.get(f), want);
            assertTrue(d < Frames.MATCH_THRESHOLD, "frame " + f + " (mean abs difference " + d + ")");
        }
        assertTrue(Frames.mad(before.get(10), black) > 20, "melt plays the nested sequence over [0, 25)");
    }
}
