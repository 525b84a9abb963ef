package genshot.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.Genshot;
import genshot.api.ProjectSummary;
import genshot.timeline.GapSlot;
import genshot.timeline.RationalTime;
import genshot.timeline.Timeline;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "gaps", description = "List the gaps on the video tracks of a project.")
final class GapsCommand implements Callable<Integer> {
    private final Genshot genshot;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "a .kdenlive project")
    Path project;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    GapsCommand(Genshot genshot) {
        this.genshot = genshot;
    }

    @Override
    public Integer call() {
        ProjectSummary s = genshot.open(project);
        Timeline t = s.timeline();
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(toJson(s)));
            return 0;
        }
        out.printf("%s project %s: %dx%d at %s fps, %d frames (%s)%n", s.host(), FillCommand.line(s.project().getFileName()),
                t.width(), t.height(), t.rate(), t.duration(), new RationalTime(t.duration(), t.rate()).toTimecode());
        if (s.gaps().isEmpty()) {
            out.println("No gaps on the video tracks.");
            return 0;
        }
        out.printf("%-8s %-6s %-12s %-12s %8s %8s  %s%n", "GAP", "TRACK", "START", "LENGTH", "FRAME", "FRAMES", "VISIBLE");
        for (GapSlot g : s.gaps()) {
            out.printf("%-8s %-6s %-12s %-12s %8d %8d  %s%n", g.id(), g.track(),
                    new RationalTime(g.range().start(), t.rate()).toTimecode(),
                    new RationalTime(g.range().duration(), t.rate()).toTimecode(),
                    g.range().start(), g.range().duration(), g.visible() ? "yes" : "no (covered above)");
        }
        return 0;
    }

    static ObjectNode toJson(ProjectSummary s) {
        Timeline t = s.timeline();
        ObjectNode root = Json.object();
        root.put("host", s.host());
        root.put("rate", t.rate().toString());
        root.put("width", t.width());
        root.put("height", t.height());
        ArrayNode gaps = root.putArray("gaps");
        for (GapSlot g : s.gaps()) {
            ObjectNode o = gaps.addObject();
            o.put("id", g.id());
            o.put("track", g.track());
            o.put("start", g.range().start());
            o.put("length", g.range().duration());
            o.put("startTimecode", new RationalTime(g.range().start(), t.rate()).toTimecode());
            o.put("visible", g.visible());
        }
        return root;
    }
}
