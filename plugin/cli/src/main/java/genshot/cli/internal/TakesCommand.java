package genshot.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.Quoting;
import genshot.api.Genshot;
import genshot.api.Take;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "takes",
        footer = {"  genshot takes film.kdenlive",
                "  genshot takes film.osp --json"},
        description = "List the takes kept for a project, oldest first.")
final class TakesCommand implements Callable<Integer> {
    private final Genshot genshot;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "a Kdenlive (.kdenlive) or OpenShot (.osp) project")
    Path project;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    TakesCommand(Genshot genshot) {
        this.genshot = genshot;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var takes = genshot.takes(project);
        var rate = takes.isEmpty() ? null : GenshotCommand.rateOf(genshot, project);
        if (json) {
            ObjectNode root = Json.object();
            ArrayNode arr = root.putArray("takes");
            for (Take t : takes) {
                ObjectNode o = arr.addObject();
                o.put("id", t.id());
                o.put("track", t.track());
                o.put("start", t.range().start());
                o.put("length", t.range().duration());
                o.put("range", GenshotCommand.range(t.range(), rate));
                o.put("generator", t.request().generator());
                o.put("prompt", t.request().prompt());
                o.put("seed", t.request().seed());
                o.put("device", t.device());
                o.put("created", t.created().toString());
                o.put("file", t.file().toString());
                o.put("sidecar", t.sidecar().toString());
            }
            out.println(Json.write(root));
            return 0;
        }
        if (takes.isEmpty()) {
            out.println("No takes for this project yet (genshot fill makes one; genshot gaps "
                    + Quoting.shellWord(project.toString()) + " lists the gaps).");
        }
        for (Take t : takes) {
            out.printf("%s%n    %s, frames %s, %s, seed %d: %s%n", t.id(), t.track(),
                    GenshotCommand.range(t.range(), rate), t.request().generator(), t.request().seed(),
                    FillCommand.line(t.request().prompt()));
        }
        if (!takes.isEmpty()) {
            out.printf("Put one in its place: genshot use %s TAKE (with --replace where another take is)%n",
                    Quoting.shellWord(project.toString()));
        }
        return 0;
    }
}
