package genshot.cli.internal;

import genshot.api.Quoting;
import genshot.api.FillResult;
import genshot.api.Genshot;
import genshot.api.GenshotException;
import genshot.api.Take;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "use",
        footer = {"  genshot use film.kdenlive V1_50+25_fog_s7_20261206T101500",
                "  genshot use film.kdenlive V1_50+25_fog_s8_20261206T102000 --replace",
                "    (the second swaps the take now in frames 50+25 of V1 for this one)"},
        description = {"Insert a kept take into its range, which must still be free,",
        "or with --replace swap it for the genshot take already there."})
final class UseCommand implements Callable<Integer> {
    private final Genshot genshot;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "a Kdenlive (.kdenlive) or OpenShot (.osp) project")
    Path project;

    @Parameters(index = "1", paramLabel = "TAKE", description = "the take's id, as genshot takes lists it")
    String takeId;

    @Option(names = "--replace", description = "swap the genshot take already in that range for this one")
    boolean replace;

    @Option(names = "--json", description = "print what was done as one JSON object")
    boolean json;

    @Option(names = "--save-in-editor", description = "when the editor that has the project open holds unsaved "
            + "changes, make it save them first (Kdenlive), instead of refusing")
    boolean saveInEditor;

    UseCommand(Genshot genshot) {
        this.genshot = genshot;
    }

    @Override
    public Integer call() {
        Take take = genshot.takes(project).stream().filter(t -> t.id().equals(takeId)).findFirst()
                .orElseThrow(() -> GenshotException.of("take.unknown", "There is no take '" + takeId
                        + "' for this project", project.toAbsolutePath(), null, "genshot takes "
                        + Quoting.shellWord(project.toString()) + " lists them"));
        if (saveInEditor) {
            genshot.saveInEditor(project);
        }
        FillResult r = replace ? genshot.replace(project, take) : genshot.insert(project, take);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(FillCommand.toJson(r, take.request())));
        } else {
            out.printf((replace ? "Replaced with " : "Inserted ") + "%s on %s, frames %s.%n  backup:  %s%n", take.id(),
                    r.track(), GenshotCommand.range(r.range(), GenshotCommand.rateOf(genshot, r.project())),
                    FillCommand.line(r.backup()));
            FillCommand.printLive(out, r.live());
        }
        return 0;
    }
}
