package genshot.host.kdenlive.internal;

import static genshot.testkit.ProjectFixtures.Item.blank;
import static genshot.testkit.ProjectFixtures.Item.clip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.testkit.ProjectFixtures.Media;
import genshot.timeline.Rate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read then serialize without an insertion: the same document (canonicalised), whatever it holds. */
class RoundTripTest {

    @TempDir
    Path dir;

    private List<Path> projects() {
        List<Path> out = new ArrayList<>();
        out.add(Fx.sampleDir().resolve("sample.kdenlive"));
        Media a = Fx.media(dir, "a.mp4", Rate.FPS_25, 100);
        Media b = Fx.media(dir, "b b&c.mp4", Rate.FPS_25, 100);
        out.add(Fx.project(Rate.FPS_25).audio(clip(a, 0, 40)).video(clip(a, 0, 40), blank(5), clip(b, 1, 20))
                .video(blank(3), clip(b)).guide(3, "genshot: <fog> & \"rain\"").extras(true).write(dir.resolve("extras.kdenlive")));
        out.add(Fx.project(Rate.FPS_29_97).video(blank(30), clip(a)).chains(true).clockTimes(true)
                .write(dir.resolve("chains.kdenlive")));
        out.add(Fx.project(Rate.FPS_25).video().audio().clockTimes(false).root("").write(dir.resolve("empty.kdenlive")));
        return out;
    }

    @Test
    void serializeGivesAnEquivalentDocument() throws Exception {
        for (Path p : projects()) {
            byte[] original = Files.readAllBytes(p);
            byte[] written = Fx.read(p).serialize();
            Fx.assertSameDocument(original, written);
            String text = new String(written, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("<?xml version='1.0' encoding='utf-8'?>\n<mlt "), p.toString());
            // and a second round is byte-identical to the first
            assertArrayEquals(written, Fx.read(p, text).serialize(), p.toString());
        }
    }

    @Test
    void extrasSurvive() throws Exception {
        Path p = projects().get(1);
        String text = new String(Fx.read(p).serialize(), StandardCharsets.UTF_8);
        for (String s : new String[] {"<!-- written by a genshot test fixture -->", "<genshot-unknown note=\"carried\">text <b>kept</b>",
            "kdenlive:folder.-1.7", "AVSplit", "brightness", "genshot-unknown", "&lt;fog&gt; &amp;"}) {
            assertTrue(text.contains(s), s);
        }
    }
}
