package genshot.media.internal;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_move_ref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.Pointer;

/**
 * Encodes a take on several codec contexts at once, one thread each, in runs of {@code gop} frames: run {@code r}
 * (frames {@code r*gop} to {@code r*gop + gop - 1}) goes to context {@code r mod n}. For encoders without delay whose
 * key frames fall on every {@code gop}-th frame a context is given and whose other frames refer only to the frame
 * before (QuickTime Animation): every context then sees whole runs, starts each with a key frame, and makes for each
 * frame the very packet a single context would have made; the packets are handed back in frame order, so the file is
 * the one a single context writes, made up to n times faster.
 *
 * <p>Frames are buffered while the contexts work: at most {@code inFlight} frames are between {@link #send} and the
 * packet's hand-over (frames waiting for their context, and packets waiting for an earlier run); {@link #send} waits
 * (handing over packets meanwhile) when that many are. A context's failure is thrown by the next {@link #send} or
 * {@link #finish}. Not thread-safe: one caller thread sends, finishes and closes.
 */
final class GopParallelEncoder implements AutoCloseable {
    /** AVERROR(EAGAIN) on Linux. */
    private static final int EAGAIN = -11;
    /** Queued after a context's last frame: flush it. */
    private static final AVFrame FLUSH = new AVFrame((Pointer) null);

    private final Worker[] workers;
    private final int gop;
    private final int inFlight;
    /** Takes each packet (and its ownership), on the caller's thread, in frame order. */
    private final Consumer<AVPacket> sink;
    /** Turns FFmpeg's error code into the writer's exception ({@code what}, code). */
    private final ErrorCheck check;
    private final Object lock = new Object();
    /** Encoded packets not yet handed over, by time stamp (= frame number). Guarded by {@link #lock}. */
    private final Map<Long, AVPacket> ready = new HashMap<>();
    private volatile RuntimeException failure;
    /** Threads that have ended. Guarded by {@link #lock}. */
    private int ended;
    private long sent;
    private long handed;
    private boolean closed;

    /** Checks an FFmpeg result, throwing the writer's exception for a negative one. */
    interface ErrorCheck {
        void check(int result, String what);
    }

    /**
     * @param contexts opened, alike (same codec, size, time base, gop); this encoder uses them from its threads until
     *                 {@link #close()}, the caller frees them after
     * @param name     the threads' name prefix
     */
    GopParallelEncoder(AVCodecContext[] contexts, int gop, int inFlight, Consumer<AVPacket> sink, ErrorCheck check,
                       String name) {
        if (gop < 1 || inFlight < 1) {
            throw new IllegalArgumentException("gop " + gop + " and frames in flight " + inFlight + " must be >= 1");
        }
        this.gop = gop;
        this.inFlight = inFlight;
        this.sink = sink;
        this.check = check;
        workers = new Worker[contexts.length];
        for (int i = 0; i < contexts.length; i++) {
            workers[i] = new Worker(contexts[i], name + "-" + (i + 1));
        }
        for (Worker w : workers) {
            w.start();
        }
    }

    /**
     * Queues {@code frame} (its time stamp the number of frames sent before; this encoder frees it) for its run's
     * context, after handing over the packets that are ready; waits while {@code inFlight} frames are in flight.
     */
    void send(AVFrame frame) {
        if (frame.pts() != sent) {
            av_frame_free(frame);
            throw new IllegalStateException("frame " + sent + " came with the time stamp " + frame.pts());
        }
        try {
            handOver(sent - inFlight + 1);
        } catch (RuntimeException e) {
            av_frame_free(frame);
            throw e;
        }
        workers[(int) ((sent / gop) % workers.length)].add(frame);
        sent++;
        handOver(0);
    }

    /** Flushes every context and hands over all the packets left, in order. */
    void finish() {
        for (Worker w : workers) {
            w.add(null);
        }
        handOver(sent);
        for (Worker w : workers) {
            w.await();
        }
        failed();
        synchronized (lock) {
            if (!ready.isEmpty()) {
                throw new IllegalStateException("the encoder made packets for frames not sent: " + ready.keySet());
            }
        }
    }

    /**
     * Hands over the packets that are ready, in order, and goes on waiting for the next until {@code until} packets
     * have been handed over (0: no waiting).
     */
    private void handOver(long until) {
        while (true) {
            AVPacket next;
            synchronized (lock) {
                while ((next = ready.remove(handed)) == null) {
                    failed();
                    if (handed >= until) {
                        return;
                    }
                    if (ended == workers.length) {
                        throw new IllegalStateException("the encoder made no packet for frame " + handed);
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the encoder", e);
                    }
                }
            }
            handed++;
            sink.accept(next);
        }
    }

    private void failed() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }

    /** Stops the threads (frames still queued are dropped) and frees the frames and packets this encoder holds. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Worker w : workers) {
            w.halt();
        }
        for (Worker w : workers) {
            w.await();
        }
        synchronized (lock) {
            for (AVPacket p : ready.values()) {
                av_packet_free(p);
            }
            ready.clear();
        }
    }

    /** One context and its thread, encoding the frames queued for it in order; {@code add(null)} flushes and ends. */
    private final class Worker extends Thread {
        private final AVCodecContext ctx;
        private final ArrayDeque<AVFrame> queue = new ArrayDeque<>();
        private boolean end;
        private boolean stop;

        Worker(AVCodecContext ctx, String name) {
            super(name);
            this.ctx = ctx;
            setDaemon(true);
        }

        synchronized void add(AVFrame frame) {
            if (frame == null) {
                end = true;
            } else {
                queue.add(frame);
            }
            notifyAll();
        }

        synchronized void halt() {
            stop = true;
            notifyAll();
        }

        /** The next frame, {@link #FLUSH} once the queue is empty after {@code add(null)}, or null when stopped. */
        private synchronized AVFrame next() throws InterruptedException {
            while (!stop && queue.isEmpty() && !end) {
                wait();
            }
            return stop ? null : queue.isEmpty() ? FLUSH : queue.poll();
        }

        @Override
        public void run() {
            AVPacket packet = av_packet_alloc();
            try {
                AVFrame frame;
                while ((frame = next()) != null) {
                    boolean flush = frame == FLUSH;
                    int r = avcodec_send_frame(ctx, flush ? null : frame);
                    if (!flush) {
                        av_frame_free(frame);
                    }
                    check.check(r, "encoding");
                    while ((r = avcodec_receive_packet(ctx, packet)) >= 0) {
                        AVPacket p = av_packet_alloc();
                        av_packet_move_ref(p, packet);
                        synchronized (lock) {
                            ready.put(p.pts(), p);
                            lock.notifyAll();
                        }
                    }
                    if (r != EAGAIN && r != AVERROR_EOF()) {
                        check.check(r, "encoding");
                    }
                    if (flush) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                synchronized (lock) {
                    if (failure == null) {
                        failure = e;
                    }
                    lock.notifyAll();
                }
            } finally {
                av_packet_free(packet);
                synchronized (lock) {
                    ended++;
                    lock.notifyAll();
                }
                synchronized (this) {
                    for (AVFrame f : queue) {
                        av_frame_free(f);
                    }
                    queue.clear();
                }
            }
        }

        /** Waits for the thread to end, even when interrupted (the interrupt is kept). */
        void await() {
            boolean interrupted = false;
            while (isAlive()) {
                try {
                    super.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
