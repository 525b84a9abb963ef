package genshot.media.internal;

import genshot.api.Frame;
import genshot.timeline.Rate;
import io.humble.video.MediaPicture;
import io.humble.video.PixelFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encode speed at 720p and 1080p, Java conversion versus Humble's converter. Run with
 * {@code mvn test -Dtest=EncodeBench -Dgenshot.media.bench=true}.
 */
@EnabledIfSystemProperty(named = "genshot.media.bench", matches = "true")
class EncodeBench {
    @TempDir
    Path dir;

    @Test
    void measure() {
        HumbleRuntime.ensureLoaded();
        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            int w = size[0];
            int h = size[1];
            List<Frame> frames = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                frames.add(Pattern.frame(i * 5L, w, h));
            }
            convertOnly("java  ", frames, JavaPictureFiller::new);
            convertOnly("humble", frames, HumbleConverterFiller::new);
            for (String preset : new String[] {HumbleMediaEncoder.PRESET, "veryfast"}) {
                encode("java  ", preset, frames, JavaPictureFiller::new);
                encode("humble", preset, frames, HumbleConverterFiller::new);
            }
        }
    }

    private void convertOnly(String name, List<Frame> frames, Function<MediaPicture, PictureFiller> fillers) {
        Frame f0 = frames.get(0);
        MediaPicture pic = MediaPicture.make(f0.width(), f0.height(), PixelFormat.Type.PIX_FMT_YUV420P);
        try (PictureFiller filler = fillers.apply(pic)) {
            for (int i = 0; i < 30; i++) {
                filler.fill(frames.get(i % frames.size()), pic);
            }
            int n = 120;
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                filler.fill(frames.get(i % frames.size()), pic);
            }
            double ms = (System.nanoTime() - t) / 1e6 / n;
            System.out.printf(Locale.ROOT, "%dx%d convert %s %.2f ms/frame%n", f0.width(), f0.height(), name, ms);
        } finally {
            pic.delete();
        }
    }

    private void encode(String name, String preset, List<Frame> frames, Function<MediaPicture, PictureFiller> fillers) {
        Frame f0 = frames.get(0);
        int n = 48;
        Path out = dir.resolve("bench.mp4");
        Map<String, String> options = new java.util.LinkedHashMap<>(HumbleMediaEncoder.options(Rate.FPS_25));
        options.put("preset", preset);
        long t = System.nanoTime();
        try (HumbleVideoWriter w = new HumbleVideoWriter(out, f0.width(), f0.height(), Rate.FPS_25, options, fillers)) {
            for (int i = 0; i < n; i++) {
                w.accept(frames.get(i % frames.size()));
            }
            w.finish();
        }
        double s = (System.nanoTime() - t) / 1e9;
        System.out.printf(Locale.ROOT, "%dx%d encode %s preset=%-8s %5.1f frames/s (%d frames, %.2f s, %d KB)%n",
                f0.width(), f0.height(), name, preset, n / s, n, s, out.toFile().length() / 1024);
    }
}
