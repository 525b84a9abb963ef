package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genshot.launcher.FillEndToEndIT.Run;
import genshot.testkit.Melt;
import genshot.testkit.SlurmCluster;
import genshot.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 end to end on a real one-node Slurm cluster (Debian's slurm-wlm and munge, started for this test and
 * stopped by process id): plan three gaps, {@code genshot farm slurm --shards 3 --wait}, apply, and melt shows every
 * take in its gap; a render killed in the middle of a shot is finished by the farm run after it; an apply after the
 * project changed refuses exactly the shot whose frames were taken.
 */
class SlurmFarmIT {
    static SlurmCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        SlurmCluster.assumeOrRequire();
        cluster = SlurmCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** bin/genshot with the cluster's SLURM_CONF, as a user on a login node runs it. */
    static Run genshot(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(FillEndToEndIT.REPO.resolve("bin/genshot").toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        Tools.Result r = Tools.run(cmd, null, Duration.ofMinutes(8), cluster.env());
        return new Run(r.exitCode(), r.stdoutText(), r.stderr());
    }

    @Test
    void threeShardsOnSlurmThenApplyPutEveryTakeInItsGap() throws Exception {
        Tools.assumeOrRequire(Melt.programs());
        Path project = PlanRenderApplyIT.threeGaps(dir);
        List<byte[]> before = FillEndToEndIT.render(project, 130);
        Path plan = dir.resolve("film.plan");
        Run planned = genshot("plan", project.toString(), "--all", "-g", "fog", "-p", "morning fog", "--seed", "3",
                "--out", plan.toString(), "--no-progress");
        assertEquals(0, planned.status(), planned.err());

        Run farm = genshot("farm", "slurm", plan.toString(), "--shards", "3", "--wait");
        assertEquals(0, farm.status(), farm.out() + farm.err() + cluster.logs());
        assertTrue(Files.isRegularFile(plan.resolve("slurm.sbatch")));
        for (int i = 0; i < 3; i++) {
            JsonNode report = FillEndToEndIT.JSON.readTree(plan.resolve("shards/" + i + "-of-3.json").toFile());
            assertFalse(report.get("finished").isNull(), "shard " + i + " finished");
            assertEquals("s0" + (i + 1), report.get("shots").get(0).get("id").asText(), "shard " + i + "'s shot");
            assertEquals("done", report.get("shots").get(0).get("state").asText());
        }
        try (Stream<Path> logs = Files.list(plan.resolve("logs"))) {
            assertEquals(3, logs.count(), "one log per task");
        }

        Run applied = genshot("apply", plan.toString());
        assertEquals(0, applied.status(), applied.err());
        assertTrue(applied.out().contains("3 takes inserted"), applied.out());
        PlanRenderApplyIT.checkTakesInTheirGaps(project, 130, before, PlanRenderApplyIT.planWithTakes(plan));
    }

    @Test
    void aRenderKilledInTheMiddleOfAShotIsFinishedByTheNextFarmRun() throws Exception {
        Path project = PlanRenderApplyIT.threeGaps(dir);
        Path plan = dir.resolve("film.plan");
        // a long second gap's worth of bridge frames, so that the kill comes while the take is being written
        Run planned = genshot("plan", project.toString(), "--all", "-g", "bridge", "--seed", "9", "--out",
                plan.toString(), "--no-progress");
        assertEquals(0, planned.status(), planned.err());

        ProcessBuilder pb = new ProcessBuilder(FillEndToEndIT.REPO.resolve("bin/genshot").toAbsolutePath().toString(),
                "render", plan.toString(), "--shard", "1/3", "--no-progress");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile());
        Process render = pb.start();
        Path takes = plan.resolve("takes");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean writing = false;
        while (!writing && render.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            if (Files.isDirectory(takes)) {
                try (Stream<Path> s = Files.list(takes)) {
                    writing = s.anyMatch(p -> p.getFileName().toString().startsWith(".s02.mp4"));
                }
            }
        }
        assertTrue(writing, "the render was writing s02 when killed: " + Files.readString(dir.resolve("killed.log")));
        render.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        render.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Run status = genshot("render", plan.toString(), "--status");
        assertTrue(status.out().contains("s02  V1   frames 60+12") && status.out().contains("pending"),
                "the killed shot is not finished: " + status.out());

        Run farm = genshot("farm", "slurm", plan.toString(), "--shards", "3", "--wait");
        assertEquals(0, farm.status(), farm.out() + farm.err() + cluster.logs());
        Run done = genshot("render", plan.toString(), "--status");
        assertTrue(done.out().contains("3 of 3 shots rendered."), done.out());
        try (Stream<Path> s = Files.list(takes)) {
            assertEquals(List.of("s01.json", "s01.mp4", "s02.json", "s02.mp4", "s03.json", "s03.mp4"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "no partial file left");
        }
        Run applied = genshot("apply", plan.toString());
        assertEquals(0, applied.status(), applied.err());
    }

    @Test
    void anApplyAfterTheProjectChangedRefusesTheShotWhoseFramesWereTaken() throws Exception {
        Path project = PlanRenderApplyIT.threeGaps(dir);
        Path plan = dir.resolve("film.plan");
        Run planned = genshot("plan", project.toString(), "--all", "-g", "slug", "--seed", "4", "--out",
                plan.toString(), "--no-progress");
        assertEquals(0, planned.status(), planned.err());
        Run farm = genshot("farm", "slurm", plan.toString(), "--shards", "2", "--wait");
        assertEquals(0, farm.status(), farm.out() + farm.err());
        // the edit moves on: frames 92+4 of the third gap get a shot of their own
        Run fill = genshot("fill", project.toString(), "--gap", "V1", "--range", "92+4", "-g", "slug", "-p", "x",
                "--seed", "1", "--no-progress");
        assertEquals(0, fill.status(), fill.err());

        Run applied = genshot("apply", plan.toString(), "--json");
        assertEquals(1, applied.status(), applied.out());
        JsonNode r = FillEndToEndIT.JSON.readTree(applied.out());
        assertEquals(List.of("s01", "s02"), ids(r.get("inserted")));
        assertEquals(List.of("s03"), ids(r.get("refused")));
        assertTrue(r.get("refused").get(0).get("message").asText().contains("no longer free"), r.toString());
        assertTrue(applied.err().contains("s03"), applied.err());
    }

    private static List<String> ids(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }
}
