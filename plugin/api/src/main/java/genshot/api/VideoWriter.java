package genshot.api;

/** A video file being written, frame by frame; nothing is kept in memory beyond the encoder's window. */
public interface VideoWriter extends FrameSink, AutoCloseable {

    /** Flushes and closes the file, and reports what it holds. */
    MediaInfo finish();

    /** Closes without finishing (an abandoned or failed take) and deletes the partial file; after {@link #finish()} it does nothing. */
    @Override
    void close();
}
