package genshot.api;

import java.nio.file.Path;

/** Reads video files: what they hold, and their frames. */
public interface MediaDecoder {
    MediaInfo probe(Path file);

    /** Decodes frames {@code [first, first + count)} of the first video stream, in order, into the sink. */
    void decode(Path file, long first, long count, FrameSink sink);
}
