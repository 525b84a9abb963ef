package genshot.media.internal;

import genshot.api.Frame;
import genshot.api.MediaEncoder;
import genshot.api.VideoWriter;
import genshot.timeline.Rate;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encode-only speed, frames/s: Humble's encoder, the bytedeco FFmpeg encoder (BGR to YUV in Java, as Humble's
 * writer, and by swscale), and the ffmpeg program (raw BGR piped in, frames made beforehand, the process timed alone)
 * at the same settings, on the same textured frames; PSNR of each against the frames (decoded by Humble). Alpha
 * plates: QuickTime Animation (bytedeco: coded in Java, the default, and by FFmpeg's encoder) and FFV1, Humble against
 * bytedeco. Rounds are interleaved; prints the median and min-max. Run with {@code mvn test -Dtest=FfmpegEncodeBench
 * -Dgenshot.media.bench=true [-Dgenshot.media.bench.rounds=5] [-Dgenshot.media.bench.only=qtrle,ffv1]} (only the rows
 * whose name holds one of these).
 */
@EnabledIfSystemProperty(named = "genshot.media.bench", matches = "true")
class FfmpegEncodeBench {
    private static final int FRAMES = 60;
    private static final Rate RATE = Rate.FPS_25;

    @TempDir
    Path dir;

    /** Gradients, a moving disc and fixed grain: about what a generated plate costs the encoder. */
    static Frame textured(int i, int w, int h) {
        byte[] bgr = new byte[w * h * 3];
        int cx = w / 4 + i * w / 120;
        int cy = h / 2;
        int r2 = (h / 5) * (h / 5);
        int p = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int n = ((x * 73856093) ^ (y * 19349663) ^ (i * 83492791)) >>> 27; // 0..31 grain
                boolean disc = (x - cx) * (x - cx) + (y - cy) * (y - cy) < r2;
                int b = disc ? 220 : 40 + 150 * x / w;
                int g = disc ? 200 : 60 + 120 * y / h;
                int rr = disc ? 90 : 120 + (int) (60 * Math.sin((x + i * 3) / 40.0));
                bgr[p++] = (byte) Math.min(255, b + n - 16 + 16);
                bgr[p++] = (byte) Math.min(255, g + n / 2);
                bgr[p++] = (byte) Math.min(255, rr + n / 2);
            }
        }
        return new Frame(i, w, h, bgr);
    }

    interface Run {
        void encode(List<Frame> frames, Path out) throws Exception;
    }

    static void through(MediaEncoder enc, String alphaFormat, List<Frame> frames, Path out) {
        Frame f0 = frames.get(0);
        try (VideoWriter w = alphaFormat == null ? enc.open(out, f0.width(), f0.height(), RATE)
                : enc.open(out, f0.width(), f0.height(), RATE, alphaFormat)) {
            for (Frame f : frames) {
                w.accept(f);
            }
            w.finish();
        }
    }

    /** The ffmpeg program at the same settings: libx264 ultrafast with CABAC, CRF 18, BT.709 limited, no B-frames. */
    static void cli(List<Frame> frames, Path out) throws IOException, InterruptedException {
        Frame f0 = frames.get(0);
        List<String> cmd = List.of(Hosts.tool("ffmpeg"), "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24",
                "-s", f0.width() + "x" + f0.height(), "-r", "25", "-i", "-",
                "-vf", "scale=out_color_matrix=bt709:out_range=tv", "-c:v", "libx264", "-preset", "ultrafast",
                "-x264-params", "cabac=1", "-crf", "18", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p",
                "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
                out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            for (Frame f : frames) {
                in.write(f.bgr());
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + cmd);
        }
    }

    private static String stats(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "%6.1f (%.1f-%.1f)", s[s.length / 2], s[0], s[s.length - 1]);
    }

    @Test
    void measure() throws Exception {
        int rounds = Integer.getInteger("genshot.media.bench.rounds", 5);
        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            int w = size[0];
            int h = size[1];
            List<Frame> frames = new ArrayList<>();
            List<Frame> plates = new ArrayList<>();
            for (int i = 0; i < FRAMES; i++) {
                Frame f = textured(i, w, h);
                frames.add(f);
                byte[] a = new byte[w * h];
                for (int k = 0; k < a.length; k++) {
                    a[k] = (byte) ((k % w) * 255 / w);
                }
                plates.add(new Frame(i, w, h, f.bgr(), a));
            }
            HumbleMediaEncoder humble = new HumbleMediaEncoder();
            FfmpegMediaEncoder ffmpeg = new FfmpegMediaEncoder();
            Map<String, Run> runs = new LinkedHashMap<>();
            runs.put("humble libx264", (fr, out) -> through(humble, null, fr, out));
            runs.put("bytedeco " + FfmpegMediaEncoder.h264Encoder() + " (java yuv)", (fr, out) -> {
                System.setProperty("genshot.media.convert", "java");
                through(ffmpeg, null, fr, out);
            });
            runs.put("bytedeco " + FfmpegMediaEncoder.h264Encoder() + " (swscale)", (fr, out) -> {
                System.setProperty("genshot.media.convert", "swscale");
                through(ffmpeg, null, fr, out);
                System.clearProperty("genshot.media.convert");
            });
            runs.put("ffmpeg program libx264", FfmpegEncodeBench::cli);
            runs.put("humble qtrle", (fr, out) -> through(humble, "qtrle", plates, out));
            runs.put("bytedeco qtrle (java coder)", (fr, out) -> through(ffmpeg, "qtrle", plates, out));
            runs.put("bytedeco qtrle (ffmpeg's encoder)", (fr, out) -> {
                System.setProperty("genshot.media.qtrle", "ffmpeg");
                try {
                    through(ffmpeg, "qtrle", plates, out);
                } finally {
                    System.clearProperty("genshot.media.qtrle");
                }
            });
            runs.put("humble ffv1", (fr, out) -> through(humble, "ffv1", plates, out));
            runs.put("bytedeco ffv1", (fr, out) -> through(ffmpeg, "ffv1", plates, out));
            String only = System.getProperty("genshot.media.bench.only", "");
            if (!only.isBlank()) {
                runs.keySet().removeIf(k -> Arrays.stream(only.split(",")).noneMatch(k::contains));
            }
            Map<String, List<Double>> fps = new LinkedHashMap<>();
            Map<String, String> psnr = new LinkedHashMap<>();
            for (String k : runs.keySet()) {
                Path out = dir.resolve(k.replaceAll("[^a-z0-9]", "") + (k.contains("qtrle") || k.contains("ffv1")
                        ? ".mov" : ".mp4"));
                runs.get(k).encode(frames, out); // warm-up; its file gives the PSNR
                psnr.put(k, k.contains("qtrle") || k.contains("ffv1") ? "lossless"
                        : String.format(Locale.ROOT, "%.2f dB", FfmpegEncoderTest.psnr(out, frames)));
                fps.put(k, new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, Run> e : runs.entrySet()) {
                    Path out = dir.resolve("r.mov");
                    long t = System.nanoTime();
                    e.getValue().encode(frames, out);
                    fps.get(e.getKey()).add(FRAMES / ((System.nanoTime() - t) / 1e9));
                    Files.deleteIfExists(out);
                }
            }
            for (String k : runs.keySet()) {
                System.out.printf(Locale.ROOT, "%dx%d %-36s %s frames/s  %s%n", w, h, k, stats(fps.get(k)),
                        psnr.get(k));
            }
        }
        System.out.println("median (min-max) of " + rounds + " interleaved rounds, " + FRAMES + " frames each, "
                + Runtime.getRuntime().availableProcessors() + " cores; " + Arrays.toString(new String[] {
                        System.getProperty("java.version")}));
    }
}
