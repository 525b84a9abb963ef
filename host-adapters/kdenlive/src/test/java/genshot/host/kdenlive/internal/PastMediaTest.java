package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Problem;
import genshot.testkit.Frames;
import genshot.testkit.Melt;
import genshot.testkit.Tools;
import genshot.timeline.TimeRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A timeline entry whose {@code out} lies past its producer's {@code length}: MLT stops the cut at the producer's last
 * frame, so the clip is shorter than its in/out say and what follows it starts earlier. genshot reads it as melt plays
 * it (the gap after it is where melt shows black) and warns.
 */
class PastMediaTest {
    @TempDir
    Path dir;

    private Path sampleWithLongEntry(String in, String out) throws Exception {
        Path project = Fx.copySample(dir);
        String xml = Files.readString(project, StandardCharsets.UTF_8);
        String entry = "<entry producer=\"producer4\" in=\"00:00:00.000\" out=\"00:00:01.960\">";
        assertTrue(xml.contains(entry));
        // V1's first clip (50 frames of A.mp4, producer length 50) asks for frames up to 69
        Files.writeString(project, xml.replace(entry, "<entry producer=\"producer4\" in=\"" + in + "\" out=\"" + out + "\">"),
                StandardCharsets.UTF_8);
        return project;
    }

    @Test
    void aClipPastItsMediaIsReadAsMeltPlaysItAndWarned() throws Exception {
        Path project = sampleWithLongEntry("00:00:00.000", "00:00:02.760");
        KdenliveProject p = Fx.read(project);
        assertEquals(List.of(new TimeRange(50, 25)), p.timeline().gaps().stream().map(g -> g.range()).toList(),
                "the clip stops at its media's frame 49, as in melt");
        List<Problem> w = p.warnings().stream().filter(x -> x.code().equals("time.past-media")).toList();
        assertEquals(1, w.size(), p.warnings().toString());
        assertTrue(w.get(0).message().contains("69") && w.get(0).message().contains("50 frames"), w.get(0).message());
        assertTrue(w.get(0).place().contains("producer4"), w.get(0).place());

        Tools.assumeOrRequire(Melt.programs());
        List<byte[]> frames = Melt.renderFrames(project, 100, Frames.W, Frames.H);
        byte[] black = Frames.solid(0, 0, 0, Frames.W, Frames.H);
        assertTrue(Frames.mad(frames.get(48), black) > 20, "the clip shows at 48");
        for (int f = 51; f < 75; f++) {
            assertTrue(Frames.mad(frames.get(f), black) < 3, "melt shows the gap at " + f);
        }
        assertTrue(Frames.mad(frames.get(76), black) > 20, "B follows at 75");
    }

    @Test
    void aClipThatStartsPastItsMediaLastsOneFrameAsInMelt() throws Exception {
        Path project = sampleWithLongEntry("00:00:02.400", "00:00:02.760");
        KdenliveProject p = Fx.read(project);
        assertEquals(new TimeRange(1, 25), p.timeline().gaps().get(0).range(), "one frame of the clip, then the gap");
        Tools.assumeOrRequire(Melt.programs());
        List<byte[]> frames = Melt.renderFrames(project, 30, Frames.W, Frames.H);
        byte[] black = Frames.solid(0, 0, 0, Frames.W, Frames.H);
        assertTrue(Frames.mad(frames.get(0), black) > 20, "one frame of the clip");
        assertTrue(Frames.mad(frames.get(1), black) < 3 && Frames.mad(frames.get(25), black) < 3, "then the gap");
        assertTrue(Frames.mad(frames.get(27), black) > 20, "then B");
    }
}
