package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.HostAdapter;
import genshot.testkit.HostAdapterContract;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.TrackSpec;
import genshot.timeline.Rate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host adapter contract for Kdenlive document version 1.04 (Kdenlive 22.12), over the golden projects in
 * {@code src/test/resources/golden/kdenlive/1.04/}. {@link KdenliveAdapterContract11Test} runs it again for 1.1.
 *
 * <p>Off-grid times: {@link OffGrid#WARN}. MLT reads a clock value as whole minutes floored plus rint(fps x seconds) (see {@link MltTime}), so Kdenlive and melt play a
 * value between two frames as the nearest frame; the adapter reads it the same way and reports {@code time.off-grid}.
 */
class KdenliveAdapterContractTest extends HostAdapterContract {

    /** The document version this run writes and whose golden projects it reads. */
    String version() {
        return "1.04";
    }

    @Override
    protected HostAdapter adapter() {
        return new KdenliveAdapter();
    }

    @Override
    protected List<Path> goldenProjects() {
        URL url = getClass().getResource("/golden/kdenlive/" + version());
        if (url == null) {
            throw new IllegalStateException("no golden projects for version " + version());
        }
        try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
            return s.filter(p -> p.toString().endsWith(".kdenlive")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Path writeProject(Path file, Rate rate, int width, int height, List<TrackSpec> tracks) {
        ProjectFixtures.Builder b = ProjectFixtures.project(rate, width, height).version(version());
        tracks.forEach(b::track);
        return b.write(file);
    }

    @Override
    protected Path writeOffGridProject(Path dir) {
        Path file = writeProject(dir.resolve("off-grid.kdenlive"), Rate.FPS_25, WIDTH, HEIGHT, standardTracks(dir, Rate.FPS_25, true));
        try {
            String xml = Files.readString(file, StandardCharsets.UTF_8);
            // V1's blank [40,70) lasts 1.2 s; 1.210 s is 30.25 frames
            String blank = "<blank length=\"00:00:01.200\"/>";
            assertTrue(xml.contains(blank), "the standard project has a 30-frame blank");
            Files.writeString(file, xml.replaceFirst(java.util.regex.Pattern.quote(blank), "<blank length=\"00:00:01.210\"/>"),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    protected Path writeUnsupportedVersion(Path dir) {
        return ProjectFixtures.project(Rate.FPS_25, WIDTH, HEIGHT).video(ProjectFixtures.Item.blank(10)).version("1.2")
                .write(dir.resolve("future.kdenlive"));
    }

    @Override
    protected void assertEquivalent(byte[] original, byte[] roundTripped) {
        Fx.assertSameDocument(original, roundTripped);
    }

    @Override
    protected String extension() {
        return ".kdenlive";
    }

    @Override
    protected OffGrid offGrid() {
        return OffGrid.WARN;
    }
}
