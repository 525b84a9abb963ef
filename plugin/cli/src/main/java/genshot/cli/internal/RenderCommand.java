package genshot.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.Quoting;
import genshot.api.ShotPlans;
import genshot.api.ShotPlans.Plan;
import genshot.api.ShotPlans.RenderReport;
import genshot.api.ShotPlans.Shard;
import genshot.api.ShotPlans.Shot;
import genshot.api.ShotPlans.ShotOutcome;
import genshot.diffusion.ModelPacks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "render",
        footer = {"  genshot render film.plan               (every shot, in this process)",
                "  genshot render film.plan --shard 1/3   (the second of three: shots 2, 5, 8...)",
                "  genshot render film.plan --status      (where each shot stands)",
                "  genshot render /shared/film.plan --shard \"$SLURM_ARRAY_TASK_ID/3\" \\",
                "      --pack /models/tiny-video"},
        description = {"Render a plan's shots (or one shard of them) into the plan folder's takes/, each with a "
                + "sidecar. A finished take (its SHA-256 checked) is skipped, a half-written one made again, so a "
                + "killed render is simply run again. Goes on after a failed shot; exit status 1 names the failed ones. "
                + "Ctrl-C (or the scheduler's SIGTERM) stops after cleaning up the shot in progress."})
final class RenderCommand implements Callable<Integer> {
    private final ShotPlans plans;
    private final ModelPacks packs;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAN_DIR", description = "a plan folder made by genshot plan")
    Path planDir;

    @Option(names = "--shard", paramLabel = "I/N", defaultValue = "0/1", description = "render shard I of N (I from "
            + "0, as Slurm's SLURM_ARRAY_TASK_ID and Kubernetes' JOB_COMPLETION_INDEX count): the shots k with "
            + "k %% N = I; default 0/1, every shot")
    String shard;

    @Option(names = "--pack", paramLabel = "DIR", description = "where the plan's model pack is on this machine "
            + "(default: the folder the plan records); its files must have the SHA-256 the plan records")
    Path pack;

    @Option(names = "--status", description = "say where each shot stands (done, failed, pending) and render nothing")
    boolean status;

    @Option(names = "--json", description = "print what was done as one JSON object")
    boolean json;

    @Option(names = "--no-progress", description = "no progress bar on standard error")
    boolean noProgress;

    RenderCommand(ShotPlans plans, ModelPacks packs) {
        this.plans = plans;
        this.packs = packs;
    }

    @Override
    public Integer call() {
        Shard share = Shard.parse(shard);
        Plan plan = plans.read(planDir);
        PrintWriter out = spec.commandLine().getOut();
        if (status) {
            return printStatus(plan, out);
        }
        preparePacks(plan, share);
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), !noProgress);
        // one line per shot as it starts and ends: what a scheduler's log shows, where no bar is drawn
        PrintWriter log = json ? new PrintWriter(PrintWriter.nullWriter()) : out;
        Set<String> started = new LinkedHashSet<>();
        Progress progress = (phase, done, total) -> {
            String id = phase.split(" ", 2)[0];
            if (started.add(id)) {
                plan.shots().stream().filter(s -> s.id().equals(id)).findFirst().ifPresent(s -> {
                    bar.close();
                    log.printf("%s: %s frames %s, %s, seed %d%n", phase.replaceFirst(" [a-z]+$", ""), s.track(),
                            s.range(), s.request().generator(), s.request().seed());
                });
            }
            bar.report(phase, done, total);
        };
        RenderReport report;
        try {
            report = CtrlC.run(cancel -> plans.render(planDir, share, progress, cancel));
        } finally {
            bar.close();
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("plan", report.plan().toString());
            o.put("shard", report.shard().toString());
            ArrayNode shots = o.putArray("shots");
            for (ShotOutcome s : report.shots()) {
                shots.addObject().put("id", s.id()).put("state", s.state()).put("message", s.message())
                        .put("millis", s.millis());
            }
            out.println(Json.write(o));
        } else {
            for (ShotOutcome s : report.shots()) {
                out.printf("  %s %s: %s (%.1f s)%n", s.id(), s.state(), GenshotCommand.prose(s.message(), 300),
                        s.millis() / 1000.0);
            }
            long done = report.shots().stream().filter(s -> !s.state().equals("failed")).count();
            out.printf("Shard %s: %d of %d shots rendered or already there.%n", share, done, report.shots().size());
        }
        if (!report.failed().isEmpty()) {
            spec.commandLine().getErr().println("genshot: " + report.failed().size() + " shot"
                    + (report.failed().size() == 1 ? "" : "s") + " failed: " + String.join("; ", report.failed()
                    .stream().map(s -> s.id() + ": " + GenshotCommand.prose(s.message(), 300)).toList())
                    + " (run the same command again to retry them)");
            return GenshotCommand.PROBLEM;
        }
        return 0;
    }

    /** Makes the generators of the plan's model packs (this shard's) from their folders here. */
    private void preparePacks(Plan plan, Shard share) {
        Set<Path> needed = new LinkedHashSet<>();
        for (int k = 0; k < plan.shots().size(); k++) {
            Shot s = plan.shots().get(k);
            if (share.owns(k) && s.pack() != null && !s.state().equals("done")) {
                needed.add(s.pack());
            }
        }
        if (needed.size() > 1 && pack != null) {
            throw GenshotException.of("usage.pack", "The plan uses " + needed.size() + " model packs; --pack names "
                    + "one", plan.folder(), "--pack", "leave --pack out and put the packs where the plan says");
        }
        for (Path p : needed) {
            Path here = pack != null ? pack : p;
            String id = ModelsCommand.need(packs).generatorFor(here);
            plan.shots().stream().filter(s -> p.equals(s.pack())).findFirst().ifPresent(s -> {
                if (!s.request().generator().equals(id)) {
                    throw GenshotException.of("plan.pack-mismatch", "The pack " + here + " makes generator " + id
                            + ", the plan asks for " + s.request().generator(), here, "--pack", "give the pack the plan "
                            + "was made with (" + Quoting.shellWord(p.toString()) + ")");
                }
            });
        }
    }

    private static int printStatus(Plan plan, PrintWriter out) {
        int done = 0;
        for (Shot s : plan.shots()) {
            out.printf("  %s  %-4s frames %-12s %-8s %s%n", s.id(), s.track(), s.range(), s.state(),
                    s.error() != null ? GenshotCommand.prose(s.error(), 200) : s.take() != null
                            ? FillCommand.line(plan.folder().relativize(s.take())) : "");
            done += s.state().equals("done") ? 1 : 0;
        }
        out.printf("%d of %d shots rendered.%n", done, plan.shots().size());
        return 0;
    }
}
