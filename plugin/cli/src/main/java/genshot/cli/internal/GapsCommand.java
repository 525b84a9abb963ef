package genshot.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.Quoting;
import genshot.api.Genshot;
import genshot.api.ProjectSummary;
import genshot.timeline.GapSlot;
import genshot.timeline.RationalTime;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "gaps",
        footer = {"  genshot gaps film.kdenlive",
                "  genshot gaps film.osp --no-empty-tracks --json"},
        description = "List the gaps on the video tracks of a project.")
final class GapsCommand implements Callable<Integer> {
    private final Genshot genshot;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "a Kdenlive (.kdenlive) or OpenShot (.osp) project")
    Path project;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--no-empty-tracks", description = {"leave out video tracks that hold no clip at all (listed by "
            + "default as \"empty track\": their one gap is the whole timeline, which a fill covers whole)"})
    boolean noEmptyTracks;

    GapsCommand(Genshot genshot) {
        this.genshot = genshot;
    }

    @Override
    public Integer call() {
        ProjectSummary s = genshot.open(project);
        Timeline t = s.timeline();
        var out = spec.commandLine().getOut();
        List<GapSlot> gaps = s.gaps().stream().filter(g -> !(noEmptyTracks && emptyTrack(t, g))).toList();
        if (json) {
            out.println(Json.write(toJson(s, gaps)));
            return 0;
        }
        out.printf("%s project %s: %dx%d at %s fps, %s frames (%s)%n", s.host(), FillCommand.line(s.project().getFileName()),
                t.width(), t.height(), t.rate(), t.duration(), new RationalTime(t.duration(), t.rate()).toTimecode());
        long left = s.gaps().size() - gaps.size();
        if (gaps.isEmpty()) {
            out.println("No gaps on the video tracks" + (left > 0 ? " (" + left + " empty tracks left out)." : "."));
            return 0;
        }
        int w = Math.max(5, gaps.stream().mapToInt(g -> g.range().text(t.rate()).length()).max().orElse(0));
        String row = "%-8s %-6s %-" + w + "s  %-12s %s%n";
        out.printf(row, "GAP", "TRACK", "RANGE", "WHERE", "VISIBLE");
        for (GapSlot g : gaps) {
            out.printf(row, g.id(), g.track(), g.range().text(t.rate()), where(t, g),
                    g.visible() ? "yes" : "no (covered above)");
        }
        if (left > 0) {
            out.printf("(%d empty tracks left out)%n", left);
        }
        GapSlot first = gaps.stream().filter(g -> !emptyTrack(t, g)).findFirst().orElse(gaps.get(0));
        out.printf("RANGE is start+length in frames (as --range takes it), then the same as timecode.%n"
                + "Fill one: genshot fill %s --gap %s --generator fog --prompt TEXT (genshot generators lists the rest)%n",
                Quoting.shellWord(project.toString()), first.id());
        return 0;
    }

    /** Whether the gap is a whole track that holds no clip at all. */
    static boolean emptyTrack(Timeline t, GapSlot g) {
        return t.track(g.track()).map(Track::isEmpty).orElse(false);
    }

    private static String where(Timeline t, GapSlot g) {
        if (emptyTrack(t, g)) {
            return "empty track";
        }
        return switch (g.position()) {
            case LEADING -> "leading";
            case INTERIOR -> "interior";
            case TRAILING -> "trailing";
        };
    }

    static ObjectNode toJson(ProjectSummary s) {
        return toJson(s, s.gaps());
    }

    static ObjectNode toJson(ProjectSummary s, List<GapSlot> list) {
        Timeline t = s.timeline();
        ObjectNode root = Json.object();
        root.put("host", s.host());
        root.put("rate", t.rate().toString());
        root.put("width", t.width());
        root.put("height", t.height());
        ArrayNode gaps = root.putArray("gaps");
        for (GapSlot g : list) {
            ObjectNode o = gaps.addObject();
            o.put("id", g.id());
            o.put("track", g.track());
            o.put("start", g.range().start());
            o.put("length", g.range().duration());
            o.put("startTimecode", new RationalTime(g.range().start(), t.rate()).toTimecode());
            o.put("visible", g.visible());
            o.put("range", g.range().text(t.rate()));
            o.put("emptyTrack", emptyTrack(t, g));
        }
        return root;
    }
}
