package genshot.media.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Frame;
import genshot.api.GenshotException;
import genshot.api.VideoWriter;
import genshot.timeline.Rate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QuickTime Animation by FFmpeg's encoder (the default) in runs of 12 frames on several
 * contexts at once ({@link GopParallelEncoder}): the file
 * is byte for byte the one a single context writes, decodes to exactly the frames, and a take abandoned or failed
 * midway leaves neither a file nor a thread behind.
 */
class ParallelQtrleTest {
    static final int W = 160;
    static final int H = 90;

    @TempDir
    Path dir;

    private final FfmpegMediaEncoder ffmpeg = new FfmpegMediaEncoder();

    @BeforeEach
    void ffmpegsEncoder() {
        System.setProperty("genshot.media.qtrle", "ffmpeg");
    }

    @AfterEach
    void defaults() {
        System.clearProperty("genshot.media.alphaThreads");
        System.clearProperty("genshot.media.qtrle");
    }

    /**
     * A plate whose left half stays still (so frames after a key frame skip it and refer to the frame before), whose
     * right half moves, and whose alpha shifts; every fifth frame opaque (no alpha plane).
     */
    static Frame plate(int i) {
        Frame f = Pattern.frame(i, W, H);
        byte[] bgr = f.bgr();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W / 2; x++) {
                int p = (y * W + x) * 3;
                bgr[p] = (byte) (x * 3);
                bgr[p + 1] = (byte) (y * 2);
                bgr[p + 2] = (byte) ((x / 8) * 30);
            }
        }
        if (i % 5 == 4) {
            return new Frame(i, W, H, bgr);
        }
        byte[] a = new byte[W * H];
        for (int k = 0; k < a.length; k++) {
            int x = k % W;
            a[k] = (byte) (x < W / 2 ? 200 : (x + i * 5) & 0xff);
        }
        return new Frame(i, W, H, bgr, a);
    }

    private List<Frame> write(Path out, int threads, int n) {
        System.setProperty("genshot.media.alphaThreads", Integer.toString(threads));
        List<Frame> sent = new ArrayList<>();
        try (VideoWriter w = ffmpeg.open(out, W, H, Rate.FPS_25, "qtrle")) {
            for (int i = 0; i < n; i++) {
                Frame f = plate(i);
                sent.add(f.copy());
                w.accept(f);
            }
            assertEquals(n, w.finish().frames());
        }
        return sent;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static long encoderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("genshot-qtrle") && t.isAlive()).count();
    }

    @Test
    void runsEncodedInParallelMakeTheFileOneContextMakesAndDecodeToTheFrames() throws IOException {
        int n = 12 * 3 + 5;   // three whole runs and part of a fourth
        Path one = dir.resolve("one.mov");
        Path three = dir.resolve("three.mov");
        List<Frame> sent = write(one, 1, n);
        write(three, 3, n);

        assertEquals(-1, Files.mismatch(one, three), "the parallel file differs from the single context's");
        Map<String, String> p = Hosts.ffprobe(three);
        assertEquals("qtrle", p.get("codec_name"));
        assertEquals("argb", p.get("pix_fmt"));
        assertEquals(Integer.toString(n), p.get("nb_read_frames"));
        assertEquals(Integer.toString(n), p.get("nb_frames"));
        List<Frame> back = new ArrayList<>();
        new HumbleMediaDecoder().decode(three, 0, n, f -> back.add(f.copy()));
        assertEquals(n, back.size());
        byte[] opaque = new byte[W * H];
        Arrays.fill(opaque, (byte) 255);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(sent.get(i).bgr(), back.get(i).bgr(), "colour of frame " + i);
            byte[] alpha = sent.get(i).alpha();
            assertArrayEquals(alpha == null ? opaque : alpha, back.get(i).alpha(), "alpha of frame " + i);
        }
        // seeking into the third run starts at its key frame, which the second context wrote
        List<Frame> seek = new ArrayList<>();
        new HumbleMediaDecoder().decode(three, 30, 3, f -> seek.add(f.copy()));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(sent.get(30 + i).bgr(), seek.get(i).bgr(), "colour of frame " + (30 + i));
        }
        assertEquals(0, encoderThreads(), "the encoder threads end with the take");
    }

    @Test
    void aTakeClosedMidwayLeavesNoFileAndNoThread() throws IOException {
        System.setProperty("genshot.media.alphaThreads", "2");
        Path out = dir.resolve("plate.mov");
        try (VideoWriter w = ffmpeg.open(out, W, H, Rate.FPS_25, "qtrle")) {
            for (int i = 0; i < 30; i++) {
                w.accept(plate(i));
            }
            assertEquals(2, encoderThreads());
        }
        assertEquals(List.of(), files());
        assertEquals(0, encoderThreads());
    }

    @Test
    void aTakeThatFailsMidwayLeavesNoFileAndNoThread() throws IOException {
        System.setProperty("genshot.media.alphaThreads", "2");
        Path out = dir.resolve("plate.mov");
        try (VideoWriter w = ffmpeg.open(out, W, H, Rate.FPS_25, "qtrle")) {
            for (int i = 0; i < 20; i++) {
                w.accept(plate(i));
            }
            GenshotException e = assertThrows(GenshotException.class,
                    () -> w.accept(new Frame(20, W + 2, H, new byte[(W + 2) * H * 3], new byte[(W + 2) * H])));
            assertEquals("media.frame-size", e.problem().code());
            assertTrue(files().size() == 1, "only the partial file while the take is open: " + files());
        }
        assertEquals(List.of(), files());
        assertEquals(0, encoderThreads());
    }
}
