package genshot.host.kdenlive.internal;

import static genshot.testkit.ProjectFixtures.Item.blank;
import static genshot.testkit.ProjectFixtures.Item.clip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.testkit.ProjectFixtures.Media;
import genshot.timeline.Clip;
import genshot.timeline.Gap;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taking a clip out ({@code remove}): the document edit itself, in 1.04 and 1.1, and {@code mediaPath}. */
class RemoveTest {

    @TempDir
    Path dir;

    private Path take(String name) throws Exception {
        Files.createDirectories(dir.resolve(name).getParent());
        return Files.write(dir.resolve(name), ("take " + name).getBytes(StandardCharsets.UTF_8));
    }

    private static InsertRequest request(Path take, String track, TimeRange range) {
        return new InsertRequest(take, new MediaInfo(640, 360, Rate.FPS_25, range.duration(), false, 0), track, range, "take");
    }

    /** A1 and V1: a [0,40), blank [40,70), b [70,100); V2: blank 20, b [20,40). */
    private Path project(String version, boolean uuids) {
        Media a = Fx.media(dir, "a.mp4", Rate.FPS_25, 100);
        Media b = Fx.media(dir, "b.mp4", Rate.FPS_25, 100);
        return Fx.project(Rate.FPS_25).version(version).controlUuids(uuids)
                .audio(clip(a, 0, 40), blank(30), clip(b, 0, 30))
                .video(clip(a, 0, 40), blank(30), clip(b, 0, 30))
                .video(blank(20), clip(b, 0, 20))
                .write(dir.resolve("p-" + version + ".kdenlive"));
    }

    /** Insert then remove gives back the document itself (canonical XML, whitespace included), and it passes the checks. */
    @Test
    void insertThenRemoveGivesBackTheDocument() throws Exception {
        for (String[] v : new String[][] {{"1.04", "false"}, {"1.1", "false"}, {"1.1", "true"}}) {
            Path file = project(v[0], Boolean.parseBoolean(v[1]));
            byte[] original = Files.readAllBytes(file);
            for (Object[] c : new Object[][] {{"V1", new TimeRange(40, 30)}, {"V1", new TimeRange(50, 10)},
                    {"V1", new TimeRange(40, 10)}, {"V2", new TimeRange(0, 20)}, {"V2", new TimeRange(60, 40)}}) {
                String track = (String) c[0];
                TimeRange range = (TimeRange) c[1];
                KdenliveProject p = Fx.read(file);
                p.insert(request(take("takes/t.mp4"), track, range));
                byte[] filled = p.serialize();
                KdenliveProject again = (KdenliveProject) new KdenliveAdapter().read(file, filled);
                again.remove(track, range);
                byte[] out = again.serialize(); // runs the checks of HOST-KDENLIVE 1.10
                assertEquals(frames(original), frames(out), version(v) + track + " " + range);
                // and in one session
                p.remove(track, range);
                assertEquals(frames(original), frames(p.serialize()), version(v) + track + " " + range + ", one session");
            }
        }
    }

    @Test
    void replaceInOneSessionAndAfterASave() throws Exception {
        for (String version : new String[] {"1.04", "1.1"}) {
            Path file = project(version, false);
            KdenliveProject p = Fx.read(file);
            TimeRange range = new TimeRange(45, 20);
            p.insert(request(take("takes/one.mp4"), "V1", range));
            p.remove("V1", range);
            p.insert(request(take("takes/two.mp4"), "V1", range));
            String xml = new String(p.serialize(), StandardCharsets.UTF_8);
            assertFalse(xml.contains("one.mp4"), "take 1 is gone from the document, bin included");
            assertEquals(2, count(xml, Pattern.quote(">takes/two.mp4<")), "bin clip and timeline copy, named relatively");
            KdenliveProject again = Fx.read(file, xml);
            assertEquals(List.of(new Clip("a.mp4", "a.mp4", 0, 40), new Gap(5), new Clip("take", "takes/two.mp4", 0, 20),
                    new Gap(5), new Clip("b.mp4", "b.mp4", 0, 30)), again.timeline().track("V1").orElseThrow().items());
            // after a save: take 2 out, take 3 in
            again.remove("V1", range);
            again.insert(request(take("takes/three.mp4"), "V1", range));
            String third = new String(again.serialize(), StandardCharsets.UTF_8);
            assertFalse(third.contains("two.mp4"), "take 2 is gone, bin included");
            assertTrue(third.contains("three.mp4"));
        }
    }

