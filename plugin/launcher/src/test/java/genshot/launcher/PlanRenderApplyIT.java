package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genshot.launcher.FillEndToEndIT.Run;
import genshot.testkit.Frames;
import genshot.testkit.Melt;
import genshot.testkit.OpenShotRender;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Item;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.Tools;
import genshot.timeline.Rate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genshot plan}, {@code render --shard} and {@code apply} through {@code bin/genshot} (real Felix, real
 * encoder and decoder), checked with the hosts' own renderers: every take sits exactly in its gap and nothing else
 * moved.
 */
class PlanRenderApplyIT {
    @TempDir
    Path dir;

    static Run genshot(String... args) {
        return FillEndToEndIT.genshot(args);
    }

    /** A 25 fps 320x180 project: V1 = a[0,30) gap 10, b[0,20) gap 12, a[30,50) gap 8, b[20,40). 130 frames. */
    static Path threeGaps(Path dir) {
        Media a = ProjectFixtures.pattern(dir.resolve("a.mp4"), "testsrc2", Rate.FPS_25, 320, 180, 60, false, 0);
        Media b = ProjectFixtures.ramp(dir.resolve("b.mp4"), Rate.FPS_25, 320, 180, 60, false);
        return ProjectFixtures.project(Rate.FPS_25, 320, 180)
                .video(Item.clip(a, 0, 30), Item.blank(10), Item.clip(b, 0, 20), Item.blank(12), Item.clip(a, 30, 20),
                        Item.blank(8), Item.clip(b, 20, 20))
                .guide(62, "genshot: a wall of fog")
                .write(dir.resolve("film.kdenlive"));
    }

    /** Checks with the host's renderer that each applied take's frames are shown in its range, and only there. */
    static void checkTakesInTheirGaps(Path project, long duration, List<byte[]> before, JsonNode plan) throws Exception {
        List<byte[]> after = FillEndToEndIT.render(project, duration);
        assertEquals(duration, after.size());
        boolean[] inShot = new boolean[(int) duration];
        boolean osp = project.toString().endsWith(".osp");
        for (JsonNode s : plan.get("shots")) {
            long start = s.get("start").asLong();
            long length = s.get("length").asLong();
            Path take = Path.of(s.get("take").asText());
            List<byte[]> frames = Frames.decode(take);
            assertEquals(length + 1, frames.size(), s.get("id") + ": its frames and one handle");
            for (long f = start; f < start + length; f++) {
                inShot[(int) f] = true;
                Map<String, byte[]> candidates = new LinkedHashMap<>();
                candidates.put("take", frames.get((int) (f - start)));
                candidates.put("before", before.get((int) f));
                candidates.put("black", Frames.solid(0, 0, 0, Frames.W, Frames.H));
                double bound = osp ? 2 * Frames.MATCH_THRESHOLD : Frames.MATCH_THRESHOLD;
                assertTrue(Frames.mad(after.get((int) f), frames.get((int) (f - start))) < bound
                                && "take".equals(Frames.nearest(after.get((int) f), candidates)),
                        s.get("id") + " frame " + f + ": " + Frames.mismatch(after.get((int) f), "take", candidates));
            }
        }
        for (int f = 0; f < duration; f++) {
            if (!inShot[f]) {
                assertTrue(Frames.mad(after.get(f), before.get(f)) < Frames.MATCH_THRESHOLD, "frame " + f
                        + " outside the shots is unchanged");
            }
        }
    }

    @Test
    void threeGapsPlannedRenderedInTwoShardsAndAppliedAreShownByMeltInTheirGaps() throws Exception {
        Tools.assumeOrRequire(Melt.programs());
        Path project = threeGaps(dir);
        byte[] original = Files.readAllBytes(project);
        List<byte[]> before = FillEndToEndIT.render(project, 130);
        Path plan = dir.resolve("film.plan");

        Run planned = genshot("plan", project.toString(), "--all", "-g", "bridge", "--seed", "5", "--out",
                plan.toString(), "--json", "--no-progress");
        assertEquals(0, planned.status(), planned.err());
        JsonNode p = FillEndToEndIT.JSON.readTree(planned.out());
        assertEquals(3, p.get("shots").size());
        assertEquals("a wall of fog", p.get("shots").get(1).get("prompt").asText());
        assertArrayEquals(original, Files.readAllBytes(project), "planning changes nothing");

        Run zero = genshot("render", plan.toString(), "--shard", "0/2", "--no-progress");
        assertEquals(0, zero.status(), zero.err());
        assertTrue(zero.out().contains("s01 (1/2): V1 frames 30+10, bridge, seed 5"), zero.out());
        assertTrue(zero.out().contains("s03 done"), zero.out());
        Run early = genshot("apply", plan.toString());
        assertEquals(1, early.status(), "s02 is not rendered: " + early.out());
        assertTrue(early.err().contains("s02 not rendered yet"), early.err());
        Run one = genshot("render", plan.toString(), "--shard", "1/2", "--no-progress");
        assertEquals(0, one.status(), one.err());
        Run status = genshot("render", plan.toString(), "--status");
        assertTrue(status.out().contains("3 of 3 shots rendered."), status.out());

        Run applied = genshot("apply", plan.toString(), "--json");
        assertEquals(0, applied.status(), applied.err());
        JsonNode a = FillEndToEndIT.JSON.readTree(applied.out());
        assertEquals(1, a.get("inserted").size(), "s01 and s03 went in with the early apply: " + a);
        assertEquals(2, a.get("alreadyInPlace").size());
        JsonNode withTakes = planWithTakes(plan);
        checkTakesInTheirGaps(project, 130, before, withTakes);

        Run undo = genshot("undo", project.toString());
        assertEquals(0, undo.status(), undo.err());
        assertFalse(java.util.Arrays.equals(original, Files.readAllBytes(project)),
                "undo takes back the last apply (s02), the early one stays");
    }

