package genshot.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import genshot.api.ShotPlans;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** genshot farm k8s: the options reach the Job it prints, and standard output holds the YAML alone. */
class FarmK8sCommandTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new FarmK8sCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void theOptionsReachTheJobOnStandardOutput() throws Exception {
        Path plan = Files.createDirectories(dir.resolve("Film 3"));
        Files.writeString(plan.resolve(ShotPlans.PLAN_FILE), "{\"shots\":[{},{},{},{},{},{}]}");
        Run r = run(plan.toString(), "--shards", "6", "--image", "registry.local:5000/genshot:1.4", "--gpus", "1",
                "--pvc", "renders/plans/film-3", "--parallelism", "3", "--plan-path", "/mnt/plan", "--pack-path",
                "/packs/sd15", "--namespace", "render", "--cpu", "4", "--memory", "16Gi");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err(), "a claim was given: nothing to say");
        Job job = new YAMLMapper().readValue(r.out(), Job.class);
        assertEquals("genshot-film-3", job.getMetadata().getName());
        assertEquals("render", job.getMetadata().getNamespace());
        assertEquals(6, job.getSpec().getCompletions());
        assertEquals(3, job.getSpec().getParallelism());
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("registry.local:5000/genshot:1.4", c.getImage());
        assertEquals(List.of("render", "/mnt/plan", "--shard", "$(JOB_COMPLETION_INDEX)/6", "--no-progress", "--pack",
                "/packs/sd15"), c.getArgs());
        assertEquals("1", c.getResources().getLimits().get("nvidia.com/gpu").toString());
        assertEquals("16Gi", c.getResources().getRequests().get("memory").toString());
        assertEquals("/mnt/plan", c.getVolumeMounts().get(0).getMountPath());
        assertEquals("plans/film-3", c.getVolumeMounts().get(0).getSubPath());
        assertEquals("renders",
                job.getSpec().getTemplate().getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName());

        Run bare = run(plan.toString(), "--shards", "2", "--image", "genshot");
        assertEquals(0, bare.status(), bare.err());
        assertTrue(bare.err().startsWith("genshot: no --pvc") && bare.err().contains("/genshot/plan"), bare.err());
        assertEquals(1, bare.err().lines().count(), "2 shards for 6 shots: nothing else to say");
        assertTrue(bare.out().startsWith("---\napiVersion: batch/v1\n"), bare.out());
    }

    @Test
    void shardsAndImageAreRequired() {
        assertEquals(2, run(dir.toString(), "--image", "genshot").status());
        assertEquals(2, run(dir.toString(), "--shards", "2").status());
        assertEquals(2, run(dir.toString(), "--shards", "two", "--image", "genshot").status());
    }
}
