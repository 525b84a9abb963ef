package genshot.cli.internal;

import genshot.api.Quoting;
import genshot.farm.Slurm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code genshot farm slurm}: writes the plan's Slurm script and submits it; with {@code --wait}, says how each shard
 * ended and exits 1 when a shot failed or a task did not finish.
 */
@Command(name = "slurm",
        footer = {"  genshot farm slurm film.plan --shards 8",
                "  genshot farm slurm film.plan --shards 8 --partition gpu --gpus-per-task 1 \\",
                "      --time 2:00:00 --wait",
                "  genshot farm slurm film.plan --shards 8 --tasks 3,5 --wait   (shards 3 and 5 again)"},
        description = {"Render a plan (genshot plan ... --out PLAN_DIR) as a Slurm job array: one task per shard, each "
                + "running genshot render PLAN_DIR --shard I/N on a node that sees the plan folder.",
                "Writes PLAN_DIR/slurm.sbatch and submits it with sbatch; each task's output goes to PLAN_DIR/logs/. "
                + "Shots already made are skipped, so submitting again makes only what is missing.",
                "With --wait: waits for every task to end, then says which shots failed and why, and which tasks did "
                + "not finish (exit status 1)."})
final class FarmSlurmCommand implements Callable<Integer> {
    private final Slurm slurm;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAN_DIR", description = "a plan folder (genshot plan ... --out PLAN_DIR)")
    Path plan;

    @Option(names = "--shards", required = true, paramLabel = "N", description = "how many array tasks to split the "
            + "plan's shots into (shot k goes to shard k % N)")
    int shards;

    @Option(names = "--partition", paramLabel = "P", description = "the partition (or a comma-separated list); "
            + "default: the cluster's")
    String partition;

    @Option(names = "--gpus-per-task", paramLabel = "G", description = "GPUs for each task: N or TYPE:N (e.g. 1, "
            + "a100:1); default: none")
    String gpus;

    @Option(names = "--time", paramLabel = "T", description = "each task's time limit: MM, MM:SS, HH:MM:SS, D-HH, "
            + "D-HH:MM or D-HH:MM:SS; default: the partition's")
    String time;

    @Option(names = "--wait", description = "wait until every task has ended, then say how each shard went")
    boolean wait;

    @Option(names = "--genshot", paramLabel = "CMD", description = "how the nodes run genshot (a path or a name on "
            + "their PATH); default: this genshot's own path")
    String genshot;

    @Option(names = "--tasks", split = ",", paramLabel = "I", description = "only these shards (e.g. 3,5: the "
            + "failed ones of an earlier run); default: all")
    List<Integer> tasks;

    /** With this machine's sbatch. */
    FarmSlurmCommand() {
        this(new Slurm());
    }

    FarmSlurmCommand(Slurm slurm) {
        this.slurm = slurm;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Slurm.Job job = new Slurm.Job(plan, shards, partition, gpus, time, genshot, tasks);
        String planWord = Quoting.shellWord(plan.toString());
        if (!wait) {
            Slurm.Submitted s = slurm.submit(job);
            notes(out, s.script());
            int n = job.indexes().size();
            out.printf("Submitted Slurm job %s: %s of %s.%n", s.jobId(), n == 1 ? "1 task" : n + " tasks",
                    FillCommand.line(s.script().file()));
            out.printf("Follow it: squeue -j %s%n", s.jobId());
            out.printf("Each task's output: %s%n", FillCommand.line(s.script().logs().resolve("slurm-" + s.jobId()
                    + "_<task>.out")));
            out.printf("When it has ended: genshot apply %s%n", planWord);
            return 0;
        }
        out.printf("Waiting for the Slurm job of %s to end (%s; squeue --me shows it)...%n",
                FillCommand.line(plan), job.indexes().size() == 1 ? "1 task" : job.indexes().size()
                        + " tasks");
        out.flush();
        Slurm.Outcome o = slurm.submitAndWait(job);
        notes(out, o.submitted().script());
        o.lines().forEach(out::println);
        if (o.ok()) {
            out.printf("Every shard finished. Insert the takes: genshot apply %s%n", planWord);
            return 0;
        }
        List<Integer> again = o.problems().stream().map(t -> t.shard().index()).toList();
        if (again.isEmpty()) {
            again = job.indexes();
        }
        out.printf("Run them again (shots already made are skipped): %s%n", rerun(planWord, again));
        return GenshotCommand.PROBLEM;
    }

    private static void notes(PrintWriter out, Slurm.Script s) {
        s.notes().forEach(n -> out.println("Note: " + n + "."));
    }

    /** This command again, for the given shards only. */
    private String rerun(String planWord, List<Integer> shardsAgain) {
        List<String> w = new ArrayList<>(List.of("genshot", "farm", "slurm", planWord, "--shards",
                Integer.toString(shards)));
        if (partition != null) {
            w.addAll(List.of("--partition", Quoting.shellWord(partition)));
        }
        if (gpus != null) {
            w.addAll(List.of("--gpus-per-task", Quoting.shellWord(gpus)));
        }
        if (time != null) {
            w.addAll(List.of("--time", Quoting.shellWord(time)));
        }
        if (genshot != null) {
            w.addAll(List.of("--genshot", Quoting.shellWord(genshot)));
        }
        w.addAll(List.of("--tasks", String.join(",", shardsAgain.stream().map(String::valueOf).toList()), "--wait"));
        return String.join(" ", w);
    }
}
