package genshot.host.openshot.internal;

import genshot.testkit.OspFixtures;
import genshot.testkit.ProjectFixtures.Media;
import genshot.timeline.Rate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers: reading projects, fake media records, the committed sample. */
final class Fx {

    private Fx() {
    }

    static OpenShotProject read(Path file) {
        try {
            return (OpenShotProject) new OpenShotAdapter().read(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OpenShotProject read(Path file, String json) {
        return (OpenShotProject) new OpenShotAdapter().read(file, json.getBytes(StandardCharsets.UTF_8));
    }

    static OpenShotProject read(Path file, byte[] json) {
        return (OpenShotProject) new OpenShotAdapter().read(file, json);
    }

    /** A media record for a file that need not exist (the adapter does not probe media). */
    static Media media(Path dir, String name, Rate rate, long frames) {
        return new Media(dir.resolve(name), rate, 640, 360, frames, false);
    }

    /** A media record with a small file behind it, so that no media.missing warning appears. */
    static Media present(Path dir, String name, Rate rate, long frames) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), new byte[] {0, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return media(dir, name, rate, frames);
    }

    static OspFixtures.Builder project(Rate rate) {
        return OspFixtures.project(rate, 640, 360);
    }

    /** The committed sample folder. */
    static Path sampleDir() {
        String root = System.getProperty("genshot.repoRoot");
        Path base = root != null && !root.isBlank() ? Path.of(root) : Path.of("../..");
        Path dir = base.resolve("assets/samples/openshot");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("../../assets/samples/openshot");
        }
        return dir.toAbsolutePath().normalize();
    }

    /** A copy of the sample in {@code dir}. */
    static Path copySample(Path dir) throws IOException {
        for (String f : new String[] {"sample.osp", "A.mp4", "B.mp4"}) {
            Files.copy(sampleDir().resolve(f), dir.resolve(f));
        }
        return dir.resolve("sample.osp");
    }

    static byte[] bytes(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
