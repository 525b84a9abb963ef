package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genshot.testkit.Frames;
import genshot.testkit.Melt;
import genshot.testkit.OpenShotRender;
import genshot.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's preview and render commands, run as written there on a filled copy of each sample: melt renders
 * the project's 125 frames (not Kdenlive's twenty minutes of black padding) and the libopenshot script renders the
 * OpenShot project's; both show the take in its gap.
 */
class PreviewCommandsIT {

    @TempDir
    Path dir;

    private static String readme() throws Exception {
        return Files.readString(FillEndToEndIT.REPO.resolve("README.md"));
    }

    /** Fills V1:1 with fog and returns the take's frames. */
    private static List<byte[]> fill(Path project) throws Exception {
        FillEndToEndIT.Run run = FillEndToEndIT.genshot("fill", project.toString(), "--gap", "V1:1", "-g", "fog", "-p",
                "thick morning fog", "--seed", "7", "--json", "--no-progress");
        assertEquals(0, run.status(), run.err());
        JsonNode r = FillEndToEndIT.JSON.readTree(run.out());
        assertEquals(50, r.get("start").asLong());
        return Frames.decode(Path.of(r.get("take").asText()));
    }

    /** Frames 0, 60 and 124 of a render: a clip, the take's frame 10, a clip. */
    private static void showsTheTake(Path preview, List<byte[]> take) {
        assertEquals(125, Frames.count(preview), "the project's length, not the black padding");
        List<byte[]> frames = Frames.decode(preview);
        byte[] black = Frames.solid(0, 0, 0, Frames.W, Frames.H);
        Map<String, byte[]> c = new LinkedHashMap<>();
        c.put("take 10", take.get(10));
        c.put("black", black);
        c.put("first frame", frames.get(0));
        c.put("last frame", frames.get(124));
        assertNull(Frames.mismatch(frames.get(60), "take 10", c));
        assertTrue(Frames.mad(frames.get(0), take.get(0)) > Frames.MATCH_THRESHOLD, "frame 0 is clip A");
    }

    @Test
    void theMeltCommandOfTheReadmeRendersTheFilledKdenliveProject() throws Exception {
        Tools.assumeOrRequire(Melt.programs());
        Path project = FillEndToEndIT.copySample(dir.resolve("k"));
        List<byte[]> take = fill(project);
        FillEndToEndIT.Run gaps = FillEndToEndIT.genshot("gaps", project.toString());
        assertTrue(gaps.out().contains(", 125 frames ("), "gaps prints the length the README tells to use: " + gaps.out());

        String line = readme().lines().map(String::strip)
                .filter(l -> l.startsWith("melt sample.kdenlive out=124 -consumer avformat:preview.mp4")).findFirst()
                .orElseThrow(() -> new AssertionError("the README's melt render command"));
        List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a"));
        cmd.addAll(Arrays.asList(line.replaceFirst("\\s+#.*$", "").split("\\s+")));
        Tools.Result r = Tools.run(cmd, project.getParent(), Duration.ofMinutes(3));
        assertEquals(0, r.exitCode(), r.stderr());
        showsTheTake(project.resolveSibling("preview.mp4"), take);
    }

    @Test
    void theLibopenshotScriptOfTheReadmeRendersTheFilledOpenShotProject() throws Exception {
        OpenShotRender.assumeOrRequire();
        Path project = FillEndToEndIT.copySample(dir.resolve("o"), "openshot", "sample.osp");
        List<byte[]> take = fill(project);

        String text = readme();
        int start = text.indexOf("```python\n");
        assertTrue(start >= 0, "the README's libopenshot script");
        String script = text.substring(start + "```python\n".length(), text.indexOf("```", start + 10));
        Files.writeString(project.resolveSibling("render.py"), script);
        String usage = text.lines().filter(l -> l.contains("`python3 render.py sample.osp preview.mp4`")).findFirst()
                .orElseThrow(() -> new AssertionError("the README says how to run it"));
        assertTrue(usage.contains("125 frames"), usage);
        Tools.Result r = Tools.run(List.of(OpenShotRender.PYTHON, "render.py", "sample.osp", "preview.mp4"),
                project.getParent(), Duration.ofMinutes(3));
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdoutText().contains("preview.mp4: 125 frames"), r.stdoutText());
        showsTheTake(project.resolveSibling("preview.mp4"), take);
    }
}
