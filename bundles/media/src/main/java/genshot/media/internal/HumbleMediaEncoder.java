package genshot.media.internal;

import genshot.api.GenshotException;
import genshot.api.MediaEncoder;
import genshot.api.VideoWriter;
import genshot.timeline.Rate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * H.264 (libx264) in MP4, yuv420p BT.709, at exactly the given rate; with alpha, a lossless {@link AlphaFormat}
 * in MOV: QuickTime Animation (qtrle, ARGB) by default, which Kdenlive/MLT, Resolve, Premiere and After Effects
 * composite, or FFV1 (six to fourteen times smaller, for FFmpeg-based editors such as Kdenlive and OpenShot). Activation is free: the native library
 * is loaded by the first {@link #open}.
 */
@Component(service = MediaEncoder.class)
public final class HumbleMediaEncoder implements MediaEncoder {

    /** Constant quality: visually lossless for a generated plate. */
    static final String CRF = "18";
    /**
     * Humble 0.3.0's libx264 is built without assembly ("using cpu capabilities: none!"), which makes the encoder
     * the slowest part of a 1080p fill. Measured on 2 cores over 16 generated 1080p plates at CRF 18: {@code
     * veryfast} 3.5-11 frames/s, {@code ultrafast} with CABAC put back 15-27 frames/s at the same or better PSNR
     * (fog 45.3 vs 45.6 dB, stars 45.1 vs 44.8, snow 46.5 vs 40.1) for files up to twice as large. No B-frames
     * either, which editors decode and seek more easily.
     */
    static final String PRESET = "ultrafast";
    /** CABAC (entropy coding ultrafast turns off): about 10 % smaller files for a few percent of speed. */
    static final String CODER = "1";

    @Override
    public VideoWriter open(Path out, int width, int height, Rate rate) {
        return new HumbleVideoWriter(out, width, height, rate, options(rate), JavaPictureFiller::new);
    }

    @Override
    public VideoWriter open(Path out, int width, int height, Rate rate, boolean alpha) {
        if (!alpha) {
            return open(out, width, height, rate);
        }
        return open(out, width, height, rate, AlphaFormat.QTRLE.id);
    }

    @Override
    public List<String> alphaFormats() {
        return AlphaFormat.ids();
    }

    @Override
    public VideoWriter open(Path out, int width, int height, Rate rate, String alphaFormat) {
        AlphaFormat f = AlphaFormat.byId(alphaFormat);
        if (f == null) {
            throw GenshotException.of("media.alpha-format", "There is no alpha format '" + alphaFormat + "'", out,
                    null, "use one of " + String.join(", ", AlphaFormat.ids()));
        }
        return new HumbleVideoWriter(out, width, height, rate, f.options, ArgbPictureFiller::new, f);
    }

    @Override
    public VideoWriter open(Path out, int width, int height, Rate rate, boolean alpha, String alphaFormat,
                            genshot.timeline.PixelAspect pixelAspect) {
        if (!alpha) {
            return new HumbleVideoWriter(out, width, height, rate, options(rate), JavaPictureFiller::new, null,
                    pixelAspect);
        }
        AlphaFormat f = AlphaFormat.byId(alphaFormat == null ? AlphaFormat.QTRLE.id : alphaFormat);
        if (f == null) {
            throw GenshotException.of("media.alpha-format", "There is no alpha format '" + alphaFormat + "'", out,
                    null, "use one of " + String.join(", ", AlphaFormat.ids()));
        }
        return new HumbleVideoWriter(out, width, height, rate, f.options, ArgbPictureFiller::new, f, pixelAspect);
    }

    /** Names the encoder in {@code genshot bench}'s rows. */
    @Override
    public String toString() {
        return "humble-video 0.3.0 libx264";
    }

    @Override
    public String extension(boolean alpha) {
        return alpha ? "mov" : "mp4";
    }

    /** libx264 options: quality, speed, and a key frame at least every second (quick seeking in editors). */
    static Map<String, String> options(Rate rate) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("crf", CRF);
        o.put("preset", PRESET);
        o.put("coder", CODER);
        o.put("g", Integer.toString(Math.max(1, rate.timecodeBase())));
        return o;
    }
}