    @Test
    void theOpenShotSampleIsPlannedRenderedAndAppliedAndLibopenshotShowsTheShot() throws Exception {
        OpenShotRender.assumeOrRequire();
        Path project = FillEndToEndIT.copySample(dir.resolve("osp"), "openshot", "sample.osp");
        List<byte[]> before = FillEndToEndIT.render(project, 125);
        Path plan = dir.resolve("osp.plan");
        Run planned = genshot("plan", project.toString(), "--gap", "V1:1", "-g", "fog", "-p", "night mist",
                "--seed", "11", "--out", plan.toString());
        assertEquals(0, planned.status(), planned.err());
        assertTrue(planned.out().contains("Planned 1 shot"), planned.out());
        Run rendered = genshot("render", plan.toString());
        assertEquals(0, rendered.status(), rendered.err());
        Run applied = genshot("apply", plan.toString());
        assertEquals(0, applied.status(), applied.err());
        assertTrue(applied.out().contains("1 take inserted"), applied.out());
        checkTakesInTheirGaps(project, 125, before, planWithTakes(plan));
    }

    @Test
    void aPlanMadeWithAModelPackRendersWithThePackFoundElsewhereAndRefusesAChangedPack() throws Exception {
        Tools.assumeOrRequire(Melt.programs());
        Path pack = genshot.diffusion.internal.TinyPackFixture.optimum(dir.resolve("studio/tiny-sd"));
        Path project = FillEndToEndIT.copySample(dir.resolve("sample"));
        List<byte[]> before = FillEndToEndIT.render(project, 125);
        Path plan = dir.resolve("pack.plan");
        Run planned = genshot("plan", project.toString(), "--gap", "V1:1", "--model", pack.toString(), "-p",
                "a lighthouse at dusk", "--seed", "5", "-P", "steps=4", "--out", plan.toString());
        assertEquals(0, planned.status(), planned.err());
        JsonNode shot = FillEndToEndIT.JSON.readTree(plan.resolve("plan.json").toFile()).get("shots").get(0);
        assertEquals(pack.toAbsolutePath().normalize().toString(), shot.at("/generator/pack").asText());
        assertTrue(shot.at("/generator/modelFiles").size() >= 4, "the pack's files and their SHA-256: " + shot);

        // a worker that has the pack somewhere else, and one whose copy differs by one file
        Path elsewhere = dir.resolve("worker/tiny-sd");
        Path changed = dir.resolve("stale/tiny-sd");
        for (Path to : List.of(elsewhere, changed)) {
            try (var files = Files.walk(pack)) {
                for (Path p : files.toList()) {
                    Path t = to.resolve(pack.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
        }
        Files.writeString(changed.resolve("vae_decoder/config.json"), " \n", java.nio.file.StandardOpenOption.APPEND);
        Run stale = genshot("render", plan.toString(), "--pack", changed.toString(), "--no-progress");
        assertEquals(1, stale.status(), stale.out());
        assertTrue(stale.err().contains("s01") && stale.err().contains("vae_decoder/config.json differs"),
                stale.err());
        assertTrue(stale.err().contains("not the one the plan was made with"), stale.err());

        Run rendered = genshot("render", plan.toString(), "--pack", elsewhere.toString(), "--no-progress");
        assertEquals(0, rendered.status(), rendered.err());
        Run applied = genshot("apply", plan.toString());
        assertEquals(0, applied.status(), applied.err());
        checkTakesInTheirGaps(project, 125, before, planWithTakes(plan));
    }

    /** The plan's shots as {@code render --status} would list them, with their takes' paths. */
    static JsonNode planWithTakes(Path plan) throws Exception {
        JsonNode p = FillEndToEndIT.JSON.readTree(plan.resolve("plan.json").toFile());
        var out = FillEndToEndIT.JSON.createObjectNode();
        var shots = out.putArray("shots");
        for (JsonNode s : p.get("shots")) {
            Path take = plan.resolve("takes").resolve(s.get("id").asText() + "." + s.get("extension").asText());
            assertTrue(Files.isRegularFile(take), take.toString());
            shots.addObject().put("id", s.get("id").asText()).put("start", s.get("start").asLong())
                    .put("length", s.get("frames").asLong()).put("take", take.toString());
        }
        return out;
    }
}
