package genshot.cli.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.Quoting;
import genshot.api.FillRequest;
import genshot.api.FillResult;
import genshot.api.Genshot;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.api.ShotRequest;
import genshot.timeline.TimeRange;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "fill",
        footer = {"  genshot fill film.kdenlive --gap V1:1 -g fog -p \"thick morning fog\" --seed 7",
                "  genshot fill film.osp --gap V1:1 --range 50+10 -g elements -p \"snow at night\"",
                "  genshot fill film.kdenlive --gap V1 --range 50+25 -g slug -p \"wide shot\"",
                "    (the last makes a new take for frames 50+25 of V1, where a take is now)"},
        description = "Generate a take for a gap, store it beside the project with its sidecar, insert it exactly "
                + "into the gap and save the project (atomically, keeping a backup). Ctrl-C cancels and changes "
                + "nothing.")
final class FillCommand implements Callable<Integer> {
    private final Genshot genshot;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "a Kdenlive (.kdenlive) or OpenShot (.osp) project")
    Path project;

    @Option(names = "--gap", required = true, description = "the gap, as genshot gaps lists it (e.g. V1:1); or a "
            + "track (V1) with --range set to the exact frames of a genshot take, to make that take again in place. "
            + "Gap ids are numbered along the track, so after a fill V1:1 names the next gap: the same fill repeated "
            + "(same gap id, generator, prompt and seed) is refused when its gap id now names other frames")
    String gap;

    @Option(names = "--range", paramLabel = "START+FRAMES",
            description = "fill only these frames of the gap: first frame and frame count, as "
                    + "genshot gaps shows them (e.g. 55+10); default: the whole gap")
    String range;

    @Option(names = "--allow-long", description = {"fill the whole gap even when it is longer than ten minutes (a gap "
            + "of hours is rarely meant as one shot; without this, or --range, such a fill is refused before anything "
            + "is generated); GENSHOT_MAX_FILL_SECONDS changes the ten minutes"})
    boolean allowLong;

    @Mixin
    ShotOptions what;

    @Option(names = "--seed", description = "the seed (default: a new random one, printed)")
    Long seed;

    @Option(names = "--json", description = "print what was done as one JSON object")
    boolean json;

    @Option(names = "--save-in-editor", description = {"when the editor that has the project open holds unsaved "
            + "changes, make it save them first (Kdenlive), instead of refusing"})
    boolean saveInEditor;

    @Option(names = "--no-progress", description = "no progress bar on standard error")
    boolean noProgress;

    private final genshot.diffusion.ModelPacks packs;

    FillCommand(Genshot genshot, genshot.diffusion.ModelPacks packs) {
        this.genshot = genshot;
        this.packs = packs;
    }

    @Override
    public Integer call() {
        long s = seed != null ? seed : new SecureRandom().nextLong() & ((1L << 53) - 1);
        ShotRequest shot = what.request(packs, s);
        FillRequest request = new FillRequest(project, gap, parseRange(range), shot, allowLong);

        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), !noProgress);
        FillResult r;
        try {
            if (saveInEditor) {
                genshot.saveInEditor(project);
            }
            r = CtrlC.run(cancel -> genshot.fill(request, bar, cancel));
        } finally {
            bar.close();
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(toJson(r, shot)));
        } else {
            out.printf("Filled %s: track %s, frames %s, with %s, seed %d, on %s.%n", line(gap), r.track(),
                    GenshotCommand.range(r.range(), GenshotCommand.rateOf(genshot, r.project())), r.generator(),
                    r.seed(), r.device());
            out.printf("  take:    %s%n  sidecar: %s%n  backup:  %s%n", line(r.take()), line(r.sidecar()),
                    line(r.backup()));
            printLive(out, r.live());
        }
        return 0;
    }

    static ObjectNode toJson(FillResult r, ShotRequest shot) {
        ObjectNode o = Json.object();
        o.put("project", r.project().toString());
        o.put("host", r.host());
        o.put("track", r.track());
        o.put("start", r.range().start());
        o.put("length", r.range().duration());
        o.put("generator", r.generator());
        o.put("prompt", shot.prompt());
        o.put("seed", r.seed());
        o.put("device", r.device());
        o.put("take", r.take().toString());
        o.put("sidecar", r.sidecar().toString());
        o.put("backup", r.backup().toString());
        ObjectNode ph = o.putObject("phaseMillis");
        r.phaseMillis().forEach(ph::put);
        r.live().forEach(o.putArray("live")::add);
        return o;
    }

    /** What the live link did with the editors that have the project open, or that none has. */
    static void printLive(java.io.PrintWriter out, java.util.List<String> live) {
        if (live.isEmpty()) {
            out.println("No editor has the project open; open it to see the shot.");
        }
        live.forEach(s -> out.println(line(s)));
    }

    /**
     * {@code o} as text that stays on one line: a line break in a file name (or a prompt) is written as an escape,
     * as {@link Problem#oneLine} does.
     */
    static String line(Object o) {
        return Problem.escape(String.valueOf(o));
    }

    static TimeRange parseRange(String text) {
        if (text == null) {
            return null;
        }
        String[] p = text.split("\\+");
        try {
            if (p.length == 2) {
                return new TimeRange(Long.parseLong(p[0].trim()), Long.parseLong(p[1].trim()));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw GenshotException.of("usage.range", "--range must be START+FRAMES with whole frames, e.g. 55+10, not '"
                + GenshotCommand.flat(text, 40) + "'", null, "--range", "give the first frame and the frame count; "
                + "genshot gaps lists each gap's start and length");
    }
}
