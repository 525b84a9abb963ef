package genshot.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.Genshot;
import genshot.api.ShotPlans;
import genshot.api.ShotPlans.ApplyReport;
import genshot.api.ShotPlans.ShotOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "apply",
        footer = {"  genshot apply film.plan",
                "  genshot undo film.kdenlive     (takes the whole apply back)"},
        description = {"Insert every finished take of a plan into its project, each exactly into its frames: one "
                + "backup, one atomic save, one journal entry per take (genshot undo takes the apply back). Shots "
                + "whose frames are no longer free, whose track is gone or locked, or that are not rendered are "
                + "refused and named (exit status 1); the others go in. Run it again after more shots are rendered: "
                + "shots already in place are left as they are. Goes through the live link like fill: refuses while "
                + "the editor holds unsaved changes, and makes it reload after."})
final class ApplyCommand implements Callable<Integer> {
    private final ShotPlans plans;
    private final Genshot genshot;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAN_DIR", description = "a plan folder made by genshot plan")
    Path planDir;

    @Option(names = "--save-in-editor", description = "when the editor that has the project open holds unsaved "
            + "changes, make it save them first (Kdenlive), instead of refusing")
    boolean saveInEditor;

    @Option(names = "--json", description = "print what was done as one JSON object")
    boolean json;

    ApplyCommand(ShotPlans plans, Genshot genshot) {
        this.plans = plans;
        this.genshot = genshot;
    }

    @Override
    public Integer call() {
        if (saveInEditor) {
            genshot.saveInEditor(plans.read(planDir).project());
        }
        ApplyReport r = plans.apply(planDir);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.object();
            o.put("project", r.project().toString());
            outcomes(o.putArray("inserted"), r.inserted());
            outcomes(o.putArray("alreadyInPlace"), r.alreadyInPlace());
            outcomes(o.putArray("refused"), r.refused());
            if (r.backup() != null) {
                o.put("backup", r.backup().toString());
            }
            r.live().forEach(o.putArray("live")::add);
            out.println(Json.write(o));
        } else {
            out.printf("%s: %d take%s inserted, %d already in place, %d refused.%n", FillCommand.line(r.project()),
                    r.inserted().size(), r.inserted().size() == 1 ? "" : "s", r.alreadyInPlace().size(),
                    r.refused().size());
            r.inserted().forEach(s -> out.printf("  %s inserted: %s%n", s.id(), FillCommand.line(s.message())));
            r.alreadyInPlace().forEach(s -> out.printf("  %s %s%n", s.id(), FillCommand.line(s.message())));
            r.refused().forEach(s -> out.printf("  %s refused (%s): %s%n", s.id(), s.state(),
                    GenshotCommand.prose(s.message(), 300)));
            if (r.backup() != null) {
                out.printf("  backup:  %s%n", FillCommand.line(r.backup()));
                FillCommand.printLive(out, r.live());
            }
        }
        if (!r.refused().isEmpty()) {
            spec.commandLine().getErr().println("genshot: " + r.refused().size() + " shot"
                    + (r.refused().size() == 1 ? " was" : "s were") + " not applied: " + String.join("; ", r.refused()
                    .stream().map(s -> s.id() + " " + GenshotCommand.prose(s.message(), 200)).toList()));
            return GenshotCommand.PROBLEM;
        }
        return 0;
    }

    private static void outcomes(ArrayNode a, List<ShotOutcome> list) {
        list.forEach(s -> a.addObject().put("id", s.id()).put("state", s.state()).put("message", s.message()));
    }
}
