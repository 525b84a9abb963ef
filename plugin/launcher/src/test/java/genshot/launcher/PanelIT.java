package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.testkit.Tools;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real panel, as a user starts it: {@code bin/genshot panel} under Xvfb (GTK, software rendering) on a copy of
 * the sample with one take made by the command line; it writes a screenshot once loaded and closes. The PNG is
 * kept as a build artifact in {@code target/screenshots/panel-xvfb.png}.
 */
class PanelIT {
    static final Path SCREENSHOTS = Path.of(System.getProperty("genshot.screenshots", "target/screenshots"));

    @TempDir
    Path dir;

    @Test
    void theRealPanelOpensTheSampleUnderXvfbAndShowsItsTake() throws Exception {
        Tools.assumeOrRequire("xvfb-run");
        Path project = FillEndToEndIT.copySample(dir.resolve("sample"));
        FillEndToEndIT.Run fill = FillEndToEndIT.genshot("fill", project.toString(), "--gap", "V1:1", "-g", "slug",
                "-p", "INSERT: the door opens", "--seed", "7", "--no-progress");
        assertEquals(0, fill.status(), fill.err());
        FillEndToEndIT.Run undo = FillEndToEndIT.genshot("undo", project.toString());
        assertEquals(0, undo.status(), undo.err());

        Files.createDirectories(SCREENSHOTS);
        Path png = SCREENSHOTS.resolve("panel-xvfb.png").toAbsolutePath();
        Files.deleteIfExists(png);
        Tools.Result r = Tools.run(List.of("xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
                FillEndToEndIT.REPO.resolve("bin/genshot").toString(), "panel", project.toString(),
                "--screenshot", png.toString(), "--close-after-screenshot"), null, Duration.ofMinutes(2),
                Map.of("GENSHOT_JAVA_OPTS", "-Dprism.order=sw", "GENSHOT_DEBUG", "1"));
        assertEquals(0, r.exitCode(), r.stdoutText() + r.stderr());
        assertTrue(Files.isRegularFile(png), "the screenshot is written: " + r.stderr());
        // the launcher started JavaFX's toolkit while the bundles started, and the panel used it
        assertTrue(r.stderr().contains("genshot: panel on the toolkit the launcher started early"), r.stderr());

        assertPanelPicture(png);
    }

    @Test
    void withoutADisplayThePanelSaysSoWhetherTheToolkitStartedEarlyOrNot() throws Exception {
        Path project = FillEndToEndIT.copySample(dir.resolve("sample"));
        for (String early : List.of("on", "off")) {
            // a display that does not exist: the launcher tries the toolkit early (DISPLAY is set) unless told not to
            Tools.Result r = Tools.run(List.of(FillEndToEndIT.REPO.resolve("bin/genshot").toString(), "panel",
                    project.toString()), null, Duration.ofMinutes(1),
                    Map.of("DISPLAY", ":2917", "GENSHOT_EARLY_FX", early));
            assertEquals(1, r.exitCode(), early + ": " + r.stdoutText() + r.stderr());
            assertTrue(r.stderr().contains("The panel cannot open a window: Unable to open DISPLAY"),
                    early + ": " + r.stderr());
            assertTrue(r.stderr().contains("under xvfb-run"), early + ": " + r.stderr());
        }
    }

    private static void assertPanelPicture(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() >= 900 && img.getHeight() >= 560, img.getWidth() + "x" + img.getHeight());
        Set<Integer> colours = new HashSet<>();
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                int lum = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
                if (lum < 80) {
                    dark++;
                }
            }
        }
        long samples = (long) (img.getWidth() / 2) * (img.getHeight() / 2);
        assertTrue(colours.size() > 200, "not blank: " + colours.size() + " colours");
        assertTrue(dark > samples * 6 / 10, "dark theme: " + dark + " of " + samples + " samples are dark");
    }
}
