package genshot.core.internal;

import genshot.api.Frame;
import genshot.api.FrameSink;
import genshot.api.GenshotException;
import genshot.api.MediaInfo;
import genshot.api.VideoWriter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Encodes frames on a thread of its own while the generator makes the next ones. A small bounded queue
 * between them keeps memory flat: a slow encoder makes the generator wait, never the heap grow.
 *
 * <p>Each frame is copied (the generator may reuse its arrays) into arrays the encoder has finished with: once the
 * writer's {@code accept} returns it holds nothing of the frame ({@link Frame}: a sink that keeps the arrays copies
 * them), so the arrays go back to a pool of spares. A 1080p frame with alpha is 8 MB, which the heap no longer
 * allocates, clears and collects every frame. A generator that asks ({@link #lend}) draws straight into a spare,
 * and is not copied at all.
 */
final class EncodingPipeline implements FrameSink, AutoCloseable {
    /** A frame to encode; {@code spare}: its arrays go back to the pool once it is written. */
    private record Job(Frame frame, boolean spare) {
    }

    private static final Job END = new Job(new Frame(-1, 1, 1, new byte[3]), false);

    private final BlockingQueue<Job> queue;
    /** Frames whose arrays the writer is done with, to copy the next frames into. */
    private final BlockingQueue<Frame> spares;
    private final VideoWriter writer;
    private final LongConsumer onEncoded;
    private final Thread thread;
    private volatile Throwable failure;
    private volatile MediaInfo result;
    private volatile long encodeNanos;
    private boolean finished;
    private Frame last;
    /** The spare last lent ({@link #lend}) and not yet handed back, or null; touched by the generator thread only. */
    private Frame lent;

    EncodingPipeline(VideoWriter writer, int capacity, LongConsumer onEncoded) {
        this.writer = writer;
        this.onEncoded = onEncoded;
        this.queue = new ArrayBlockingQueue<>(capacity);
        // as many as can be in flight: the queue, the frame being written and the one being copied
        this.spares = new ArrayBlockingQueue<>(capacity + 2);
        this.thread = new Thread(this::run, "genshot-encoder");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long count = 0;
        try {
            while (true) {
                Job job = queue.take();
                long t0 = System.nanoTime();
                if (job == END) {
                    result = writer.finish();
                    encodeNanos += System.nanoTime() - t0;
                    return;
                }
                writer.accept(job.frame());
                encodeNanos += System.nanoTime() - t0;
                if (job.spare()) {
                    spares.offer(job.frame());
                }
                onEncoded.accept(++count);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            queue.clear();
        }
    }

    /** A spare of this shape, or new arrays: the writer is done with them. */
    private Frame spare(long index, int width, int height, boolean alpha) {
        Frame into = spares.poll();
        if (into == null || into.bgr().length != width * height * 3 || (into.alpha() != null) != alpha) {
            return new Frame(index, width, height, new byte[width * height * 3],
                    alpha ? new byte[width * height] : null);
        }
        return new Frame(index, width, height, into.bgr(), into.alpha());
    }

    /** Spare arrays for the generator to draw the next frame into, which {@link #accept} then queues as they are. */
    @Override
    public Frame lend(long index, int width, int height, boolean alpha) {
        // lent for the next frame only: spares lent before and never handed back are left to the collector
        lent = spare(index, width, height, alpha);
        return lent;
    }

    /**
     * Queues the frame, waiting while the queue is full: as it is when its arrays were {@linkplain #lend lent}, else
     * copied (the generator may reuse its arrays) into spare arrays, or new ones.
     */
    @Override
    public void accept(Frame frame) {
        boolean handedBack = lent != null && lent.bgr() == frame.bgr() && lent.alpha() == frame.alpha();
        lent = null;
        if (handedBack) {
            last = frame;
        } else {
            last = spare(frame.index(), frame.width(), frame.height(), frame.alpha() != null);
            System.arraycopy(frame.bgr(), 0, last.bgr(), 0, frame.bgr().length);
            if (frame.alpha() != null) {
                System.arraycopy(frame.alpha(), 0, last.alpha(), 0, frame.alpha().length);
            }
        }
        enqueue(new Job(last, true));
    }

    /** Appends {@code n} more copies of the last frame (handles past the shot's end). */
    void repeatLast(int n) {
        if (last == null) {
            throw new IllegalStateException("no frame to repeat");
        }
        // arrays of their own: the last frame's go back to the pool once it is written
        Frame held = last.copy();
        for (int i = 0; i < n; i++) {
            enqueue(new Job(new Frame(last.index() + i + 1, held.width(), held.height(), held.bgr(), held.alpha()),
                    false));
        }
    }

    private void enqueue(Job job) {
        try {
            while (!queue.offer(job, 50, TimeUnit.MILLISECONDS)) {
                rethrow();
                if (!thread.isAlive()) {
                    throw new IllegalStateException("the encoder stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while encoding", e);
        }
        rethrow();
    }

    /** Waits for the last frame to be encoded and the file to be closed. */
    MediaInfo finish() {
        enqueue(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while finishing the take", e);
        }
        rethrow();
        finished = true;
        return result;
    }

    long encodeMillis() {
        return encodeNanos / 1_000_000;
    }

    private void rethrow() {
        Throwable t = failure;
        if (t instanceof GenshotException g) {
            throw g;
        }
        if (t != null) {
            throw new IllegalStateException("encoding failed: " + t, t);
        }
    }

    /** Abandons the take unless it was finished: stops the encoder and deletes the partial file. */
    @Override
    public void close() {
        if (!finished) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writer.close();
        }
    }
}
