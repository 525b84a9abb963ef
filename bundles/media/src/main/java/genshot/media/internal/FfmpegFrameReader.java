package genshot.media.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_seek_file;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import genshot.api.Frame;
import genshot.api.FrameSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes frames with bytedeco's FFmpeg 8 for {@link HumbleMediaDecoder}, on the streams where its pictures are
 * Humble's to the bit: 8-bit 4:2:0 YUV from codecs whose decoding the standard fixes exactly (H.264, HEVC, VP8; not
 * VP9, whose WebM files Humble counts otherwise), in a container whose first video stream, size, time base and start
 * both libraries read alike (Humble's probe of the same file is handed in). The pictures are numbered and converted
 * exactly as Humble's are (the same seek, the same time stamp to index, the same {@link YuvMatrix} from the probe's
 * colour tags), so the frames are the same bytes whichever library decoded them; {@code FfmpegDecodeTest} holds the
 * two to that on every kind of file the reader takes.
 *
 * <p>Why: FFmpeg's decodes run side by side (Humble's take turns: two at once abort the JVM), an MP4, MOV or Matroska
 * file opens from its header without decoding its first pictures to learn what the header says (Humble's open does;
 * a bridge or a thumbnail wants one frame, so that was half the work), and frame threads decode a seek's pictures
 * two at a time. Single-threaded, FFmpeg 8's H.264 decoding is no faster than Humble's here.
 *
 * <p>Anything else (alpha, other formats and codecs, a file FFmpeg 8 reads otherwise) is declined before a frame
 * is handed out, and Humble decodes it.
 */
final class FfmpegFrameReader {

    /** A stream as Humble's probe read it: what the fast path must find again. */
    record Stream(int index, String codec, String pixelFormat, int width, int height, int timeBaseNum,
                  int timeBaseDen, long startTime, YuvMatrix.Standard standard, boolean fullRange) {
    }

    /** The codecs (Humble's names) whose decoders give the same pictures in every conforming decoder. */
    private static final Map<String, Integer> EXACT = Map.of("CODEC_ID_H264", AV_CODEC_ID_H264,
            "CODEC_ID_HEVC", AV_CODEC_ID_HEVC, "CODEC_ID_VP8", AV_CODEC_ID_VP8);

    /** libavcodec's FF_THREAD_FRAME and FF_THREAD_SLICE (avcodec.h; not mapped by the presets). */
    private static final int FF_THREAD_FRAME = 1;
    private static final int FF_THREAD_SLICE = 2;

    /** Whether the last file opened needed its stream information read (tests: MP4, MOV, Matroska do not). */
    static volatile boolean lastReadStreamInformation;

    /** Returned when the reader declines the file (nothing was handed to the sink): Humble reads it. */
    static final long DECLINED = Long.MIN_VALUE + 1;

    private FfmpegFrameReader() {
    }

    /** Whether the probe's stream is one this reader may take at all (the file is then opened to check the rest). */
    static boolean takes(Stream s) {
        return s != null && EXACT.containsKey(s.codec())
                && ("PIX_FMT_YUV420P".equals(s.pixelFormat()) || "PIX_FMT_YUVJ420P".equals(s.pixelFormat()));
    }

    /**
     * Hands frames {@code [first, end)} to the sink, numbered as Humble numbers them (frame index = time stamp by
     * the rate {@code rateNum/rateDen}, from the stream's start). Returns the index after the last frame decoded
     * (below {@code end}: the video is shorter), or {@link #DECLINED}. {@code pictures[0]} counts the pictures
     * decoded, wanted or not.
     */
    static long decode(Path file, Stream s, long rateNum, long rateDen, long first, long end, FrameSink sink,
                       long[] pictures) throws IOException {
        FrameCounter.Clock clock = new FrameCounter.Clock(s.startTime(), s.timeBaseNum(), s.timeBaseDen(), rateNum,
                rateDen);
        boolean[] opened = new boolean[1];
        long next = FrameCounter.seekAndDecode(first, seekTo -> {
            try (Input in = Input.open(file, s)) {
                if (in == null) {
                    if (opened[0]) {
                        throw new IOException("the file reads differently on a second open");
                    }
                    return DECLINED;
                }
                opened[0] = true;
                if (seekTo >= 0 && !in.seek(clock.timeStampOf(seekTo))) {
                    return FrameCounter.CANNOT_SEEK;
                }
                return in.decodeRange(clock, first, end, seekTo >= 0, sink, pictures);
            }
        });
        if (next == FrameCounter.NOT_FOUND) {
            throw new IOException("the first picture is not the first frame");
        }
        return next;
    }

