package genshot.panel.internal;

import genshot.api.MediaDecoder;
import genshot.timeline.Rate;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javafx.application.Platform;
import javafx.scene.image.Image;

/**
 * Plays a take in the panel: frames are decoded by genshot's media bundle on a background thread, scaled down and
 * shown at the project's rate (no system codecs, no JavaFX media).
 */
final class Player {
    static final int MAX_W = 640;
    static final int MAX_H = 360;
    /** Frames decoded per call: the decoder is shared with thumbnails (see {@link SerialDecoder}). */
    private static final int CHUNK = 12;

    private final MediaDecoder decoder;
    private final AtomicLong generation = new AtomicLong();

    Player(MediaDecoder decoder) {
        this.decoder = decoder;
    }

    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /**
     * Plays frames {@code [0, frames)} of a file; each frame goes to {@code show} on the FX thread with its index.
     * {@code done} runs on the FX thread when it ends (stopped, finished, or failed: then with the failure). Frames
     * with alpha are shown over {@code under} (what the tracks below show), or over a checkerboard when it is null.
     */
    void play(Path file, long frames, Rate rate, boolean loop, genshot.api.Frame under, Consumer<Image> show,
              LongConsumer index, Consumer<Throwable> done) {
        long me = generation.incrementAndGet();
        Thread t = new Thread(() -> {
            Throwable failure = null;
            try {
                do {
                    long t0 = System.nanoTime();
                    for (long first = 0; first < frames && generation.get() == me; first += CHUNK) {
                        java.util.List<Image> chunk = new java.util.ArrayList<>();
                        decoder.decode(file, first, Math.min(CHUNK, frames - first), f -> {
                            if (generation.get() != me) {
                                throw new Stop();
                            }
                            chunk.add(Images.fit(f, MAX_W, MAX_H, under));
                        });
                        for (int k = 0; k < chunk.size(); k++) {
                            if (generation.get() != me) {
                                throw new Stop();
                            }
                            long i = first + k;
                            long wait = t0 + (long) (i * 1e9 / rate.fps()) - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            Image img = chunk.get(k);
                            Platform.runLater(() -> {
                                if (generation.get() == me) {
                                    show.accept(img);
                                    index.accept(i);
                                }
                            });
                        }
                    }
                } while (loop && generation.get() == me);
            } catch (Stop stopped) {
                // another play or stop took over
            } catch (RuntimeException e) {
                failure = e;
            }
            Throwable f = failure;
            Platform.runLater(() -> done.accept(f));
        }, "genshot-panel-player");
        t.setDaemon(true);
        t.start();
    }

    void stop() {
        generation.incrementAndGet();
    }
}
