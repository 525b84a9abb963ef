package genshot.media.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Frame;
import genshot.api.GenshotException;
import genshot.api.MediaInfo;
import genshot.api.VideoWriter;
import genshot.timeline.PixelAspect;
import genshot.timeline.Rate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bytedeco FFmpeg encoder writes what Humble's writes: checked with the real ffprobe and ffmpeg, and decoded back
 * by Humble's decoder in the same JVM (two FFmpeg builds side by side).
 */
class FfmpegEncoderTest {
    @TempDir
    Path dir;

    private final FfmpegMediaEncoder ffmpeg = new FfmpegMediaEncoder();

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static List<Frame> write(genshot.api.MediaEncoder enc, Path out, int w, int h, Rate rate, int n,
                                     boolean unused) {
        List<Frame> sent = new ArrayList<>();
        try (VideoWriter wr = enc.open(out, w, h, rate)) {
            for (int i = 0; i < n; i++) {
                Frame f = Pattern.frame(i, w, h);
                sent.add(f.copy());
                wr.accept(f);
            }
            MediaInfo info = wr.finish();
            assertEquals(n, info.frames());
            assertEquals(rate, info.rate());
        }
        return sent;
    }

    /** PSNR (dB) of the frames Humble's decoder reads back from {@code file} against {@code sent}. */
    static double psnr(Path file, List<Frame> sent) {
        List<Frame> back = new ArrayList<>();
        new HumbleMediaDecoder().decode(file, 0, sent.size(), f -> back.add(f.copy()));
        assertEquals(sent.size(), back.size());
        double se = 0;
        long count = 0;
        for (int i = 0; i < sent.size(); i++) {
            byte[] a = sent.get(i).bgr();
            byte[] b = back.get(i).bgr();
            for (int k = 0; k < a.length; k++) {
                int d = (a[k] & 0xff) - (b[k] & 0xff);
                se += d * d;
            }
            count += a.length;
        }
        double mse = se / count;
        return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    @ParameterizedTest
    @CsvSource({"24/1", "25/1", "30000/1001", "60/1"})
    void h264AtTheExactRateWithBt709TagsAndExactlyTheFramesWritten(String rateText) {
        Rate rate = Rate.parse(rateText);
        Path out = dir.resolve("take.mp4");
        int n = 37;
        List<Frame> sent = write(ffmpeg, out, 320, 180, rate, n, true);
        Map<String, String> p = Hosts.ffprobe(out);
        assertEquals("h264", p.get("codec_name"), p.toString());
        assertEquals("yuv420p", p.get("pix_fmt"));
        assertEquals("320", p.get("width"));
        assertEquals("180", p.get("height"));
        assertEquals(rateText, p.get("r_frame_rate"));
        assertEquals(rateText, p.get("avg_frame_rate"));
        assertEquals(Integer.toString(n), p.get("nb_read_frames"), "frames decoded by ffprobe");
        assertEquals(Integer.toString(n), p.get("nb_frames"), "frames in the MP4 index");
        assertEquals("bt709", p.get("color_space"));
        assertEquals("tv", p.get("color_range"));
        // Humble's decoder (its own FFmpeg) reads what the bytedeco FFmpeg wrote, in the same JVM
        MediaInfo info = new HumbleMediaDecoder().probe(out);
        assertEquals(rate, info.rate());
        assertEquals(n, info.frames());
        assertTrue(psnr(out, sent) > 40, "PSNR " + psnr(out, sent));
    }

    @Test
    void qualityIsHumblesWithinAFifthOfADecibel() {
        Path ours = dir.resolve("ffmpeg.mp4");
        Path humble = dir.resolve("humble.mp4");
        List<Frame> sent = write(ffmpeg, ours, 640, 360, Rate.FPS_25, 25, true);
        write(new HumbleMediaEncoder(), humble, 640, 360, Rate.FPS_25, 25, true);
        double a = psnr(ours, sent);
        double b = psnr(humble, sent);
        assertTrue(Math.abs(a - b) <= 0.2 || a > b, "ffmpeg " + a + " dB, humble " + b + " dB");
        // key frames at least every second, no B-frames: ffprobe's picture types
        String types = new String(Hosts.run(List.of(Hosts.tool("ffprobe"), "-v", "error", "-select_streams", "v:0",
                "-show_entries", "frame=pict_type", "-of", "csv=p=0", ours.toString())),
                java.nio.charset.StandardCharsets.UTF_8).replaceAll("[^IPB]", "");
        assertEquals(25, types.length(), types);
        assertEquals('I', types.charAt(0), types);
        assertFalse(types.contains("B"), types);
    }

    @Test
    void encodesWhileHumbleDecodesInTheSameProcess() {
        Path src = dir.resolve("src.mp4");
        List<Frame> sent = write(new HumbleMediaEncoder(), src, 320, 180, Rate.FPS_25, 12, true);
        Path out = dir.resolve("copy.mp4");
        try (VideoWriter wr = ffmpeg.open(out, 320, 180, Rate.FPS_25)) {
            new HumbleMediaDecoder().decode(src, 0, 12, wr);
            assertEquals(12, wr.finish().frames());
        }
        assertTrue(psnr(out, sent) > 35, "PSNR " + psnr(out, sent));
        assertEquals("12", Hosts.ffprobe(out).get("nb_read_frames"));
    }

    @ParameterizedTest
    @CsvSource({"qtrle,argb,24/1", "ffv1,bgra,30000/1001"})
    void alphaFormatsRoundTripLosslessly(String format, String pixels, String rateText) {
        Rate rate = Rate.parse(rateText);
        Path out = dir.resolve("plate.mov");
        List<Frame> sent = new ArrayList<>();
        int w = AlphaEncodeTest.W;
        int h = AlphaEncodeTest.H;
        try (VideoWriter wr = ffmpeg.open(out, w, h, rate, format)) {
            for (int i = 0; i < AlphaEncodeTest.N; i++) {
                Frame f = AlphaEncodeTest.frame(i, true);
                sent.add(f.copy());
                wr.accept(f);
            }
            assertEquals(AlphaEncodeTest.N, wr.finish().frames());
        }
        Map<String, String> p = Hosts.ffprobe(out);
        assertEquals(format, p.get("codec_name"));
        assertEquals(pixels, p.get("pix_fmt"));
        assertEquals(rateText, p.get("r_frame_rate"));
        assertEquals(Integer.toString(AlphaEncodeTest.N), p.get("nb_read_frames"));
        if (format.equals("ffv1")) {
            assertEquals(AlphaEncodeTest.N, Hosts.keyFrames(out), "FFV1 is intra only (every frame a key frame: an"
                    + " editor's seek decodes one frame, and no decoder carries context states from frame to frame)");
        }
        List<Frame> back = new ArrayList<>();
        new HumbleMediaDecoder().decode(out, 0, AlphaEncodeTest.N, f -> back.add(f.copy()));
        for (int i = 0; i < AlphaEncodeTest.N; i++) {
            assertArrayEquals(sent.get(i).bgr(), back.get(i).bgr(), "colour of frame " + i);
            assertArrayEquals(sent.get(i).alpha(), back.get(i).alpha(), "alpha of frame " + i);
        }
        assertEquals("mov", ffmpeg.extension(true));
        assertEquals(List.of("qtrle", "ffv1"), ffmpeg.alphaFormats());
    }

    @Test
    void nonSquarePixelsAreTaggedInEveryFormat() {
        PixelAspect pal = new PixelAspect(16, 15);
        Path mp4 = dir.resolve("t.mp4");
        try (VideoWriter wr = ffmpeg.open(mp4, 720, 576, Rate.FPS_25, false, null, pal)) {
            wr.accept(Pattern.frame(0, 720, 576));
            wr.finish();
        }
        Map<String, String> p = Hosts.ffprobe(mp4);
        assertEquals("16:15", p.get("sample_aspect_ratio"), p.toString());
        assertEquals("4:3", p.get("display_aspect_ratio"), p.toString());
        for (String format : new String[] {"qtrle", "ffv1"}) {
            Path mov = dir.resolve(format + ".mov");
            try (VideoWriter wr = ffmpeg.open(mov, 720, 576, Rate.FPS_25, true, format, pal)) {
                wr.accept(new Frame(0, 720, 576, new byte[720 * 576 * 3], new byte[720 * 576]));
                wr.finish();
            }
            assertEquals("16:15", Hosts.ffprobe(mov).get("sample_aspect_ratio"), format);
        }
        Path square = dir.resolve("sq.mp4");
        write(ffmpeg, square, 64, 36, Rate.FPS_25, 1, true);
        assertFalse("16:15".equals(Hosts.ffprobe(square).get("sample_aspect_ratio")));
    }

    @Test
    void thePartialFileIsHiddenRenamedOnFinishAndDeletedOnClose() throws IOException {
        Path out = dir.resolve("take.mp4");
        try (VideoWriter w = ffmpeg.open(out, 64, 36, Rate.FPS_25)) {
            for (int i = 0; i < 10; i++) {
                w.accept(Pattern.frame(i, 64, 36));
            }
            List<Path> during = files();
            assertEquals(1, during.size());
            assertTrue(during.get(0).getFileName().toString().startsWith(".take.mp4."), during.toString());
            assertTrue(during.get(0).getFileName().toString().endsWith(".part"), during.toString());
            assertFalse(Files.exists(out));
        }
        assertEquals(List.of(), files());
        Files.writeString(out, "old");
        try (VideoWriter w = ffmpeg.open(out, 64, 36, Rate.FPS_25)) {
            w.accept(Pattern.frame(0, 64, 36));
            assertEquals("old", Files.readString(out), "the target is untouched until finish");
            assertEquals(1, w.finish().frames());
        }
        assertEquals(List.of(out), files());
        assertTrue(Files.size(out) > 100);
    }

    @Test
    void aPathOutsideTheBasicMultilingualPlaneIsWrittenWhereItSays() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("clips \uD83C\uDFAC é"));
        Path out = folder.resolve("take \uD83D\uDE00.mp4");
        write(ffmpeg, out, 64, 36, Rate.FPS_25, 3, true);
        try (Stream<Path> s = Files.list(folder)) {
            assertEquals(List.of(out), s.toList());
        }
        assertEquals("3", Hosts.ffprobe(out).get("nb_read_frames"));
    }

    @Test
    void theProblemsAreHumblesProblems() throws IOException {
        assertEquals("media.size", assertThrows(GenshotException.class,
                () -> ffmpeg.open(dir.resolve("odd.mp4"), 63, 36, Rate.FPS_25)).problem().code());
        assertEquals("media.unwritable", assertThrows(GenshotException.class,
                () -> ffmpeg.open(dir.resolve("no/such/take.mp4"), 64, 36, Rate.FPS_25)).problem().code());
        assertEquals("media.unwritable", assertThrows(GenshotException.class,
                () -> ffmpeg.open(dir, 64, 36, Rate.FPS_25)).problem().code());
        assertEquals("media.alpha-format", assertThrows(GenshotException.class,
                () -> ffmpeg.open(dir.resolve("x.mov"), 64, 36, Rate.FPS_25, "utvideo")).problem().code());
        assertEquals("media.aspect", assertThrows(GenshotException.class,
                () -> ffmpeg.open(dir.resolve("x.mp4"), 720, 576, Rate.FPS_25, false, null,
                        new PixelAspect(100_003, 99_991))).problem().code());
        try (VideoWriter w = ffmpeg.open(dir.resolve("take.mp4"), 64, 36, Rate.FPS_25)) {
            assertEquals("media.no-frames", assertThrows(GenshotException.class, w::finish).problem().code());
            GenshotException e = assertThrows(GenshotException.class, () -> w.accept(new Frame(1, 64, 38,
                    new byte[64 * 38 * 3])));
            assertEquals("media.frame-size", e.problem().code());
        }
        assertEquals(List.of(), files());
    }

    @Test
    void anOptionTheEncoderDoesNotTakeIsAnErrorNotIgnored() throws IOException {
        Map<String, String> options = new java.util.LinkedHashMap<>(FfmpegMediaEncoder.x264Options());
        options.put("no-such-option", "1");
        GenshotException e = assertThrows(GenshotException.class, () -> new FfmpegVideoWriter(dir.resolve("x.mp4"),
                64, 36, Rate.FPS_25, null, null, "libx264", options));
        assertEquals("media.encode", e.problem().code());
        assertTrue(e.getMessage().contains("no-such-option"), e.getMessage());
        assertEquals(List.of(), files(), "no partial file left");
    }

    @Test
    void namesItsEncoder() {
        String name = ffmpeg.toString();
        assertTrue(name.startsWith("ffmpeg 8.") && (name.endsWith("libx264") || name.endsWith("h264_nvenc")), name);
    }
}
