package genshot.media.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Frame;
import genshot.api.MediaInfo;
import genshot.api.VideoWriter;
import genshot.timeline.Rate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Encodes a known pattern at the usual rates and reads it back with ffprobe, ffmpeg, melt and our decoder. */
class EncodeDecodeTest {
    static final int W = 160;
    static final int H = 90;
    static final int N = 24;
    /**
     * Mean absolute difference (per 8-bit channel value) allowed between a decoded frame and the pattern it was
     * made from: CRF 18 plus 4:2:0 chroma at the bar's edges. Measured 0.8-1.2 with our decoder.
     */
    static final double MAD_BOUND = 4.0;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"25/1", "24000/1001", "30000/1001", "60000/1001"})
    void encodesExactlyTheFramesAtExactlyTheRate(String rateText) {
        Rate rate = Rate.parse(rateText);
        Path out = dir.resolve("take.mp4");
        MediaInfo info;
        try (VideoWriter w = new HumbleMediaEncoder().open(out, W, H, rate)) {
            for (int i = 0; i < N; i++) {
                w.accept(Pattern.frame(i, W, H));
            }
            info = w.finish();
        }
        assertEquals(new MediaInfo(W, H, rate, N, false, info.sizeBytes()), info);
        assertTrue(Files.exists(out));
        assertEquals(sizeOf(out), info.sizeBytes());
        try (var files = listDir()) {
            assertEquals(List.of(out), files.toList(), "only the finished file is left");
        }

        Map<String, String> probe = Hosts.ffprobe(out);
        assertEquals("h264", probe.get("codec_name"));
        assertEquals("yuv420p", probe.get("pix_fmt"));
        assertEquals(Integer.toString(W), probe.get("width"));
        assertEquals(Integer.toString(H), probe.get("height"));
        assertEquals(rateText, probe.get("r_frame_rate"));
        assertEquals(rateText, probe.get("avg_frame_rate"));
        assertEquals(Integer.toString(N), probe.get("nb_read_frames"), "frames decoded by ffprobe");
        assertEquals(Integer.toString(N), probe.get("nb_frames"), "frames in the MP4 index");
        assertEquals("bt709", probe.get("color_space"));

        List<byte[]> ours = new ArrayList<>();
        List<Long> indices = new ArrayList<>();
        new HumbleMediaDecoder().decode(out, 0, N, f -> {
            indices.add(f.index());
            ours.add(f.bgr().clone());
        });
        assertEquals(N, ours.size());
        assertEquals(N, indices.size());
        checkPattern("our decoder", ours);
        for (int i = 0; i < N; i++) {
            assertEquals(i, indices.get(i));
        }
        checkPattern("ffmpeg", Hosts.ffmpegFrames(out, W, H));

        // seeking at this rate: frames [13, 20) equal the full decode's
        List<byte[]> part = new ArrayList<>();
        new HumbleMediaDecoder().decode(out, 13, 7, f -> {
            assertEquals(13 + part.size(), f.index());
            part.add(f.bgr().clone());
        });
        assertEquals(7, part.size());
        for (int k = 0; k < 7; k++) {
            assertArrayEquals(ours.get(13 + k), part.get(k), "frame " + (13 + k) + " after a seek");
        }

        MediaInfo probed = new HumbleMediaDecoder().probe(out);
        assertEquals(info, probed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"25/1", "30000/1001"})
    void meltReadsTheTake(String rateText) throws Exception {
        Rate rate = Rate.parse(rateText);
        Path out = dir.resolve("take.mp4");
        try (VideoWriter w = new HumbleMediaEncoder().open(out, W, H, rate)) {
            for (int i = 0; i < N; i++) {
                w.accept(Pattern.frame(i, W, H));
            }
            w.finish();
        }
        Path xml = dir.resolve("take.mlt");
        Hosts.run(List.of(Hosts.tool("melt"), out.toString(), "-consumer", "xml:" + xml));
        String doc = Files.readString(xml, StandardCharsets.UTF_8);
        assertTrue(doc.contains("frame_rate_num=\"" + rate.numerator() + "\""), doc);
        assertTrue(doc.contains("frame_rate_den=\"" + rate.denominator() + "\""), doc);
        assertTrue(doc.contains("<property name=\"length\">" + N + "</property>"), doc);
        assertTrue(doc.contains("<property name=\"meta.media.0.codec.colorspace\">709</property>"), doc);
    }

    private static void checkPattern(String who, List<byte[]> frames) {
        assertEquals(N, frames.size(), who + ": frame count");
        for (int i = 0; i < N; i++) {
            byte[] f = frames.get(i);
            double mad = Pattern.mad(f, Pattern.frame(i, W, H).bgr());
            assertTrue(mad <= MAD_BOUND, who + ": frame " + i + " differs from its pattern by " + mad);
            assertEquals(i, Pattern.nearest(f, N, W, H), who + ": frame " + i + " looks like another frame");
        }
    }

    private java.util.stream.Stream<Path> listDir() {
        try {
            return Files.list(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void assertFrameEquals(Frame a, Frame b) {
        assertEquals(a.index(), b.index());
        assertArrayEquals(a.bgr(), b.bgr());
        assertFalse(a.bgr() == b.bgr());
    }
}
