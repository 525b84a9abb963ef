package genshot.host.openshot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import genshot.api.HostAdapter;
import genshot.testkit.HostAdapterContract;
import genshot.testkit.OspFixtures;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.ProjectFixtures.TrackSpec;
import genshot.timeline.Rate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host adapter contract for OpenShot 2.6 and 3.x projects, over the golden projects in
 * {@code src/test/resources/golden/openshot/2.6/}: the committed sample, several layers with overlapping clips and a
 * locked layer, a 30000/1001 project, and one with a transition, clip effects (one libopenshot 0.2.7 does not know),
 * history and keys genshot does not know; and in {@code 3.4/} the sample and the layers as openshot-qt 3.4 writes
 * them.
 *
 * <p>OpenShot has no audio tracks (a clip carries its own sound), so the standard project has none. Off-grid times:
 * {@link OffGrid#WARN}. OpenShot stores times as float seconds, so a clip edge between two frames is legal; libopenshot
 * draws such a clip on the frames it rounds to. The adapter reads the project, models the clip by the frames it touches
 * (so no gap overlaps it) and reports {@code time.off-grid}. Documents are compared as JSON values (keys, order and
 * exact decimals).
 */
class OpenShotAdapterContractTest extends HostAdapterContract {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .build();

    @Override
    protected HostAdapter adapter() {
        return new OpenShotAdapter();
    }

    @Override
    protected List<Path> goldenProjects() {
        // 2.6 as openshot-qt 2.6.1 saved them; 3.4: the sample and the layers as openshot-qt 3.4 writes them (its
        // version, export_settings for the export paths, readers carrying their file's id and media type)
        List<Path> out = new java.util.ArrayList<>();
        for (String version : new String[] {"2.6", "3.4"}) {
            URL url = getClass().getResource("/golden/openshot/" + version);
            if (url == null) {
                throw new IllegalStateException("no golden OpenShot " + version + " projects");
            }
            try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
                s.filter(p -> p.toString().endsWith(".osp")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @Override
    protected Path writeProject(Path file, Rate rate, int width, int height, List<TrackSpec> tracks) {
        return OspFixtures.write(file, rate, width, height, tracks);
    }

    @Override
    protected Path writeOffGridProject(Path dir) {
        Rate r = Rate.FPS_25;
        Media a = media(dir.resolve("a.mp4"), r, WIDTH, HEIGHT, 200);
        // a ends at 1.61 s, frame 40.25; the next clip starts on the grid at frame 70
        return OspFixtures.project(r, WIDTH, HEIGHT).clipAt(0, a, 0.0, 0.0, 1.61).clipAt(0, a, r.secondsOf(70), 0.0,
                r.secondsOf(30)).write(dir.resolve("off-grid.osp"));
    }

    @Override
    protected Path writeUnsupportedVersion(Path dir) {
        Rate r = Rate.FPS_25;
        Media a = media(dir.resolve("a.mp4"), r, WIDTH, HEIGHT, 50);
        return OspFixtures.project(r, WIDTH, HEIGHT).video(genshot.testkit.ProjectFixtures.Item.clip(a, 0, 10))
                .version("3.5.0", "0.6.0").write(dir.resolve("future.osp"));
    }

    @Override
    protected void assertEquivalent(byte[] original, byte[] roundTripped) {
        assertEquals(json(original), json(roundTripped), "the documents differ as JSON values");
    }

    private static JsonNode json(byte[] b) {
        try {
            return MAPPER.readTree(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected String extension() {
        return ".osp";
    }

    @Override
    protected OffGrid offGrid() {
        return OffGrid.WARN;
    }

    @Override
    protected boolean audioTracks() {
        return false;
    }
}
