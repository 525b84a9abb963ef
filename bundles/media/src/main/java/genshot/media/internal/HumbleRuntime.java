package genshot.media.internal;

import genshot.api.GenshotException;
import genshot.api.Problem;
import io.humble.video.Global;

/**
 * Loads Humble-Video's native library on first use (not at bundle activation) and turns FFmpeg's own
 * log chatter down to errors. Humble passes FFmpeg's messages to slf4j as logger {@code org.ffmpeg}.
 */
final class HumbleRuntime {
    /** FFmpeg's {@code AV_LOG_ERROR}. */
    static final int FFMPEG_LOG_ERROR = 16;

    private static volatile boolean loaded;

    private HumbleRuntime() {
    }

    static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (HumbleRuntime.class) {
            if (loaded) {
                return;
            }
            try {
                Global.setFFmpegLoggingLevel(Integer.getInteger("genshot.media.ffmpegLogLevel", FFMPEG_LOG_ERROR));
            } catch (LinkageError e) {
                throw new GenshotException(new Problem("media.native",
                        "The video library (Humble-Video) could not be loaded", null,
                        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                        "Humble-Video is available for Linux x86-64 here; run genshot on such a system"), e);
            }
            loaded = true;
        }
    }
}
