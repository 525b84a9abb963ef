package genshot.media.internal;

import genshot.api.Frame;
import genshot.api.GenshotException;
import genshot.api.MediaInfo;
import genshot.api.Problem;
import genshot.api.VideoWriter;
import genshot.timeline.Rate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What both video writers (Humble's and FFmpeg's) share: the checks of size, rate and target, the hidden
 * {@link PartialFile} the video is written to, and the life cycle — frames accepted in order and counted (a frame's
 * time stamp is the number written before it), {@code finish()} flushing the encoder and putting the file in place,
 * {@code close()} without it releasing the natives and deleting the partial file. Subclasses encode.
 *
 * <p>A finished video is on the disk before it is put in place (fsync), so a project that names it after a crash
 * or a power cut never finds an empty file. The file is written out as it grows, on a thread of its own, each time
 * another {@link #WRITE_OUT_EVERY} bytes are in memory; the last fsync then has little left to wait for.
 */
abstract class PartialFileWriter implements VideoWriter {
    /** How much more of the file is written out to the disk at a time while frames come. */
    static final long WRITE_OUT_EVERY = 32L << 20;

    final Path target;
    final int width;
    final int height;
    final Rate rate;
    /** The hidden file written to; set by {@link #start}. */
    Path partial;
    /** Frames accepted so far: the next frame's time stamp. */
    long written;
    private boolean finished;
    private boolean closed;
    /** How the file is written out to the disk: {@link PartialFile#writeOut} (tests watch it). */
    PartialFile.WriteOut writeOut = PartialFile::writeOut;
    /** The file's size when it was last written out; the thread writing it out now, or null. */
    private long writtenOutAt;
    private Thread writingOut;

    /** Checks the request; {@code extension} ("mp4", "mov") is named when the target is a folder. */
    PartialFileWriter(Path out, int width, int height, Rate rate, String extension) {
        this.target = out.toAbsolutePath().normalize();
        this.width = width;
        this.height = height;
        this.rate = rate;
        checkSize(width, height, target);
        if (rate.numerator() > Integer.MAX_VALUE || rate.denominator() > Integer.MAX_VALUE) {
            throw GenshotException.of("media.rate", "The frame rate " + rate + " is too fine to encode", target, null,
                    "Use a rate whose numerator and denominator fit in 32 bits, e.g. 30000/1001");
        }
        if (Files.isDirectory(target)) {
            throw GenshotException.of("media.unwritable", "The output is a folder, not a file", target, null,
                    "Choose a file name ending in ." + extension);
        }
    }

    static void checkSize(int width, int height, Path file) {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw GenshotException.of("media.size", "H.264 in 4:2:0 needs an even width and height, got "
                    + width + "x" + height, file, null, "Use an even size such as 1280x720 or 1920x1080");
        }
    }

    /** Creates the partial file and opens the encoder on it; if that fails, nothing is left behind. */
    final void start(Runnable open) {
        partial = PartialFile.create(target);
        try {
            open.run();
        } catch (RuntimeException e) {
            release();
            PartialFile.delete(partial);
            if (e instanceof GenshotException) {
                throw e;
            }
            throw new GenshotException(new Problem("media.encode", "The video encoder could not be opened: "
                    + e.getMessage(), target.toString(), width + "x" + height + " at " + rate + " fps", null), e);
        }
    }

    /** Encodes one frame of the opened size, its time stamp {@link #written}. */
    abstract void write(Frame frame);

    /** Flushes the encoder and closes the file (the trailer written). */
    abstract void finishStream();

    /** Releases the natives; safe to call twice and after a failed open. */
    abstract void release();

    @Override
    public final void accept(Frame frame) {
        if (finished || closed) {
            throw new IllegalStateException("the video writer for " + target + " is already "
                    + (finished ? "finished" : "closed"));
        }
        if (frame.width() != width || frame.height() != height) {
            throw GenshotException.of("media.frame-size", "A frame of " + frame.width() + "x" + frame.height()
                            + " does not fit a video of " + width + "x" + height, target, "frame " + written,
                    "Generate frames at the size the video was opened with");
        }
        try {
            write(frame);
        } catch (GenshotException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new GenshotException(new Problem("media.encode", "Encoding failed: " + e.getMessage(),
                    target.toString(), "frame " + written, null), e);
        }
        written++;
        writeOutEarly();
    }

    /** Starts writing the file out on a thread of its own when it grew by {@link #WRITE_OUT_EVERY} (one at a time). */
    private void writeOutEarly() {
        if (writingOut != null && writingOut.isAlive()) {
            return;
        }
        long size;
        try {
            size = Files.size(partial);
        } catch (IOException e) {
            return; // the final write-out says what is wrong
        }
        if (size - writtenOutAt < WRITE_OUT_EVERY) {
            return;
        }
        writtenOutAt = size;
        Path file = partial;
        PartialFile.WriteOut w = writeOut;
        writingOut = new Thread(() -> {
            try {
                w.writeOut(file);
            } catch (IOException e) {
                // only a head start: finish() writes the file out again and reports a failure
            }
        }, "genshot-write-out");
        writingOut.setDaemon(true);
        writingOut.start();
    }

    @Override
    public final MediaInfo finish() {
        if (closed) {
            throw new IllegalStateException("the video writer for " + target + " is closed");
        }
        if (finished) {
            throw new IllegalStateException("the video writer for " + target + " is already finished");
        }
        if (written == 0) {
            throw GenshotException.of("media.no-frames", "No frames were written, so there is no video", target,
                    null, "Write at least one frame before finishing");
        }
        try {
            finishStream();
        } catch (GenshotException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new GenshotException(new Problem("media.encode", "Finishing the video failed: " + e.getMessage(),
                    target.toString(), null, null), e);
        }
        release();
        try {
            if (writingOut != null) {
                writingOut.join();
            }
            writeOut.writeOut(partial);
        } catch (IOException e) {
            throw new GenshotException(new Problem("media.unwritable", "The video could not be written to the disk: "
                    + e.getMessage(), target.toString(), null, "Check the disk, or choose another place"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenshotException(new Problem("media.encode", "Interrupted while the video was written to the "
                    + "disk", target.toString(), null, null), e);
        }
        long bytes = PartialFile.putInPlace(partial, target);
        finished = true;
        return new MediaInfo(width, height, rate, written, false, bytes);
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!finished) {
            release();
            PartialFile.delete(partial);
        }
    }

    /** Frames accepted so far. */
    long written() {
        return written;
    }

    Path partialFile() {
        return partial;
    }
}
