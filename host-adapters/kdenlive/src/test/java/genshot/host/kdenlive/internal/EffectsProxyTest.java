package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.testkit.Frames;
import genshot.testkit.Melt;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.Tools;
import genshot.timeline.Clip;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import genshot.timeline.Track;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyframed effects and proxies, in the golden project {@code effects-proxy.kdenlive}, saved by Kdenlive 22.12.3
 * itself: V1's first clip (A.mp4) carries a {@code brightness} effect keyframed 1 → 1.6 → 0.5, V1 a track effect
 * keyframed 1 → 0.7, and clip B is proxied (proxies on; its producers' {@code resource} is {@code proxy/B-proxy.mkv},
 * {@code kdenlive:originalurl} is {@code B.mp4}, as Kdenlive saves a proxied clip). The gap is [50, 75) on V1.
 */
class EffectsProxyTest {
    @TempDir
    Path dir;

    private Path golden(boolean source) throws Exception {
        Path src = Path.of(getClass().getResource("/golden/kdenlive/1.04/effects-proxy.kdenlive").toURI());
        Path p = dir.resolve("effects-proxy.kdenlive");
        Files.copy(src, p);
        ProjectFixtures.colour(dir.resolve("A.mp4"), "gray", Rate.FPS_25, 640, 360, 50, true);
        if (source) {
            ProjectFixtures.colour(dir.resolve("B.mp4"), "green", Rate.FPS_25, 640, 360, 50, true);
        }
        Files.createDirectories(dir.resolve("proxy"));
        ProjectFixtures.colour(dir.resolve("proxy/B-proxy.mkv"), "blue", Rate.FPS_25, 320, 180, 50, false);
        return p;
    }

    private static Clip clipAfterTheGap(KdenliveProject p) {
        Track v1 = p.timeline().track("V1").orElseThrow();
        return v1.items().stream().filter(i -> i instanceof Clip).map(i -> (Clip) i).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aProxiedClipStandsForItsSourceWhileTheSourceIsThere() throws Exception {
        KdenliveProject p = Fx.read(golden(true));
        assertEquals(dir.resolve("B.mp4"), p.mediaPath(clipAfterTheGap(p)),
                "the source, not the proxy: a bridge reads full-size frames");
        assertEquals(List.of(), p.warnings().stream().filter(w -> w.code().equals("media.missing")).toList());
    }

    @Test
    void withoutItsSourceAProxiedClipReadsFromTheProxyAndNothingIsMissing() throws Exception {
        KdenliveProject p = Fx.read(golden(false));
        assertEquals(dir.resolve("proxy/B-proxy.mkv"), p.mediaPath(clipAfterTheGap(p)));
        assertEquals(List.of(), p.warnings().stream().filter(w -> w.code().equals("media.missing")).toList(),
                "the proxy is there; Kdenlive plays it");
    }

    private static String element(String xml, String open, String close) {
        Matcher m = Pattern.compile(Pattern.quote(open) + ".*?" + Pattern.quote(close), Pattern.DOTALL).matcher(xml);
        assertTrue(m.find(), open + " is in the project");
        return m.group();
    }

    @Test
    void aFillKeepsKeyframedEffectsAndProxiesAndMeltRendersThemAsBefore() throws Exception {
        Tools.assumeOrRequire(Melt.programs());
        Path project = golden(true);
        String orig = Files.readString(project, StandardCharsets.UTF_8);
        KdenliveProject p = Fx.read(project);
        Media take = ProjectFixtures.colour(dir.resolve("take.mp4"), "0xc8c8c8", Rate.FPS_25, 640, 360, 25, false);
        p.insert(new InsertRequest(take.path(), new MediaInfo(640, 360, Rate.FPS_25, 25, false, Files.size(take.path())),
                "V1", new TimeRange(50, 25), "take"));
        Path edited = dir.resolve("edited.kdenlive");
        Files.write(edited, p.serialize());
        String xml = Files.readString(edited, StandardCharsets.UTF_8);

        for (String id : List.of("filter3", "filter4")) {
            assertEquals(element(orig, "<filter id=\"" + id + "\"", "</filter>"),
                    element(xml, "<filter id=\"" + id + "\"", "</filter>"), id + " (keyframed) is kept as it was");
        }
        assertEquals(count(orig, "<property name=\"kdenlive:proxy\">proxy/B-proxy.mkv</property>"),
                count(xml, "<property name=\"kdenlive:proxy\">proxy/B-proxy.mkv</property>"), "every proxy is kept");
        assertEquals(count(orig, "<property name=\"kdenlive:originalurl\">B.mp4</property>"),
                count(xml, "<property name=\"kdenlive:originalurl\">B.mp4</property>"));
        assertEquals(List.of(), Fx.read(edited).timeline().gaps());

        List<byte[]> before = Melt.renderFrames(project, 100, Frames.W, Frames.H);
        List<byte[]> after = Melt.renderFrames(edited, 100, Frames.W, Frames.H);
        List<byte[]> frames = Frames.decode(take.path());
        double last = 1;
        for (int f = 0; f < 100; f++) {
            if (f >= 50 && f < 75) {
                // the take, dimmed by V1's track effect (level 1 -> 0.7 over the track: about 0.88 here) on its luma
                double ratio = luma(Frames.meanColour(after.get(f))) / luma(Frames.meanColour(frames.get(f - 50)));
                assertTrue(ratio > 0.75 && ratio < 0.95 && ratio <= last + 0.01, "frame " + f + " is the take under the"
                        + " track effect, which fades on (luma x" + ratio + ", before x" + last + ")");
                last = ratio;
                continue;
            }
            double d = Frames.mad(after.get(f), before.get(f));
            assertTrue(d < Frames.MATCH_THRESHOLD, "frame " + f + " (mean abs difference " + d + ")");
        }
        // the effects are live in melt's render: grey (128) brightened towards 0.8 s, darkened towards 1.96 s
        double grey = Frames.meanColour(Frames.decode(dir.resolve("A.mp4")).get(20))[0];
        assertTrue(Frames.meanColour(before.get(20))[0] > grey * 1.3, "the keyframed brightness shows at frame 20");
        assertTrue(Frames.meanColour(before.get(45))[0] < grey * 0.85, "and fades down by frame 45");
        // melt plays the proxy (blue) as saved; Kdenlive's render swaps in the source
        double[] b = Frames.meanColour(before.get(90));
        assertTrue(b[2] > 100 && b[1] < 60, "melt shows the proxy after the gap: " + java.util.Arrays.toString(b));
    }

    private static double luma(double[] rgb) {
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
