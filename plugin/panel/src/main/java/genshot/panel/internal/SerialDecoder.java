package genshot.panel.internal;

import genshot.api.FrameSink;
import genshot.api.MediaDecoder;
import genshot.api.MediaInfo;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One decode at a time. Two Humble-Video decodes running at once in one process abort the JVM (seen with
 * genshot.media 0.1.0), so every call of the panel goes through one fair lock; playback decodes in short chunks so
 * that thumbnails are not held up behind a whole take.
 */
final class SerialDecoder implements MediaDecoder {
    private static final ReentrantLock LOCK = new ReentrantLock(true);
    private final MediaDecoder decoder;

    SerialDecoder(MediaDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public MediaInfo probe(Path file) {
        LOCK.lock();
        try {
            return decoder.probe(file);
        } finally {
            LOCK.unlock();
        }
    }

    @Override
    public void decode(Path file, long first, long count, FrameSink sink) {
        LOCK.lock();
        try {
            decoder.decode(file, first, count, sink);
        } finally {
            LOCK.unlock();
        }
    }
}
