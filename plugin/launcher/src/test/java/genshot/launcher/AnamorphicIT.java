package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.launcher.FillEndToEndIT.Run;
import genshot.testkit.Frames;
import genshot.testkit.Melt;
import genshot.testkit.OpenShotRender;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Item;
import genshot.testkit.ProjectFixtures.Media;
import genshot.timeline.Rate;
import genshot.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Projects whose pixels are not square (DV PAL and NTSC, 4:3 and 16:9; HDV 1440x1080): the take carries the
 * project's pixel shape, so the hosts' own renderers show it exactly over the gap, edge to edge. A take without it is
 * shown pillarboxed (the negative control proves the check sees that).
 */
class AnamorphicIT {
    @TempDir
    Path dir;

    /** A project at the profile's size and rate (clips on the frame grid), then given the profile's pixel shape. */
    private Path kdenlive(int w, int h, String rate, int sarNum, int sarDen, int darNum, int darDen) throws Exception {
        Rate r = Rate.parse(rate);
        Media a = ProjectFixtures.pattern(dir.resolve("a.mp4"), "testsrc2", r, 320, 240, 30, false, 0);
        Media b = ProjectFixtures.colour(dir.resolve("b.mp4"), "blue", r, 320, 240, 30, false);
        Path project = ProjectFixtures.project(r, w, h).video(Item.clip(a), Item.blank(20), Item.clip(b))
                .write(dir.resolve("anamorphic.kdenlive"));
        String xml = Files.readString(project, StandardCharsets.UTF_8);
        String profile = xml.substring(xml.indexOf("<profile "), xml.indexOf("/>", xml.indexOf("<profile ")) + 2);
        String shaped = profile.replaceFirst("sample_aspect_num=\"\\d+\"", "sample_aspect_num=\"" + sarNum + "\"")
                .replaceFirst("sample_aspect_den=\"\\d+\"", "sample_aspect_den=\"" + sarDen + "\"")
                .replaceFirst("display_aspect_num=\"\\d+\"", "display_aspect_num=\"" + darNum + "\"")
                .replaceFirst("display_aspect_den=\"\\d+\"", "display_aspect_den=\"" + darDen + "\"");
        Files.writeString(project, xml.replace(profile, shaped), StandardCharsets.UTF_8);
        return project;
    }

    private static String probe(Path video, String entry) {
        Tools.Result r = Tools.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=" + entry, "-of", "default=nw=1:nk=1", video.toString()), null, Duration.ofSeconds(30));
        return r.stdoutText().trim();
    }

    /** Mean absolute difference of the leftmost and rightmost 4 columns: where a pillarbox would be. */
    static double edges(byte[] a, byte[] b) {
        long sum = 0;
        int n = 0;
        for (int y = 0; y < Frames.H; y++) {
            for (int x : new int[] {0, 1, 2, 3, Frames.W - 4, Frames.W - 3, Frames.W - 2, Frames.W - 1}) {
                for (int c = 0; c < 3; c++) {
                    int i = (y * Frames.W + x) * 3 + c;
                    sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
                    n++;
                }
            }
        }
        return (double) sum / n;
    }

    /** Frames {@code [start, start+length)} of the render against the take's frames: whole picture and edges. */
    static String mismatch(List<byte[]> render, List<byte[]> take, long start, long length, double bound) {
        for (int i = 0; i < length; i++) {
            byte[] got = render.get((int) (start + i));
            double whole = Frames.mad(got, take.get(i));
            double edge = edges(got, take.get(i));
            if (whole >= bound || edge >= bound) {
                return "frame " + (start + i) + ": mean abs difference " + whole + ", at the edges " + edge;
            }
        }
        return null;
    }

    private static JsonNode fill(Path project) throws Exception {
        Run fill = FillEndToEndIT.genshot("fill", project.toString(), "--gap", "V1:1", "-g", "fog", "-p",
                "bright daylight haze", "--seed", "3", "--json", "--no-progress");
        assertEquals(0, fill.status(), fill.err());
        return FillEndToEndIT.JSON.readTree(fill.out());
    }

