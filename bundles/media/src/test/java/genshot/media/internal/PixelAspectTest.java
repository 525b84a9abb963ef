package genshot.media.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Frame;
import genshot.api.GenshotException;
import genshot.api.VideoWriter;
import genshot.timeline.PixelAspect;
import genshot.timeline.Rate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Takes for projects whose pixels are not square carry the pixels' shape in the stream and the container, as ffprobe
 * (FFmpeg, which melt and libopenshot read through) reports it; square projects' takes carry none, as before.
 */
class PixelAspectTest {
    @TempDir
    Path dir;

    private static Map<String, String> write(Path out, int w, int h, Rate rate, boolean alpha, String format,
                                             PixelAspect aspect) {
        try (VideoWriter writer = new HumbleMediaEncoder().open(out, w, h, rate, alpha, format, aspect)) {
            for (int i = 0; i < 3; i++) {
                Frame f = Pattern.frame(i, w, h);
                writer.accept(alpha ? new Frame(i, w, h, f.bgr(), new byte[w * h]) : f);
            }
            writer.finish();
        }
        return Hosts.ffprobe(out);
    }

    @ParameterizedTest(name = "{0}x{1} at {2}, pixels {3}/{4}: display {5}")
    @CsvSource({
        "720, 576, 25, 16, 15, 4:3",      // DV PAL 4:3
        "720, 576, 25, 64, 45, 16:9",     // DV PAL 16:9
        "720, 480, 30000/1001, 8, 9, 4:3", // DV NTSC 4:3
        "720, 480, 30000/1001, 32, 27, 16:9",
        "1440, 1080, 25, 4, 3, 16:9"      // HDV 1080
    })
    void h264TakesCarryThePixelsShape(int w, int h, String rate, long num, long den, String display) throws Exception {
        Path out = dir.resolve("t.mp4");
        Map<String, String> p = write(out, w, h, Rate.parse(rate), false, null, new PixelAspect(num, den));
        assertEquals(num + ":" + den, p.get("sample_aspect_ratio"), p.toString());
        assertEquals(display, p.get("display_aspect_ratio"), p.toString());
        assertTrue(containsBox(out, "pasp"), "the MP4 container says it too (pasp box)");
    }

    @Test
    void platesWithAlphaCarryItTooAndSquareTakesCarryNothing() throws Exception {
        for (String format : new String[] {"qtrle", "ffv1"}) {
            Path out = dir.resolve(format + ".mov");
            Map<String, String> p = write(out, 720, 576, Rate.FPS_25, true, format, new PixelAspect(16, 15));
            assertEquals("16:15", p.get("sample_aspect_ratio"), format + " " + p);
        }
        Path square = dir.resolve("square.mp4");
        Map<String, String> p = write(square, 640, 360, Rate.FPS_25, false, null, PixelAspect.SQUARE);
        assertFalse("16:15".equals(p.get("sample_aspect_ratio")));
        assertFalse(containsBox(square, "pasp"), "nothing written for square pixels");
    }

    @Test
    void anAspectTooFineToWriteIsAProblemAndLeavesNoFile() {
        Path out = dir.resolve("x.mp4");
        GenshotException e = org.junit.jupiter.api.Assertions.assertThrows(GenshotException.class,
                () -> new HumbleMediaEncoder().open(out, 720, 576, Rate.FPS_25, false, null,
                        new PixelAspect(100_003, 99_991)));
        assertEquals("media.aspect", e.problem().code());
        assertFalse(Files.exists(out));
    }

    private static boolean containsBox(Path file, String fourcc) throws Exception {
        byte[] b = Files.readAllBytes(file);
        byte[] t = fourcc.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + 4 <= b.length; i++) {
            for (int k = 0; k < 4; k++) {
                if (b[i + k] != t[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