    @Test
    void aBinClipStillUsedElsewhereStays() throws Exception {
        Path file = project("1.04", false);
        KdenliveProject p = Fx.read(file);
        // b is on A1, V1 and V2: taking it out of V1 deletes V1's copy only
        p.remove("V1", new TimeRange(70, 30));
        String xml = new String(p.serialize(), StandardCharsets.UTF_8);
        KdenliveProject again = Fx.read(file, xml);
        assertEquals(List.of(new Clip("a.mp4", "a.mp4", 0, 40)), again.timeline().track("V1").orElseThrow().items(),
                "the trailing blank is dropped");
        assertEquals(Fx.read(file).timeline().track("A1"), again.timeline().track("A1"));
        Matcher bin = Pattern.compile("<playlist id=\"main_bin\">(.*?)</playlist>", Pattern.DOTALL).matcher(xml);
        assertTrue(bin.find());
        assertEquals(2, count(bin.group(1), "<entry "), "both bin clips stay listed in main_bin");
        assertEquals(3, count(xml, "<property name=\"resource\">b.mp4</property>"), "bin, A1 and V2 copies of b");
        // V1's track tractor ended with b: it now ends with a
        Matcher m = Pattern.compile("<tractor id=\"tractor1\" in=\"[^\"]*\" out=\"([^\"]*)\"").matcher(xml);
        assertTrue(m.find(), xml);
        assertEquals("39", m.group(1));
    }

    @Test
    void aBinClipUsedNowhereElseGoes() throws Exception {
        Media a = Fx.media(dir, "a.mp4", Rate.FPS_25, 100);
        Media b = Fx.media(dir, "only.mp4", Rate.FPS_25, 100);
        for (String version : new String[] {"1.04", "1.1"}) {
            Path file = Fx.project(Rate.FPS_25).version(version).video(clip(a, 0, 40), blank(10), clip(b, 0, 30), blank(5),
                    clip(a, 50, 10)).write(dir.resolve("single-" + version + ".kdenlive"));
            KdenliveProject p = Fx.read(file);
            p.remove("V1", new TimeRange(50, 30));
            String xml = new String(p.serialize(), StandardCharsets.UTF_8);
            assertFalse(xml.contains("only.mp4"), "the bin clip, its main_bin entry and the copy are gone:\n" + xml);
            assertEquals(1, count(xml, "<blank length=\"45\"/>"), "blank 10 + clip 30 + blank 5 is one blank of 45 frames");
            assertEquals(List.of(new Clip("a.mp4", "a.mp4", 0, 40), new Gap(45), new Clip("a.mp4", "a.mp4", 50, 10)),
                    Fx.read(file, xml).timeline().track("V1").orElseThrow().items());
        }
    }

    @Test
    void mediaPathFollowsTheRootAttribute() throws Exception {
        Path folder = dir.resolve("p");
        Media a = Fx.media(folder, "a.mp4", Rate.FPS_25, 100);
        Path elsewhere = dir.resolve("elsewhere");
        Media z = Fx.media(dir.resolve("abs"), "z.mp4", Rate.FPS_25, 100);
        Object[][] cases = {{null, folder}, {"", folder}, {elsewhere.toString(), elsewhere}, {"$CURRENTPATH", folder}};
        for (Object[] c : cases) {
            Path file = Fx.project(Rate.FPS_25).root((String) c[0]).video(clip(a, 0, 10), clip(z, 0, 10))
                    .write(folder.resolve("root.kdenlive"));
            String xml = Files.readString(file);
            assertTrue(xml.contains("<property name=\"resource\">a.mp4</property>"), "a relative resource");
            assertTrue(xml.contains("<property name=\"resource\">" + z.path() + "</property>"), "an absolute resource");
            KdenliveProject p = Fx.read(file);
            List<genshot.timeline.Item> items = p.timeline().track("V1").orElseThrow().items();
            assertEquals(((Path) c[1]).resolve("a.mp4"), p.mediaPath((Clip) items.get(0)), "root " + c[0]);
            assertEquals(z.path(), p.mediaPath((Clip) items.get(1)), "an absolute resource ignores root " + c[0]);
            // the missing-media warning names the same file
            assertTrue(p.warnings().stream().anyMatch(w -> w.message().contains(((Path) c[1]).resolve("a.mp4").toString())),
                    p.warnings().toString());
        }
        // a resource that is not a file (a colour) has no media path: nothing a generator could read frames from
        Path plain = Fx.project(Rate.FPS_25).video(clip(a, 0, 10)).write(folder.resolve("plain.kdenlive"));
        assertEquals(null, Fx.read(plain).mediaPath(new Clip("red", "0xff0000ff", 0, 10)));
    }

    private static String version(String[] v) {
        return v[0] + (v[1].equals("true") ? " with control uuids, " : ", ");
    }

    /**
     * The canonical document with every clock time attribute in frames at 25 fps (a merged blank and a shortened
     * tractor are written as integers).
     */
    private static String frames(byte[] xml) {
        Matcher m = Pattern.compile("=\\[(\\d\\d):(\\d\\d):(\\d\\d\\.\\d\\d\\d)\\]").matcher(Fx.canonical(xml));
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            double s = Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60 + Double.parseDouble(m.group(3));
            m.appendReplacement(b, "=[" + Math.round(s * 25) + "]");
        }
        m.appendTail(b);
        return b.toString();
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
