package genshot.media.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Frame;
import genshot.api.VideoWriter;
import genshot.timeline.Rate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QuickTime Animation coded in Java ({@link QtrleEncoder}, the FFmpeg writer's default, kept off with
 * {@code -Dgenshot.media.qtrle=ffmpeg}): frames chosen to reach every
 * code (skips longer than a skip code holds, runs longer than a run code holds, literals longer than a literal code
 * holds, unchanged frames and lines, a change in the last line only, a key frame after an unchanged frame) decode
 * exactly, by Humble's decoder and by the ffmpeg program, and the file is FFmpeg's own encoder's file but for the
 * coded pixels: the same frames, time stamps, key frames and stream.
 */
class QtrleEncoderTest {
    /** Over two skip codes wide (254 pixels each). */
    static final int W = 600;
    static final int H = 40;

    @TempDir
    Path dir;

    /** Every test starts from the default (no property: the Java coder). */
    @BeforeEach
    @AfterEach
    void defaultEncoder() {
        System.clearProperty("genshot.media.qtrle");
    }

    private static void set(byte[] bgr, byte[] alpha, int x, int y, int b, int g, int r, int a) {
        int p = y * W + x;
        bgr[p * 3] = (byte) b;
        bgr[p * 3 + 1] = (byte) g;
        bgr[p * 3 + 2] = (byte) r;
        if (alpha != null) {
            alpha[p] = (byte) a;
        }
    }

    /** 14 frames, so that frame 12 is a key frame though it is the same as frame 11. */
    static List<Frame> frames() {
        Random random = new Random(13);
        List<Frame> frames = new ArrayList<>();
        // 0: noise (literals of 127 and less)
        byte[] bgr = new byte[W * H * 3];
        byte[] alpha = new byte[W * H];
        random.nextBytes(bgr);
        random.nextBytes(alpha);
        frames.add(new Frame(0, W, H, bgr.clone(), alpha.clone()));
        // 1: unchanged
        frames.add(new Frame(1, W, H, bgr.clone(), alpha.clone()));
        // 2: one pixel of the last line
        set(bgr, alpha, 3, H - 1, 1, 2, 3, 4);
        frames.add(new Frame(2, W, H, bgr.clone(), alpha.clone()));
        // 3: pixels far apart in one line (skips over 254 pixels), and the last pixel of the first line
        set(bgr, alpha, 300, 7, 9, 9, 9, 9);
        set(bgr, alpha, 590, 7, 8, 8, 8, 8);
        set(bgr, alpha, W - 1, 0, 7, 7, 7, 7);
        frames.add(new Frame(3, W, H, bgr.clone(), alpha.clone()));
        // 4: lines of one colour (runs over 128), one pixel different after 129, alpha differing only
        for (int y = 10; y < 20; y++) {
            for (int x = 0; x < W; x++) {
                set(bgr, alpha, x, y, 40, 50, 60, 255);
            }
            set(bgr, alpha, 129, y, 41, 50, 60, 255);
            set(bgr, alpha, 400, y, 40, 50, 60, 254);
        }
        frames.add(new Frame(4, W, H, bgr.clone(), alpha.clone()));
        // 5: runs of two and three amid changes, and pixels that change back
        for (int x = 0; x < W; x += 5) {
            set(bgr, alpha, x, 25, 1, 1, 1, 1);
            set(bgr, alpha, x + 1, 25, 1, 1, 1, 1);
        }
        frames.add(new Frame(5, W, H, bgr.clone(), alpha.clone()));
        // 6: opaque (no alpha plane)
        frames.add(new Frame(6, W, H, bgr.clone()));
        // 7..11: a moving block, alpha kept
        for (int i = 7; i < 12; i++) {
            for (int y = 30; y < 36; y++) {
                for (int x = i * 40; x < i * 40 + 30; x++) {
                    set(bgr, alpha, x, y, i, 2 * i, 3 * i, 255 - i);
                }
            }
            frames.add(new Frame(i, W, H, bgr.clone(), alpha.clone()));
        }
        // 12: the same as 11, but a key frame; 13: unchanged again
        frames.add(new Frame(12, W, H, bgr.clone(), alpha.clone()));
        frames.add(new Frame(13, W, H, bgr.clone(), alpha.clone()));
        return frames;
    }

