package genshot.panel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GeneratorInfo;
import genshot.generators.internal.ElementsGenerator;
import genshot.generators.internal.SlugGenerator;
import genshot.onnx.internal.OrtOnnxService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The texts the form makes from a generator's description, and the format read from a take's file. */
class ShotFormTextTest {
    static final String BRIDGE = "Fills the gap from the clips around it on the same track. With a clip on both sides"
            + " it estimates the motion. Parameters: motion = auto | interpolate | morph | hold; fit = crop | letterbox"
            + " | stretch (for media of another shape); slowdown = seconds for carried-on motion to halve.";

    @Test
    void choicesAreReadFromListsGroupsAndBars() {
        OrtOnnxService onnx = new OrtOnnxService();
        onnx.activate();
        ElementsGenerator elements = new ElementsGenerator(onnx);
        try {
            String d = elements.info().description();
            assertEquals(List.of("neutral", "day", "dawn", "dusk", "golden", "night", "moonlight", "neon", "warm", "cold",
                    "green", "blue"), ShotForm.choices(d, "palette"), "the chroma group's colours join the list");
            assertTrue(ShotForm.choices(d, "look").contains("snow"));
            assertEquals(List.of(), ShotForm.choices(d, "speed"), "a range is not a list");
            assertEquals("0..20", ShotForm.range(d, "speed"));
        } finally {
            elements.close();
        }
        assertEquals(List.of("auto", "interpolate", "morph", "hold"), ShotForm.choices(BRIDGE, "motion"));
        assertEquals(List.of("crop", "letterbox", "stretch"), ShotForm.choices(BRIDGE, "fit"));
        assertEquals(List.of(), ShotForm.choices(BRIDGE, "slowdown"));
        assertEquals(List.of(), ShotForm.choices("speed (1 = natural)", "speed"), "words are not choices");
    }

    @Test
    void theSummaryIsTheFirstSentenceCutAtAClauseWhenLong() {
        assertEquals("Fills the gap from the clips around it on the same track.", ShotForm.summary(BRIDGE));
        GeneratorInfo slug = new SlugGenerator().info();
        String s = ShotForm.summary(slug.description());
        assertTrue(s.length() <= ShotForm.SUMMARY_CHARS && s.endsWith("…"), s);
        assertTrue(slug.description().startsWith(s.substring(0, s.length() - 1)), s);
        assertEquals("Short.", ShotForm.summary("  Short.  Then more."));
        assertEquals("No full stop at all", ShotForm.summary("No full stop at all"));
        String words = "word ".repeat(40).trim() + ".";
        String cut = ShotForm.summary(words);
        assertTrue(cut.length() <= ShotForm.SUMMARY_CHARS && cut.endsWith("word…"), cut);
    }

    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotAnMp4OrMovHasNoFormat() throws Exception {
        Path text = Files.writeString(dir.resolve("take.mov"), "not a movie at all");
        assertEquals(TakeFormat.UNKNOWN, TakeFormat.of(text));
        Path huge = dir.resolve("cut.mp4");
        // a box header that claims more than the file holds
        Files.write(huge, new byte[] {0, 0, 0x10, 0, 'm', 'o', 'o', 'v', 0, 0});
        assertEquals(TakeFormat.UNKNOWN, TakeFormat.of(huge));
        assertEquals(TakeFormat.UNKNOWN, TakeFormat.of(dir.resolve("missing.mp4")));
        assertEquals("QuickTime Animation (qtrle)", TakeFormat.nameOf("rle "));
        assertEquals("H.264", TakeFormat.nameOf("avc1"));
    }
}
