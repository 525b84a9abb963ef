package genshot.media.internal;

import io.humble.video.PixelFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lossless formats takes with alpha are written in, all in a MOV (exact frame rate, as H.264 takes).
 * Measured on generated 1080p plates on 2 cores (encode frames/s, size a frame): QuickTime Animation 15-32 fps,
 * 2.0-4.8 MB (run lengths: soft plates hardly compress); FFV1 10-22 fps, 0.3-0.7 MB.
 *
 * <p>Not offered: Ut Video (29-48 fps, 0.8-0.9 MB), because its pictures decode as planar GBRA, which melt 7.12
 * composites as if opaque (the plate's black covers the track below; found by the end-to-end test); ProRes 4444
 * (0.5-2.6 fps here).
 */
enum AlphaFormat {
    /** QuickTime Animation, ARGB: read by every editor and compositor. The default. */
    QTRLE("qtrle", "QuickTime Animation", PixelFormat.Type.PIX_FMT_ARGB, Map.of()),
    /**
     * FFV1, BGRA: the smallest (a sixth to a fourteenth), slower; FFmpeg-based editors. Intra only (every frame
     * a key frame, 4 % larger than FFmpeg's default of a key frame every 12): an editor's seek decodes one
     * frame, and no decoder carries the context states from one frame to the next (Debian 12's libavcodec 59,
     * which libopenshot uses, once aborted decoding a plate of the default kind on slice threads in a test run).
     */
    FFV1("ffv1", "FFV1", PixelFormat.Type.PIX_FMT_BGRA, Map.of("threads", "2", "g", "1"));

    /** The user's name for it, which is also FFmpeg's encoder name. */
    final String id;
    final String title;
    final PixelFormat.Type pixels;
    final Map<String, String> options;

    AlphaFormat(String id, String title, PixelFormat.Type pixels, Map<String, String> options) {
        this.id = id;
        this.title = title;
        this.pixels = pixels;
        this.options = options;
    }

    static List<String> ids() {
        return java.util.Arrays.stream(values()).map(f -> f.id).toList();
    }

    /** The format named {@code id} (any case), or null. */
    static AlphaFormat byId(String id) {
        String k = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (AlphaFormat f : values()) {
            if (f.id.equals(k)) {
                return f;
            }
        }
        return null;
    }
}
