package genshot.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GenshotException;
import genshot.testkit.SlurmCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genshot farm slurm} on a real one-node Slurm cluster: the written script submitted with sbatch, an array of
 * three tasks, each running a stand-in for {@code genshot render} that writes its shard's report as render does.
 */
class SlurmClusterTest {

    @TempDir
    Path dir;

    /**
     * A stand-in for genshot: checks it was called as {@code render PLAN --shard I/N --no-progress}, then writes the
     * shard's report (atomically, as render does) for the plan's six shots, shot {@code k} in shard {@code k % N}.
     * {@code FAKE_MODE} says how it goes: {@code die} (shard 1 fails shot s05, shard 2 stops after s03 with no
     * "finished", as when killed), {@code silent} (shard 2 exits 1 before writing a report), {@code ok}.
     */
    static Path fakeGenshot(Path parent) throws Exception {
        Path exe = parent.resolve("fake genshot");
        Files.writeString(exe, """
                #!/bin/bash
                [ "$#" = 5 ] && [ "$1" = render ] && [ "$3" = --shard ] && [ "$5" = --no-progress ] || { echo "bad call: $*" >&2; exit 64; }
                plan=$2; shard=${4%/*}; count=${4#*/}
                report="$plan/shards/$shard-of-$count.json"
                mkdir -p "$plan/shards"
                host=$(hostname); started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
                echo "fake genshot: shard $shard of $count on $host"
                write() { printf '{"shard":%s,"count":%s,"host":"%s","started":"%s","finished":%s,"shots":[%s]}' \\
                  "$shard" "$count" "$host" "$started" "$1" "$2" > "$report.tmp" && mv "$report.tmp" "$report"; }
                done_shot() { printf '{"id":"%s","state":"done","message":"","millis":5}' "$1"; }
                write null ""
                if [ "$FAKE_MODE" = silent ] && [ "$shard" = 2 ]; then rm -f "$report"; exit 1; fi
                if [ "$FAKE_MODE" = die ] && [ "$shard" = 2 ]; then write null "$(done_shot s03)"; exit 137; fi
                if [ "$FAKE_MODE" = die ] && [ "$shard" = 1 ]; then
                  write "\\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\\"" "$(done_shot s02),{\\"id\\":\\"s05\\",\\"state\\":\\"failed\\",\\"message\\":\\"decoder: frame 12 is damaged\\",\\"millis\\":7}"
                  exit 1
                fi
                shots=""
                for k in 1 2 3 4 5 6; do
                  [ $(( (k - 1) % count )) = "$shard" ] && shots="$shots${shots:+,}$(done_shot s0$k)"
                done
                write "\\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\\"" "$shots"
                """);
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return exe;
    }

    private static Slurm slurm(SlurmCluster c, String mode) {
        Map<String, String> env = new HashMap<>(c.env());
        env.put("FAKE_MODE", mode);
        return new Slurm("sbatch", env);
    }

    @Test
    void anArrayOfThreeOnARealCluster() throws Exception {
        SlurmCluster.assumeOrRequire();
        Path plan = SlurmTest.plan(dir, SlurmTest.ODD, 6);
        String genshot = fakeGenshot(dir).toString();
        try (SlurmCluster c = SlurmCluster.start()) {
            // every task runs; shard 1 fails a shot, shard 2 is cut short
            Slurm.Outcome o = slurm(c, "die").submitAndWait(new Slurm.Job(plan, 3, SlurmCluster.PARTITION, null, "5",
                    genshot, null));
            String said = String.join("\n", o.lines());
            assertFalse(o.ok(), said);
            assertNotEquals(0, o.exitCode(), said);
            assertEquals(List.of("done", "failed", "unfinished"), o.tasks().stream().map(Slurm.TaskOutcome::state)
                    .toList(), said + "\n" + c.logs());
            for (Slurm.TaskOutcome t : o.tasks()) {
                assertTrue(Files.isRegularFile(t.report()), t.report().toString());
                // sbatch read the quoted --output: each task's output is in the plan's logs folder
                assertTrue(Files.readString(t.log()).contains("fake genshot: shard " + t.shard().index() + " of 3"),
                        t.log().toString());
            }
            assertEquals(2, o.tasks().get(0).done());
            Slurm.TaskOutcome failed = o.tasks().get(1);
            assertEquals(1, failed.failed().size());
            assertEquals("s05", failed.failed().get(0).id());
            assertEquals("decoder: frame 12 is damaged", failed.failed().get(0).message());
            assertEquals(List.of(o.tasks().get(1), o.tasks().get(2)), o.problems());
            String id = o.submitted().jobId();
            assertEquals(List.of(
                    "Slurm job " + id + ": 3 tasks, 1 done, 1 with failed shots (1), 1 did not finish; the plan has 6 shots.",
                    "shard 1/3 on " + failed.host() + ": 1 shot failed (1 made, 0 already made):",
                    "  s05: decoder: frame 12 is damaged",
                    "shard 2/3 on " + failed.host() + " did not finish (killed, timed out or its node lost; 1 shot "
                            + "made): see " + plan.resolve("logs/slurm-" + id + "_2.out")), o.lines());

            // shard 2 again, now dying before its report: the earlier run's report does not count
            Slurm.Outcome again = slurm(c, "silent").submitAndWait(new Slurm.Job(plan, 3, null, null, null, genshot,
                    List.of(2)));
            assertEquals(List.of("missing"), again.tasks().stream().map(Slurm.TaskOutcome::state).toList());
            assertEquals("2", SlurmTest.sbatchOptions(Files.readString(plan.resolve("slurm.sbatch"))).get("--array"));
            assertTrue(again.lines().get(1).startsWith("shard 2/3 wrote no report (genshot did not start, or stopped before its "
                    + "first report): see "
                    + again.submitted().log(2)), again.lines().toString());

            // the failed ones again: all well
            Slurm.Outcome fixed = slurm(c, "ok").submitAndWait(new Slurm.Job(plan, 3, null, null, null, genshot,
                    List.of(1, 2)));
            assertTrue(fixed.ok(), String.join("\n", fixed.lines()));
            assertEquals(List.of(1, 2), fixed.tasks().stream().map(t -> t.shard().index()).toList());
            assertEquals(List.of("Slurm job " + fixed.submitted().jobId() + ": 2 tasks, 2 done, 0 with failed shots "
                    + "(0), 0 did not finish; the plan has 6 shots."), fixed.lines());

            // without --wait: the job id at once
            Slurm.Submitted s = slurm(c, "ok").submit(new Slurm.Job(plan, 1, null, null, null, genshot, null));
            assertTrue(s.jobId().matches("[0-9]+"), s.jobId());
            long until = System.nanoTime() + 30_000_000_000L;
            while (!c.command("squeue", "-h", "-j", s.jobId()).stdoutText().isBlank() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertTrue(Files.readString(plan.resolve("shards/0-of-1.json")).contains("\"id\":\"s06\""));
            assertTrue(Files.isRegularFile(s.log(0)));

            // what sbatch refuses comes back in its own words
            GenshotException e = assertThrows(GenshotException.class, () -> slurm(c, "ok").submit(
                    new Slurm.Job(plan, 3, "nosuchpartition", null, null, genshot, null)));
            assertEquals("slurm.refused", e.problem().code());
            assertTrue(e.problem().message().contains("Invalid partition name specified"), e.getMessage());
        }
    }
}
