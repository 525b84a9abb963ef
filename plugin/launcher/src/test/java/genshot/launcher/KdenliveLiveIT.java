package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genshot.launcher.FillEndToEndIT.Run;
import genshot.testkit.Frames;
import genshot.testkit.KdenliveSession;
import genshot.testkit.Melt;
import genshot.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * genshot beside the real Kdenlive 22.12 (Xvfb, its own session D-Bus), as users work: the project stays open in
 * Kdenlive while genshot fills it. Kdenlive does not watch the file, so a write it does not reload is erased by its
 * next save; these tests show the live link prevents that, and that without the link (GENSHOT_LIVE=off, the negative
 * control) the same steps lose the shot, which {@code genshot status} then finds and {@code genshot use} puts back.
 */
class KdenliveLiveIT {
    static final Path SCREENSHOTS = Path.of(System.getProperty("genshot.screenshots", "target/screenshots"));

    @TempDir
    Path dir;

    static Run genshot(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(FillEndToEndIT.REPO.resolve("bin/genshot").toString());
        cmd.addAll(List.of(args));
        Tools.Result r = Tools.run(cmd, null, Duration.ofMinutes(5), env);
        return new Run(r.exitCode(), r.stdoutText(), r.stderr());
    }

    static Map<String, String> off(Map<String, String> env) {
        Map<String, String> m = new HashMap<>(env);
        m.put("GENSHOT_LIVE", "off");
        return m;
    }

    /** The clips of a Kdenlive project that use a file of genshot's takes folder (by file name). */
    static boolean refersTo(Path project, Path take) throws Exception {
        return Files.readString(project, StandardCharsets.UTF_8).contains(take.getFileName().toString());
    }

    /** melt renders the take's frames over its range, and the frames around the sample's gap (50..74) as they were. */
    static void meltShows(Path project, Path take, long start, long length, List<byte[]> before) {
        List<byte[]> after = Melt.renderFrames(project, before.size(), Frames.W, Frames.H);
        List<byte[]> takeFrames = Frames.decode(take);
        for (int f = 0; f < before.size(); f++) {
            if (f >= start && f < start + length) {
                double d = Frames.mad(after.get(f), takeFrames.get((int) (f - start)));
                assertTrue(d < Frames.MATCH_THRESHOLD, "melt shows take frame " + (f - start) + " at " + f
                        + " (mean abs difference " + d + ")");
            }
        }
        for (int f : new int[] {0, 49, 75, 99}) {
            double outside = Frames.mad(after.get(f), before.get(f));
            assertTrue(outside < Frames.MATCH_THRESHOLD, "frame " + f + " outside the gap is unchanged (" + outside + ")");
        }
    }

    private Path sample() throws Exception {
        Path project = FillEndToEndIT.copySample(dir.resolve("p"));
        // a file that is not in the bin yet, for Kdenlive to take in as an edit of its own
        Files.copy(project.resolveSibling("A.mp4"), project.resolveSibling("C.mp4"));
        Files.copy(project.resolveSibling("B.mp4"), project.resolveSibling("D.mp4"));
        return project;
    }

    private static Path takeOf(Run fill) throws Exception {
        return Path.of(FillEndToEndIT.JSON.readTree(fill.out()).get("take").asText());
    }

