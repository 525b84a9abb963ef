package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GenshotException;
import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.testkit.Frames;
import genshot.testkit.Melt;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.Tools;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same-track mixes (Kdenlive 22.04+): a track tractor of two playlists, where a clip of the second shows wherever it
 * is. The golden project {@code mix.kdenlive} was written by Kdenlive 22.12.3 itself: V1's first playlist is blank over
 * [50, 90) but its second playlist's clip (mixed in at 40 and out at 90) shows there, so the only gap is [140, 160).
 */
class MixTest {
    @TempDir
    Path dir;

    private Path golden() throws Exception {
        Path src = Path.of(getClass().getResource("/golden/kdenlive/1.04/mix.kdenlive").toURI());
        Path p = dir.resolve("mix.kdenlive");
        Files.copy(src, p);
        return p;
    }

    private static InsertRequest request(Media take, TimeRange range) throws Exception {
        return new InsertRequest(take.path(), new MediaInfo(take.width(), take.height(), take.rate(), take.frames(),
                false, Files.size(take.path())), "V1", range, "take");
    }

    @Test
    void whereTheMixShowsAClipIsNoGapAndAnInsertionThereIsRefused() throws Exception {
        Path project = golden();
        KdenliveProject p = Fx.read(project);
        assertEquals(List.of(new TimeRange(140, 20)), p.timeline().gaps().stream().map(g -> g.range()).toList());
        Media take = ProjectFixtures.ramp(dir.resolve("take.mp4"), Rate.FPS_25, 640, 360, 21, false);
        byte[] before = p.serialize();
        GenshotException e = assertThrows(GenshotException.class, () -> p.insert(request(take, new TimeRange(60, 10))));
        assertEquals("gap.not-free", e.problem().code());
        assertArrayEquals(before, p.serialize(), "a refused insertion changes nothing");
    }

    @Test
    void meltShowsATakeInTheGapAndTheMixesStayAsTheyWere() throws Exception {
        Tools.assumeOrRequire(Melt.programs());
        Path project = golden();
        KdenliveProject p = Fx.read(project);
        Media take = ProjectFixtures.ramp(dir.resolve("take.mp4"), Rate.FPS_25, 640, 360, 21, false);
        p.insert(request(take, new TimeRange(140, 20)));
        Path edited = dir.resolve("edited.kdenlive");
        Files.write(edited, p.serialize());
        String xml = Files.readString(edited, StandardCharsets.UTF_8);
        String orig = Files.readString(project, StandardCharsets.UTF_8);
        for (String mix : List.of("transition2", "transition3")) {
            String a = orig.substring(orig.indexOf("<transition id=\"" + mix + "\""));
            String b = xml.substring(xml.indexOf("<transition id=\"" + mix + "\""));
            assertEquals(a.substring(0, a.indexOf("</transition>")), b.substring(0, b.indexOf("</transition>")),
                    mix + " is kept as it was");
        }
        assertEquals(List.of(), Fx.read(edited).timeline().gaps());

        List<byte[]> before = Melt.renderFrames(project, 200, Frames.W, Frames.H);
        List<byte[]> after = Melt.renderFrames(edited, 200, Frames.W, Frames.H);
        List<byte[]> frames = Frames.decode(take.path());
        for (int f = 0; f < 200; f++) {
            byte[] want = f >= 140 && f < 160 ? frames.get(f - 140) : before.get(f);
            double d = Frames.mad(after.get(f), want);
            assertTrue(d < Frames.MATCH_THRESHOLD, "frame " + f + " (mean abs difference " + d + ")");
        }
        // and melt agrees that [50, 90) was never free: the mix's second clip shows there
        byte[] black = Frames.solid(0, 0, 0, Frames.W, Frames.H);
        assertTrue(Frames.mad(before.get(70), black) > 50, "a clip shows at frame 70");
        assertTrue(Frames.mad(before.get(150), black) < 3, "frame 150 is black before the fill");
    }
}
