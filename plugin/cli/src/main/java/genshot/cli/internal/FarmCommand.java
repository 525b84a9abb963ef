package genshot.cli.internal;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "farm",
        footer = {"  genshot farm slurm film.plan --shards 3 --partition gpu --wait",
                "  genshot farm k8s film.plan --shards 3 --image registry.example/genshot:1 \\",
                "      --gpus 1 --pvc shots | kubectl apply -f -"},
        description = {"Render a plan on a scheduler the studio already has: a Slurm job array, or a Kubernetes "
                + "Indexed Job. Each task renders one shard (genshot render PLAN_DIR --shard I/N); then genshot apply "
                + "PLAN_DIR inserts the takes."},
        subcommands = {FarmSlurmCommand.class, FarmK8sCommand.class})
final class FarmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** {@code genshot farm} alone: which schedulers, and how (bad usage: a scheduler must be named). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return GenshotCommand.USAGE;
    }
}
