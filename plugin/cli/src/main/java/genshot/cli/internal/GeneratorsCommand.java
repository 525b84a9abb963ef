package genshot.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.GeneratorInfo;
import genshot.api.Genshot;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generators",
        footer = {"  genshot generators",
                "  genshot generators --json"},
        description = "List the installed generators and their parameters.")
final class GeneratorsCommand implements Callable<Integer> {
    private final Genshot genshot;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    GeneratorsCommand(Genshot genshot) {
        this.genshot = genshot;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = Json.object();
            ArrayNode arr = root.putArray("generators");
            for (GeneratorInfo g : genshot.generators()) {
                ObjectNode o = arr.addObject();
                o.put("id", g.id());
                o.put("title", g.title());
                o.put("description", g.description());
                if (g.model() != null) {
                    o.put("model", g.model());
                }
                ObjectNode files = o.putObject("modelFiles");
                g.modelFiles().forEach(files::put);
                ObjectNode params = o.putObject("parameters");
                g.parameters().forEach(params::put);
                ArrayNode dev = o.putArray("devices");
                g.devices().forEach(dev::add);
            }
            out.println(Json.write(root));
            return 0;
        }
        for (GeneratorInfo g : genshot.generators()) {
            out.printf("%-10s %s: %s%n", g.id(), g.title(), g.description());
            if (!g.parameters().isEmpty()) {
                out.printf("%-10s parameters: %s%n", "", new java.util.TreeMap<>(g.parameters()));
            }
            out.printf("%-10s devices: %s%n", "", String.join(", ", g.devices()));
        }
        return 0;
    }
}
