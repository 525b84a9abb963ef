package genshot.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.PlanRequest;
import genshot.api.Quoting;
import genshot.api.ShotPlans;
import genshot.api.ShotPlans.Plan;
import genshot.api.ShotPlans.Shot;
import genshot.api.ShotRequest;
import genshot.diffusion.ModelPacks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "plan",
        footer = {"  genshot plan film.kdenlive --all -g fog -p \"morning fog\" --seed 7 \\",
                "      --out film.plan",
                "  genshot plan film.kdenlive --gap V1:1 --gap V1:3 -g bridge --out film.plan",
                "  genshot plan film.osp --marked --model ~/packs/tiny-video --out film.plan",
                "    (--marked: the gaps with a guide whose comment starts with genshot:)",
                "  then: genshot render film.plan, or genshot farm slurm film.plan --shards 3;",
                "  and: genshot apply film.plan"},
        description = {"Plan many shots at once: write every shot fully specified (track, frames, generator and its "
                + "model files' SHA-256, seed, prompt, parameters, conform) into a plan folder, with the frames of the "
                + "neighbouring clips the shots need and the project's SHA-256, so that workers need only the plan "
                + "folder (and the model pack): not the project, not its media. The project is not changed."})
final class PlanCommand implements Callable<Integer> {
    private final ShotPlans plans;
    private final ModelPacks packs;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "a Kdenlive (.kdenlive) or OpenShot (.osp) project")
    Path project;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--gap", paramLabel = "ID", required = true, description = "a gap, as genshot gaps lists it "
                + "(repeat for more)")
        List<String> gaps;

        @Option(names = "--all", required = true, description = "every gap a viewer sees: on tracks that hold clips, "
                + "not covered by a track above, not locked, not longer than ten minutes without --allow-long (the "
                + "plan says which it left out and why)")
        boolean all;

        @Option(names = "--marked", required = true, description = "every gap with a guide (marker) whose comment "
                + "starts with genshot: ; the rest of the comment is the shot's prompt unless --prompt is given")
        boolean marked;
    }

    @Mixin
    ShotOptions what;

    @Option(names = "--seed", description = "the first shot's seed; shot k (from 0) gets seed + k (default: a new "
            + "random seed for each shot, recorded in the plan)")
    Long seed;

    @Option(names = "--allow-long", description = "plan gaps longer than ten minutes too")
    boolean allowLong;

    @Option(names = "--out", required = true, paramLabel = "PLAN_DIR", description = "the plan folder to write (new, "
            + "or empty)")
    Path out;

    @Option(names = "--json", description = "print the plan as one JSON object")
    boolean json;

    @Option(names = "--no-progress", description = "no progress bar on standard error")
    boolean noProgress;

    PlanCommand(ShotPlans plans, ModelPacks packs) {
        this.plans = plans;
        this.packs = packs;
    }

    @Override
    public Integer call() {
        ShotRequest shot = what.request(packs, 0);
        PlanRequest request = new PlanRequest(project, which.gaps, which.all, which.marked, shot, what.model, seed, out,
                allowLong);
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), !noProgress);
        Plan plan;
        try {
            plan = CtrlC.run(cancel -> plans.plan(request, bar, cancel));
        } finally {
            bar.close();
        }
        var o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.write(toJson(plan)));
            return 0;
        }
        o.printf("Planned %d shot%s of %s into %s:%n", plan.shots().size(), plan.shots().size() == 1 ? "" : "s",
                FillCommand.line(plan.project()), FillCommand.line(plan.folder()));
        for (Shot s : plan.shots()) {
            o.printf("  %s  %-6s %-4s frames %-12s %s, seed %d%s%n", s.id(), s.gap(), s.track(), s.range(),
                    s.request().generator(), s.request().seed(), s.request().prompt().isBlank() ? ""
                            : ", \"" + GenshotCommand.flat(s.request().prompt(), 60) + "\"");
        }
        plan.notes().forEach(n -> o.println("  (" + n + ")"));
        String dir = Quoting.shellWord(plan.folder().toString());
        o.printf("Next: genshot render %s (here), or genshot farm slurm %s --shards N; then genshot apply %s%n", dir,
                dir, dir);
        return 0;
    }

    static ObjectNode toJson(Plan plan) {
        ObjectNode o = Json.object();
        o.put("plan", plan.folder().toString());
        o.put("project", plan.project().toString());
        o.put("host", plan.host());
        o.put("projectSha256", plan.projectSha256());
        ArrayNode shots = o.putArray("shots");
        for (Shot s : plan.shots()) {
            ObjectNode j = shots.addObject();
            j.put("id", s.id());
            j.put("gap", s.gap());
            j.put("track", s.track());
            j.put("start", s.range().start());
            j.put("length", s.range().duration());
            j.put("generator", s.request().generator());
            j.put("prompt", s.request().prompt());
            j.put("seed", s.request().seed());
            j.put("state", s.state());
            if (s.error() != null) {
                j.put("error", s.error());
            }
            if (s.take() != null) {
                j.put("take", s.take().toString());
            }
        }
        List<String> notes = new ArrayList<>(plan.notes());
        notes.forEach(o.putArray("notes")::add);
        return o;
    }
}