    private static final class Input implements AutoCloseable {
        private final AVFormatContext format;
        private final AVCodecContext codec;
        private final int stream;
        private final Stream expected;

        private Input(AVFormatContext format, AVCodecContext codec, int stream, Stream expected) {
            this.format = format;
            this.codec = codec;
            this.stream = stream;
            this.expected = expected;
        }

        /** Opens the file and its decoder; null when it does not read as Humble's probe read it. */
        static Input open(Path file, Stream s) {
            AVFormatContext fmt = new AVFormatContext(null);
            try (BytePointer url = new BytePointer(file.toString(), StandardCharsets.UTF_8)) {
                if (avformat_open_input(fmt, url, null, (AVDictionary) null) < 0) {
                    return null;
                }
            }
            AVCodecContext ctx = null;
            try {
                // MP4, MOV and Matroska carry what the decoder needs in their header: the stream information (which
                // decodes the first pictures, as much work again as the one frame a bridge or a thumbnail wants)
                // is only read where the header does not say what Humble's probe found; the picture format is then
                // checked on the first picture
                String demuxer = fmt.iformat().name().getString();
                boolean header = demuxer.startsWith("mov,") || demuxer.startsWith("matroska,");
                int index = header ? matching(fmt, s, true) : -1;
                lastReadStreamInformation = index < 0;
                if (index < 0) {
                    header = false;
                    if (avformat_find_stream_info(fmt, (PointerPointer<?>) null) < 0) {
                        return null;
                    }
                    index = matching(fmt, s, false);
                    if (index < 0) {
                        return null;
                    }
                }
                AVStream st = fmt.streams(index);
                AVCodecParameters par = st.codecpar();
                AVCodec dec = avcodec_find_decoder(par.codec_id());
                if (dec == null) {
                    return null;
                }
                ctx = avcodec_alloc_context3(dec);
                if (ctx == null || avcodec_parameters_to_context(ctx, par) < 0) {
                    return null;
                }
                ctx.pkt_timebase(st.time_base());
                // frame threads (each thread a picture; the pictures decoded ahead of the last one wanted are as many
                // as threads less one, decoded beside it) and slice threads
                ctx.thread_count(Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
                ctx.thread_type(FF_THREAD_FRAME | FF_THREAD_SLICE);
                if (avcodec_open2(ctx, dec, (AVDictionary) null) < 0) {
                    return null;
                }
                Input in = new Input(fmt, ctx, index, s);
                ctx = null;
                fmt = null;
                return in;
            } finally {
                if (ctx != null) {
                    avcodec_free_context(ctx);
                }
                if (fmt != null) {
                    avformat_close_input(fmt);
                }
            }
        }

        /**
         * The index of the first video stream when it is the one Humble's probe read (codec, size, time base, start,
         * and with the stream information read, 8-bit 4:2:0), else -1.
         */
        private static int matching(AVFormatContext fmt, Stream s, boolean headerOnly) {
            int index = -1;
            for (int i = 0; i < fmt.nb_streams(); i++) {
                if (fmt.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                    index = i;
                    break;
                }
            }
            if (index != s.index()) {
                return -1;
            }
            AVStream st = fmt.streams(index);
            AVCodecParameters par = st.codecpar();
            long start = st.start_time() == AV_NOPTS_VALUE ? 0 : st.start_time();
            int pix = par.format();
            boolean formatKnown = !headerOnly || pix >= 0;
            if (par.codec_id() != EXACT.get(s.codec()) || par.width() != s.width() || par.height() != s.height()
                    || st.time_base().num() != s.timeBaseNum() || st.time_base().den() != s.timeBaseDen()
                    || start != s.startTime()
                    || formatKnown && pix != AV_PIX_FMT_YUV420P && pix != AV_PIX_FMT_YUVJ420P) {
                return -1;
            }
            return index;
        }

        /** Seeks to the key frame at or before {@code ts}; false when the file cannot seek. */
        boolean seek(long ts) {
            return avformat_seek_file(format, stream, Long.MIN_VALUE, ts, ts, 0) >= 0;
        }

        long decodeRange(FrameCounter.Clock clock, long first, long end, boolean seeked, FrameSink sink,
                         long[] pictures)
                throws IOException {
            AVPacket packet = av_packet_alloc();
            AVFrame picture = av_frame_alloc();
            Cursor cursor = new Cursor(new FrameCounter(clock, first, end, seeked), sink, pictures);
            boolean keyFrameSeen = !seeked;
            try {
                while (!cursor.done() && av_read_frame(format, packet) >= 0) {
                    try {
                        if (Thread.interrupted()) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted");
                        }
                        if (packet.stream_index() != stream) {
                            continue;
                        }
                        // after a seek, decoding starts at a key frame (MPEG-TS seeks land between them)
                        if (!keyFrameSeen && (packet.flags() & AV_PKT_FLAG_KEY) == 0) {
                            continue;
                        }
                        keyFrameSeen = true;
                        // a packet the decoder refuses (damaged) is skipped, as Humble skips it
                        if (avcodec_send_packet(codec, packet) >= 0) {
                            while (!cursor.done() && avcodec_receive_frame(codec, picture) >= 0) {
                                cursor.take(picture);
                            }
                        }
                    } finally {
                        av_packet_unref(packet);
                    }
                }
                if (!cursor.done()) {
                    avcodec_send_packet(codec, null);
                    while (!cursor.done() && avcodec_receive_frame(codec, picture) >= 0) {
                        cursor.take(picture);
                    }
                }
                return cursor.declined ? DECLINED : cursor.counter.result();
            } finally {
                av_frame_free(picture);
                av_packet_free(packet);
            }
        }

