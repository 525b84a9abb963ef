package genshot.media.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_ARGB;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_buffer_pool_get;
import static org.bytedeco.ffmpeg.global.avutil.av_buffer_pool_init;
import static org.bytedeco.ffmpeg.global.avutil.av_buffer_pool_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_count;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU709;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import genshot.api.Frame;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.timeline.PixelAspect;
import genshot.timeline.Rate;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVBufferPool;
import org.bytedeco.ffmpeg.avutil.AVBufferRef;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The same contract as {@link HumbleVideoWriter} on the bytedeco FFmpeg: H.264 in MP4 (yuv420p, BT.709 limited range,
 * tagged), or with alpha a lossless {@link AlphaFormat} in MOV, at an exact rate (time base {@code 1/rate}, one tick
 * per frame), exactly the frames written, the pixels' shape when not square, a hidden partial file beside the target
 * renamed on {@link #finish()} and deleted by {@link #close()} without it. BGR is converted to YUV in Java (or by
 * swscale) and libx264 runs its own threads. QuickTime Animation is coded in Java ({@link QtrleEncoder}, about a third
 * of FFmpeg's encoder's work a frame, on the encoding thread alone) into packets of FFmpeg's stream: the same pixels
 * decoded, the same time stamps, key frames and stream description. With {@code -Dgenshot.media.qtrle=ffmpeg} it is
 * coded by FFmpeg's encoder (single-threaded) instead, in runs of {@link #QTRLE_GOP} frames on one context a core
 * ({@link GopParallelEncoder}), which writes the very file one context would. FFV1 and FFmpeg's qtrle get their
 * pictures packed straight into pooled native buffers (no copy, no clearing).
 */
