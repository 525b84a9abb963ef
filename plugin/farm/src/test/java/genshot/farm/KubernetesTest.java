package genshot.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import genshot.api.GenshotException;
import genshot.api.ShotPlans;
import genshot.farm.internal.KubernetesNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The printed manifest read back into fabric8's {@link Job} and checked field by field; bad values refused. */
class KubernetesTest {
    static final String IMAGE = "ghcr.io/studio/genshot:1.4";

    @TempDir
    Path dir;

    Path plan(String name) throws Exception {
        Path p = Files.createDirectories(dir.resolve(name));
        Files.writeString(p.resolve(ShotPlans.PLAN_FILE), "{\"shots\":[]}");
        return p;
    }

    static Job read(String yaml) throws Exception {
        return new YAMLMapper().readValue(yaml, Job.class);
    }

    static Kubernetes.Request request(Path plan, int shards, String image, int gpus, String claim, Integer parallelism,
                                      String planPath, String packPath, String name, String namespace, String cpu,
                                      String memory) {
        return new Kubernetes.Request(plan, shards, image, gpus, claim, parallelism, planPath, packPath, name,
                namespace, cpu, memory);
    }

    @Test
    void theDefaultJobIsAnIndexedJobOfOneRenderPerShard() throws Exception {
        String yaml = Kubernetes.yaml(Kubernetes.Request.of(plan("film-1"), 3, IMAGE));
        Job job = read(yaml);

        assertEquals("batch/v1", job.getApiVersion());
        assertEquals("Job", job.getKind());
        assertEquals("genshot-film-1", job.getMetadata().getName());
        assertNull(job.getMetadata().getNamespace());
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "genshot", "genshot/plan", "genshot-film-1");
        assertEquals(labels, job.getMetadata().getLabels());
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        assertEquals(3, job.getSpec().getCompletions());
        assertEquals(3, job.getSpec().getParallelism(), "every shard at once by default");
        assertEquals(Kubernetes.RETRIES_PER_SHARD, job.getSpec().getBackoffLimitPerIndex());
        assertNull(job.getSpec().getBackoffLimit(), "the per-index limit, not the Job-wide one");

