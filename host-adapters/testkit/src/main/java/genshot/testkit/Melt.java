package genshot.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders MLT XML (Kdenlive) projects with the real melt, in its own process with a timeout. melt exits 0 even
 * when it failed to load something, so stderr is scanned and the frame count checked.
 */
public final class Melt {

    /** stderr fragments that mean melt did not play the project as written. */
    public static final List<String> FAILURE_MARKS = List.of("Failed to load", "parse fatal", "failed to load",
            "Property without a parent");

    private Melt() {
    }

    /** The programs a render needs. */
    public static String[] programs() {
        return new String[] {"melt", "xvfb-run", "ffmpeg", "ffprobe"};
    }

    /**
     * Renders frames {@code [0, frames)} of {@code project} to {@code out} (H.264 MP4), then checks stderr and
     * the frame count. Returns {@code out}.
     */
    public static Path render(Path project, long frames, Path out) {
        List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a", "melt", "-silent", project.toAbsolutePath().toString(),
                "in=0", "out=" + (frames - 1), "-consumer", "avformat:" + out.toAbsolutePath(), "vcodec=libx264",
                "acodec=aac", "pix_fmt=yuv420p", "preset=ultrafast", "crf=12", "threads=2"));
        Tools.Result r = Tools.run(cmd, project.toAbsolutePath().getParent(), Duration.ofSeconds(180));
        for (String line : r.stderr().split("\\R")) {
            for (String mark : FAILURE_MARKS) {
                if (line.contains(mark)) {
                    throw new AssertionError("melt could not play " + project + ": " + line + "\n" + r.stderr());
                }
            }
        }
        if (!Files.isRegularFile(out)) {
            throw new AssertionError("melt wrote no output for " + project + " (exit " + r.exitCode() + ")\n" + r.stderr());
        }
        long n = Frames.count(out);
        if (n != frames) {
            throw new AssertionError("melt rendered " + n + " frames of " + project + ", expected " + frames);
        }
        return out;
    }

    /** Renders frames {@code [0, frames)} and returns them as {@code w}x{@code h} RGB24 images. */
    public static List<byte[]> renderFrames(Path project, long frames, int w, int h) {
        Path dir;
        try {
            dir = Files.createTempDirectory("genshot-melt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path out = dir.resolve("render.mp4");
        try {
            render(project, frames, out);
            return Frames.decode(out, w, h);
        } finally {
            try {
                Files.deleteIfExists(out);
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
