package genshot.media.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import genshot.api.Frame;
import genshot.api.GenshotException;
import genshot.api.MediaInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoding through bytedeco's FFmpeg gives Humble's frames to the bit: the same indices, the same bytes, from the
 * start and after seeks, on the files editors bring (B-frames and edit lists, full range, MPEG-TS with a start time,
 * interlaced AVCHD-like TS,
 * HEVC, VP8, NTSC rates with audio); and the files it does not take go to Humble.
 */
class FfmpegDecodeTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void needsFfmpeg() {
        assumeTrue(FfmpegRuntime.present(), "bytedeco's FFmpeg is not on the class path");
        Hosts.tool("ffmpeg");
    }

    static Path make(String name, String... args) {
        Path out = dir.resolve(name);
        if (!out.toFile().exists()) {
            List<String> cmd = new ArrayList<>(List.of(Hosts.tool("ffmpeg"), "-v", "error", "-y"));
            cmd.addAll(List.of(args));
            cmd.add(out.toString());
            Hosts.run(cmd);
        }
        return out;
    }

    static final String SRC = "testsrc2=size=192x108:rate=25:duration=3.2";

    static Path file(String kind) {
        return switch (kind) {
            // libx264's defaults: B-frames (reordered time stamps, an edit list in MP4), a key frame every 12
            case "h264-bframes" -> make("bframes.mp4", "-f", "lavfi", "-i", SRC, "-c:v", "libx264", "-preset",
                    "medium", "-g", "12", "-pix_fmt", "yuv420p");
            case "h264-full-range" -> make("full.mp4", "-f", "lavfi", "-i", SRC, "-c:v", "libx264", "-preset",
                    "ultrafast", "-g", "10", "-pix_fmt", "yuvj420p", "-colorspace", "bt709", "-color_range", "pc");
            case "h264-ts" -> make("stream.ts", "-f", "lavfi", "-i", SRC, "-c:v", "libx264", "-preset",
                    "veryfast", "-g", "15", "-pix_fmt", "yuv420p");
            // AVCHD's 1080i, small: interlaced coding (MBAFF, top field first) in MPEG-TS
            case "h264-interlaced-ts" -> make("interlaced.mts", "-f", "lavfi", "-i",
                    "testsrc2=size=320x240:rate=25:duration=2", "-c:v", "libx264", "-preset", "veryfast",
                    "-flags", "+ildct+ilme", "-x264opts", "tff=1", "-g", "12", "-pix_fmt", "yuv420p");
            case "h264-ntsc-audio" -> make("ntsc.mov", "-f", "lavfi", "-i",
                    "testsrc2=size=320x180:rate=30000/1001:duration=2.5", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=2.5", "-c:v", "libx264", "-preset", "fast", "-g", "16",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
            case "h264-720p-untagged" -> make("hd.mp4", "-f", "lavfi", "-i",
                    "testsrc2=size=1280x720:rate=25:duration=1", "-c:v", "libx264", "-preset", "ultrafast",
                    "-g", "8", "-pix_fmt", "yuv420p");
            case "hevc" -> make("hevc.mp4", "-f", "lavfi", "-i", SRC, "-c:v", "libx265", "-preset",
                    "ultrafast", "-x265-params", "keyint=12:log-level=error", "-pix_fmt", "yuv420p", "-tag:v", "hvc1");
            case "vp8" -> make("vp8.webm", "-f", "lavfi", "-i", SRC, "-c:v", "libvpx", "-g", "12", "-b:v", "1M",
                    "-pix_fmt", "yuv420p");
            // not taken: MPEG-4 part 2 (its inverse DCT is not fixed to the bit) and 4:2:2
            case "mpeg4" -> make("mpeg4.avi", "-f", "lavfi", "-i", SRC, "-c:v", "mpeg4", "-q:v", "3", "-g", "12");
            case "h264-422" -> make("h422.mp4", "-f", "lavfi", "-i", SRC, "-c:v", "libx264", "-preset",
                    "ultrafast", "-g", "12", "-pix_fmt", "yuv422p");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static List<Frame> decode(HumbleMediaDecoder d, Path f, long first, long count) {
        List<Frame> frames = new ArrayList<>();
        d.decode(f, first, count, fr -> frames.add(new Frame(fr.index(), fr.width(), fr.height(), fr.bgr().clone())));
        return frames;
    }

    @ParameterizedTest
    @CsvSource({"h264-bframes,true", "h264-full-range,true", "h264-ts,true", "h264-interlaced-ts,true", "h264-ntsc-audio,true",
            "h264-720p-untagged,true", "hevc,true", "vp8,true", "mpeg4,false", "h264-422,false"})
    void ffmpegDecodesHumblesFramesToTheBit(String kind, boolean taken) {
        Path f = file(kind);
        HumbleMediaDecoder humble = new HumbleMediaDecoder(false);
        HumbleMediaDecoder fast = new HumbleMediaDecoder(true);
        MediaInfo info = humble.probe(f);
        assertEquals(info, fast.probe(f));
        long n = info.frames();
        assertTrue(n >= 24, kind + ": " + n + " frames");
        List<Frame> all = decode(humble, f, 0, n);
        assertEquals("humble", humble.lastDecodedBy);
        assertEquals(n, all.size());
        // the whole clip, then ranges that start on, just after and well after key frames, and the last frame
        long[][] ranges = {{0, n}, {1, 3}, {11, 4}, {12, 1}, {13, 7}, {n / 2, 5}, {n - 4, 2}, {n - 1, 1}};
        for (long[] r : ranges) {
            List<Frame> got = decode(fast, f, r[0], r[1]);
            assertEquals(taken ? "ffmpeg" : "humble", fast.lastDecodedBy, kind);
            if (taken) {
                // MP4, MOV and Matroska open from their header; MPEG-TS needs its stream information read
                assertEquals(kind.endsWith("-ts"), FfmpegFrameReader.lastReadStreamInformation, kind);
            }
            assertEquals(r[1], got.size(), kind + " frames " + r[0] + "+" + r[1]);
            for (int k = 0; k < r[1]; k++) {
                Frame want = all.get((int) (r[0] + k));
                Frame was = got.get(k);
                assertEquals(want.index(), was.index(), kind);
                assertArrayEquals(want.bgr(), was.bgr(), kind + ": frame " + want.index() + " (range " + r[0]
                        + "+" + r[1] + ")");
            }
        }
        // a seek pays off: at most a GOP and the decoder's delay before the frame wanted
        decode(fast, f, n - 1, 1);
        assertTrue(fast.lastDecodedPictures < 24, kind + ": " + fast.lastDecodedPictures + " pictures for one frame");
    }

    @Test
    void askingPastTheEndIsTheSameProblem() {
        Path f = file("h264-bframes");
        HumbleMediaDecoder fast = new HumbleMediaDecoder(true);
        long n = fast.probe(f).frames();
        List<Long> seen = new ArrayList<>();
        GenshotException e = assertThrows(GenshotException.class, () -> fast.decode(f, n - 2, 5,
                fr -> seen.add(fr.index())));
        assertEquals("media.short", e.problem().code());
        assertEquals("ffmpeg", fast.lastDecodedBy);
        assertEquals(List.of(n - 2, n - 1), seen);
        GenshotException h = assertThrows(GenshotException.class, () -> new HumbleMediaDecoder(false).decode(f, n - 2, 5,
                fr -> { }));
        assertEquals(h.getMessage(), e.getMessage());
    }
}