        assertEquals(labels, job.getSpec().getTemplate().getMetadata().getLabels(), "the pods carry the labels too");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals(List.of(), pod.getVolumes(), "no claim, no volume");
        assertEquals(1, pod.getContainers().size());
        Container c = pod.getContainers().get(0);
        assertEquals("render", c.getName());
        assertEquals(IMAGE, c.getImage());
        assertEquals(List.of("genshot"), c.getCommand());
        assertEquals(List.of("render", "/genshot/plan", "--shard", "$(JOB_COMPLETION_INDEX)/3", "--no-progress"),
                c.getArgs());
        assertEquals(1, c.getEnv().size());
        EnvVar index = c.getEnv().get(0);
        assertEquals("JOB_COMPLETION_INDEX", index.getName());
        assertNull(index.getValue());
        assertEquals("metadata.annotations['batch.kubernetes.io/job-completion-index']",
                index.getValueFrom().getFieldRef().getFieldPath());
        assertNull(c.getResources(), "nothing asked, nothing requested");
        assertEquals(List.of(), c.getVolumeMounts());
    }

    @Test
    void everyOptionLandsWhereKubernetesReadsIt() throws Exception {
        Kubernetes.Request r = request(plan("film-2"), 5, IMAGE, 2, "studio-renders/plans/film 2", 2,
                "/mnt/plans/film", "/opt/genshot/packs/sd15", "nightly-film", "render-farm", "500m", "16Gi");
        Job built = Kubernetes.job(r);
        String yaml = Kubernetes.yaml(built);
        Job job = read(yaml);
        assertEquals(built, job, "what is printed reads back as the Job that was built");

        assertEquals("nightly-film", job.getMetadata().getName());
        assertEquals("render-farm", job.getMetadata().getNamespace());
        assertEquals("nightly-film", job.getMetadata().getLabels().get("genshot/plan"));
        assertEquals(5, job.getSpec().getCompletions());
        assertEquals(2, job.getSpec().getParallelism());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertEquals(List.of("render", "/mnt/plans/film", "--shard", "$(JOB_COMPLETION_INDEX)/5", "--no-progress",
                "--pack", "/opt/genshot/packs/sd15"), c.getArgs());

        var res = c.getResources();
        assertEquals("2", res.getLimits().get("nvidia.com/gpu").toString());
        assertEquals("2", res.getRequests().get("nvidia.com/gpu").toString());
        assertEquals("500m", res.getRequests().get("cpu").toString());
        assertEquals("16Gi", res.getRequests().get("memory").toString());
        assertEquals(1, res.getLimits().size(), "only the GPUs are limited");

        assertEquals(1, pod.getVolumes().size());
        Volume v = pod.getVolumes().get(0);
        assertEquals("studio-renders", v.getPersistentVolumeClaim().getClaimName());
        assertNull(v.getPersistentVolumeClaim().getReadOnly());
        VolumeMount m = c.getVolumeMounts().get(0);
        assertEquals(v.getName(), m.getName());
        assertEquals("/mnt/plans/film", m.getMountPath());
        assertEquals("plans/film 2", m.getSubPath());
        assertNull(m.getReadOnly(), "render writes the takes and the shard reports into the plan");
    }

    @Test
    void aWholeClaimIsMountedWithoutSubPath() throws Exception {
        Job job = read(Kubernetes.yaml(request(plan("p"), 1, IMAGE, 0, "renders.studio", null, null, null, null,
                null, null, null)));
        VolumeMount m = job.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().get(0);
        assertEquals("/genshot/plan", m.getMountPath());
        assertNull(m.getSubPath());
        assertEquals("renders.studio",
                job.getSpec().getTemplate().getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
    }

    /** The kubelet's expansion of a container's args: $(NAME) is the variable's value, $$ a $; the rest as it is. */
    static String expand(String arg, Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(arg);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = name == null ? "$" : env.getOrDefault(name, m.group());
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        return m.appendTail(b).toString();
    }

    @Test
    void eachPodRendersItsOwnShardAndThePathsReachGenshotAsTheyAre() throws Exception {
        String planPath = "/plans/$(HOME) $$ 'film' \"x\" ; rm -rf ~ é";
        String packPath = "/packs/$JOB_COMPLETION_INDEX/$(JOB_COMPLETION_INDEX)";
        Job job = read(Kubernetes.yaml(request(plan("p"), 4, IMAGE, 0, null, null, planPath, packPath, null, null,
                null, null)));
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        for (int i = 0; i < 4; i++) {
            Map<String, String> env = Map.of("JOB_COMPLETION_INDEX", Integer.toString(i), "HOME", "/home/render");
            List<String> argv = c.getArgs().stream().map(a -> expand(a, env)).toList();
            assertEquals(List.of("render", planPath, "--shard", i + "/4", "--no-progress", "--pack", packPath), argv);
            ShotPlans.Shard shard = ShotPlans.Shard.parse(argv.get(3));
            assertEquals(new ShotPlans.Shard(i, 4), shard);
        }
    }

    @Test
    void theYamlKeepsEveryStringAString() throws Exception {
        // label values and amounts that a YAML reader would otherwise take for numbers or booleans
        for (String name : List.of("1234", "on", "no", "y", "off", "null", "1e3", "0x1f", "0o17", "0b101", "1-2")) {
            String yaml = Kubernetes.yaml(request(plan("p-" + name), 2, IMAGE, 1, null, null, null, null, name, null,
                    ".5", "1e3"));
            Map<String, Object> doc = new Yaml().load(yaml);
            Function<Object, Map<String, Object>> map = o -> {
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) o;
                return m;
            };
            Map<String, Object> meta = map.apply(doc.get("metadata"));
            assertEquals(name, meta.get("name"), yaml);
            assertEquals(name, map.apply(meta.get("labels")).get("genshot/plan"), yaml);
            Map<String, Object> spec = map.apply(doc.get("spec"));
            assertEquals(2, spec.get("completions"));
            assertEquals("Indexed", spec.get("completionMode"));
            @SuppressWarnings("unchecked")
            Map<String, Object> container = map.apply(((List<Object>) map.apply(map.apply(spec.get("template"))
                    .get("spec")).get("containers")).get(0));
            Map<String, Object> resources = map.apply(container.get("resources"));
            assertEquals("1", map.apply(resources.get("limits")).get("nvidia.com/gpu"), yaml);
            assertEquals(".5", map.apply(resources.get("requests")).get("cpu"), yaml);
            assertEquals("1e3", map.apply(resources.get("requests")).get("memory"), yaml);
        }
    }

    @Test
    void theJobsNameComesFromThePlanFolderAndLeavesRoomForTheIndex() throws Exception {
        assertEquals("genshot-film-bung-2024", Kubernetes.jobName(plan("Film Übung 2024!!"), null, 3));
        assertEquals("genshot-plan", Kubernetes.jobName(plan("___"), null, 3));
        assertEquals("genshot-a-b", Kubernetes.jobName(plan("a..b").resolve("."), null, 1));
        Path longName = plan("x".repeat(80));
        for (int shards : new int[] {1, 10, 11, 100_000}) {
            String name = Kubernetes.jobName(longName, null, shards);
            String host = name + "-" + (shards - 1);
            assertTrue(KubernetesNames.isLabel(host, 63), host);
            assertEquals(63, host.length(), "as long as it can be: " + host);
        }
        Job job = read(Kubernetes.yaml(Kubernetes.Request.of(longName, 12, IMAGE)));
        assertEquals(Kubernetes.jobName(longName, null, 12), job.getMetadata().getName());
        assertEquals(60, job.getMetadata().getName().length());
    }

    static GenshotException refused(Kubernetes.Request r) {
        return assertThrows(GenshotException.class, () -> Kubernetes.job(r), String.valueOf(r));
    }

    @Test
    void badValuesAreRefusedSayingWhichOptionAndWhatToDo() throws Exception {
        Path p = plan("film");
        for (int n : new int[] {0, -1, 100_001}) {
            GenshotException e = refused(Kubernetes.Request.of(p, n, IMAGE));
            assertEquals("usage.shards", e.problem().code());
            assertEquals("--shards", e.problem().place());
            assertTrue(e.getMessage().contains(Integer.toString(n)), e.getMessage());
        }
        for (String image : new String[] {null, "", "Genshot", "genshot:", "ghcr.io/studio/genshot:1 .4",
                "ghcr.io//genshot", "genshot@sha256:abc", "-genshot", "genshot:" + "t".repeat(129),
                "host:port/genshot", "genshot\n"}) {
            GenshotException e = refused(Kubernetes.Request.of(p, 2, image));
            assertEquals("usage.image", e.problem().code(), image);
            assertNotNullHint(e);
        }
        assertEquals("usage.gpus", refused(request(p, 2, IMAGE, -1, null, null, null, null, null, null, null, null))
                .problem().code());
        assertEquals("usage.parallelism", refused(request(p, 2, IMAGE, 0, null, 0, null, null, null, null, null,
                null)).problem().code());
        for (String name : new String[] {"Film", "film_1", "-film", "film-", "", "x".repeat(62)}) {
            GenshotException e = refused(request(p, 2, IMAGE, 0, null, null, null, null, name, null, null, null));
            assertEquals("usage.name", e.problem().code(), name);
        }
        assertTrue(refused(request(p, 2, IMAGE, 0, null, null, null, null, "Film_1", null, null, null)).problem()
                .hint().contains("--name film-1"), "suggests the name it could be");
        assertEquals("x".repeat(61), Kubernetes.jobName(p, "x".repeat(61), 2), "61 + '-1' is 63");
        assertEquals("usage.namespace", refused(request(p, 2, IMAGE, 0, null, null, null, null, null, "Prod", null,
                null)).problem().code());
        for (String cpu : new String[] {"four", "-1", "1 ", "2x", ""}) {
            assertEquals("usage.cpu", refused(request(p, 2, IMAGE, 0, null, null, null, null, null, null, cpu, null))
                    .problem().code(), cpu);
        }
        assertEquals("usage.memory", refused(request(p, 2, IMAGE, 0, null, null, null, null, null, null, null,
                "16GB")).problem().code());
        for (String path : new String[] {"plan", "/", "/a/../b", "/a\nb", ""}) {
            GenshotException e = refused(request(p, 2, IMAGE, 0, null, null, path, null, null, null, null, null));
            assertEquals("usage.path", e.problem().code(), path);
            assertEquals("--plan-path", e.problem().place());
            assertEquals("--pack-path", refused(request(p, 2, IMAGE, 0, null, null, null, path, null, null, null,
                    null)).problem().place());
        }
        for (String claim : new String[] {"Renders", "", "/plans", "renders/../x", "renders//x", "renders/", "r/./x",
                "renders_1"}) {
            assertEquals("usage.pvc", refused(request(p, 2, IMAGE, 0, claim, null, null, null, null, null, null,
                    null)).problem().code(), claim);
        }
        GenshotException missing = refused(Kubernetes.Request.of(Files.createDirectories(dir.resolve("empty")), 2,
                IMAGE));
        assertEquals("plan.missing", missing.problem().code());
        assertEquals(dir.resolve("empty").toString(), missing.problem().file());
    }

    @Test
    void theNotesSayWhatIsMissingAndWhenShardsWouldIdle() throws Exception {
        Path p = plan("notes");
        Files.writeString(p.resolve(ShotPlans.PLAN_FILE), "{\"shots\":[{\"id\":\"s01\"},{\"id\":\"s02\"}]}");
        assertEquals(List.of(), Kubernetes.notes(request(p, 2, IMAGE, 0, "renders", null, null, null, null, null,
                null, null)));
        List<String> notes = Kubernetes.notes(request(p, 5, IMAGE, 0, null, null, "/mnt/plan", null, null, null,
                null, null));
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("no --pvc") && notes.get(0).contains("/mnt/plan"), notes.get(0));
        assertEquals("5 shards for 2 shots: 3 pods will have nothing to render (--shards 2 is enough)", notes.get(1));
        Files.writeString(p.resolve(ShotPlans.PLAN_FILE), "not json");
        assertEquals(List.of(), Kubernetes.notes(request(p, 5, IMAGE, 0, "renders", null, null, null, null, null,
                null, null)), "a plan file it cannot read says nothing about the shots");
    }

    static void assertNotNullHint(GenshotException e) {
        assertFalse(e.problem().hint() == null || e.problem().hint().isBlank(), e.getMessage());
    }

    @Test
    void imageReferencesAsRegistriesTakeThem() {
        for (String image : List.of("genshot", "genshot:latest", "ghcr.io/studio/genshot:1.4", "localhost:5000/genshot",
                "registry.example.com:443/a/b_c/d--e/f__g:v1.2-rc_3", "docker.io/library/ubuntu:24.04",
                "Registry.Example.COM/studio/genshot", "genshot@sha256:" + "0123456789abcdef".repeat(4),
                "ghcr.io/studio/genshot:1.4@sha256:" + "a".repeat(64))) {
            assertTrue(KubernetesNames.isImage(image), image);
        }
        assertFalse(KubernetesNames.isImage("x/" + "a".repeat(254)), "a name past 255 characters");
    }

    @Test
    void theGpuCountIsAWholeNumberOfDevices() throws Exception {
        Job job = read(Kubernetes.yaml(request(plan("p"), 2, IMAGE, 8, null, null, null, null, null, null, null,
                null)));
        var res = job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
        assertEquals("8", res.getLimits().get("nvidia.com/gpu").toString());
        assertEquals(Map.of("nvidia.com/gpu", "8"), Map.of("nvidia.com/gpu",
                res.getRequests().get("nvidia.com/gpu").toString()));
        assertEquals(1, res.getRequests().size(), "no cpu or memory asked");
    }
}