    @Test
    void aFillReloadsKdenliveSoItsNextSaveKeepsTheShotAndWithoutTheLinkTheShotIsLostThenPutBack() throws Exception {
        Tools.assumeOrRequire(KdenliveSession.programs());
        Tools.assumeOrRequire(Melt.programs());
        Path project = sample();
        List<byte[]> before = Melt.renderFrames(project, 100, Frames.W, Frames.H);
        try (KdenliveSession k = KdenliveSession.open(project, dir.resolve("x"))) {
            Map<String, String> env = k.env();
            Run status = genshot(env, "status", project.toString(), "--json");
            assertEquals(0, status.status(), status.err());
            JsonNode st = FillEndToEndIT.JSON.readTree(status.out());
            assertEquals(1, st.get("sessions").size(), status.out());
            JsonNode s = st.get("sessions").get(0);
            assertTrue(s.get("editor").asText().startsWith("Kdenlive 22."), s.toString());
            assertEquals(k.pid(), s.get("pid").asLong());
            assertEquals("sure", s.get("sure").asText(), s.toString());
            assertFalse(s.get("unsaved").asBoolean(), s.toString());

            // negative control: the link off, genshot writes behind Kdenlive's back and Kdenlive's save drops the shot
            Run blind = genshot(off(env), "fill", project.toString(), "--gap", "V1:1", "--range", "50+10", "-g", "slug",
                    "--seed", "1", "--json", "--no-progress");
            assertEquals(0, blind.status(), blind.err());
            Path lost = takeOf(blind);
            assertTrue(refersTo(project, lost));
            k.addBinClip(project.resolveSibling("C.mp4"));
            k.save();
            assertFalse(refersTo(project, lost), "without the live link Kdenlive's save drops the shot");
            Run dropped = genshot(env, "status", project.toString(), "--json");
            assertEquals(4, dropped.status(), dropped.out() + dropped.err());
            JsonNode d = FillEndToEndIT.JSON.readTree(dropped.out()).get("dropped");
            assertEquals(1, d.size(), dropped.out());
            assertEquals(lost.getFileName().toString().replaceFirst("\\.mp4$", ""), d.get(0).get("take").asText());
            assertTrue(d.get(0).get("free").asBoolean());

            // put back, with the link on: Kdenlive reloads and keeps it through its next save
            Run back = genshot(env, "use", project.toString(), d.get(0).get("take").asText());
            assertEquals(0, back.status(), back.err());
            assertTrue(back.out().contains("Kdenlive reloaded sample.kdenlive"), back.out());

            Run fill = genshot(env, "fill", project.toString(), "--gap", "V1", "--range", "60+15", "-g", "slug",
                    "--seed", "2", "--json", "--no-progress");
            assertEquals(0, fill.status(), fill.err());
            JsonNode r = FillEndToEndIT.JSON.readTree(fill.out());
            assertEquals("Kdenlive reloaded sample.kdenlive", r.get("live").get(0).asText(), fill.out());
            System.out.println("live link during the fill: " + r.get("phaseMillis").get("live link") + " ms");
            Path kept = takeOf(fill);
            k.screenshot(SCREENSHOTS.resolve("kdenlive-live-after-fill.png"));

            k.addBinClip(project.resolveSibling("D.mp4"));
            k.save();
            assertTrue(refersTo(project, kept), "Kdenlive's own save keeps the shot it reloaded");
            assertTrue(refersTo(project, lost), "and the one put back");
            assertTrue(Files.readString(project).contains("D.mp4"), "and its own edit");
            Run after = genshot(env, "status", project.toString());
            assertEquals(0, after.status(), after.out());
            assertTrue(after.out().startsWith("sample.kdenlive: Kdenlive 22.") && after.out().contains(": open, saved"),
                    after.out());

            // the panel, opened beside Kdenlive on the same display and bus, shows the live state in its header
            Path png = SCREENSHOTS.resolve("panel-beside-kdenlive.png").toAbsolutePath();
            Files.createDirectories(png.getParent());
            Files.deleteIfExists(png);
            Map<String, String> panelEnv = new HashMap<>(env);
            panelEnv.put("GENSHOT_JAVA_OPTS", "-Dprism.order=sw");
            Run panel = genshot(panelEnv, "panel", project.toString(), "--screenshot", png.toString(),
                    "--close-after-screenshot");
            assertEquals(0, panel.status(), panel.out() + panel.err());
            assertTrue(Files.isRegularFile(png), panel.err());
            meltShows(project, lost, 50, 10, before);
            meltShows(project, kept, 60, 15, before);
        }
    }

