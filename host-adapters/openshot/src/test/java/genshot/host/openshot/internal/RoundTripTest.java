package genshot.host.openshot.internal;

import static genshot.testkit.ProjectFixtures.Item.blank;
import static genshot.testkit.ProjectFixtures.Item.clip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import genshot.testkit.OpenShotRender;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.Tools;
import genshot.timeline.Rate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read then serialize without an insertion: the same bytes, whatever the project holds. */
class RoundTripTest {

    @TempDir
    Path dir;

    private List<Path> projects() {
        List<Path> out = new ArrayList<>();
        out.add(Fx.sampleDir().resolve("sample.osp"));
        Media a = Fx.media(dir, "a.mp4", Rate.FPS_25, 100);
        Media b = Fx.media(dir, "b b&c \"q\".mp4", Rate.FPS_25, 100);
        out.add(Fx.project(Rate.FPS_25).video(clip(a, 0, 40), blank(5), clip(b, 1, 20)).video(blank(3), clip(b))
                .marker(1.0).marker(0.12).extras(true).write(dir.resolve("extras.osp")));
        out.add(Fx.project(Rate.FPS_29_97).video(blank(30), clip(a)).clipAt(0, b, 2.01, 0.5, 1.0)
                .write(dir.resolve("ntsc.osp")));
        out.add(Fx.project(Rate.FPS_25).write(dir.resolve("empty.osp")));
        return out;
    }

    @Test
    void serializeGivesTheSameBytes() throws Exception {
        for (Path p : projects()) {
            byte[] original = Files.readAllBytes(p);
            byte[] written = Fx.read(p).serialize();
            assertEquals(new String(original, StandardCharsets.UTF_8), new String(written, StandardCharsets.UTF_8), p.toString());
            assertArrayEquals(original, written, p.toString());
        }
    }

    @Test
    void extrasSurvive() {
        String text = new String(Fx.read(projects().get(1)).serialize(), StandardCharsets.UTF_8);
        for (String s : new String[] {"\"genshot_unknown\": {", "1e-05", "0.0001", "12345678.9", "1.5e+16",
            "1000000000000000.0", "\"type\": \"Mask\"", "\"type\": \"Brightness\"", "\"handle_left\"", "Hintergrund – unten",
            "\\\"as is\\\" \\\\ é ü 日本 \u2028 tab\\there\\u0001", "\"old_values\"", "\"nothing\": null", "\"empty\": {}",
            "\"position\": 0.12"}) {
            assertTrue(text.contains(s), s);
        }
    }

    @Test
    void otherLayoutsComeBackEquivalentInTheirOwnStyle() throws Exception {
        Path p = projects().get(1);
        ObjectMapper m = new ObjectMapper();
        Object tree = m.readTree(Files.readAllBytes(p));
        // compact (Python's default separators), 2-space indent with a final newline, 4-space indent
        String compact = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        for (String variant : new String[] {
            reindent(compact, -1), reindent(compact, 2) + "\n", reindent(compact, 4)}) {
            byte[] out = Fx.read(dir.resolve("v.osp"), variant).serialize();
            assertEquals(tree, m.readTree(out));
            assertEquals(variant, new String(out, StandardCharsets.UTF_8));
        }
    }

    /**
     * A project openshot-qt saved on Windows has \r\n line ends (Python writes text files with the platform's): it
     * comes back byte for byte, and an insertion's lines get them too (the whole file was written on one line).
     */
    @Test
    void windowsLineEndsStay() throws Exception {
        String unix = new String(Files.readAllBytes(projects().get(1)), StandardCharsets.UTF_8);
        String windows = unix.replace("\n", "\r\n") + "\r\n";
        Path p = Files.writeString(dir.resolve("windows.osp"), windows);
        assertEquals(windows, new String(Fx.read(p).serialize(), StandardCharsets.UTF_8));
        OpenShotProject project = Fx.read(p);
        Path take = Files.write(dir.resolve("take.mp4"), new byte[100]);
        project.insert(new genshot.api.InsertRequest(take, new genshot.api.MediaInfo(640, 360, Rate.FPS_25, 5, false, 100),
                "V1", new genshot.timeline.TimeRange(40, 5), "shot"));
        String written = new String(project.serialize(), StandardCharsets.UTF_8);
        assertTrue(written.length() > windows.length() + 500, "a clip and a file were added");
        assertEquals(written.split("\n", -1).length, written.split("\r\n", -1).length,
                "every line ends with \\r\\n");
        assertTrue(written.startsWith(windows.substring(0, windows.indexOf("\"clips\""))), "the head is as it was");
    }

    /** Re-lays out an indent=1 document with another indent (-1 = one line with ", " and ": "). */
    private static String reindent(String json, int indent) {
        StringBuilder b = new StringBuilder();
        for (String line : json.split("\n", -1)) {
            int k = 0;
            while (k < line.length() && line.charAt(k) == ' ') {
                k++;
            }
            String body = line.substring(k);
            if (indent < 0) {
                b.append(body);
                if (body.endsWith(",")) {
                    b.append(' ');
                }
            } else {
                if (b.length() > 0) {
                    b.append('\n');
                }
                b.append(" ".repeat(k * indent)).append(body);
            }
        }
        return b.toString();
    }

    /** Files written by Python's json.dumps (as openshot-qt does) come back byte for byte. */
    @Test
    void pythonWrittenFilesComeBackByteForByte() throws Exception {
        Tools.assumeOrRequire("python3");
        Path src = projects().get(1);
        Path py = dir.resolve("py.osp");
        Tools.run(List.of(Files.isExecutable(Path.of(OpenShotRender.PYTHON)) ? OpenShotRender.PYTHON : "python3", "-c",
                "import json,sys; d=json.load(open(sys.argv[1],encoding='utf-8'));"
                        + "d['genshot_py']=[0.1+0.2, 1/3, 2.5e-7, 1e22, 123456789012345680.0];"
                        + "open(sys.argv[2],'w',encoding='utf-8').write(json.dumps(d, ensure_ascii=False, indent=1))",
                src.toString(), py.toString()), null, Duration.ofSeconds(60)).requireSuccess();
        byte[] original = Files.readAllBytes(py);
        assertEquals(new String(original, StandardCharsets.UTF_8), new String(Fx.read(py).serialize(), StandardCharsets.UTF_8));
    }
}