    private static void write(Path out, List<Frame> frames) {
        try (VideoWriter w = new FfmpegMediaEncoder().open(out, W, H, Rate.FPS_25, "qtrle")) {
            for (Frame f : frames) {
                w.accept(f);
            }
            assertEquals(frames.size(), w.finish().frames());
        }
    }

    private static String packets(Path file) {
        return new String(Hosts.run(List.of(Hosts.tool("ffprobe"), "-v", "error", "-select_streams", "v:0",
                "-show_entries", "packet=pts,dts,duration,flags:stream=codec_name,codec_tag_string,pix_fmt,"
                        + "bits_per_coded_sample,width,height,r_frame_rate,time_base,nb_frames",
                "-of", "compact", file.toString())), StandardCharsets.UTF_8);
    }

    @Test
    void everyCodeDecodesExactlyAndTheFileIsFfmpegsButForThePixels() throws IOException {
        List<Frame> frames = frames();
        Path java = dir.resolve("java.mov");
        Path ffmpeg = dir.resolve("ffmpeg.mov");
        write(java, frames);
        System.setProperty("genshot.media.qtrle", "ffmpeg");
        write(ffmpeg, frames);

        List<Frame> back = new ArrayList<>();
        new HumbleMediaDecoder().decode(java, 0, frames.size(), f -> back.add(f.copy()));
        assertEquals(frames.size(), back.size());
        byte[] opaque = new byte[W * H];
        Arrays.fill(opaque, (byte) 255);
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i).bgr(), back.get(i).bgr(), "colour of frame " + i);
            byte[] a = frames.get(i).alpha();
            assertArrayEquals(a == null ? opaque : a, back.get(i).alpha(), "alpha of frame " + i);
        }
        // the ffmpeg program reads the same ARGB as from FFmpeg's own encoder's file
        List<String> argb = List.of("-f", "rawvideo", "-pix_fmt", "argb", "-");
        byte[] fromJava = Hosts.run(cat(List.of(Hosts.tool("ffmpeg"), "-v", "error", "-i", java.toString()), argb));
        byte[] fromFfmpeg = Hosts.run(cat(List.of(Hosts.tool("ffmpeg"), "-v", "error", "-i", ffmpeg.toString()),
                argb));
        assertEquals(frames.size() * W * H * 4, fromJava.length);
        assertArrayEquals(fromFfmpeg, fromJava);

        String packets = packets(java);
        assertEquals(packets(ffmpeg), packets, "time stamps, key frames and stream as FFmpeg's encoder writes them");
        assertEquals(2, packets.split("flags=K", -1).length - 1, "key frames at 0 and 12: " + packets);
        long javaBytes = Files.size(java);
        long ffmpegBytes = Files.size(ffmpeg);
        assertTrue(javaBytes < ffmpegBytes * 1.05, javaBytes + " bytes against FFmpeg's " + ffmpegBytes);
    }

    /** With no property the Java coder writes the take; {@code ffmpeg} picks FFmpeg's encoder, {@code java} the same. */
    @Test
    void theJavaCoderIsTheDefault() throws IOException {
        List<Frame> frames = frames();
        Path byDefault = dir.resolve("default.mov");
        write(byDefault, frames);
        System.setProperty("genshot.media.qtrle", "java");
        Path java = dir.resolve("java.mov");
        write(java, frames);
        System.setProperty("genshot.media.qtrle", "ffmpeg");
        Path ffmpeg = dir.resolve("ffmpeg.mov");
        write(ffmpeg, frames);
        assertArrayEquals(Files.readAllBytes(java), Files.readAllBytes(byDefault));
        assertFalse(Arrays.equals(Files.readAllBytes(ffmpeg), Files.readAllBytes(byDefault)),
                "FFmpeg's encoder searches its runs and writes other bytes");
    }

    private static List<String> cat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void seekingStartsAtTheKeyFrameBefore() {
        List<Frame> frames = frames();
        Path out = dir.resolve("plate.mov");
        write(out, frames);
        List<Frame> back = new ArrayList<>();
        new HumbleMediaDecoder().decode(out, 9, 5, f -> back.add(f.copy()));
        assertEquals(5, back.size());
        for (int k = 0; k < 5; k++) {
            assertArrayEquals(frames.get(9 + k).bgr(), back.get(k).bgr(), "colour of frame " + (9 + k));
        }
    }
}
