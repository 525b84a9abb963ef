package genshot.testkit;

import genshot.timeline.Rate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Frames as small RGB images (area-scaled with ffmpeg, 3 bytes a pixel) and how to compare them: the mean
 * absolute byte difference, and the nearest of several candidates.
 */
public final class Frames {

    public static final int W = 64;
    public static final int H = 36;

    /**
     * A match scores below this; different content scores far above it (measured: matches 0 to 3 after an
     * H.264 round trip, mismatches over 100).
     */
    public static final double MATCH_THRESHOLD = 8.0;

    private Frames() {
    }

    /** Every frame of a video file, scaled to {@code w}x{@code h} RGB24. */
    public static List<byte[]> decode(Path video, int w, int h) {
        Tools.Result r = Tools.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-i", video.toString(),
                "-map", "0:v:0", "-vf", "scale=" + w + ":" + h + ":flags=area", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"),
                null, Duration.ofSeconds(120)).requireSuccess();
        int size = w * h * 3;
        byte[] all = r.stdout();
        if (all.length % size != 0) {
            throw new IllegalStateException("ffmpeg gave " + all.length + " bytes, not a whole number of " + size + "-byte frames");
        }
        List<byte[]> out = new ArrayList<>(all.length / size);
        for (int off = 0; off < all.length; off += size) {
            out.add(Arrays.copyOfRange(all, off, off + size));
        }
        return out;
    }

    /** Every frame at the default 64x36. */
    public static List<byte[]> decode(Path video) {
        return decode(video, W, H);
    }

    /** The number of video frames ffprobe counts (decoding every frame). */
    public static long count(Path video) {
        Tools.Result r = Tools.run(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", video.toString()), null, Duration.ofSeconds(60))
                .requireSuccess();
        return Long.parseLong(r.stdoutText().trim().split("\\R")[0].replace(",", "").trim());
    }

    /** Width, height and frame rate of the first video stream, as ffprobe reports them. */
    public record VideoFormat(int width, int height, Rate rate) {
    }

    public static VideoFormat format(Path video) {
        Tools.Result r = Tools.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "stream=width,height,r_frame_rate", "-of", "csv=p=0", video.toString()), null,
                Duration.ofSeconds(60)).requireSuccess();
        String[] f = r.stdoutText().trim().split("\\R")[0].split(",");
        return new VideoFormat(Integer.parseInt(f[0].trim()), Integer.parseInt(f[1].trim()), Rate.parse(f[2].trim()));
    }

    /** Mean absolute difference of two equally sized frames, 0 (equal) to 255. */
    public static double mad(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("frames differ in size: " + a.length + " vs " + b.length);
        }
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) sum / a.length;
    }

    /** A frame of one colour, {@code size} bytes. */
    public static byte[] solid(int r, int g, int b, int w, int h) {
        byte[] f = new byte[w * h * 3];
        for (int i = 0; i < f.length; i += 3) {
            f[i] = (byte) r;
            f[i + 1] = (byte) g;
            f[i + 2] = (byte) b;
        }
        return f;
    }

    /** Mean R, G and B of a frame. */
    public static double[] meanColour(byte[] f) {
        double[] m = new double[3];
        for (int i = 0; i < f.length; i++) {
            m[i % 3] += f[i] & 0xff;
        }
        for (int c = 0; c < 3; c++) {
            m[c] /= f.length / 3.0;
        }
        return m;
    }

    /** The name of the candidate nearest to {@code frame} (smallest mean absolute difference). */
    public static String nearest(byte[] frame, Map<String, byte[]> candidates) {
        String best = null;
        double bestScore = Double.MAX_VALUE;
        for (Map.Entry<String, byte[]> c : candidates.entrySet()) {
            double s = mad(frame, c.getValue());
            if (s < bestScore) {
                bestScore = s;
                best = c.getKey();
            }
        }
        return best;
    }

    /**
     * Checks the nearest-candidate rule: {@code expected} must score below {@link #MATCH_THRESHOLD} and no other
     * candidate may be strictly nearer (candidates with identical content tie). Returns null when it holds, else
     * a description of what was found.
     */
    public static String mismatch(byte[] frame, String expected, Map<String, byte[]> candidates) {
        byte[] ref = candidates.get(expected);
        if (ref == null) {
            throw new IllegalArgumentException("no candidate named " + expected);
        }
        double score = mad(frame, ref);
        String near = nearest(frame, candidates);
        double nearScore = mad(frame, candidates.get(near));
        if (score < MATCH_THRESHOLD && score <= nearScore) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "expected %s (MAD %.2f) but nearest is %s (MAD %.2f)", expected, score,
                near, nearScore);
    }
}
