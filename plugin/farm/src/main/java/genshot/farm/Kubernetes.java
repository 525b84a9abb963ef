package genshot.farm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import genshot.api.GenshotException;
import genshot.api.Quoting;
import genshot.api.ShotPlans;
import genshot.farm.internal.KubernetesNames;
import genshot.farm.internal.PlainScalars;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan as a Kubernetes Indexed Job: {@link #job} builds it with fabric8's model classes, {@link #yaml} writes it
 * for {@code kubectl apply -f -}. Completion index {@code I} (0 to N-1) runs {@code genshot render PLAN --shard I/N
 * --no-progress} (with {@code --pack PATH} when given), with {@code restartPolicy: Never} and
 * {@code backoffLimitPerIndex: }{@value #RETRIES_PER_SHARD}: a failed shard is tried again on its own, and the
 * other shards go on (render skips the shots a failed try finished).
 *
 * <p>The index reaches the command line as {@code $(}{@value #INDEX_VARIABLE}{@code )} in the container's args,
 * which the kubelet replaces with the variable's value: no shell runs, so the image needs none, and the plan and
 * pack paths go to genshot as they are, whatever they hold (a {@code $} in them is written {@code $$}, the kubelet's
 * escape). The variable is declared in the manifest, from the Job controller's {@value #INDEX_ANNOTATION}
 * annotation, so the Job says where the index comes from (the controller then adds no variable of its own).
 *
 * <p>The plan folder: with a claim ({@code CLAIM} or {@code CLAIM/SUB/PATH}), the PersistentVolumeClaim is mounted
 * read-write at the plan path (default {@value #DEFAULT_PLAN_PATH}), its {@code SUB/PATH} folder when given (a
 * {@code subPath}), so that the claim's folder is the plan folder. Without one, the pods must see the plan at the
 * plan path some other way (baked into the image, or a volume added to the manifest by hand). The model pack path
 * is where the pods see the pack (in the image, or on a volume added by hand).
 *
 * <p>Every value is checked before the Job is built: the counts, the image reference, the names (DNS-1123 labels;
 * the Job's name is derived from the plan folder's name when not given), the paths, the resource amounts.
 */
public final class Kubernetes {

    /** Where the plan folder is in the pods when no other path is given. */
    public static final String DEFAULT_PLAN_PATH = "/genshot/plan";

    /** The variable that holds the pod's completion index. */
    public static final String INDEX_VARIABLE = "JOB_COMPLETION_INDEX";

    /** The annotation the Job controller puts the completion index in. */
    public static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";

    /** NVIDIA's device plugin's resource. */
    public static final String GPU_RESOURCE = "nvidia.com/gpu";

    /** The label that names the plan on the Job and its pods ({@code kubectl get pods -l genshot/plan=NAME}). */
    public static final String PLAN_LABEL = "genshot/plan";

    /** How many times a failed shard is tried again (each index on its own). */
    public static final int RETRIES_PER_SHARD = 2;

    /** The most completions an Indexed Job with a per-index backoff limit may have. */
    public static final int MAX_SHARDS = 100_000;

    /** The container's name. */
    public static final String CONTAINER = "render";

    /** The plan volume's name. */
    public static final String VOLUME = "plan";

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .stringQuotingChecker(new PlainScalars()).build())
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private static final ObjectMapper JSON = new ObjectMapper();

    private Kubernetes() {
    }

    /**
     * What to run.
     *
     * @param plan the plan folder on this machine ({@code genshot plan ... --out PLAN_DIR}); its name makes the Job's
     *        name when {@code name} is null
     * @param shards how many shards (completions) to split the plan's shots into, 1 to {@value #MAX_SHARDS}
     * @param image the container image, with genshot on its PATH ({@code ghcr.io/studio/genshot:1.4})
     * @param gpus how many GPUs each pod takes ({@value #GPU_RESOURCE}), 0 for none
     * @param claim {@code CLAIM} or {@code CLAIM/SUB/PATH}: the PersistentVolumeClaim (and the folder in it) that
     *        holds the plan, or null when the pods see the plan some other way
     * @param parallelism how many pods run at once, or null for as many as shards
     * @param planPath where the plan folder is in the pods (absolute), or null for {@value #DEFAULT_PLAN_PATH}
     * @param packPath where the model pack is in the pods (absolute), or null for the path the plan records
     * @param name the Job's name (a DNS-1123 label), or null for {@code genshot-<plan folder's name>}
     * @param namespace the Job's namespace, or null for the one kubectl uses
     * @param cpu the CPU each pod requests ({@code 4}, {@code 500m}), or null for none
     * @param memory the memory each pod requests ({@code 16Gi}), or null for none
     */
    public record Request(Path plan, int shards, String image, int gpus, String claim, Integer parallelism,
                          String planPath, String packPath, String name, String namespace, String cpu, String memory) {

        /** The plan in {@code shards} shards on {@code image}, everything else as by default. */
        public static Request of(Path plan, int shards, String image) {
            return new Request(plan, shards, image, 0, null, null, null, null, null, null, null, null);
        }
    }

    /** The Job, every value checked. */
    public static Job job(Request r) {
        Path plan = planFolder(r.plan());
        checkShards(r.shards());
        int parallelism = r.parallelism() == null ? r.shards() : r.parallelism();
        if (parallelism < 1) {
            throw GenshotException.of("usage.parallelism", "--parallelism must be at least 1, not " + parallelism,
                    null, "--parallelism", "leave it out to run every shard at once, or e.g. --parallelism 4");
        }
        checkImage(r.image());
        if (r.gpus() < 0) {
            throw GenshotException.of("usage.gpus", "--gpus must be 0 or more, not " + r.gpus(), null, "--gpus",
                    "e.g. --gpus 1 for one " + GPU_RESOURCE + " per pod");
        }
        String planPath = podPath(r.planPath() == null ? DEFAULT_PLAN_PATH : r.planPath(), "--plan-path");
        String packPath = r.packPath() == null ? null : podPath(r.packPath(), "--pack-path");
        String name = jobName(plan, r.name(), r.shards());
        if (r.namespace() != null && !KubernetesNames.isLabel(r.namespace(), KubernetesNames.LABEL_MAX)) {
            throw GenshotException.of("usage.namespace", "--namespace must be a namespace's name (lowercase letters, "
                    + "digits and inner hyphens, at most " + KubernetesNames.LABEL_MAX + "), not "
                    + Quoting.quote(r.namespace()), null, "--namespace", "kubectl get namespaces lists them");
        }
        checkQuantity(r.cpu(), "--cpu", "e.g. --cpu 4 or --cpu 500m");
        checkQuantity(r.memory(), "--memory", "e.g. --memory 16Gi");
        String[] claim = claim(r.claim());

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "genshot");
        labels.put(PLAN_LABEL, name);

        List<String> args = new ArrayList<>(List.of("render", literal(planPath),
                "--shard", "$(" + INDEX_VARIABLE + ")/" + r.shards(), "--no-progress"));
        if (packPath != null) {
            args.add("--pack");
            args.add(literal(packPath));
        }
        ContainerBuilder container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(r.image())
                .withCommand("genshot")
                .withArgs(args)
                .addNewEnv()
                    .withName(INDEX_VARIABLE)
                    .withNewValueFrom()
                        .withNewFieldRef().withFieldPath("metadata.annotations['" + INDEX_ANNOTATION + "']").endFieldRef()
                    .endValueFrom()
                .endEnv();
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
        boolean anyResource = false;
        if (r.gpus() > 0) {
            Quantity g = new Quantity(Integer.toString(r.gpus()));
            resources.addToLimits(GPU_RESOURCE, g).addToRequests(GPU_RESOURCE, g);
            anyResource = true;
        }
        if (r.cpu() != null) {
            resources.addToRequests("cpu", new Quantity(r.cpu()));
            anyResource = true;
        }
        if (r.memory() != null) {
            resources.addToRequests("memory", new Quantity(r.memory()));
            anyResource = true;
        }
        if (anyResource) {
            container.withResources(resources.build());
        }
        if (claim != null) {
            container.addNewVolumeMount().withName(VOLUME).withMountPath(planPath).withSubPath(claim[1]).endVolumeMount();
        }
        Container c = container.build();

        JobBuilder job = new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(r.namespace()).withLabels(labels).endMetadata()
                .withNewSpec()
                    .withCompletionMode("Indexed")
                    .withCompletions(r.shards())
                    .withParallelism(parallelism)
                    .withBackoffLimitPerIndex(RETRIES_PER_SHARD)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withContainers(c)
                        .endSpec()
                    .endTemplate()
                .endSpec();
        if (claim != null) {
            job.editSpec().editTemplate().editSpec()
                    .addNewVolume().withName(VOLUME).withNewPersistentVolumeClaim().withClaimName(claim[0]).endPersistentVolumeClaim().endVolume()
                    .endSpec().endTemplate().endSpec();
        }
        return job.build();
    }

    /** The Job as YAML, one document, for {@code kubectl apply -f}. */
    public static String yaml(Job job) {
        try {
            return YAML.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A Job that cannot be written as YAML: " + e.getMessage(), e);
        }
    }

    /** {@code yaml(job(request))}. */
    public static String yaml(Request request) {
        return yaml(job(request));
    }

    /**
     * The Job's name: {@code given} when it is a DNS-1123 label short enough that {@code NAME-INDEX}, the pods' host
     * name, is one too; else {@code genshot-<plan folder's name>} made a label (lowercase, other characters than
     * letters and digits a hyphen) and cut to fit.
     */
    public static String jobName(Path plan, String given, int shards) {
        int max = KubernetesNames.LABEL_MAX - 1 - Integer.toString(Math.max(0, shards - 1)).length();
        if (given != null) {
            if (!KubernetesNames.isLabel(given, max)) {
                String suggestion = KubernetesNames.toLabel(given, max);
                throw GenshotException.of("usage.name", "--name must be a DNS-1123 label (lowercase letters, digits "
                        + "and inner hyphens) of at most " + max + " characters with " + shards + " shards (the pods' "
                        + "host names are NAME-INDEX), not " + Quoting.quote(given), null, "--name",
                        suggestion.isEmpty() ? "e.g. --name genshot-film" : "e.g. --name " + suggestion);
            }
            return given;
        }
        Path folder = plan.toAbsolutePath().normalize().getFileName();
        String derived = KubernetesNames.toLabel("genshot-" + (folder == null ? "" : folder.toString()), max);
        return derived.equals("genshot") ? "genshot-plan" : derived;
    }

    /**
     * What is worth saying about a request that does not stop it (for standard error: the YAML goes to standard
     * output): no claim, so the pods must find the plan some other way; more shards than the plan has shots.
     */
    public static List<String> notes(Request r) {
        List<String> notes = new ArrayList<>();
        if (r.claim() == null) {
            notes.add("no --pvc: the pods must see the plan at " + (r.planPath() == null ? DEFAULT_PLAN_PATH
                    : r.planPath()) + " some other way (in the image, or a volume added to the Job)");
        }
        int shots = shots(planFolder(r.plan()));
        if (shots >= 0 && r.shards() > shots) {
            notes.add(r.shards() + " shards for " + shots + (shots == 1 ? " shot: " : " shots: ")
                    + (r.shards() - shots) + (r.shards() - shots == 1 ? " pod" : " pods")
                    + " will have nothing to render (--shards " + Math.max(1, shots) + " is enough)");
        }
        return notes;
    }

    /** The plan's shot count ({@code shots} in its plan file), or -1 when it cannot be told. */
    private static int shots(Path plan) {
        try {
            JsonNode shots = JSON.readTree(plan.resolve(ShotPlans.PLAN_FILE).toFile()).get("shots");
            return shots != null && shots.isArray() ? shots.size() : -1;
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    private static Path planFolder(Path given) {
        if (given == null) {
            throw GenshotException.of("usage.plan", "No plan folder given", null, "PLAN_DIR",
                    "make one with genshot plan PROJECT ... --out PLAN_DIR");
        }
        Path plan = given.toAbsolutePath().normalize();
        if (!Files.isRegularFile(plan.resolve(ShotPlans.PLAN_FILE))) {
            throw GenshotException.of("plan.missing", "Not a plan folder: it has no " + ShotPlans.PLAN_FILE, plan, null,
                    "make one with genshot plan PROJECT ... --out " + Quoting.shellWord(plan.toString()));
        }
        return plan;
    }

    private static void checkShards(int shards) {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw GenshotException.of("usage.shards", "--shards must be 1 to " + MAX_SHARDS + ", not " + shards, null,
                    "--shards", "e.g. --shards 8 for eight pods, one shard each");
        }
    }

    private static void checkImage(String image) {
        if (image == null || image.isEmpty()) {
            throw GenshotException.of("usage.image", "No container image given", null, "--image",
                    "e.g. --image ghcr.io/studio/genshot:1.4 (an image with genshot on its PATH)");
        }
        if (!KubernetesNames.isImage(image)) {
            throw GenshotException.of("usage.image", "--image must be an image reference, [HOST[:PORT]/]PATH[:TAG]"
                    + "[@DIGEST] with a lowercase PATH, not " + Quoting.quote(image), null, "--image",
                    "e.g. --image ghcr.io/studio/genshot:1.4");
        }
    }

    private static void checkQuantity(String amount, String option, String example) {
        if (amount != null && !KubernetesNames.isQuantity(amount)) {
            throw GenshotException.of("usage." + option.substring(2), option + " must be an amount as Kubernetes "
                    + "writes it (a number, then m, k, M, G, Ki, Mi, Gi, ...), not " + Quoting.quote(amount), null,
                    option, example);
        }
    }

    /** An absolute path in the pods, as given when it is plain: no {@code ..}, no control characters. */
    private static String podPath(String path, String option) {
        boolean control = path.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
        List<String> parts = List.of(path.split("/", -1));
        if (!path.startsWith("/") || path.equals("/") || control || parts.contains("..")) {
            throw GenshotException.of("usage.path", option + " must be an absolute path in the pods (not / itself, "
                    + "without .. and control characters), not " + Quoting.quote(path), null, option,
                    "e.g. " + option + " " + DEFAULT_PLAN_PATH);
        }
        return path;
    }

    /** {@code [claim, subPath or null]}, or null for no claim. */
    private static String[] claim(String given) {
        if (given == null) {
            return null;
        }
        int slash = given.indexOf('/');
        String name = slash < 0 ? given : given.substring(0, slash);
        String sub = slash < 0 ? null : given.substring(slash + 1);
        if (!KubernetesNames.isSubdomain(name)) {
            throw GenshotException.of("usage.pvc", "--pvc must start with a PersistentVolumeClaim's name (lowercase "
                    + "letters, digits, inner hyphens and dots), not " + Quoting.quote(given), null, "--pvc",
                    "kubectl get pvc lists them; e.g. --pvc studio-renders or --pvc studio-renders/plans/film");
        }
        if (sub != null) {
            boolean control = sub.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
            List<String> parts = List.of(sub.split("/", -1));
            if (control || parts.contains("") || parts.contains("..") || parts.contains(".")) {
                throw GenshotException.of("usage.pvc", "--pvc's folder in the claim must be a relative path of plain "
                        + "names (no empty part, . or .., no control characters), not " + Quoting.quote(sub), null,
                        "--pvc", "e.g. --pvc studio-renders/plans/film");
            }
        }
        return new String[] {name, sub};
    }

    /** {@code s} as the kubelet passes it on: {@code $} doubled, so that no {@code $(NAME)} in it is replaced. */
    private static String literal(String s) {
        return s.replace("$", "$$");
    }
}
