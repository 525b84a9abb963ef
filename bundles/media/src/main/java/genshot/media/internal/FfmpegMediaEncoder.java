package genshot.media.internal;

import genshot.api.GenshotException;
import genshot.api.MediaEncoder;
import genshot.api.VideoWriter;
import genshot.timeline.PixelAspect;
import genshot.timeline.Rate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fast encoder: the same output as {@link HumbleMediaEncoder} (H.264 in MP4, yuv420p BT.709, CRF 18, preset
 * ultrafast with CABAC, no B-frames, a key frame at least every second; alpha as QuickTime Animation or FFV1 in MOV)
 * on the bytedeco build of FFmpeg 8, whose libx264 and swscale have their assembly (Humble's have none). Registered
 * with a higher {@code service.ranking} than Humble's, which stays the fallback: {@link FfmpegProbe} registers it only
 * when the bytedeco bundle is wired with natives for the platform, and if the natives then fail to load at the first
 * {@code open}, the registration is withdrawn and that take goes to Humble's encoder.
 *
 * <p>H.264 uses {@code h264_nvenc} when an NVIDIA GPU and driver let it open (tried once per process; {@code
 * -Dgenshot.media.nvenc=off} skips it), else libx264 with its own threads.
 */
public final class FfmpegMediaEncoder implements MediaEncoder {
    /** Above Humble's (0): consumers of one MediaEncoder get this one. */
    static final int RANKING = 100;
    private static final Logger LOG = Logger.getLogger(FfmpegMediaEncoder.class.getName());

    private final HumbleMediaEncoder fallback = new HumbleMediaEncoder();
    /** Withdraws this encoder's service registration (when the natives cannot load). */
    private final Runnable withdraw;
    private volatile boolean failed;

    /** Outside a framework (tests). */
    FfmpegMediaEncoder() {
        this(() -> { });
    }

    FfmpegMediaEncoder(Runnable withdraw) {
        this.withdraw = withdraw;
    }

    /** libx264's options: the same as Humble's (CRF 18, ultrafast, CABAC, a key frame every second). */
    static Map<String, String> x264Options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("crf", HumbleMediaEncoder.CRF);
        o.put("preset", HumbleMediaEncoder.PRESET);
        o.put("x264-params", "cabac=" + HumbleMediaEncoder.CODER);
        return o;
    }

    /**
     * NVENC's options for about the same quality: constant quantiser 18 (NVENC has no CRF), fastest preset, no
     * B-frames. Not measured against libx264 here (no NVIDIA GPU on the machine it was written on).
     */
    static Map<String, String> nvencOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("preset", "p1");
        o.put("rc", "constqp");
        o.put("qp", HumbleMediaEncoder.CRF);
        o.put("bf", "0");
        return o;
    }

    /** FFV1 slices: enough for every core to have some (FFV1 level 3 accepts 4, 6, 9, 12, 16, 24...). */
    static int ffv1Slices() {
        int n = Runtime.getRuntime().availableProcessors();
        return n <= 4 ? 4 : n <= 6 ? 6 : n <= 9 ? 9 : n <= 12 ? 12 : n <= 16 ? 16 : 24;
    }

    private static volatile String h264;

    /** {@code h264_nvenc} when it opens here, else {@code libx264}; decided once per process. */
    static String h264Encoder() {
        String e = h264;
        if (e == null) {
            synchronized (FfmpegMediaEncoder.class) {
                if (h264 == null) {
                    h264 = nvencOpens() ? "h264_nvenc" : "libx264";
                }
                e = h264;
            }
        }
        return e;
    }

    private static boolean nvencOpens() {
        String mode = System.getProperty("genshot.media.nvenc", "auto");
        if (mode.equals("off") || (!mode.equals("on") && !Files.exists(Path.of("/dev/nvidiactl")))) {
            return false;
        }
        Path probe = null;
        try {
            probe = Files.createTempFile("genshot-nvenc-", ".mp4");
            try (FfmpegVideoWriter w = new FfmpegVideoWriter(probe, 256, 256, Rate.FPS_25, null, null, "h264_nvenc",
                    nvencOptions())) {
                w.accept(new genshot.api.Frame(0, 256, 256, new byte[256 * 256 * 3]));
                w.finish();
            }
            return true;
        } catch (Exception | LinkageError e) {
            LOG.log(Level.FINE, "h264_nvenc does not open here; libx264 it is", e);
            return false;
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (java.io.IOException e) {
                    // a temporary file
                }
            }
        }
    }

    /** The natives loaded (true), or they cannot (false: the service is withdrawn; Humble's takes over). */
    private boolean usable() {
        if (failed) {
            return false;
        }
        try {
            FfmpegRuntime.ensureLoaded();
            return true;
        } catch (GenshotException e) {
            failed = true;
            LOG.log(Level.WARNING, "FFmpeg (bytedeco) cannot load here; using Humble-Video's encoder", e);
            withdraw.run();
            return false;
        }
    }

    /** What {@link #open} encodes H.264 with: {@code ffmpeg/libx264}, {@code ffmpeg/h264_nvenc}, or Humble's. */
    @Override
    public String toString() {
        return usable() ? "ffmpeg " + org.bytedeco.ffmpeg.global.avutil.av_version_info().getString() + " "
                + h264Encoder() : fallback.toString();
    }

    @Override
    public VideoWriter open(Path out, int width, int height, Rate rate) {
        return open(out, width, height, rate, false, null, null);
    }

    @Override
    public VideoWriter open(Path out, int width, int height, Rate rate, boolean alpha) {
        return open(out, width, height, rate, alpha, null, null);
    }

    @Override
    public List<String> alphaFormats() {
        return AlphaFormat.ids();
    }

    @Override
    public VideoWriter open(Path out, int width, int height, Rate rate, String alphaFormat) {
        return open(out, width, height, rate, true, alphaFormat, null);
    }

    @Override
    public VideoWriter open(Path out, int width, int height, Rate rate, boolean alpha, String alphaFormat,
                            PixelAspect pixelAspect) {
        AlphaFormat f = null;
        if (alpha) {
            f = AlphaFormat.byId(alphaFormat == null ? AlphaFormat.QTRLE.id : alphaFormat);
            if (f == null) {
                throw GenshotException.of("media.alpha-format", "There is no alpha format '" + alphaFormat + "'", out,
                        null, "use one of " + String.join(", ", AlphaFormat.ids()));
            }
        }
        if (!usable()) {
            return fallback.open(out, width, height, rate, alpha, alphaFormat, pixelAspect);
        }
        String h = f == null ? h264Encoder() : null;
        return new FfmpegVideoWriter(out, width, height, rate, f, pixelAspect, h,
                "h264_nvenc".equals(h) ? nvencOptions() : x264Options());
    }

    @Override
    public String extension(boolean alpha) {
        return alpha ? "mov" : "mp4";
    }
}
