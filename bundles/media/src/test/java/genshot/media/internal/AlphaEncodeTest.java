package genshot.media.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Frame;
import genshot.api.MediaInfo;
import genshot.api.VideoWriter;
import genshot.timeline.Rate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Takes with alpha: QuickTime Animation (ARGB) in MOV, lossless, at an exact rate; read back by us and ffmpeg. */
class AlphaEncodeTest {
    static final int W = 96;
    static final int H = 54;
    static final int N = 12;

    @TempDir
    Path dir;

    /** Colour pattern per frame, and alpha: a horizontal gradient 0..255 that shifts with the frame index. */
    static Frame frame(int i, boolean withAlpha) {
        Frame f = Pattern.frame(i, W, H);
        if (!withAlpha) {
            return f;
        }
        byte[] a = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                a[y * W + x] = (byte) ((x * 255 / (W - 1) + i * 7 + (y & 1)) & 0xff);
            }
        }
        return new Frame(i, W, H, f.bgr(), a);
    }

    static List<Frame> write(Path out, Rate rate, boolean withAlpha) {
        return write(out, rate, withAlpha, "qtrle");
    }

    static List<Frame> write(Path out, Rate rate, boolean withAlpha, String format) {
        List<Frame> sent = new ArrayList<>();
        MediaInfo info;
        try (VideoWriter w = new HumbleMediaEncoder().open(out, W, H, rate, format)) {
            for (int i = 0; i < N; i++) {
                Frame f = frame(i, withAlpha);
                sent.add(f.copy());
                w.accept(f);
            }
            info = w.finish();
        }
        assertEquals(new MediaInfo(W, H, rate, N, false, info.sizeBytes()), info);
        return sent;
    }

    @ParameterizedTest
    @CsvSource({"qtrle,24/1,argb", "qtrle,25/1,argb", "qtrle,30000/1001,argb", "ffv1,25/1,bgra",
            "ffv1,30000/1001,bgra"})
    void losslessRoundTripAtTheExactRate(String format, String rateText, String pixels) {
        Rate rate = Rate.parse(rateText);
        Path out = dir.resolve("plate.mov");
        List<Frame> sent = write(out, rate, true, format);

        Map<String, String> probe = Hosts.ffprobe(out);
        assertEquals(format, probe.get("codec_name"));
        assertEquals(pixels, probe.get("pix_fmt"));
        assertEquals(Integer.toString(W), probe.get("width"));
        assertEquals(rateText, probe.get("r_frame_rate"));
        assertEquals(rateText, probe.get("avg_frame_rate"));
        assertEquals(Integer.toString(N), probe.get("nb_read_frames"), "frames decoded by ffprobe");
        assertEquals(Integer.toString(N), probe.get("nb_frames"), "frames in the MOV index");
        if (format.equals("ffv1")) {
            assertEquals(N, Hosts.keyFrames(out), "FFV1 is intra only: every frame a key frame");
        }

        HumbleMediaDecoder decoder = new HumbleMediaDecoder();
        MediaInfo info = decoder.probe(out);
        assertEquals(rate, info.rate());
        assertEquals(N, info.frames());
        List<Frame> back = new ArrayList<>();
        decoder.decode(out, 0, N, f -> back.add(f.copy()));
        assertEquals(N, back.size());
        for (int i = 0; i < N; i++) {
            assertEquals(i, back.get(i).index());
            assertArrayEquals(sent.get(i).bgr(), back.get(i).bgr(), "colour of frame " + i);
            assertArrayEquals(sent.get(i).alpha(), back.get(i).alpha(), "alpha of frame " + i);
        }

        // ffmpeg reads the same ARGB bytes
        byte[] all = Hosts.run(List.of(Hosts.tool("ffmpeg"), "-v", "error", "-i", out.toString(), "-f", "rawvideo",
                "-pix_fmt", "argb", "-"));
        assertEquals(N * W * H * 4, all.length);
        byte[] expected = new byte[W * H * 4];
        for (int i = 0; i < N; i++) {
            ArgbPictureFiller.pack(sent.get(i).bgr(), sent.get(i).alpha(), W, H, expected, W * 4);
            byte[] got = java.util.Arrays.copyOfRange(all, i * expected.length, (i + 1) * expected.length);
            assertArrayEquals(expected, got, "ffmpeg's frame " + i);
        }
    }

    @Test
    void seekingIntoAnAlphaTake() {
        Path out = dir.resolve("plate.mov");
        List<Frame> sent = write(out, Rate.FPS_24, true);
        List<Frame> back = new ArrayList<>();
        new HumbleMediaDecoder().decode(out, 7, 3, f -> back.add(f.copy()));
        assertEquals(3, back.size());
        for (int k = 0; k < 3; k++) {
            assertEquals(7 + k, back.get(k).index());
            assertArrayEquals(sent.get(7 + k).alpha(), back.get(k).alpha());
            assertArrayEquals(sent.get(7 + k).bgr(), back.get(k).bgr());
        }
    }

    @Test
    void framesWithoutAlphaAreOpaque() {
        Path out = dir.resolve("opaque.mov");
        write(out, Rate.FPS_24, false);
        List<Frame> back = new ArrayList<>();
        new HumbleMediaDecoder().decode(out, 0, 1, f -> back.add(f.copy()));
        byte[] a = back.get(0).alpha();
        for (byte b : a) {
            assertEquals((byte) 0xff, b);
        }
    }

    @Test
    void anUnknownAlphaFormatIsRefusedAndWritesNothing() throws Exception {
        HumbleMediaEncoder enc = new HumbleMediaEncoder();
        assertEquals(List.of("qtrle", "ffv1"), enc.alphaFormats());
        genshot.api.GenshotException e = org.junit.jupiter.api.Assertions.assertThrows(
                genshot.api.GenshotException.class, () -> enc.open(dir.resolve("x.mov"), W, H, Rate.FPS_24, "utvideo"));
        assertEquals("media.alpha-format", e.problem().code());
        assertTrue(e.problem().hint().contains("qtrle, ffv1"), e.problem().hint());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void mp4TakesStillHaveNoAlpha() throws Exception {
        Path out = dir.resolve("take.mp4");
        HumbleMediaEncoder enc = new HumbleMediaEncoder();
        assertEquals("mov", enc.extension(true));
        assertEquals("mp4", enc.extension(false));
        try (VideoWriter w = enc.open(out, W, H, Rate.FPS_24, false)) {
            w.accept(Pattern.frame(0, W, H));
            w.finish();
        }
        List<Frame> back = new ArrayList<>();
        new HumbleMediaDecoder().decode(out, 0, 1, f -> back.add(f.copy()));
        assertNull(back.get(0).alpha());
        assertTrue(Files.size(out) > 0);
    }
}
