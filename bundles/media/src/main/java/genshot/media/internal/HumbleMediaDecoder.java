package genshot.media.internal;

import genshot.api.Frame;
import genshot.api.FrameSink;
import genshot.api.GenshotException;
import genshot.api.MediaDecoder;
import genshot.api.MediaInfo;
import genshot.api.Problem;
import genshot.timeline.Rate;
import io.humble.ferry.Buffer;
import io.humble.video.Codec;
import io.humble.video.Decoder;
import io.humble.video.Demuxer;
import io.humble.video.DemuxerStream;
import io.humble.video.Global;
import io.humble.video.MediaDescriptor;
import io.humble.video.MediaPacket;
import io.humble.video.MediaPicture;
import io.humble.video.MediaPictureResampler;
import io.humble.video.PixelFormat;
import io.humble.video.Rational;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.service.component.annotations.Component;

/**
 * Reads the first video stream of a media file with Humble-Video and hands out BGR frames, with an alpha plane when
 * the stream has one (QuickTime Animation ARGB, PNG/ProRes 4444 RGBA, YUVA...). Activation is free:
 * the native library is loaded by the first call.
 *
 * <p>Humble probes every file. Where bytedeco's FFmpeg is there, the frames of 8-bit 4:2:0 H.264, HEVC and VP8 are
 * decoded by it instead ({@link FfmpegFrameReader}: the same bytes, and decodes that run side by side, which
 * Humble's cannot); everything else, and everything when FFmpeg's natives do not load or
 * {@code -Dgenshot.media.decoder=humble} is set, by Humble.
 */
@Component(service = MediaDecoder.class)
public final class HumbleMediaDecoder implements MediaDecoder {

    /** Pictures the last {@link #decode} call decoded, wanted or not (tests check that seeking pays off). */
    volatile long lastDecodedPictures;

    /**
     * Humble-Video 0.3.0 aborts the JVM when two threads demux and decode at the same time (seen with three threads
     * decoding two files), so every decode and probe in the process takes its turn. Reentrant: a sink may decode.
     * The encoder takes it too while it opens and closes its codec (FFmpeg's avcodec_open2/avcodec_close race
     * without a lock manager and end in abort()).
     */
    static final ReentrantLock NATIVE = new ReentrantLock();

