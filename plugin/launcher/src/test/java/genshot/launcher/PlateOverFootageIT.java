package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genshot.testkit.Frames;
import genshot.testkit.Melt;
import genshot.testkit.OpenShotRender;
import genshot.testkit.OspFixtures;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Item;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.Tools;
import genshot.timeline.Rate;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fog on V2 over a clip on V1, filled with {@code bin/genshot} and rendered by the real hosts: where the clip lies
 * under the gap the fog is an alpha plate and the clip shows through it; where nothing is under the gap the fog is
 * opaque (white-grey for "thick morning fog").
 */
class PlateOverFootageIT {

    static final int N = 30;

    @TempDir
    Path dir;

    /** V1: nothing under the first half of the gap, a blue clip under the second; V2: a gap of 30 frames. */
    private Media blue() {
        return ProjectFixtures.colour(dir.resolve("blue.mp4"), "blue", Rate.FPS_25, 320, 180, N / 2, false);
    }

    @Test
    void kdenliveFogOverAClipLetsItShowThroughAndIsOpaqueElsewhere() throws Exception {
        Tools.assumeOrRequire(Melt.programs());
        Path project = ProjectFixtures.project(Rate.FPS_25, 320, 180)
                .video(Item.blank(N / 2), Item.clip(blue()))
                .video(Item.blank(N))
                .write(dir.resolve("fog.kdenlive"));
        fogOverBlue(project, () -> Melt.renderFrames(project, N, Frames.W, Frames.H));
    }

    @Test
    void openShotFogOverAClipLetsItShowThroughAndIsOpaqueElsewhere() throws Exception {
        OpenShotRender.assumeOrRequire();
        Path project = OspFixtures.project(Rate.FPS_25, 320, 180)
                .video(Item.blank(N / 2), Item.clip(blue()))
                .video(Item.blank(N))
                .write(dir.resolve("fog.osp"));
        fogOverBlue(project, () -> OpenShotRender.renderFrames(project, N, Frames.W, Frames.H));
    }

    private static void fogOverBlue(Path project, Supplier<List<byte[]>> render) throws Exception {
        FillEndToEndIT.Run run = FillEndToEndIT.genshot("fill", project.toString(), "--gap", "V2:1", "-g", "fog",
                "-p", "thick morning fog", "--seed", "7", "--json", "--no-progress");
        assertEquals(0, run.status(), run.err());
        JsonNode r = FillEndToEndIT.JSON.readTree(run.out());
        Path take = Path.of(r.get("take").asText());
        assertTrue(take.toString().endsWith(".mov"), "fog over footage is a plate with alpha: " + take);
        assertEquals("qtrle", FillEndToEndIT.codecOf(take));
        JsonNode side = FillEndToEndIT.JSON.readTree(Path.of(r.get("sidecar").asText()).toFile());
        assertEquals("over footage in 15 of 30 frames", side.at("/generator/details/alpha").asText(), side.toString());

        List<byte[]> frames = render.get();
        // over the blue clip: blue shows through, and the white-grey fog is drawn over it
        for (int i : new int[] {17, 27}) {
            double[] over = Frames.meanColour(frames.get(i));
            assertTrue(over[2] > over[0] + 40, "frame " + i + ": the blue clip shows through the fog: "
                    + Arrays.toString(over));
            assertTrue(over[0] > 50 && over[1] > 50, "frame " + i + ": the fog is drawn over the clip: "
                    + Arrays.toString(over));
        }
        // nothing below: opaque white-grey fog, no blue
        for (int i : new int[] {2, 12}) {
            double[] alone = Frames.meanColour(frames.get(i));
            assertTrue(alone[0] > 150 && Math.abs(alone[2] - alone[0]) < 20, "frame " + i
                    + ": opaque white-grey fog where nothing is below: " + Arrays.toString(alone));
        }
    }
}