        /** Numbers decoded pictures and passes on the wanted ones, converted as Humble's are. */
        private final class Cursor {
            final FrameCounter counter;
            final FrameSink sink;
            final long[] pictures;
            final YuvMatrix matrix;
            boolean delivered;
            boolean declined;
            byte[] y = new byte[0];
            byte[] u = new byte[0];
            byte[] v = new byte[0];
            byte[] bgr;

            Cursor(FrameCounter counter, FrameSink sink, long[] pictures) {
                this.counter = counter;
                this.sink = sink;
                this.pictures = pictures;
                this.matrix = new YuvMatrix(expected.standard(), expected.fullRange());
            }

            boolean done() {
                return counter.done();
            }

            void take(AVFrame picture) throws IOException {
                if (!delivered && !isExpectedPicture(picture)) {
                    // not the pictures Humble's probe described (known only now without the stream information)
                    declined = true;
                    counter.stop();
                    return;
                }
                pictures[0]++;
                long ts = picture.best_effort_timestamp();
                long index = counter.take(ts, ts != AV_NOPTS_VALUE);
                if (index >= 0) {
                    delivered = true;
                    sink.accept(toFrame(index, picture));
                }
            }

            private boolean isExpectedPicture(AVFrame p) {
                return p.width() == expected.width() && p.height() == expected.height()
                        && (p.format() == AV_PIX_FMT_YUV420P || p.format() == AV_PIX_FMT_YUVJ420P);
            }

            private Frame toFrame(long index, AVFrame p) throws IOException {
                int w = expected.width();
                int h = expected.height();
                if (!isExpectedPicture(p)) {
                    throw new IOException("the video changes its picture size or format at frame " + index);
                }
                int ys = p.linesize(0);
                int cs = p.linesize(1);
                int ch = (h + 1) / 2;
                if (ys < w || cs < (w + 1) / 2 || p.linesize(2) != cs) {
                    throw new IOException("unexpected picture layout at frame " + index);
                }
                y = copy(p.data(0), ys * h, y);
                u = copy(p.data(1), cs * ch, u);
                v = copy(p.data(2), cs * ch, v);
                if (bgr == null) {
                    bgr = new byte[w * h * 3];
                }
                matrix.toBgr(y, ys, u, v, cs, w, h, bgr);
                return new Frame(index, w, h, bgr);
            }

            private byte[] copy(BytePointer data, int size, byte[] into) {
                byte[] a = into.length == size ? into : new byte[size];
                data.position(0).get(a, 0, size);
                return a;
            }
        }

        @Override
        public void close() {
            avcodec_free_context(codec);
            avformat_close_input(format);
        }
    }
}
