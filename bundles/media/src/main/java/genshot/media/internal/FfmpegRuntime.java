package genshot.media.internal;

import genshot.api.GenshotException;
import genshot.api.Problem;

/**
 * The bytedeco FFmpeg (bundle {@code org.bytedeco.ffmpeg.gpl}: FFmpeg 8 built with assembly, libx264 inside): whether
 * its classes are there at all (cheap, at activation) and loading its natives (at the first encode). JavaCPP copies
 * the natives out of the bundle into its cache folder ({@code org.bytedeco.javacpp.cachedir}, by default {@code
 * ~/.javacpp/cache}) once and loads them from there.
 */
final class FfmpegRuntime {
    private static final Object LOCK = new Object();
    private static volatile Boolean loaded;
    private static volatile Throwable failure;

    private FfmpegRuntime() {
    }

    /**
     * Whether the bytedeco classes are wired to this bundle (the bundle is optional) and carry natives for this
     * platform; loads nothing native.
     */
    static boolean present() {
        try {
            ClassLoader cl = FfmpegRuntime.class.getClassLoader();
            Class<?> loader = Class.forName("org.bytedeco.javacpp.Loader", false, cl);
            Class<?> codec = Class.forName("org.bytedeco.ffmpeg.global.avcodec", false, cl);
            String platform = (String) loader.getMethod("getPlatform").invoke(null);
            return codec.getResource("/org/bytedeco/ffmpeg/" + platform + "-gpl/") != null
                    || codec.getResource("/org/bytedeco/ffmpeg/" + platform + "/") != null
                    || codec.getResource("/org/bytedeco/ffmpeg/" + platform + "-gpl/libjniavcodec.so") != null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** Loads the natives once; a failure is remembered and thrown again as {@code media.native}. */
    static void ensureLoaded() {
        Boolean l = loaded;
        if (l == null) {
            synchronized (LOCK) {
                if (loaded == null) {
                    try {
                        org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avutil.class);
                        org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
                        org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
                        org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
                        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(logLevel());
                        loaded = true;
                    } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError
                        failure = t;
                        loaded = false;
                    }
                }
                l = loaded;
            }
        }
        if (!l) {
            throw new GenshotException(new Problem("media.native", "FFmpeg's native libraries (bytedeco) cannot be "
                    + "loaded on this platform: " + failure, null, null, "genshot falls back to Humble-Video's encoder"),
                    failure);
        }
    }

    /** FFmpeg's log level: errors only unless {@code -Dgenshot.media.ffmpegLogLevel} says otherwise. */
    private static int logLevel() {
        try {
            return Integer.parseInt(System.getProperty("genshot.media.ffmpegLogLevel", "16"));
        } catch (NumberFormatException e) {
            return 16;
        }
    }
}