    /** Probed files by path, size and modification time: opening a file costs tens of milliseconds. */
    private final Map<Path, Probed> probed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Probed> e) {
            return size() > 64;
        }
    };

    private record Probed(long size, FileTime modified, MediaInfo info, FfmpegFrameReader.Stream stream) {
    }

    /**
     * Whether decoding may go through bytedeco's FFmpeg ({@link FfmpegFrameReader}): its bundle is there with natives
     * for this platform, and {@code -Dgenshot.media.decoder=humble} does not say otherwise.
     */
    private static final boolean FFMPEG = !"humble".equals(System.getProperty("genshot.media.decoder"))
            && FfmpegRuntime.present();

    private final boolean ffmpeg;

    /** Decodes through FFmpeg where it can (see {@link #FFMPEG}). */
    public HumbleMediaDecoder() {
        this(FFMPEG);
    }

    /** With {@code ffmpeg} false, Humble decodes everything (tests compare the two). */
    HumbleMediaDecoder(boolean ffmpeg) {
        this.ffmpeg = ffmpeg && FFMPEG;
    }

    /** Which library decoded the last {@link #decode} call's frames: "ffmpeg" or "humble" (tests). */
    volatile String lastDecodedBy;

    /** How many probes opened the file (tests check that an unchanged file is not opened again). */
    volatile long probesOpened;

    @Override
    public MediaInfo probe(Path file) {
        return probed(checkReadable(file)).info();
    }

    /** The probe of a readable file, from the cache while the file is unchanged. */
    private Probed probed(Path f) {
        long size;
        FileTime modified;
        try {
            size = Files.size(f);
            modified = Files.getLastModifiedTime(f);
        } catch (IOException e) {
            throw unreadable(f, e);
        }
        synchronized (probed) {
            Probed p = probed.get(f);
            if (p != null && p.size() == size && p.modified().equals(modified)) {
                return p;
            }
        }
        Probed p;
        NATIVE.lock();
        try {
            p = probeLocked(f, size, modified);
            probesOpened++;
        } finally {
            NATIVE.unlock();
        }
        synchronized (probed) {
            probed.put(f, p);
        }
        return p;
    }

    @Override
    public void decode(Path file, long first, long count, FrameSink sink) {
        if (ffmpeg && first >= 0 && count > 0) {
            // FFmpeg's decoders run side by side: no turn to take
            Path f = checkReadable(file);
            Probed p = probed(f);
            if (FfmpegFrameReader.takes(p.stream()) && FfmpegRuntime.loads()) {
                long[] pictures = new long[1];
                long next;
                try {
                    next = FfmpegFrameReader.decode(f, p.stream(), p.info().rate().numerator(),
                            p.info().rate().denominator(), first, first + count, sink, pictures);
                } catch (IOException e) {
                    throw unreadable(f, e);
                }
                if (next != FfmpegFrameReader.DECLINED) {
                    lastDecodedPictures = pictures[0];
                    lastDecodedBy = "ffmpeg";
                    checkEnd(f, first, first + count, next);
                    return;
                }
            }
        }
        NATIVE.lock();
        try {
            decodeLocked(file, first, count, sink);
        } finally {
            NATIVE.unlock();
        }
    }

    private Probed probeLocked(Path f, long size, FileTime modified) {
        try (Input in = Input.open(f)) {
            FfmpegFrameReader.Stream stream = in.facts();
            long frames = in.stream.getNumFrames();
            if (frames <= 0) {
                frames = in.countPackets();
            }
            return new Probed(size, modified, new MediaInfo(in.decoder.getWidth(), in.decoder.getHeight(), in.rate,
                    frames, in.hasAudio, size), stream);
        } catch (IOException e) {
            throw unreadable(f, e);
        }
    }

    private void decodeLocked(Path file, long first, long count, FrameSink sink) {
        if (first < 0 || count < 0) {
            throw new IllegalArgumentException("frames [" + first + ", +" + count + ") of " + file);
        }
        Path f = checkReadable(file);
        if (count == 0) {
            return;
        }
        long end = first + count;
        try {
            long[] pictures = new long[1];
            long next = FrameCounter.seekAndDecode(first, seekTo -> {
                try (Input in = Input.open(f)) {
                    if (seekTo >= 0 && !in.seekBefore(seekTo)) {
                        return FrameCounter.CANNOT_SEEK;
                    }
                    long n = in.decodeRange(first, end, seekTo >= 0, sink);
                    pictures[0] += in.decodedPictures;
                    return n;
                }
            });
            lastDecodedPictures = pictures[0];
            lastDecodedBy = "humble";
            checkEnd(f, first, end, next);
        } catch (IOException e) {
            throw unreadable(f, e);
        }
    }

    private static void checkEnd(Path f, long first, long end, long next) {
        if (next < end) {
            throw GenshotException.of("media.short", "The video ends before frame " + end + " (it has "
                    + Math.max(next, 0) + " frames)", f, "frames " + first + "-" + (end - 1),
                    "Ask for frames inside the clip");
        }
    }

    private static Path checkReadable(Path file) {
        Path f = file.toAbsolutePath().normalize();
        if (!Files.exists(f)) {
            throw GenshotException.of("media.missing", "The media file does not exist", f, null,
                    "Check the path, or relink the clip in the editor");
        }
        if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
            throw GenshotException.of("media.unreadable", "The media file cannot be read", f, null,
                    "Check that it is a file and that you may read it");
        }
        return f;
    }

    static GenshotException unreadable(Path f, Exception e) {
        return new GenshotException(new Problem("media.unreadable", "The media file cannot be read as video: "
                + e.getMessage(), f.toString(), null, "Check that it is a complete video file"), e);
    }

    /** An open demuxer with the decoder of its first video stream. */
    private static final class Input implements AutoCloseable {
        final Path file;
        final Demuxer demuxer;
        final DemuxerStream stream;
        final int streamIndex;
        final Decoder decoder;
        final Rate rate;
        final Rational timeBase;
        final long startTime;
        final boolean hasAudio;
        long decodedPictures;

        private Input(Path file, Demuxer demuxer, DemuxerStream stream, int streamIndex, Decoder decoder,
                      boolean hasAudio) {
            this.file = file;
            this.demuxer = demuxer;
            this.stream = stream;
            this.streamIndex = streamIndex;
            this.decoder = decoder;
            this.hasAudio = hasAudio;
            this.timeBase = stream.getTimeBase();
            this.rate = rateOf(file, stream.getFrameRate(), timeBase);
            long st = stream.getStartTime();
            this.startTime = st == Global.NO_PTS ? 0 : st;
        }

        /**
         * Decoders FFmpeg uses to show text files as video: the {@code tty} demuxer takes any {@code .txt}, {@code .nfo},
         * {@code .asc}... file as "ANSI art", and bintext, XBIN and iCEDraw files likewise. Such a "clip" is never
         * footage (a text file named as a clip's media would become the pixels of a take), so it is refused.
         */
        static final java.util.Set<Codec.ID> TEXT_AS_VIDEO = java.util.EnumSet.of(Codec.ID.CODEC_ID_ANSI,
                Codec.ID.CODEC_ID_BINTEXT, Codec.ID.CODEC_ID_XBIN, Codec.ID.CODEC_ID_IDF, Codec.ID.CODEC_ID_TEXT);

        private static String formatName(Demuxer demuxer) {
            try {
                var f = demuxer.getFormat();
                return f == null || f.getName() == null ? "format unknown" : "format " + f.getName();
            } catch (RuntimeException e) {
                return "format unknown";
            }
        }

        static Input open(Path file) throws IOException {
            HumbleRuntime.ensureLoaded();
            Demuxer demuxer = Demuxer.make();
            try {
                try (NativePath url = NativePath.of(file)) { // FFmpeg has the file open when this closes
                    demuxer.open(url.name(), null, false, true, null, null);
                }
                demuxer.queryStreamMetaData();
                DemuxerStream video = null;
                Decoder videoDecoder = null;
                int index = -1;
                boolean audio = false;
                int n = demuxer.getNumStreams();
                for (int i = 0; i < n; i++) {
                    DemuxerStream s = demuxer.getStream(i);
                    Decoder d = s.getDecoder();
                    if (d == null) {
                        continue;
                    }
                    MediaDescriptor.Type type = d.getCodecType();
                    if (type == MediaDescriptor.Type.MEDIA_VIDEO && video == null) {
                        video = s;
                        videoDecoder = d;
                        index = i;
                    } else if (type == MediaDescriptor.Type.MEDIA_AUDIO) {
                        audio = true;
                    }
                }
                if (video == null) {
                    throw GenshotException.of("media.no-video", "The media file has no video stream", file, null,
                            "Choose a video clip");
                }
                if (TEXT_AS_VIDEO.contains(videoDecoder.getCodecID())) {
                    throw GenshotException.of("media.not-video", "The media file is text, not video or an image"
                            + " (FFmpeg would draw its characters as pictures)", file, "stream " + index + ", "
                            + formatName(demuxer), "Relink the clip to its video or image file in the editor");
                }
                videoDecoder.open(null, null);
                return new Input(file, demuxer, video, index, videoDecoder, audio);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(demuxer);
                throw new IOException("interrupted", e);
            } catch (RuntimeException | IOException e) {
                closeQuietly(demuxer);
                if (e instanceof GenshotException g) {
                    throw g;
                }
                throw unreadable(file, e);
            }
        }

        private static Rate rateOf(Path file, Rational frameRate, Rational timeBase) {
            if (frameRate != null && frameRate.getNumerator() > 0 && frameRate.getDenominator() > 0) {
                return new Rate(frameRate.getNumerator(), frameRate.getDenominator());
            }
            if (timeBase != null && timeBase.getNumerator() > 0 && timeBase.getDenominator() > 0) {
                return new Rate(timeBase.getDenominator(), timeBase.getNumerator());
            }
            throw GenshotException.of("media.rate", "The video's frame rate cannot be read", file, null,
                    "Convert the clip to a constant frame rate");
        }

        /** What {@link FfmpegFrameReader} must find again to decode this stream in Humble's place. */
        FfmpegFrameReader.Stream facts() {
            int h = decoder.getHeight();
            PixelFormat.Type format = decoder.getPixelFormat();
            return new FfmpegFrameReader.Stream(streamIndex, String.valueOf(decoder.getCodecID()),
                    String.valueOf(format), decoder.getWidth(), h, timeBase.getNumerator(), timeBase.getDenominator(),
                    startTime, Converter.standardOf(Converter.property(decoder, "colorspace"), h),
                    Converter.fullRange(decoder, format));
        }

        /** Time stamps and frame indices of this stream. */
        FrameCounter.Clock clock() {
            return new FrameCounter.Clock(startTime, timeBase.getNumerator(), timeBase.getDenominator(),
                    rate.numerator(), rate.denominator());
        }

        /** Seeks to the key frame at or before frame {@code index}; false when the file cannot seek. */
        boolean seekBefore(long index) throws IOException {
            long ts = clock().timeStampOf(index);
            try {
                return demuxer.seek(streamIndex, Long.MIN_VALUE, ts, ts, 0) >= 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (RuntimeException e) {
                return false;
            }
        }

        long countPackets() throws IOException {
            MediaPacket packet = MediaPacket.make();
            long n = 0;
            try {
                while (demuxer.read(packet) >= 0) {
                    if (packet.isComplete() && packet.getStreamIndex() == streamIndex) {
                        n++;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                packet.delete();
            }
            return n;
        }

        /**
         * Decodes forward, handing frames {@code [first, end)} to the sink. Returns the index after the last frame
         * decoded, or {@link FrameCounter#NOT_FOUND} when (after a seek) the first frame decoded was already past
         * {@code first}, or no frame was decoded (no key frame after the place the seek landed on).
         */
        long decodeRange(long first, long end, boolean seeked, FrameSink sink) throws IOException {
            int w = decoder.getWidth();
            int h = decoder.getHeight();
            PixelFormat.Type format = decoder.getPixelFormat();
            MediaPicture picture = MediaPicture.make(w, h, format);
            MediaPacket packet = MediaPacket.make();
            try (Converter converter = new Converter(file, decoder, w, h, format)) {
                FrameCounter counter = new FrameCounter(clock(), first, end, seeked);
                // after a seek, decoding starts at a key frame: a picture decoded without its references is broken
                boolean keyFrameSeen = !seeked;
                while (!counter.done() && demuxer.read(packet) >= 0) {
                    if (!packet.isComplete() || packet.getStreamIndex() != streamIndex) {
                        continue;
                    }
                    if (!keyFrameSeen && !packet.isKeyPacket()) {
                        continue;
                    }
                    keyFrameSeen = true;
                    int offset = 0;
                    int size = packet.getSize();
                    do {
                        int used = decoder.decode(picture, packet, offset);
                        if (picture.isComplete()) {
                            take(counter, picture, converter, sink);
                        }
                        if (used <= 0) {
                            break;
                        }
                        offset += used;
                    } while (offset < size && !counter.done());
                }
                while (!counter.done()) {
                    decoder.decode(picture, null, 0);
                    if (!picture.isComplete()) {
                        break;
                    }
                    take(counter, picture, converter, sink);
                }
                return counter.result();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                packet.delete();
                picture.delete();
            }
        }

        /** Numbers a decoded picture and passes it on when it is wanted. */
        private void take(FrameCounter counter, MediaPicture picture, Converter converter, FrameSink sink) {
            decodedPictures++;
            long ts = picture.getTimeStamp();
            long index = counter.take(ts, ts != Global.NO_PTS);
            if (index >= 0) {
                sink.accept(converter.toFrame(index, picture));
            }
        }

        @Override
        public void close() {
            decoder.delete();
            stream.delete();
            closeQuietly(demuxer);
        }

        private static void closeQuietly(Demuxer demuxer) {
            try {
                if (demuxer.getState() == Demuxer.State.STATE_OPENED || demuxer.getState() == Demuxer.State.STATE_PLAYING
                        || demuxer.getState() == Demuxer.State.STATE_PAUSED) {
                    demuxer.close();
                }
            } catch (Exception e) {
                // closing after a failure: nothing to add
            } finally {
                demuxer.delete();
            }
        }
    }

    /** Decoded pictures to BGR frames, choosing the colour matrix from the stream's tags. */
    private static final class Converter implements AutoCloseable {
        private final int width;
        private final int height;
        private final YuvMatrix matrix;
        private final MediaPictureResampler resampler;
        private final MediaPicture yuv;
        private final byte[] bgr;

        /** Set for streams with alpha: pictures go to ARGB and are split into BGR and alpha. */
        private final boolean alpha;
        private final MediaPictureResampler toArgb;
        private final MediaPicture argbPicture;
        private byte[] argb = new byte[0];
        private final byte[] alphaPlane;

        Converter(Path file, Decoder decoder, int width, int height, PixelFormat.Type format) {
            this.width = width;
            this.height = height;
            this.alpha = hasAlpha(format);
            if (alpha && format != PixelFormat.Type.PIX_FMT_ARGB) {
                toArgb = MediaPictureResampler.make(width, height, PixelFormat.Type.PIX_FMT_ARGB, width, height,
                        format, 0);
                toArgb.open();
                argbPicture = MediaPicture.make(width, height, PixelFormat.Type.PIX_FMT_ARGB);
            } else {
                toArgb = null;
                argbPicture = null;
            }
            alphaPlane = alpha ? new byte[width * height] : null;
            matrix = new YuvMatrix(standardOf(property(decoder, "colorspace"), height), fullRange(decoder, format));
            if (format == PixelFormat.Type.PIX_FMT_YUV420P || format == PixelFormat.Type.PIX_FMT_YUVJ420P
                    || hasAlpha(format)) {
                resampler = null;
                yuv = null;
            } else {
                resampler = MediaPictureResampler.make(width, height, PixelFormat.Type.PIX_FMT_YUV420P, width, height,
                        format, 0);
                resampler.open();
                yuv = MediaPicture.make(width, height, PixelFormat.Type.PIX_FMT_YUV420P);
            }
            bgr = new byte[width * height * 3];
        }

        private byte[] yPlane = new byte[0];
        private byte[] uPlane = new byte[0];
        private byte[] vPlane = new byte[0];

        /** Whether pictures in this format carry alpha. */
        static boolean hasAlpha(PixelFormat.Type format) {
            String n = format.name();
            return n.contains("ARGB") || n.contains("RGBA") || n.contains("ABGR") || n.contains("BGRA")
                    || n.contains("YUVA") || n.contains("GBRAP") || n.endsWith("8A");
        }

        Frame toFrame(long index, MediaPicture picture) {
            if (alpha) {
                return argbFrame(index, picture);
            }
            MediaPicture p = picture;
            if (resampler != null) {
                resampler.resample(yuv, picture);
                p = yuv;
            }
            int ys = p.getLineSize(0);
            int cs = p.getLineSize(1);
            int ch = (height + 1) / 2;
            yPlane = copy(p, 0, ys * height, yPlane);
            uPlane = copy(p, 1, cs * ch, uPlane);
            vPlane = copy(p, 2, p.getLineSize(2) * ch, vPlane);
            matrix.toBgr(yPlane, ys, uPlane, vPlane, cs, width, height, bgr);
            return new Frame(index, width, height, bgr);
        }

        private Frame argbFrame(long index, MediaPicture picture) {
            MediaPicture p = picture;
            if (toArgb != null) {
                toArgb.resample(argbPicture, picture);
                p = argbPicture;
            }
            int stride = p.getLineSize(0);
            argb = copy(p, 0, stride * height, argb);
            for (int y = 0; y < height; y++) {
                int o = y * stride;
                int d = y * width * 3;
                int a = y * width;
                for (int x = 0; x < width; x++, o += 4, d += 3) {
                    alphaPlane[a + x] = argb[o];
                    bgr[d + 2] = argb[o + 1];
                    bgr[d + 1] = argb[o + 2];
                    bgr[d] = argb[o + 3];
                }
            }
            return new Frame(index, width, height, bgr, alphaPlane);
        }

        private static byte[] copy(MediaPicture p, int plane, int size, byte[] into) {
            byte[] a = into.length == size ? into : new byte[size];
            Buffer b = p.getData(plane);
            try {
                b.get(0, a, 0, size);
            } finally {
                b.delete();
            }
            return a;
        }

        private static String property(Decoder decoder, String name) {
            try {
                return decoder.getPropertyAsString(name);
            } catch (RuntimeException e) {
                return null;
            }
        }

        /** Full-range levels: a JPEG ("yuvj") format, or the stream's range tag. */
        static boolean fullRange(Decoder decoder, PixelFormat.Type format) {
            return format == PixelFormat.Type.PIX_FMT_YUVJ420P || format == PixelFormat.Type.PIX_FMT_YUVJ422P
                    || format == PixelFormat.Type.PIX_FMT_YUVJ444P || isFullRange(property(decoder, "color_range"));
        }

        static boolean isFullRange(String range) {
            return range != null && (range.equals("2") || range.equals("jpeg") || range.equals("pc"));
        }

        /** FFmpeg's colour space (name or number); untagged video: BT.709 from 720 lines up, else BT.601. */
        static YuvMatrix.Standard standardOf(String colorspace, int height) {
            if (colorspace != null) {
                switch (colorspace) {
                    case "1", "bt709":
                        return YuvMatrix.Standard.BT709;
                    case "5", "6", "bt470bg", "smpte170m", "fcc", "4":
                        return YuvMatrix.Standard.BT601;
                    case "9", "10", "bt2020nc", "bt2020_ncl", "bt2020c", "bt2020_cl":
                        return YuvMatrix.Standard.BT2020;
                    default:
                        break;
                }
            }
            return height >= 720 ? YuvMatrix.Standard.BT709 : YuvMatrix.Standard.BT601;
        }

        @Override
        public void close() {
            if (resampler != null) {
                resampler.delete();
                yuv.delete();
            }
            if (toArgb != null) {
                toArgb.delete();
                argbPicture.delete();
            }
        }
    }
}
