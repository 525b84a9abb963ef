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

    /** Whether the natives load (loading them the first time); false where they cannot. */
    static boolean loads() {
        try {
            ensureLoaded();
            return true;
        } catch (GenshotException e) {
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
                        useGenshotCache();
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

    /**
     * JavaCPP's cache folder, unless {@code org.bytedeco.javacpp.cachedir} is set: {@code javacpp} in genshot's cache
     * ({@code genshot.cache}, else {@code $XDG_CACHE_HOME/genshot}, else {@code ~/.cache/genshot}), beside the
     * framework cache, rather than JavaCPP's own {@code ~/.javacpp/cache}.
     */
    static void useGenshotCache() {
        if (System.getProperty("org.bytedeco.javacpp.cachedir") != null) {
            return;
        }
        java.nio.file.Path root;
        String own = System.getProperty("genshot.cache");
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (own != null && !own.isBlank()) {
            root = java.nio.file.Path.of(own);
        } else if (xdg != null && !xdg.isBlank() && java.nio.file.Path.of(xdg).isAbsolute()) {
            root = java.nio.file.Path.of(xdg, "genshot");
        } else {
            root = java.nio.file.Path.of(System.getProperty("user.home"), ".cache", "genshot");
        }
        System.setProperty("org.bytedeco.javacpp.cachedir", root.resolve("javacpp").toString());
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
