package genshot.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.Genshot;
import genshot.api.LiveSession;
import genshot.api.LiveState;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status",
        footer = {"  genshot status film.osp"},
        description = {"Which editor has the project open (and whether it holds unsaved changes),",
        "and genshot's insertions that an editor's save dropped since, with the command that puts each back.",
        "Exit status 0 when nothing was dropped, 4 when something was."})
final class StatusCommand implements Callable<Integer> {
    static final int DROPPED = 4;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final Genshot genshot;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "a .kdenlive or .osp project")
    Path project;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    StatusCommand(Genshot genshot) {
        this.genshot = genshot;
    }

    @Override
    public Integer call() {
        LiveState s = genshot.live(project);
        var out = spec.commandLine().getOut();
        var rate = s.dropped().isEmpty() ? null : GenshotCommand.rateOf(genshot, project);
        if (json) {
            ObjectNode root = Json.object();
            root.put("project", s.project().toString());
            root.put("host", s.host());
            root.put("editor", s.headline());
            root.put("linkOff", s.linkOff());
            ArrayNode editors = root.putArray("sessions");
            for (LiveSession e : s.sessions()) {
                ObjectNode o = editors.addObject();
                o.put("editor", e.editor());
                o.put("pid", e.pid());
                o.put("project", e.project() == null ? null : e.project().toString());
                o.put("sure", e.sure().name().toLowerCase(java.util.Locale.ROOT));
                o.put("evidence", e.evidence());
                if (e.unsaved() == null) {
                    o.putNull("unsaved");
                } else {
                    o.put("unsaved", e.unsaved());
                }
                o.put("canReload", e.canReload());
                o.put("canSave", e.canSave());
            }
            ArrayNode dropped = root.putArray("dropped");
            for (LiveState.Dropped d : s.dropped()) {
                ObjectNode o = dropped.addObject();
                o.put("take", d.take());
                o.put("track", d.track());
                o.put("start", d.range().start());
                o.put("length", d.range().duration());
                o.put("range", GenshotCommand.range(d.range(), rate));
                o.put("insertedAt", d.insertedAt().toString());
                o.put("droppedBy", d.droppedBy().toString());
                o.put("free", d.free());
                o.put("restore", d.restore());
            }
            out.println(Json.write(root));
        } else {
            out.printf("%s: %s%n", FillCommand.line(s.project().getFileName()), FillCommand.line(s.headline()));
            if (s.dropped().isEmpty()) {
                out.println("Every take genshot inserted is in place.");
            }
            for (LiveState.Dropped d : s.dropped()) {
                out.printf("Take %s (%s, frames %s) was dropped by an editor save at %s.%n  To put it back: %s%n",
                        d.take(), d.track(), GenshotCommand.range(d.range(), rate), WHEN.format(d.droppedBy()),
                        FillCommand.line(d.restore()));
            }
        }
        return s.dropped().isEmpty() ? 0 : DROPPED;
    }
}
