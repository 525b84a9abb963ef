package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import genshot.launcher.FillEndToEndIT.Run;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genshot farm k8s} through {@code bin/genshot}: the fabric8 model and YAML bundles resolve in Felix, and the
 * Indexed Job printed for a real plan reads back with fabric8 as the one that renders each shard of that plan.
 */
class FarmK8sIT {
    @TempDir
    Path dir;

    @Test
    void theIndexedJobForAPlanReadsBackWithFabric8() throws Exception {
        Path project = FillEndToEndIT.copySample(dir.resolve("sample"));
        Path plan = dir.resolve("film.plan");
        Run planned = FillEndToEndIT.genshot("plan", project.toString(), "--all", "-g", "slug", "--seed", "1",
                "--out", plan.toString(), "--no-progress");
        assertEquals(0, planned.status(), planned.err());

        Run k8s = FillEndToEndIT.genshot("farm", "k8s", plan.toString(), "--shards", "3", "--image",
                "registry.example/genshot:1", "--gpus", "1", "--pvc", "shots");
        assertEquals(0, k8s.status(), k8s.err());
        Job job = new YAMLMapper().readValue(k8s.out(), Job.class);
        assertEquals("batch/v1", job.getApiVersion());
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        assertEquals(3, job.getSpec().getCompletions());
        assertEquals("genshot-film-plan", job.getMetadata().getName());
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("registry.example/genshot:1", c.getImage());
        assertEquals(new Quantity("1"), c.getResources().getLimits().get("nvidia.com/gpu"));
        List<String> argv = new java.util.ArrayList<>(c.getCommand());
        argv.addAll(c.getArgs());
        assertTrue(argv.contains("render") && argv.contains("$(JOB_COMPLETION_INDEX)/3"), argv.toString());
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("JOB_COMPLETION_INDEX")
                && e.getValueFrom().getFieldRef().getFieldPath().contains("job-completion-index")), c.getEnv().toString());
        assertEquals("shots", job.getSpec().getTemplate().getSpec().getVolumes().get(0).getPersistentVolumeClaim()
                .getClaimName());

        Run bad = FillEndToEndIT.genshot("farm", "k8s", plan.toString(), "--shards", "0", "--image", "x");
        assertEquals(2, bad.status(), bad.err());
        assertEquals(1, bad.err().lines().count(), "one line: " + bad.err());
    }
}