final class FfmpegVideoWriter extends PartialFileWriter {
    /** AVERROR(EAGAIN) on Linux. */
    private static final int EAGAIN = -11;
    /** Four bytes of a byte array as one little-endian int. */
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** QuickTime Animation's key frame interval (FFmpeg's default, kept): the runs encoded in parallel. */
    static final int QTRLE_GOP = 12;
    /** Native memory that frames in flight between threads may take (QuickTime Animation in parallel). */
    static final long IN_FLIGHT_BYTES = 256L << 20;

    /** The alpha format, or null for H.264. */
    private final AlphaFormat format;
    private final String codecName;
    private AVFormatContext oc;
    private AVCodecContext ctx;
    private AVStream stream;
    private AVFrame picture;
    private AVPacket packet;
    private SwsContext sws;
    private BytePointer src;
    private PointerPointer<BytePointer> srcPlanes;
    private IntPointer srcStrides;
    /** Alpha: buffers for packed pictures (ARGB, BGRA), reused once the encoder lets them go. */
    private AVBufferPool pictures;
    private int packedStride;
    /** Alpha: more contexts, for QuickTime Animation encoded in parallel (the first is {@link #ctx}). */
    private AVCodecContext[] contexts;
    private GopParallelEncoder parallel;
    /** QuickTime Animation coded in Java ({@link QtrleEncoder}), or null: FFmpeg's encoder. */
    private QtrleEncoder qtrle;
    /** BGR to YUV in Java (the same arithmetic as Humble's writer), or null: swscale. */
    private YuvMatrix matrix;
    private byte[] yPlane;
    private byte[] uPlane;
    private byte[] vPlane;

    /**
     * @param format null: H.264 with {@code h264Encoder} ({@code libx264} or {@code h264_nvenc}) and its options
     * @param aspect null or square: nothing written
     */
    FfmpegVideoWriter(Path out, int width, int height, Rate rate, AlphaFormat format, PixelAspect aspect,
                      String h264Encoder, Map<String, String> h264Options) {
        super(out, width, height, rate, format != null ? "mov" : "mp4");
        this.format = format;
        this.codecName = format == null ? h264Encoder : format.id;
        PixelAspect shape = aspect == null || aspect.isSquare() ? null : aspect;
        if (shape != null && (shape.numerator() > 65535 || shape.denominator() > 65535)) {
            throw GenshotException.of("media.aspect", "The pixel aspect " + shape + " is too fine to write",
                    target, null, "Use a pixel aspect whose terms are below 65536, e.g. 16/15");
        }
        FfmpegRuntime.ensureLoaded();
        start(() -> open(format == null ? h264Options : options(format), shape));
    }

    /** FFmpeg's name of the encoder this writer uses ({@code libx264}, {@code h264_nvenc}, {@code qtrle}, {@code ffv1}). */
    String codecName() {
        return codecName;
    }

    /** The alpha formats' options: FFV1 in slices coded on all cores (level 3 is the one with slices). */
    static Map<String, String> options(AlphaFormat f) {
        Map<String, String> o = new LinkedHashMap<>();
        if (f == AlphaFormat.FFV1) {
            o.put("level", "3");
            o.put("slices", Integer.toString(FfmpegMediaEncoder.ffv1Slices()));
            o.put("threads", Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors())));
        }
        return o;
    }

    /** Opens {@code c} with {@code options}, all of which it must take. */
    private void openCodec(AVCodec codec, AVCodecContext c, Map<String, String> options) {
        AVDictionary opts = new AVDictionary(null);
        try {
            options.forEach((k, v) -> av_dict_set(opts, k, v, 0));
            check(avcodec_open2(c, codec, opts), "opening the " + codecName + " encoder");
            if (av_dict_count(opts) > 0) {
                throw new IllegalStateException("the encoder did not take the options "
                        + av_dict_get(opts, "", null, 2 /* AV_DICT_IGNORE_SUFFIX */).key().getString());
            }
        } finally {
            av_dict_free(opts);
        }
    }

    /**
     * Whether QuickTime Animation is coded in Java ({@link QtrleEncoder}, the default) rather than by FFmpeg's encoder
     * ({@code -Dgenshot.media.qtrle=ffmpeg}). Beside a generator, on 2 cores, the Java coder made 1080p alpha fills
     * 45-60 % faster: it codes a frame on one core where FFmpeg's encoder kept 1.7 busy.
     */
    static boolean javaQtrle() {
        return !"ffmpeg".equals(System.getProperty("genshot.media.qtrle", "java"));
    }

    /**
     * How many QuickTime Animation contexts encode at once: {@code -Dgenshot.media.alphaThreads} (default: the
     * cores), no more than the frames in flight allow to keep busy (at least a run and a frame each).
     */
    private int qtrleThreads() {
        int n = Integer.getInteger("genshot.media.alphaThreads", Runtime.getRuntime().availableProcessors());
        long frameBytes = (long) packedStride * height;
        long frames = Math.max(1, IN_FLIGHT_BYTES / Math.max(1, frameBytes));
        return (int) Math.max(1, Math.min(n, frames / (QTRLE_GOP + 1)));
    }

    private void open(Map<String, String> options, PixelAspect shape) {
        AVCodec codec = avcodec_find_encoder_by_name(codecName);
        if (codec == null || codec.isNull()) {
            throw GenshotException.of("media.codec", "No " + (format != null ? format.title : codecName)
                    + " encoder is available in the video library", target, null, null);
        }
        oc = new AVFormatContext(null);
        check(avformat_alloc_output_context2(oc, null, format != null ? "mov" : "mp4", null), "choosing the container");
        int pixels = format == null ? AV_PIX_FMT_YUV420P : format == AlphaFormat.QTRLE ? AV_PIX_FMT_ARGB
                : AV_PIX_FMT_BGRA;
        ctx = avcodec_alloc_context3(codec);
        ctx.width(width);
        ctx.height(height);
        ctx.pix_fmt(pixels);
        ctx.time_base(av_make_q((int) rate.denominator(), (int) rate.numerator()));
        ctx.framerate(av_make_q((int) rate.numerator(), (int) rate.denominator()));
        if (format == null) {
            ctx.gop_size(Math.max(1, rate.timecodeBase()));
            ctx.max_b_frames(0);
            // the encoder's own threads: as many as it likes (0), unless -Dgenshot.media.threads says otherwise
            ctx.thread_count(Math.max(0, Integer.getInteger("genshot.media.threads", 0)));
            ctx.colorspace(AVCOL_SPC_BT709);
            ctx.color_primaries(AVCOL_PRI_BT709);
            ctx.color_trc(AVCOL_TRC_BT709);
            ctx.color_range(AVCOL_RANGE_MPEG);
        }
        if (shape != null) {
            ctx.sample_aspect_ratio(av_make_q((int) shape.numerator(), (int) shape.denominator()));
        }
        if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            ctx.flags(ctx.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        if (format == AlphaFormat.QTRLE) {
            ctx.gop_size(QTRLE_GOP);
        } else if (format == AlphaFormat.FFV1) {
            ctx.gop_size(1); // intra only, see AlphaFormat.FFV1
        }
        openCodec(codec, ctx, options);
        stream = avformat_new_stream(oc, null);
        if (stream == null || stream.isNull()) {
            throw new IllegalStateException("no stream could be added");
        }
        check(avcodec_parameters_from_context(stream.codecpar(), ctx), "describing the stream");
        stream.time_base(ctx.time_base());
        stream.avg_frame_rate(ctx.framerate());
        if (shape != null) {
            stream.sample_aspect_ratio(ctx.sample_aspect_ratio());
        }
        // the name as the file system holds it, in UTF-8 (not JNI's modified UTF-8): any character passes
        AVIOContext pb = new AVIOContext(null);
        AVDictionary fileOptions = new AVDictionary(null);
        try (BytePointer url = new BytePointer(partial.toString(), StandardCharsets.UTF_8)) {
            // the partial file was just created, empty: not truncated again. On ext4 a file truncated to nothing is
            // written out when it is closed (auto_da_alloc), which held the encoder 100-150 ms at the end of each
            // 1080p plate; PartialFileWriter writes it out as it grows instead, beside the encoding
            av_dict_set(fileOptions, "truncate", "0", 0);
            int r = avio_open2(pb, url, AVIO_FLAG_WRITE, null, fileOptions);
            if (r < 0) {
                throw GenshotException.of("media.unwritable", "The video file cannot be written: " + error(r),
                        target, null, "Choose another place");
            }
        } finally {
            av_dict_free(fileOptions);
        }
        oc.pb(pb);
        check(avformat_write_header(oc, (AVDictionary) null), "writing the file's header");
        packet = av_packet_alloc();
        if (format == AlphaFormat.QTRLE && javaQtrle()) {
            // FFmpeg's context stays open only to describe the stream: the same headers as its own packets get
            qtrle = new QtrleEncoder(width, height, QTRLE_GOP);
            return;
        }
        if (format != null) {
            packedStride = (width * 4 + 63) & ~63;
            pictures = av_buffer_pool_init((long) packedStride * height, null);
            if (pictures == null || pictures.isNull()) {
                throw new IllegalStateException("no memory for pictures of " + width + "x" + height);
            }
            int threads = format == AlphaFormat.QTRLE ? qtrleThreads() : 1;
            if (threads > 1) {
                contexts = new AVCodecContext[threads];
                contexts[0] = ctx;
                for (int i = 1; i < threads; i++) {
                    contexts[i] = avcodec_alloc_context3(codec);
                    if (contexts[i] == null || contexts[i].isNull()) {
                        throw new IllegalStateException("no memory for another " + codecName + " encoder");
                    }
                    copySettings(ctx, contexts[i]);
                    openCodec(codec, contexts[i], options);
                }
                long frameBytes = (long) packedStride * height;
                int inFlight = (int) Math.min(threads * (QTRLE_GOP + 1L), Math.max(1, IN_FLIGHT_BYTES / frameBytes));
                parallel = new GopParallelEncoder(contexts, QTRLE_GOP, inFlight, this::mux, this::check,
                        "genshot-" + codecName);
            }
            return;
        }
        picture = av_frame_alloc();
        picture.format(pixels);
        picture.width(width);
        picture.height(height);
        check(av_frame_get_buffer(picture, 0), "allocating a picture");
        if (format == null && "swscale".equals(System.getProperty("genshot.media.convert", "java"))) {
            sws = sws_getContext(width, height, AV_PIX_FMT_BGR24, width, height, AV_PIX_FMT_YUV420P,
                    SWS_BICUBIC | SWS_ACCURATE_RND, null, null, (DoublePointer) null);
            if (sws == null || sws.isNull()) {
                throw new IllegalStateException("no BGR to YUV converter");
            }
            // full-range BGR in, BT.709 limited range out: what the stream is tagged with
            IntPointer bt709 = sws_getCoefficients(SWS_CS_ITU709);
            sws_setColorspaceDetails(sws, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
            src = new BytePointer((long) width * height * 3);
            srcPlanes = new PointerPointer<>(4);
            srcPlanes.put(0, src);
            srcStrides = new IntPointer(width * 3, 0, 0, 0);
        } else if (format == null) {
            matrix = new YuvMatrix(YuvMatrix.Standard.BT709, false);
            if (picture.linesize(1) != picture.linesize(2)) {
                throw new IllegalStateException("Cb and Cr planes differ in line size");
            }
            yPlane = new byte[picture.linesize(0) * height];
            uPlane = new byte[picture.linesize(1) * (height / 2)];
            vPlane = new byte[uPlane.length];
        }
    }

    /** The settings {@link #open} gives the first context, for another alike. */
    private static void copySettings(AVCodecContext from, AVCodecContext to) {
        to.width(from.width());
        to.height(from.height());
        to.pix_fmt(from.pix_fmt());
        to.time_base(from.time_base());
        to.framerate(from.framerate());
        to.gop_size(from.gop_size());
        to.sample_aspect_ratio(from.sample_aspect_ratio());
        to.flags(from.flags());
    }

    @Override
    void write(Frame frame) {
        if (qtrle != null) {
            int n = qtrle.encode(frame.bgr(), frame.alpha());
            check(av_new_packet(packet, n), "allocating a packet");
            packet.data().put(qtrle.packet(), 0, n);
            packet.pts(written);
            packet.dts(written);
            if (qtrle.key()) {
                packet.flags(packet.flags() | AV_PKT_FLAG_KEY);
            }
            mux(packet);
            return;
        }
        if (format != null) {
            AVFrame packed = packed(frame);
            if (parallel != null) {
                parallel.send(packed);
            } else {
                try {
                    encode(packed);
                } finally {
                    av_frame_free(packed);
                }
            }
            return;
        }
        check(av_frame_make_writable(picture), "reusing the picture");
        if (matrix != null) {
            matrix.fromBgr(frame.bgr(), width, height, yPlane, picture.linesize(0), uPlane, vPlane,
                    picture.linesize(1));
            picture.data(0).put(yPlane, 0, yPlane.length);
            picture.data(1).put(uPlane, 0, uPlane.length);
            picture.data(2).put(vPlane, 0, vPlane.length);
        } else if (format == null) {
            src.position(0).put(frame.bgr(), 0, frame.bgr().length);
            sws_scale(sws, srcPlanes, srcStrides, 0, height, picture.data(), picture.linesize());
        }
        picture.pts(written);
        encode(picture);
    }

    /**
     * A new picture of {@code frame} in the alpha format's packed layout, its time stamp {@link #written}, in a buffer
     * of {@link #pictures} (one the encoders have let go, so nothing is copied or cleared before it is filled).
     */
    private AVFrame packed(Frame frame) {
        AVFrame f = av_frame_alloc();
        if (f == null || f.isNull()) {
            throw new IllegalStateException("no memory for a picture");
        }
        AVBufferRef buf = av_buffer_pool_get(pictures);
        if (buf == null || buf.isNull()) {
            av_frame_free(f);
            throw new IllegalStateException("no memory for a picture of " + width + "x" + height);
        }
        f.buf(0, buf);
        f.data(0, buf.data());
        f.linesize(0, packedStride);
        f.format(ctx.pix_fmt());
        f.width(width);
        f.height(height);
        f.pts(written);
        try {
            pack(frame.bgr(), frame.alpha(), width, height, format == AlphaFormat.QTRLE,
                    buf.data().capacity(buf.size()).asByteBuffer(), packedStride);
        } catch (RuntimeException e) {
            av_frame_free(f);
            throw e;
        }
        return f;
    }

    /**
     * BGR + alpha (none: opaque) into ARGB ({@code argb}: QuickTime Animation) or BGRA (FFV1) rows {@code stride}
     * bytes apart: a pixel's three bytes read as one int with the next pixel's first, swapped or masked, the alpha
     * put in its place, and written as one int.
     */
    static void pack(byte[] bgr, byte[] alpha, int width, int height, boolean argb, ByteBuffer out, int stride) {
        ByteBuffer dst = out.order(ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < height; y++) {
            int s = y * width * 3;
            int p = y * width;
            int o = y * stride;
            // the very last pixel has no next byte to read with it
            int whole = y == height - 1 ? width - 1 : width;
            int end = p + whole;
            if (argb) {
                for (; p < end; p++, s += 3, o += 4) {
                    int v = Integer.reverseBytes((int) INT_LE.get(bgr, s)) & 0xffffff00;
                    dst.putInt(o, v | (alpha == null ? 0xff : alpha[p] & 0xff));
                }
            } else {
                for (; p < end; p++, s += 3, o += 4) {
                    int v = (int) INT_LE.get(bgr, s) & 0x00ffffff;
                    dst.putInt(o, v | (alpha == null ? 0xff000000 : alpha[p] << 24));
                }
            }
            if (whole < width) {
                byte a = alpha == null ? (byte) 0xff : alpha[p];
                dst.put(o + (argb ? 0 : 3), a);
                dst.put(o + (argb ? 1 : 2), bgr[s + 2]);
                dst.put(o + (argb ? 2 : 1), bgr[s + 1]);
                dst.put(o + (argb ? 3 : 0), bgr[s]);
            }
        }
    }

    private void encode(AVFrame pic) {
        check(avcodec_send_frame(ctx, pic), "encoding");
        while (true) {
            int r = avcodec_receive_packet(ctx, packet);
            if (r == EAGAIN || r == org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF()) {
                return;
            }
            check(r, "encoding");
            mux(packet);
        }
    }

    /** Writes {@code p} (an encoded packet, time stamps in the encoder's time base) to the file; the muxer takes its data. */
    private void mux(AVPacket p) {
        try {
            av_packet_rescale_ts(p, ctx.time_base(), stream.time_base());
            p.stream_index(stream.index());
            check(av_interleaved_write_frame(oc, p), "writing the video file");
        } finally {
            if (p != packet) {
                av_packet_free(p);
            }
        }
    }

    @Override
    void finishStream() {
        if (qtrle != null) {
            // nothing held back
        } else if (parallel != null) {
            parallel.finish();
        } else {
            encode(null);
        }
        check(av_write_trailer(oc), "finishing the video file");
        AVIOContext pb = oc.pb();
        oc.pb((AVIOContext) null);
        check(avio_closep(pb), "closing the video file");
    }

    @Override
    void release() {
        if (parallel != null) {
            parallel.close();
            parallel = null;
        }
        if (contexts != null) {
            for (int i = 1; i < contexts.length; i++) {
                if (contexts[i] != null) {
                    avcodec_free_context(contexts[i]);
                }
            }
            contexts = null;
        }
        if (pictures != null) {
            // freed once the last picture in use is let go
            av_buffer_pool_uninit(pictures);
            pictures = null;
        }
        if (oc != null) {
            AVIOContext pb = oc.pb();
            if (pb != null && !pb.isNull()) {
                oc.pb((AVIOContext) null);
                avio_closep(pb);
            }
            avformat_free_context(oc);
            oc = null;
        }
        if (ctx != null) {
            avcodec_free_context(ctx);
            ctx = null;
        }
        if (picture != null) {
            av_frame_free(picture);
            picture = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (src != null) {
            src.close();
            srcPlanes.close();
            srcStrides.close();
            src = null;
        }
    }

    private void check(int r, String what) {
        if (r < 0) {
            throw new GenshotException(new Problem("media.encode", "FFmpeg failed " + what + ": " + error(r),
                    target.toString(), written + " frames written", null));
        }
    }

    static String error(int r) {
        byte[] buf = new byte[256];
        av_strerror(r, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8) + " (" + r + ")";
    }
}