    @ParameterizedTest(name = "Kdenlive {0}x{1} at {2}, pixels {3}/{4}")
    @CsvSource({
        "720, 576, 25, 16, 15, 4, 3",
        "720, 576, 25, 64, 45, 16, 9",
        "720, 480, 30000/1001, 8, 9, 4, 3",
        "720, 480, 30000/1001, 32, 27, 16, 9",
        "1440, 1080, 25, 4, 3, 16, 9"
    })
    void meltShowsTheTakeEdgeToEdgeInANonSquareKdenliveProject(int w, int h, String rate, int sn, int sd, int dn,
                                                                 int dd) throws Exception {
        Tools.assumeOrRequire(Melt.programs());
        Path project = kdenlive(w, h, rate, sn, sd, dn, dd);
        JsonNode r = fill(project);
        Path take = Path.of(r.get("take").asText());
        assertEquals(sn + ":" + sd, probe(take, "sample_aspect_ratio"), "the take carries the project's pixel shape");
        assertEquals(w + "\n" + h, probe(take, "width,height"));
        long start = r.get("start").asLong();
        long length = r.get("length").asLong();
        List<byte[]> render = Melt.renderFrames(project, start + length + 1, Frames.W, Frames.H);
        List<byte[]> frames = Frames.decode(take);
        String bad = mismatch(render, frames, start, length, Frames.MATCH_THRESHOLD);
        assertEquals(null, bad, "melt shows the take exactly over the gap");

        if (w == 720 && h == 576 && sn == 16) {
            // negative control: the same pictures without the pixel shape are pillarboxed by melt, and the check sees it
            Path plain = take.resolveSibling("plain.mp4");
            Tools.run(List.of("ffmpeg", "-v", "error", "-y", "-i", take.toString(), "-vf", "setsar=1", "-c:v",
                    "libx264", "-crf", "12", plain.toString()), null, Duration.ofSeconds(60)).requireSuccess();
            Files.move(plain, take, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertEquals("1:1", probe(take, "sample_aspect_ratio"));
            List<byte[]> pillarboxed = Melt.renderFrames(project, start + length + 1, Frames.W, Frames.H);
            assertTrue(mismatch(pillarboxed, frames, start, length, Frames.MATCH_THRESHOLD) != null,
                    "a take without the pixel shape is not shown edge to edge");
        }
    }

    @ParameterizedTest(name = "OpenShot {0}x{1}, pixels {2}/{3}")
    @CsvSource({"720, 576, 16, 15, 4, 3", "1440, 1080, 4, 3, 16, 9"})
    void libopenshotShowsTheTakeInANonSquareOpenShotProject(int w, int h, int sn, int sd, int dn, int dd)
            throws Exception {
        OpenShotRender.assumeOrRequire();
        Path project = FillEndToEndIT.copySample(dir.resolve("o"), "openshot", "sample.osp");
        ObjectNode osp = (ObjectNode) FillEndToEndIT.JSON.readTree(project.toFile());
        osp.put("width", w);
        osp.put("height", h);
        ((ObjectNode) osp.get("display_ratio")).put("num", dn).put("den", dd);
        ((ObjectNode) osp.get("pixel_ratio")).put("num", sn).put("den", sd);
        Files.writeString(project, FillEndToEndIT.JSON.writeValueAsString(osp), StandardCharsets.UTF_8);
        JsonNode r = fill(project);
        Path take = Path.of(r.get("take").asText());
        assertEquals(sn + ":" + sd, probe(take, "sample_aspect_ratio"));
        JsonNode clip = null;
        for (JsonNode c : FillEndToEndIT.JSON.readTree(project.toFile()).get("clips")) {
            if (c.at("/reader/path").asText().endsWith(take.getFileName().toString())) {
                clip = c;
            }
        }
        assertTrue(clip != null, "the take is a clip");
        assertEquals(sn, clip.at("/reader/pixel_ratio/num").asInt(), "the reader says the pixel shape too");
        assertEquals(sd, clip.at("/reader/pixel_ratio/den").asInt());
        assertEquals(dn, clip.at("/reader/display_ratio/num").asInt());
        assertEquals(dd, clip.at("/reader/display_ratio/den").asInt());
        long start = r.get("start").asLong();
        long length = r.get("length").asLong();
        List<byte[]> render = OpenShotRender.renderFrames(project, start + length, Frames.W, Frames.H);
        String bad = mismatch(render, Frames.decode(take), start, length, 2 * Frames.MATCH_THRESHOLD);
        assertEquals(null, bad, "libopenshot shows the take over the gap");
    }

    @Test
    void aSquareProjectsTakeStaysUntagged() throws Exception {
        Tools.assumeOrRequire("ffprobe");
        Path project = FillEndToEndIT.copySample(dir.resolve("s"));
        Path take = Path.of(fill(project).get("take").asText());
        String sar = probe(take, "sample_aspect_ratio");
        assertTrue(List.of("N/A", "0:1", "1:1").contains(sar), "no pixel shape written for square pixels: " + sar);
    }
}
