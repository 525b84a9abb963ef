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
 */
final class EncodingPipeline implements FrameSink, AutoCloseable {
    private static final Frame END = new Frame(-1, 1, 1, new byte[3]);

    private final BlockingQueue<Frame> queue;
    private final VideoWriter writer;
    private final LongConsumer onEncoded;
    private final Thread thread;
    private volatile Throwable failure;
    private volatile MediaInfo result;
    private volatile long encodeNanos;
    private boolean finished;
    private Frame last;

    EncodingPipeline(VideoWriter writer, int capacity, LongConsumer onEncoded) {
        this.writer = writer;
        this.onEncoded = onEncoded;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "genshot-encoder");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long count = 0;
        try {
            while (true) {
                Frame f = queue.take();
                long t0 = System.nanoTime();
                if (f == END) {
                    result = writer.finish();
                    encodeNanos += System.nanoTime() - t0;
                    return;
                }
                writer.accept(f);
                encodeNanos += System.nanoTime() - t0;
                onEncoded.accept(++count);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            queue.clear();
        }
    }

    /** Copies the frame (the generator may reuse its array) and queues it, waiting while the queue is full. */
    @Override
    public void accept(Frame frame) {
        last = frame.copy();
        enqueue(last);
    }

    /** Appends {@code n} more copies of the last frame (handles past the shot's end). */
    void repeatLast(int n) {
        if (last == null) {
            throw new IllegalStateException("no frame to repeat");
        }
        for (int i = 0; i < n; i++) {
            enqueue(new Frame(last.index() + i + 1, last.width(), last.height(), last.bgr(), last.alpha()));
        }
    }

    private void enqueue(Frame frame) {
        try {
            while (!queue.offer(frame, 50, TimeUnit.MILLISECONDS)) {
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
