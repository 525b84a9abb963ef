package genshot.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.timeline.Rate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestkitTest {

    @TempDir
    Path dir;

    @Test
    void frameComparison() {
        byte[] black = Frames.solid(0, 0, 0, 4, 2);
        byte[] grey = Frames.solid(6, 6, 6, 4, 2);
        byte[] red = Frames.solid(250, 0, 0, 4, 2);
        assertEquals(0.0, Frames.mad(black, black));
        assertEquals(6.0, Frames.mad(black, grey));
        Map<String, byte[]> c = new LinkedHashMap<>();
        c.put("black", black);
        c.put("red", red);
        assertEquals("black", Frames.nearest(grey, c));
        assertNull(Frames.mismatch(grey, "black", c));
        assertTrue(Frames.mismatch(grey, "red", c).contains("nearest is black"));
        assertEquals(250.0, Frames.meanColour(red)[0], 1e-9);
    }

    @Test
    void processesAndTimeouts() {
        assertTrue(Tools.available("sh"));
        assertFalse(Tools.available("no-such-program-genshot"));
        Tools.Result r = Tools.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), dir, Duration.ofSeconds(10));
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdoutText());
        assertEquals("err\n", r.stderr());
        assertThrows(IllegalStateException.class, r::requireSuccess);
        assertThrows(IllegalStateException.class, () -> Tools.run(List.of("sleep", "10"), dir, Duration.ofMillis(300)));
    }

    @Test
    void generatedMediaHaveTheAskedFormat() {
        Tools.assumeOrRequire("ffmpeg", "ffprobe");
        ProjectFixtures.Media m = ProjectFixtures.ramp(dir.resolve("r.mp4"), Rate.FPS_29_97, 64, 36, 12, true);
        assertEquals(12, Frames.count(m.path()));
        assertEquals(new Frames.VideoFormat(64, 36, Rate.FPS_29_97), Frames.format(m.path()));
        List<byte[]> f = Frames.decode(m.path());
        assertEquals(12, f.size());
        assertTrue(Frames.mad(f.get(0), f.get(1)) > Frames.MATCH_THRESHOLD, "neighbouring ramp frames must differ");
        ProjectFixtures.Media red = ProjectFixtures.colour(dir.resolve("red.mp4"), "red", Rate.FPS_25, 64, 36, 5, false);
        assertEquals(5, Frames.count(red.path()));
        double[] rgb = Frames.meanColour(Frames.decode(red.path()).get(2));
        assertTrue(rgb[0] > 230 && rgb[1] < 25 && rgb[2] < 25, java.util.Arrays.toString(rgb));
    }
}
