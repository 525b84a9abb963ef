package genshot.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GenshotException;
import genshot.farm.Slurm;
import genshot.testkit.SlurmCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code genshot farm slurm}: its output, exit statuses and refusals, against a real one-node Slurm cluster. */
class FarmSlurmCommandTest {

    @TempDir
    Path dir;

    /** What one run printed and returned, and the problem it threw (null when none). */
    record Ran(int exit, String out, String err, GenshotException problem) {
    }

    static Ran run(Slurm slurm, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicReference<GenshotException> problem = new AtomicReference<>();
        CommandLine cl = new CommandLine(new FarmSlurmCommand(slurm));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof GenshotException g) {
                problem.set(g);
                return GenshotCommand.isUsage(g.problem().code()) ? GenshotCommand.USAGE : GenshotCommand.PROBLEM;
            }
            throw ex;
        });
        int exit = cl.execute(args);
        return new Ran(exit, out.toString(), err.toString(), problem.get());
    }

    private Path plan(String name, int shots) throws Exception {
        Path plan = dir.resolve(name);
        Files.createDirectories(plan);
        StringBuilder b = new StringBuilder("{\"shots\":[");
        for (int i = 1; i <= shots; i++) {
            b.append(i == 1 ? "" : ",").append("{\"id\":\"s0").append(i).append("\"}");
        }
        Files.writeString(plan.resolve("plan.json"), b.append("]}").toString());
        return plan;
    }

    /**
     * A stand-in for genshot render: writes its shard's report as render does, every shot of the shard made, but
     * shard 1's second shot, which fails.
     */
    private Path fakeGenshot() throws Exception {
        Path exe = dir.resolve("fake-genshot");
        Files.writeString(exe, """
                #!/bin/bash
                plan=$2; shard=${4%/*}; count=${4#*/}
                mkdir -p "$plan/shards"
                shots=""
                for k in 1 2 3 4 5 6; do
                  [ $(( (k - 1) % count )) = "$shard" ] || continue
                  if [ "$shard" = 1 ] && [ -n "$shots" ]; then
                    shots="$shots,{\\"id\\":\\"s0$k\\",\\"state\\":\\"failed\\",\\"message\\":\\"out of GPU memory\\",\\"millis\\":3}"
                  else
                    shots="$shots${shots:+,}{\\"id\\":\\"s0$k\\",\\"state\\":\\"done\\",\\"message\\":\\"\\",\\"millis\\":3}"
                  fi
                done
                now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
                printf '{"shard":%s,"count":%s,"host":"%s","started":"%s","finished":"%s","shots":[%s]}' \\
                  "$shard" "$count" "$(hostname)" "$now" "$now" "$shots" > "$plan/shards/.tmp-$shard"
                mv "$plan/shards/.tmp-$shard" "$plan/shards/$shard-of-$count.json"
                """);
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return exe;
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        Path plan = plan("p", 3);
        Slurm slurm = new Slurm(dir.resolve("no-sbatch").toString(), Map.of());
        Ran r = run(slurm, plan.toString());
        assertEquals(2, r.exit(), "--shards is required");
        assertTrue(r.err().contains("--shards"), r.err());
        for (String[] bad : new String[][] {{"--shards", "0"}, {"--shards", "2", "--time", "2h"},
                {"--shards", "2", "--partition", "a b"}, {"--shards", "2", "--gpus-per-task", "x"},
                {"--shards", "2", "--tasks", "2"}}) {
            String[] args = new String[bad.length + 3];
            args[0] = plan.toString();
            System.arraycopy(bad, 0, args, 1, bad.length);
            args[bad.length + 1] = "--genshot";
            args[bad.length + 2] = "genshot";
            r = run(slurm, args);
            assertEquals(2, r.exit(), List.of(bad).toString());
            assertTrue(r.problem().problem().code().startsWith("usage."), r.problem().getMessage());
            assertFalse(Files.exists(plan.resolve("slurm.sbatch")));
        }
        r = run(slurm, plan.toString(), "--shards", "2", "--genshot", "genshot");
        assertEquals(1, r.exit());
        assertEquals("slurm.missing", r.problem().problem().code());
        // the script is written before sbatch is looked for: it can be submitted by hand
        assertTrue(Files.exists(plan.resolve("slurm.sbatch")));
    }

    @Test
    void submitsAndWaitsOnARealCluster() throws Exception {
        SlurmCluster.assumeOrRequire();
        Path plan = plan("film plan", 6);
        String genshot = fakeGenshot().toString();
        try (SlurmCluster c = SlurmCluster.start()) {
            Slurm slurm = new Slurm("sbatch", new HashMap<>(c.env()));

            Ran r = run(slurm, plan.toString(), "--shards", "3", "--genshot", genshot, "--partition",
                    SlurmCluster.PARTITION, "--wait");
            assertEquals(1, r.exit(), r.out() + r.err() + r.problem());
            assertNull(r.problem());
            List<String> lines = r.out().lines().toList();
            assertEquals("Waiting for the Slurm job of " + plan + " to end (3 tasks; squeue --me shows it)...",
                    lines.get(0));
            assertTrue(lines.get(1).matches("Slurm job [0-9]+: 3 tasks, 2 done, 1 with failed shots \\(1\\), 0 did "
                    + "not finish; the plan has 6 shots\\."), lines.get(1));
            assertTrue(lines.get(2).startsWith("shard 1/3 on "), r.out());
            assertTrue(lines.get(2).endsWith(": 1 shot failed (1 made, 0 already made):"), r.out());
            assertEquals("  s05: out of GPU memory", lines.get(3));
            assertEquals("Run them again (shots already made are skipped): genshot farm slurm '" + plan + "' --shards 3 "
                    + "--partition genshot --genshot " + genshot + " --tasks 1 --wait", lines.get(4));
            assertEquals(5, lines.size(), r.out());

            r = run(slurm, plan.toString(), "--shards", "8", "--genshot", genshot);
            assertEquals(0, r.exit(), r.out() + r.err() + r.problem());
            lines = r.out().lines().toList();
            assertEquals("Note: 8 shards for 6 shots: 2 tasks will have nothing to render (--shards 6 is enough).",
                    lines.get(0));
            assertTrue(lines.get(1).matches("Submitted Slurm job [0-9]+: 8 tasks of " + java.util.regex.Pattern
                    .quote(plan.resolve("slurm.sbatch").toString()) + "\\."), lines.get(1));
            String id = lines.get(1).split(" ")[3].replace(":", "");
            assertEquals("Follow it: squeue -j " + id, lines.get(2));
            assertEquals("Each task's output: " + plan.resolve("logs/slurm-" + id + "_<task>.out"), lines.get(3));
            assertEquals("When it has ended: genshot apply '" + plan + "'", lines.get(4));
            // the job is real: it shows in squeue (or has already ended and written its reports)
            long until = System.nanoTime() + 30_000_000_000L;
            while (!c.command("squeue", "-h", "-j", id).stdoutText().isBlank() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            for (int i = 0; i < 8; i++) {
                assertTrue(Files.isRegularFile(plan.resolve("shards/" + i + "-of-8.json")), "shard " + i);
            }
        }
    }
}
