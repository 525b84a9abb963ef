package genshot.cli.internal;

import genshot.farm.Kubernetes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code genshot farm k8s}: prints a plan's Kubernetes Indexed Job (see {@link Kubernetes}); applies nothing. */
@Command(name = "k8s",
        footer = {"  genshot farm k8s plans/film --shards 8 --image studio/genshot:1.4 \\",
                "      --gpus 1 --pvc renders/plans/film | kubectl apply -f -",
                "  genshot farm k8s plans/film --shards 4 --image studio/genshot:1.4 \\",
                "      --pvc renders --pack-path /packs/sd15 --cpu 4 --memory 16Gi > job.yaml"},
        description = {"Print a Kubernetes Indexed Job (YAML, for kubectl apply -f) that renders the plan: pod I of N "
                + "runs genshot render PLAN --shard I/N --no-progress, in an image with genshot on its PATH.",
                "The plan is mounted from a PersistentVolumeClaim (--pvc) at --plan-path; a failed shard is tried "
                + "again on its own (backoffLimitPerIndex " + Kubernetes.RETRIES_PER_SHARD + "). "
                + "Watch it with kubectl get pods -l genshot/plan=NAME; then genshot apply PLAN_DIR."})
final class FarmK8sCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAN_DIR", description = "the plan folder (genshot plan ... --out "
            + "PLAN_DIR); its name makes the Job's name unless --name")
    Path plan;

    @Option(names = "--shards", required = true, paramLabel = "N", description = "how many shards (pods, one "
            + "completion index each) to split the plan's shots into, 1 to " + Kubernetes.MAX_SHARDS)
    int shards;

    @Option(names = "--image", required = true, paramLabel = "IMAGE",
            description = "the container image, with genshot on its PATH, e.g. ghcr.io/studio/genshot:1.4")
    String image;

    @Option(names = "--gpus", paramLabel = "G", defaultValue = "0",
            description = "GPUs per pod (" + Kubernetes.GPU_RESOURCE + " requested and limited), default: none")
    int gpus;

    @Option(names = "--pvc", paramLabel = "CLAIM[/FOLDER]", description = {"the PersistentVolumeClaim that holds the "
            + "plan, mounted read-write at --plan-path; with /FOLDER, that folder of the claim (a subPath).",
            "Without it the pods must see the plan at --plan-path some other way."})
    String claim;

    @Option(names = "--parallelism", paramLabel = "P", description = "how many pods run at once, default: all")
    Integer parallelism;

    @Option(names = "--plan-path", paramLabel = "PATH", description = "where the plan is in the pods, default: "
            + Kubernetes.DEFAULT_PLAN_PATH)
    String planPath;

    @Option(names = "--pack-path", paramLabel = "PATH", description = "where the model pack is in the pods (given "
            + "to render as --pack), default: the path the plan records")
    String packPath;

    @Option(names = "--name", paramLabel = "NAME", description = "the Job's name, default: genshot-<plan folder's "
            + "name> (lowercase, other characters made hyphens)")
    String name;

    @Option(names = "--namespace", paramLabel = "NS", description = "the Job's namespace, default: kubectl's")
    String namespace;

    @Option(names = "--cpu", paramLabel = "C", description = "CPU each pod requests, e.g. 4 or 500m")
    String cpu;

    @Option(names = "--memory", paramLabel = "M", description = "memory each pod requests, e.g. 16Gi")
    String memory;

    @Override
    public Integer call() {
        Kubernetes.Request request = new Kubernetes.Request(plan, shards, image, gpus, claim, parallelism, planPath,
                packPath, name, namespace, cpu, memory);
        String yaml = Kubernetes.yaml(request);
        spec.commandLine().getOut().print(yaml);
        spec.commandLine().getOut().flush();
        for (String note : Kubernetes.notes(request)) {
            spec.commandLine().getErr().println("genshot: " + note);
        }
        return 0;
    }
}
