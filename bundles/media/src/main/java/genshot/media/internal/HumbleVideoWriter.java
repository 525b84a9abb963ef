package genshot.media.internal;

import genshot.api.Frame;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.timeline.Rate;
import io.humble.video.Codec;
import io.humble.video.Encoder;
import io.humble.video.KeyValueBag;
import io.humble.video.MediaPacket;
import io.humble.video.MediaPicture;
import io.humble.video.Muxer;
import io.humble.video.MuxerFormat;
import io.humble.video.PixelFormat;
import io.humble.video.Rational;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Streams frames into an H.264 (libx264) MP4, or with alpha into a lossless {@link AlphaFormat} in a MOV, at an
 * exact rate: time base {@code 1/rate}, one tick per frame, time stamp = number of frames written before. Writes
 * to a hidden partial file beside the target and renames it on {@link #finish()}; {@link #close()} without
 * finishing deletes it.
 */
final class HumbleVideoWriter extends PartialFileWriter {

    private final boolean alpha;
    /** The alpha format, or null for H.264. */
    private final AlphaFormat format;
    /** The shape of the pixels, written into the stream (and from there the container) when not square. */
    private final genshot.timeline.PixelAspect aspect;
    private Muxer muxer;
    private boolean muxerOpen;
    private Encoder encoder;
    private MediaPicture picture;
    private MediaPacket packet;
    private PictureFiller filler;

    HumbleVideoWriter(Path out, int width, int height, Rate rate, Map<String, String> options,
                      Function<MediaPicture, PictureFiller> fillers) {
        this(out, width, height, rate, options, fillers, null);
    }

    /** With an alpha {@code format} (null: H.264): MOV, a packed picture with alpha the fillers fill. */
    HumbleVideoWriter(Path out, int width, int height, Rate rate, Map<String, String> options,
                      Function<MediaPicture, PictureFiller> fillers, AlphaFormat format) {
        this(out, width, height, rate, options, fillers, format, null);
    }

    /** With the pixels' shape ({@code aspect}; null or 1/1: square, nothing written). */
    HumbleVideoWriter(Path out, int width, int height, Rate rate, Map<String, String> options,
                      Function<MediaPicture, PictureFiller> fillers, AlphaFormat format,
                      genshot.timeline.PixelAspect aspect) {
        super(out, width, height, rate, format != null ? "mov" : "mp4");
        this.aspect = aspect == null || aspect.isSquare() ? null : aspect;
        this.format = format;
        this.alpha = format != null;
        HumbleRuntime.ensureLoaded();
        // FFmpeg's codec open and close are not thread-safe without a lock manager, which Humble 0.3.0 does not set:
        // two at once trip an assertion that aborts the JVM. They take turns with every decode and probe.
        HumbleMediaDecoder.NATIVE.lock();
        try {
            start(() -> open(options, fillers));
        } finally {
            HumbleMediaDecoder.NATIVE.unlock();
        }
    }

    private void open(Map<String, String> options, Function<MediaPicture, PictureFiller> fillers) {
        Rational timeBase = Rational.make((int) rate.denominator(), (int) rate.numerator());
        try (NativePath url = NativePath.of(partial)) { // FFmpeg has the file open when this closes
            open(timeBase, url.name(), options, fillers);
        }
    }

    private void open(Rational timeBase, String url, Map<String, String> options,
                      Function<MediaPicture, PictureFiller> fillers) {
        muxer = Muxer.make(url, null, alpha ? "mov" : "mp4");
        Codec codec = alpha ? Codec.findEncodingCodecByName(this.format.id)
                : Codec.findEncodingCodec(Codec.ID.CODEC_ID_H264);
        if (codec == null) {
            throw GenshotException.of("media.codec", "No " + (alpha ? this.format.title : "H.264")
                    + " encoder is available in the video library", null, null, null);
        }
        PixelFormat.Type format = alpha ? this.format.pixels : PixelFormat.Type.PIX_FMT_YUV420P;
        encoder = Encoder.make(codec);
        encoder.setWidth(width);
        encoder.setHeight(height);
        encoder.setPixelFormat(format);
        encoder.setTimeBase(timeBase);
        if (muxer.getFormat().getFlag(MuxerFormat.Flag.GLOBAL_HEADER)) {
            encoder.setFlag(Encoder.Flag.FLAG_GLOBAL_HEADER, true);
        }
        picture = MediaPicture.make(width, height, format);
        picture.setTimeBase(timeBase);
        filler = fillers.apply(picture);
        if (!alpha) {
            tagColour();
        }
        if (aspect != null) {
            // the codec context's sample aspect ratio: libx264 writes it into the stream's VUI, the MP4/MOV muxer a
            // 'pasp' box; melt and libopenshot read either and show the take as wide as the project
            if (aspect.numerator() > 65535 || aspect.denominator() > 65535) {
                throw GenshotException.of("media.aspect", "The pixel aspect " + aspect + " is too fine to write",
                        target, null, "Use a pixel aspect whose terms are below 65536, e.g. 16/15");
            }
            encoder.setProperty("aspect", aspect.numerator() + "/" + aspect.denominator());
        }
        KeyValueBag opts = KeyValueBag.make();
        options.forEach(opts::setValue);
        KeyValueBag unused = KeyValueBag.make();
        encoder.open(opts, unused);
        if (unused.getNumKeys() > 0) {
            throw new IllegalStateException("the encoder did not take the options " + unused.getKeys());
        }
        openMuxer();
    }

    /** Tags the stream with the matrix the pixels are in, so players and editors convert back the same way. */
    private void tagColour() {
        String matrix = filler.standard().ffmpegName;
        encoder.setProperty("colorspace", matrix);
        encoder.setProperty("color_primaries", filler.standard() == YuvMatrix.Standard.BT601 ? "smpte170m"
                : matrix.equals("bt2020nc") ? "bt2020" : matrix);
        encoder.setProperty("color_trc", filler.standard() == YuvMatrix.Standard.BT601 ? "smpte170m"
                : matrix.equals("bt2020nc") ? "bt2020-10" : matrix);
        encoder.setProperty("color_range", "mpeg");
    }

    private void openMuxer() {
        muxer.addNewStream(encoder);
        try {
            muxer.open(null, null);
            muxerOpen = true;
        } catch (IOException e) {
            throw new GenshotException(new Problem("media.unwritable", "The video file cannot be written: "
                    + e.getMessage(), target.toString(), null, "Choose another place"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenshotException(new Problem("media.encode", "Interrupted while opening the video file",
                    target.toString(), null, null), e);
        }
        packet = MediaPacket.make();
    }

    @Override
    void write(Frame frame) {
        filler.fill(frame, picture);
        picture.setTimeStamp(written);
        picture.setComplete(true);
        encode(picture);
    }

    private void encode(MediaPicture pic) {
        do {
            encoder.encode(packet, pic);
            if (packet.isComplete()) {
                // Humble throws on a write error; its boolean result only says whether data was flushed
                muxer.write(packet, false);
            }
        } while (packet.isComplete());
    }

    @Override
    void finishStream() {
        encode(null);
        Muxer m = muxer;
        muxer = null;
        m.close();
        m.delete();
    }

    @Override
    void release() {
        HumbleMediaDecoder.NATIVE.lock();
        try {
            releaseNatives();
        } finally {
            HumbleMediaDecoder.NATIVE.unlock();
        }
    }

    private void releaseNatives() {
        if (muxer != null) {
            try {
                if (muxerOpen) {
                    muxer.close();
                }
            } catch (RuntimeException e) {
                // closing an abandoned file: errors do not matter
            }
            muxer.delete();
            muxer = null;
        }
        if (filler != null) {
            filler.close();
            filler = null;
        }
        if (packet != null) {
            packet.delete();
            packet = null;
        }
        if (picture != null) {
            picture.delete();
            picture = null;
        }
        if (encoder != null) {
            encoder.delete();
            encoder = null;
        }
    }
}
