package genshot.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test cluster runs jobs, is its own (not the system's), and leaves nothing running after close. */
class SlurmClusterTest {

    @Test
    void runsAnArrayOfThreeAtOnceAndLeavesNothingBehind() throws Exception {
        SlurmCluster.assumeOrRequire();
        List<Long> pids;
        Path dir;
        List<ProcessHandle> steps;
        try (SlurmCluster c = SlurmCluster.start()) {
            dir = c.dir();
            pids = c.pids();
            assertEquals(3, pids.size());
            String conf = Files.readString(c.conf());
            assertTrue(conf.contains("NodeName=" + c.node() + " "), conf);
            Tools.Result info = c.command("sinfo", "-h", "-o", "%P %a %D %t").requireSuccess();
            assertEquals(SlurmCluster.PARTITION + "* up 1 idle", info.stdoutText().strip());

            // three one-CPU tasks that each wait until all three have started: they only finish when run together
            Path out = dir.resolve("out");
            Files.createDirectories(out);
            Path script = dir.resolve("job.sh");
            Files.writeString(script, "#!/bin/bash\n#SBATCH --array=0-2\n#SBATCH --output=" + out + "/%a.out\n"
                    + "touch " + out + "/started-$SLURM_ARRAY_TASK_ID\n"
                    + "for i in $(seq 100); do [ $(ls " + out + "/started-* | wc -l) = 3 ] && break; sleep 0.1; done\n"
                    + "[ $(ls " + out + "/started-* | wc -l) = 3 ] && echo together $SLURM_ARRAY_TASK_ID\n");
            Tools.Result r = Tools.run(List.of("sbatch", "--parsable", "--wait", script.toString()), dir,
                    Duration.ofSeconds(60), c.env());
            assertEquals(0, r.exitCode(), r.stderr() + "\n" + c.logs());
            for (int i = 0; i < 3; i++) {
                assertEquals("together " + i, Files.readString(out.resolve(i + ".out")).strip());
            }

            // a task still running at close: its step daemon and its children go too
            Path sleeper = dir.resolve("sleep.sh");
            Files.writeString(sleeper, "#!/bin/bash\n#SBATCH --output=/dev/null\nsleep 300\n");
            c.command("sbatch", "--parsable", sleeper.toString()).requireSuccess();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (c.stepDaemons().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            steps = new java.util.ArrayList<>(c.stepDaemons());
            assertFalse(steps.isEmpty(), "the sleeping job's slurmstepd\n" + c.logs());
            until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (steps.stream().flatMap(ProcessHandle::descendants).noneMatch(p -> p.info().command().orElse("")
                    .endsWith("sleep")) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            steps.addAll(steps.stream().flatMap(ProcessHandle::descendants).toList());
            assertTrue(steps.size() >= 3, "slurmstepd, the job's bash and its sleep: " + steps);
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "daemon " + pid + " still runs");
        }
        for (ProcessHandle s : steps) {
            assertFalse(SlurmCluster.running(s), "the job's " + s.info().command().orElse("?") + " " + s.pid() + " still runs");
        }
        String ps = Tools.run(List.of("ps", "-eo", "pid,stat,args"), null, Duration.ofSeconds(10)).stdoutText();
        assertFalse(ps.contains(dir.toString()), ps);
        assertFalse(Files.exists(dir));
    }
}