    @Test
    void aPlanAppliedWhileKdenliveHasTheProjectOpenMakesItReloadAndItsNextSaveKeepsTheTakes() throws Exception {
        Tools.assumeOrRequire(KdenliveSession.programs());
        Tools.assumeOrRequire(Melt.programs());
        Path project = sample();
        List<byte[]> before = Melt.renderFrames(project, 100, Frames.W, Frames.H);
        try (KdenliveSession k = KdenliveSession.open(project, dir.resolve("x"))) {
            Map<String, String> env = k.env();
            Path plan = dir.resolve("film.plan");
            Run planned = genshot(env, "plan", project.toString(), "--gap", "V1:1", "-g", "slug", "--seed", "4",
                    "--out", plan.toString(), "--no-progress");
            assertEquals(0, planned.status(), planned.err());
            Run rendered = genshot(env, "render", plan.toString(), "--no-progress");
            assertEquals(0, rendered.status(), rendered.err());
            Run applied = genshot(env, "apply", plan.toString(), "--json");
            assertEquals(0, applied.status(), applied.err());
            JsonNode a = FillEndToEndIT.JSON.readTree(applied.out());
            assertEquals("Kdenlive reloaded sample.kdenlive", a.get("live").get(0).asText(), applied.out());
            Path take = Path.of(a.get("inserted").get(0).get("message").asText().split(" ")[0] + ".mp4");
            k.addBinClip(project.resolveSibling("C.mp4"));
            k.save();
            assertTrue(refersTo(project, take), "Kdenlive's own save keeps the applied take");
            assertTrue(Files.readString(project).contains("C.mp4"), "and its own edit");
            Path stored = project.resolveSibling("sample.kdenlive.genshot/takes").resolve(take);
            meltShows(project, stored, 50, 25, before);
        }
    }

    @Test
    void unsavedChangesInKdenliveRefuseTheWriteAndSaveInKdenliveThenInsertKeepsBoth() throws Exception {
        Tools.assumeOrRequire(KdenliveSession.programs());
        Tools.assumeOrRequire(Melt.programs());
        Path project = sample();
        List<byte[]> before = Melt.renderFrames(project, 100, Frames.W, Frames.H);
        try (KdenliveSession k = KdenliveSession.open(project, dir.resolve("x"))) {
            Map<String, String> env = k.env();
            assertTrue(k.title().startsWith("sample"), k.title());
            k.addBinClip(project.resolveSibling("C.mp4"));
            byte[] bytes = Files.readAllBytes(project);
            Run refused = genshot(env, "fill", project.toString(), "--gap", "V1:1", "--range", "50+10", "-g", "slug",
                    "--seed", "3", "--no-progress");
            assertEquals(1, refused.status(), refused.out() + refused.err());
            assertTrue(refused.err().contains("Kdenlive has unsaved changes in sample.kdenlive"), refused.err());
            assertArrayEquals(bytes, Files.readAllBytes(project), "nothing written");
            Path takes = project.resolveSibling("sample.kdenlive.genshot/takes");
            try (Stream<Path> made = Files.exists(takes) ? Files.list(takes) : Stream.empty()) {
                assertEquals(0, made.count(), "refused before any generation");
            }
            k.screenshot(SCREENSHOTS.resolve("kdenlive-live-unsaved.png"));

            Run saved = genshot(env, "fill", project.toString(), "--gap", "V1:1", "--range", "50+10", "-g", "slug",
                    "--seed", "3", "--save-in-editor", "--json", "--no-progress");
            assertEquals(0, saved.status(), saved.err());
            assertEquals("Kdenlive reloaded sample.kdenlive",
                    FillEndToEndIT.JSON.readTree(saved.out()).get("live").get(0).asText());
            Path take = takeOf(saved);
            assertFalse(k.modified());
            String text = Files.readString(project);
            assertTrue(text.contains("C.mp4"), "Kdenlive's own change was saved");
            assertTrue(refersTo(project, take), "and the take is in");
            k.addBinClip(project.resolveSibling("D.mp4"));
            k.save();
            assertTrue(refersTo(project, take), "Kdenlive's next save keeps it");
            meltShows(project, take, 50, 10, before);

            // negative control: with unsaved changes again and the link off, a write is not refused
            Files.copy(project.resolveSibling("A.mp4"), project.resolveSibling("E.mp4"));
            k.addBinClip(project.resolveSibling("E.mp4"));
            Run blind = genshot(off(env), "fill", project.toString(), "--gap", "V1", "--range", "60+15", "-g", "slug",
                    "--seed", "4", "--no-progress");
            assertEquals(0, blind.status(), "without the live link nothing stops the write: " + blind.err());
        }
    }
}
