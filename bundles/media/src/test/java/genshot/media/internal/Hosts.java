package genshot.media.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;

/** Runs the real ffprobe, ffmpeg and melt; skips when they are missing unless genshot.requireHosts=true. */
final class Hosts {
    private Hosts() {
    }

    static String tool(String name) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        if (Boolean.getBoolean("genshot.requireHosts")) {
            fail(name + " is not on the PATH (genshot.requireHosts=true)");
        }
        Assumptions.abort(name + " is not installed");
        return null;
    }

    static byte[] run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            byte[] out = readAll(p.getInputStream());
            int rc = p.waitFor();
            if (rc != 0) {
                fail(String.join(" ", command) + " exited with " + rc + ": "
                        + new String(err.join(), StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ffprobe's view of the first video stream, frames counted by decoding. */
    static Map<String, String> ffprobe(Path file) {
        String out = new String(run(List.of(tool("ffprobe"), "-v", "error", "-select_streams", "v:0",
                "-count_frames", "-show_entries",
                "stream=codec_name,pix_fmt,width,height,r_frame_rate,avg_frame_rate,nb_frames,nb_read_frames,"
                        + "color_space,color_range,sample_aspect_ratio,display_aspect_ratio",
                "-of", "default=noprint_wrappers=1", file.toString())), StandardCharsets.UTF_8);
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return m;
    }

    /** How many of the first video stream's packets are key frames (ffprobe's packet flags). */
    static long keyFrames(Path file) {
        String out = new String(run(List.of(tool("ffprobe"), "-v", "error", "-select_streams", "v:0",
                "-show_entries", "packet=flags", "-of", "csv=p=0", file.toString())), StandardCharsets.UTF_8);
        return out.lines().filter(l -> l.startsWith("K")).count();
    }

    /** All frames as BGR, decoded by ffmpeg. */
    static List<byte[]> ffmpegFrames(Path file, int width, int height) {
        byte[] all = run(List.of(tool("ffmpeg"), "-v", "error", "-i", file.toString(), "-f", "rawvideo",
                "-pix_fmt", "bgr24", "-"));
        int size = width * height * 3;
        assertEquals(0, all.length % size, "ffmpeg output is whole frames");
        List<byte[]> frames = new ArrayList<>();
        for (int off = 0; off < all.length; off += size) {
            byte[] f = new byte[size];
            System.arraycopy(all, off, f, 0, size);
            frames.add(f);
        }
        return frames;
    }
}
