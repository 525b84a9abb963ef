package genshot.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Cancellation;
import genshot.api.CancelledException;
import genshot.api.FillRequest;
import genshot.api.FillResult;
import genshot.api.GeneratorInfo;
import genshot.api.Genshot;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.ProjectSummary;
import genshot.timeline.Clip;
import genshot.timeline.Gap;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import genshot.timeline.TrackKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The command line's contract: output shapes, exit statuses, one-line reasons. */
class GenshotCommandTest {

    /** A workflow whose answers are given by the test; the real one is exercised end to end by the launcher's tests. */
    record Scripted(ProjectSummary summary, Function<FillRequest, FillResult> fill) implements Genshot {
        @Override
        public ProjectSummary open(Path project) {
            return summary;
        }

        @Override
        public List<GeneratorInfo> generators() {
            return generators;
        }

        @Override
        public FillResult fill(FillRequest request, Progress progress, Cancellation cancel) {
            return fill.apply(request);
        }

        @Override
        public genshot.api.Take generate(FillRequest request, Progress progress, Cancellation cancel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FillResult insert(Path project, genshot.api.Take take) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FillResult replace(Path project, genshot.api.Take take) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<genshot.api.Take> takes(Path project) {
            return List.of();
        }

        @Override
        public genshot.api.UndoResult undo(Path project) {
            throw GenshotException.of("undo.nothing", "genshot has inserted nothing into this project that could be"
                    + " undone", project, null, null);
        }

        @Override
        public genshot.api.LiveState live(Path project) {
            return nextLive != null ? nextLive : new genshot.api.LiveState(project, "kdenlive", List.of(), List.of(), false);
        }

        @Override
        public void saveInEditor(Path project) {
            throw new UnsupportedOperationException();
        }
    }

    static genshot.api.LiveState nextLive;

    static List<GeneratorInfo> generators = List.of();

    @Test
    void statusNamesTheEditorAndEveryDroppedTakeWithTheCommandThatPutsItBack() {
        nextLive = null;
        Run none = run(new Scripted(sample(), null), "status", "x.kdenlive");
        assertEquals(0, none.status(), none.err());
        assertEquals("x.kdenlive: not open in an editor\nEvery take genshot inserted is in place.",
                none.out().trim().replace("\r", ""));
        genshot.api.LiveSession k = new genshot.api.LiveSession("kdenlive", "Kdenlive 22.12.3", 42,
                Path.of("/p/x.kdenlive"), genshot.api.LiveSession.Sureness.SURE, "window title and command line",
                false, true, true);
        genshot.api.LiveState.Dropped d = new genshot.api.LiveState.Dropped("V1_50-75_slug_s1_x", "V1",
                new TimeRange(50, 25), java.time.Instant.parse("2026-12-06T10:00:00Z"),
                java.time.Instant.parse("2026-12-06T10:05:00Z"), true, "genshot use /p/x.kdenlive V1_50-75_slug_s1_x");
        nextLive = new genshot.api.LiveState(Path.of("/p/x.kdenlive"), "kdenlive", List.of(k), List.of(d), false);
        try {
            Run r = run(new Scripted(sample(), null), "status", "x.kdenlive");
            assertEquals(4, r.status(), "something was dropped");
            assertTrue(r.out().startsWith("x.kdenlive: Kdenlive 22.12.3: open, saved\n"), r.out());
            assertTrue(r.out().contains("Take V1_50-75_slug_s1_x (V1, frames 50+25 (00:00:02:00+00:00:01:00)) was dropped by an editor "
                    + "save at "),
                    r.out());
            assertTrue(r.out().contains("To put it back: genshot use /p/x.kdenlive V1_50-75_slug_s1_x"), r.out());
            Run j = run(new Scripted(sample(), null), "status", "x.kdenlive", "--json");
            assertEquals(4, j.status());
            assertTrue(j.out().contains("\"start\":50,\"length\":25,\"range\":\"50+25 (00:00:02:00+00:00:01:00)\""),
                    j.out());
            assertTrue(j.out().contains("\"unsaved\":false") && j.out().contains("\"free\":true")
                    && j.out().contains("\"sure\":\"sure\""), j.out());
        } finally {
            nextLive = null;
        }
    }

    private static ProjectSummary sample() {
        Track v1 = new Track("V1", TrackKind.VIDEO, false, false,
                List.of(new Clip("a", "a.mp4", 0, 50), new Gap(25), new Clip("b", "b.mp4", 0, 50)));
        Timeline t = new Timeline(Rate.FPS_25, 640, 360, List.of(v1), List.of());
        return new ProjectSummary(Path.of("/p/sample.kdenlive"), "kdenlive", t, t.gaps());
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(Genshot g, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GenshotCommand.run(g, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void gapsJsonHasTheDocumentedShape() {
        Run r = run(new Scripted(sample(), null), "gaps", "x.kdenlive", "--json");
        assertEquals(0, r.status());
        assertEquals("{\"host\":\"kdenlive\",\"rate\":\"25/1\",\"width\":640,\"height\":360,\"gaps\":[{\"id\":\"V1:1\","
                + "\"track\":\"V1\",\"start\":50,\"length\":25,\"startTimecode\":\"00:00:02:00\",\"visible\":true,"
                + "\"range\":\"50+25 (00:00:02:00+00:00:01:00)\",\"emptyTrack\":false}]}",
                r.out().trim());
    }

    @Test
    void aProblemIsOneLineOnStandardErrorAndStatusOne() {
        Genshot failing = new Scripted(sample(), req -> {
            throw GenshotException.of("gap.not-found", "There is no gap 'V9:1' in this project", "/p/x.kdenlive",
                    "video tracks V1", "gaps are: V1:1");
        });
        Run r = run(failing, "fill", "x.kdenlive", "--gap", "V9:1", "-g", "slug", "--no-progress");
        assertEquals(1, r.status());
        assertEquals("genshot: There is no gap 'V9:1' in this project [/p/x.kdenlive, video tracks V1]. gaps are: V1:1",
                r.err().trim());
        assertEquals("", r.out());
    }

    @Test
    void cancelIsStatus130() {
        Genshot cancelled = new Scripted(sample(), req -> {
            throw new CancelledException();
        });
        Run r = run(cancelled, "fill", "x.kdenlive", "--gap", "V1:1", "-g", "slug", "--no-progress");
        assertEquals(130, r.status());
    }

    @Test
    void usageErrorsAreStatusTwo() {
        assertEquals(2, run(new Scripted(sample(), null)).status());
        assertEquals(2, run(new Scripted(sample(), null), "fill", "x.kdenlive").status(), "--gap is required");
        assertEquals(2, run(new Scripted(sample(), null), "frobnicate").status());
    }

    @Test
    void giveEitherGeneratorOrModelIsBadUsageStatusTwo() {
        Run neither = run(new Scripted(sample(), null), "fill", "x.kdenlive", "--gap", "V1:1", "--no-progress");
        assertEquals(2, neither.status(), neither.err());
        assertTrue(neither.err().startsWith("genshot: Give either --generator or --model"), neither.err());
        Run both = run(new Scripted(sample(), null), "fill", "x.kdenlive", "--gap", "V1:1", "-g", "fog", "--model",
                "/packs/sd", "--no-progress");
        assertEquals(2, both.status(), both.err());
        Run range = run(new Scripted(sample(), null), "fill", "x.kdenlive", "--gap", "V1:1", "-g", "fog", "--range",
                "3-4", "--no-progress");
        assertEquals(2, range.status(), range.err());
    }

    @Test
    void aProblemIsPrintedOnOneShortLineWhateverItCarries() {
        String huge = "x".repeat(1_000_000);
        Genshot failing = new Scripted(sample(), req -> {
            throw GenshotException.of("project.structure", "A value\nrunning over\r\nlines: " + huge, "/p/x.kdenlive",
                    "<track producer=\"" + huge + "\">", "fix it\nin the editor");
        });
        Run r = run(failing, "fill", "x.kdenlive", "--gap", "V1:1", "-g", "slug", "--no-progress");
        assertEquals(1, r.status());
        String line = r.err().strip();
        assertFalse(line.contains("\n") || line.contains("\r"), line.substring(0, 200));
        assertTrue(line.length() <= 1000, "the line has " + line.length() + " characters");
        assertTrue(line.startsWith("genshot: A value running over lines: xxx"), line.substring(0, 80));
        assertTrue(line.contains("[/p/x.kdenlive, <track producer="), line);
        assertTrue(line.endsWith(". fix it in the editor"), line);
    }

    @Test
    void fillPassesTheRequestThroughAndReportsInJson() {
        FillRequest[] seen = new FillRequest[1];
        Genshot ok = new Scripted(sample(), req -> {
            seen[0] = req;
            return new FillResult(Path.of("/p/x.kdenlive"), Path.of("/p/t.mp4"), Path.of("/p/t.json"),
                    Path.of("/p/b.kdenlive"), "kdenlive", "V1", new TimeRange(55, 10), req.shot().seed(),
                    req.shot().generator(), "cpu", Map.of("total", 5L), List.of("Kdenlive reloaded x.kdenlive"));
        });
        Run r = run(ok, "fill", "x.kdenlive", "--gap", "V1:1", "--range", "55+10", "-g", "fog", "-p", "mist",
                "--seed", "42", "-P", "density=0.7", "--json", "--no-progress");
        assertEquals(0, r.status(), r.err());
        assertEquals(new TimeRange(55, 10), seen[0].range());
        assertEquals(42, seen[0].shot().seed());
        assertEquals(Map.of("density", "0.7"), seen[0].shot().parameters());
        assertTrue(r.out().contains("\"seed\":42"), r.out());
        assertTrue(r.out().contains("\"backup\":\"/p/b.kdenlive\""), r.out());
        assertTrue(r.out().contains("\"live\":[\"Kdenlive reloaded x.kdenlive\"]"), r.out());
    }

    @Test
    void theFilledLineNamesTheGapTrackAndFramesAndAllowLongIsPassedOn() {
        FillRequest[] seen = new FillRequest[1];
        Genshot ok = new Scripted(sample(), req -> {
            seen[0] = req;
            return new FillResult(Path.of("/p/x.kdenlive"), Path.of("/p/t.mp4"), Path.of("/p/t.json"),
                    Path.of("/p/b.kdenlive"), "kdenlive", "V1", new TimeRange(50, 25), 7, "fog", "cpu",
                    Map.of("total", 5L), List.of());
        });
        Run r = run(ok, "fill", "x.kdenlive", "--gap", "V1:1", "-g", "fog", "--seed", "7", "--no-progress");
        assertEquals(0, r.status(), r.err());
        assertEquals(false, seen[0].allowLong());
        assertTrue(r.out().startsWith("Filled V1:1: track V1, frames 50+25 (00:00:02:00+00:00:01:00), with fog, seed 7, "
                + "on cpu.\n"),
                r.out());
        assertEquals(0, run(ok, "fill", "x.kdenlive", "--gap", "V1:1", "-g", "fog", "--allow-long", "--no-progress")
                .status());
        assertEquals(true, seen[0].allowLong());
        assertTrue(run(ok, "help", "fill").out().contains("--allow-long"), "in the help");
    }

    /** Regression: a line break in a file name split the one-line messages. */
    @Test
    void namesWithLineBreaksStayOnOneLine() {
        Genshot ok = new Scripted(sample(), req -> new FillResult(Path.of("/p/a\nb/x.kdenlive"),
                Path.of("/p/a\nb/t.mp4"), Path.of("/p/a\nb/t.json"), Path.of("/p/a\nb/b.kdenlive"), "kdenlive", "V1",
                new TimeRange(50, 25), 7, "fog", "cpu", Map.of("total", 5L), List.of("Kdenlive reloaded a\nb.kdenlive")));
        Run r = run(ok, "fill", "x.kdenlive", "--gap", "V1:1", "-g", "fog", "--no-progress");
        assertEquals(List.of("Filled V1:1: track V1, frames 50+25 (00:00:02:00+00:00:01:00), with fog, seed 7, on cpu.",
                "  take:    /p/a\\nb/t.mp4", "  sidecar: /p/a\\nb/t.json", "  backup:  /p/a\\nb/b.kdenlive",
                "Kdenlive reloaded a\\nb.kdenlive"), r.out().lines().toList());
        Genshot failing = new Scripted(sample(), req -> {
            throw GenshotException.of("project.read-only", "The project file is read-only", "/p/a\nb/x.kdenlive",
                    null, "make it writable");
        });
        Run e = run(failing, "fill", "x.kdenlive", "--gap", "V1:1", "-g", "fog", "--no-progress");
        assertEquals(List.of("genshot: The project file is read-only [/p/a\\nb/x.kdenlive]. make it writable"),
                e.err().lines().toList());
    }

    @Test
    void takesAndUndoSpeakPlainly() {
        Run takes = run(new Scripted(sample(), null), "takes", "x.kdenlive");
        assertEquals(0, takes.status());
        assertEquals("No takes for this project yet (genshot fill makes one; genshot gaps x.kdenlive lists the gaps).",
                takes.out().trim());
        Run undo = run(new Scripted(sample(), null), "undo", "x.kdenlive");
        assertEquals(1, undo.status());
        assertEquals("genshot: genshot has inserted nothing into this project that could be undone [x.kdenlive]",
                undo.err().trim());
        Run use = run(new Scripted(sample(), null), "use", "x.kdenlive", "V1_0-1_slug");
        assertEquals(1, use.status());
        assertTrue(use.err().startsWith("genshot: There is no take 'V1_0-1_slug'"), use.err());
        assertTrue(use.err().trim().endsWith("genshot takes x.kdenlive lists them"), "the next command: " + use.err());
    }

    @Test
    void benchPrintsAFigureRowPerGeneratorAndSize() {
        genshot.api.Benchmarks fixed = (ids, sizes, frames, params, progress, cancel) -> sizes.stream()
                .map(s -> new genshot.api.Benchmarks.Row(ids.get(0), s[0], s[1], frames, 1000, 500, 1250,
                        "mov")).toList();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GenshotCommand.run(new Scripted(sample(), null), () -> null, fixed,
                new String[] {"bench", "-g", "fog", "--frames", "50", "--sizes", "1280x720,1920x1080"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        List<String> rows = out.toString().lines().filter(l -> l.startsWith("fog")).toList();
        assertEquals(2, rows.size(), out.toString());
        assertTrue(rows.get(1).matches("fog\\s+1920x1080\\s+50\\.0\\s+40\\.0\\s+500 ms\\s+1500 ms\\s+17%\\s+mov"), rows.get(1));
        assertEquals(1, run(new Scripted(sample(), null), "bench").status(), "no benchmark service: a problem");
        assertEquals(2, GenshotCommand.run(new Scripted(sample(), null), () -> null, fixed,
                new String[] {"bench", "-g", "fog", "--sizes", "big"}, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())), "a size that is not WxH is bad usage");
    }

    @Test
    void benchPrintsTheEncoderAloneAndTheFfmpegProgramOnTheSameFrames() {
        // fog: 50 frames generated in 1000 ms, the encoder alone 50 frames in 250 ms (200 fps), the ffmpeg program
        // 500 ms (100 fps), the overlapped fill 1000 ms = 0.80 of 1000 + 250; elements: a plate, no ffmpeg figure
        genshot.api.Benchmarks fixed = (ids, sizes, frames, params, progress, cancel) -> List.of(
                new genshot.api.Benchmarks.Row("fog", 1280, 720, 50, 1000, 300, 1000, "mp4", "ffmpeg 8.0.1 libx264",
                        50, 250, 500),
                new genshot.api.Benchmarks.Row("elements", 1280, 720, 50, 1000, 300, 1300, "qtrle",
                        "ffmpeg 8.0.1 libx264", 25, 250, -1));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GenshotCommand.run(new Scripted(sample(), null), () -> null, fixed,
                new String[] {"bench", "-g", "fog,elements", "--frames", "50", "--sizes", "1280x720"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        String text = out.toString();
        String table = text.substring(text.indexOf("Encode only"));
        List<String> rows = table.lines().filter(l -> l.startsWith("fog") || l.startsWith("elements")).toList();
        assertEquals(2, rows.size(), text);
        assertTrue(rows.get(0).matches("fog\\s+1280x720\\s+50\\s+200[.,]0\\s+100[.,]0\\s+2[.,]00x\\s+0[.,]80"
                + "\\s+ffmpeg 8\\.0\\.1 libx264 mp4"), rows.get(0));
        // 25 frames in 250 ms = 100 fps; all 50 frames would take 500 ms: 1300 / (1000 + 500)
        assertTrue(rows.get(1).matches("elements\\s+1280x720\\s+25\\s+100[.,]0\\s+-\\s+-\\s+0[.,]87"
                + "\\s+ffmpeg 8\\.0\\.1 libx264 qtrle"), rows.get(1));
    }

    @Test
    void benchPrintsTheCoresEachPartKeptBusyAndTheFloorOfTheOverlap() {
        // fog: generated in 1000 ms using 1900 ms of processor time (1.90 cores), the encoder alone 250 ms wall and
        // 450 ms processor (1.80), the fill 1000 ms and 1800 ms (1.80); on 2 cores both together need at least
        // (1900 + 450) / 2 = 1175 ms: floor 1175 / (1000 + 250) = 0.94, measured 1000 / 1250 = 0.80.
        // elements: half the frames encoded; slug: no processor times (a 1.4 row), so no line
        genshot.api.Benchmarks fixed = (ids, sizes, frames, params, progress, cancel) -> List.of(
                new genshot.api.Benchmarks.Row("fog", 1280, 720, 50, 1000, 300, 1000, "mp4", "ffmpeg 8.0.1 libx264",
                        50, 250, 500, 1900, 450, 1800, 2),
                new genshot.api.Benchmarks.Row("elements", 1280, 720, 50, 1000, 300, 1300, "qtrle",
                        "ffmpeg 8.0.1 libx264", 25, 250, -1, 500, 450, 1400, 2),
                new genshot.api.Benchmarks.Row("slug", 1280, 720, 50, 1000, 300, 1300, "mp4"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GenshotCommand.run(new Scripted(sample(), null), () -> null, fixed,
                new String[] {"bench", "-g", "fog,elements,slug", "--frames", "50", "--sizes", "1280x720"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        String text = out.toString();
        String table = text.substring(text.indexOf("Cores kept busy"));
        List<String> rows = table.lines().filter(l -> l.matches("^(fog|elements|slug) .*")).toList();
        assertEquals(2, rows.size(), "no processor times, no row: " + text);
        assertTrue(rows.get(0).matches("fog\\s+1280x720\\s+1[.,]90\\s+1[.,]80\\s+1[.,]80\\s+0[.,]80\\s+0[.,]94"),
                rows.get(0));
        // elements: encode scaled to 50 frames = 500 ms and 900 ms; (500 + 900) / 2 = 700 < 1000 (generate alone)
        assertTrue(rows.get(1).matches("elements\\s+1280x720\\s+0[.,]50\\s+1[.,]80\\s+1[.,]08\\s+0[.,]87"
                + "\\s+0[.,]67"), rows.get(1));
        assertTrue(table.contains("/ 2 cores"), table);
    }

    @Test
    void benchRunsEverythingAsManyTimesAsAskedAndPrintsTheMedians() {
        // three sweeps: the fill takes 1400, 1000 and 1200 ms, the generator alone 900, 1100 and 1000 ms
        long[] fill = {1400, 1000, 1200};
        long[] gen = {900, 1100, 1000};
        List<String> calls = new java.util.ArrayList<>();
        genshot.api.Benchmarks sweeps = (ids, sizes, frames, params, progress, cancel) -> {
            int k = calls.size();
            calls.add(ids + " " + sizes.size());
            progress.report("benchmark", 1, 2);
            return sizes.stream().map(s -> new genshot.api.Benchmarks.Row(ids.get(0), s[0], s[1], frames, gen[k],
                    300, fill[k], "mp4")).toList();
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GenshotCommand.run(new Scripted(sample(), null), () -> null, sweeps,
                new String[] {"bench", "-g", "fog", "--frames", "50", "--sizes", "1280x720,640x360", "--runs", "3"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        assertEquals(List.of("[fog] 2", "[fog] 2", "[fog] 2"), calls, "every size measured in each of three sweeps");
        String text = out.toString();
        assertTrue(text.contains("each figure the median of 3 interleaved runs"), text);
        List<String> rows = text.lines().filter(l -> l.startsWith("fog")).toList();
        // medians: generate 1000 ms (50.0 fps), fill 1200 ms (41.7 fps)
        assertTrue(rows.get(0).matches("fog\\s+1280x720\\s+50[.,]0\\s+41[.,]7\\s.*"), rows.get(0));
        assertTrue(rows.get(1).matches("fog\\s+640x360\\s+50[.,]0\\s+41[.,]7\\s.*"), rows.get(1));

        StringWriter json = new StringWriter();
        calls.clear();
        assertEquals(0, GenshotCommand.run(new Scripted(sample(), null), () -> null, sweeps,
                new String[] {"bench", "-g", "fog", "--sizes", "1280x720", "--runs", "3", "--json"},
                new PrintWriter(json, true), new PrintWriter(new StringWriter(), true)));
        assertTrue(json.toString().matches("(?s).*\"runs\"\\s*:\\s*3\\b.*"), json.toString());
        assertTrue(json.toString().matches("(?s).*\"overlappedMillis\"\\s*:\\s*1200\\b.*"), json.toString());

        for (String bad : new String[] {"0", "100", "-1"}) {
            StringWriter e = new StringWriter();
            assertEquals(2, GenshotCommand.run(new Scripted(sample(), null), () -> null, sweeps,
                    new String[] {"bench", "-g", "fog", "--runs", bad}, new PrintWriter(new StringWriter()),
                    new PrintWriter(e, true)), "--runs " + bad + " is bad usage");
            assertTrue(e.toString().contains("--runs takes 1 to 99"), e.toString());
        }
    }

    /** Commands built with no services (each service parameter null), as the help needs them. */
    private static final picocli.CommandLine.IFactory NULL_SERVICES = new picocli.CommandLine.IFactory() {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (var c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() > 0) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(new Object[c.getParameterCount()]));
                }
            }
            return picocli.CommandLine.defaultFactory().create(cls);
        }
    };

    @Test
    void aCommandNamedFirstIsTheOnlyOneBuiltAndEverythingElseGetsThemAll() {
        List<String> names = new java.util.ArrayList<>(
                GenshotCommand.commandLine(NULL_SERVICES, null).getSubcommands().keySet());
        assertEquals(GenshotCommand.COMMANDS.size(), names.size(), names.toString());
        for (String name : names) {
            if (name.equals("help")) {
                continue;
            }
            picocli.CommandLine one = GenshotCommand.commandLine(NULL_SERVICES, name);
            assertEquals(List.of(name), List.copyOf(one.getSubcommands().keySet()));
            // the top command's standard options reach it as they do when every command is there
            assertTrue(one.getSubcommands().get(name).getCommandSpec().optionsMap().containsKey("--help"), name);
        }
        for (String first : new String[] {"help", "--help", "-V", "fil", "gaps2", ""}) {
            assertEquals(names, List.copyOf(GenshotCommand.commandLine(NULL_SERVICES, first).getSubcommands().keySet()),
                    "every command for '" + first + "'");
        }
        Run typo = run(new Scripted(sample(), null), "fil", "x.kdenlive");
        assertEquals(2, typo.status());
        assertTrue(typo.err().contains("Did you mean: genshot fill"), typo.err());
        Run help = run(new Scripted(sample(), null), "help", "gaps");
        assertEquals(0, help.status(), help.err());
        assertTrue(help.out().contains("Usage: genshot gaps"), help.out());
    }

    /** Regression: every subcommand's --help exited 2 with "Missing required parameter". */
    @Test
    void everyCommandHasHelpWithAnExampleAndExitsZero() {
        picocli.CommandLine top = GenshotCommand.commandLine(NULL_SERVICES, null);
        List<List<String>> paths = new java.util.ArrayList<>();
        collect(top, List.of(), paths);
        assertTrue(paths.size() >= 13, "gaps, fill, takes, use, undo, status, generators, bench, panel, models and its "
                + "list, inspect, add: " + paths);
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> argv = new java.util.ArrayList<>(path);
                argv.add(flag);
                Run r = run(new Scripted(sample(), null), argv.toArray(String[]::new));
                String name = "genshot " + String.join(" ", path);
                assertEquals(0, r.status(), argv + ": " + r.err());
                assertTrue(r.out().startsWith("Usage: " + name + " ") || path.equals(List.of("help"))
                        && r.out().contains("\nUsage: genshot help "), argv + ": " + r.out());
                assertTrue(r.out().contains("\nExamples:\n  " + name) || path.equals(List.of("help")),
                        argv + " shows an example of itself: " + r.out());
                assertTrue(r.out().lines().allMatch(l -> l.length() <= 80), argv + " fits 80 columns: " + r.out());
                assertEquals("", r.err());
            }
        }
        Run help = run(new Scripted(sample(), null), "help", "fill");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: genshot fill "), help.out());
        Run top0 = run(new Scripted(sample(), null), "--help");
        assertTrue(top0.out().contains("Kdenlive or OpenShot"), "not Kdenlive only: " + top0.out());
    }

    private static void collect(picocli.CommandLine cl, List<String> path, List<List<String>> out) {
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> p = new java.util.ArrayList<>(path);
            p.add(e.getKey());
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }

    @Test
    void everyUsageErrorIsStatusTwoAndPointsAtTheHelp() {
        String[][] bad = {
            {"fill", "x.kdenlive"},
            {"fill", "x.kdenlive", "--gap", "V1:1", "-g", "fog", "--seed", "abc"},
            {"fill", "x.kdenlive", "--gap", "V1:1", "-g", "fog", "-P", "density"},
            {"fill", "x.kdenlive", "--gap", "V1:1", "-g", "fog", "--frobnicate"},
            {"fill", "x.kdenlive", "--gap", "V1:1", "-g", "fog", "--range", "50-75"},
            {"gaps"},
            {"gaps", "a.kdenlive", "b.kdenlive"},
            {"use", "x.kdenlive"},
            {"takes", "--jsn", "x.kdenlive"},
            {"undo"},
            {"status"},
            {"bench", "--frames", "many"},
            {"models", "inspect"},
            {"fil", "x.kdenlive"},
        };
        for (String[] argv : bad) {
            Run r = run(new Scripted(sample(), null), argv);
            assertEquals(2, r.status(), List.of(argv) + ": " + r.err());
            assertEquals("", r.out(), List.of(argv).toString());
            assertTrue(r.err().startsWith("genshot"), List.of(argv) + ": " + r.err());
            assertTrue(r.err().contains("--help") || r.err().contains("START+FRAMES"),
                    List.of(argv) + " says where to look: " + r.err());
        }
        Run typo = run(new Scripted(sample(), null), "fil", "x.kdenlive");
        assertTrue(typo.err().contains("Did you mean: genshot fill?"), typo.err());
    }

    @Test
    void unknownOrMalformedParametersAreBadUsage() {
        for (String code : List.of("parameter.unknown", "parameter.invalid", "bridge.parameter", "generator.unknown")) {
            Genshot refusing = new Scripted(sample(), req -> {
                throw GenshotException.of(code, "Generator fog has no parameter 'dens'", null, "parameter dens",
                        "its parameters are density, palette, speed");
            });
            Run r = run(refusing, "fill", "x.kdenlive", "--gap", "V1:1", "-g", "fog", "-P", "dens=2", "--no-progress");
            assertEquals(2, r.status(), code);
            assertEquals("genshot: Generator fog has no parameter 'dens' [parameter dens]. its parameters are density,"
                    + " palette, speed", r.err().trim());
        }
        Genshot gone = new Scripted(sample(), req -> {
            throw GenshotException.of("gap.not-found", "There is no gap 'V1:2'", null, null, null);
        });
        assertEquals(1, run(gone, "fill", "x.kdenlive", "--gap", "V1:2", "-g", "fog", "--no-progress").status(),
                "a gap that is not there is a problem with the project, not bad usage");
    }

    private static ProjectSummary withEmptyTracks() {
        Track v1 = new Track("V1", TrackKind.VIDEO, false, false,
                List.of(new Clip("a", "a.mp4", 0, 50), new Gap(25), new Clip("b", "b.mp4", 0, 50)));
        Track v2 = new Track("V2", TrackKind.VIDEO, false, false, List.of());
        Track v3 = new Track("V3", TrackKind.VIDEO, false, false, List.of(new Gap(30)));
        Timeline t = new Timeline(Rate.FPS_25, 640, 360, List.of(v1, v2, v3), List.of());
        return new ProjectSummary(Path.of("/p/sample.osp"), "openshot", t, t.gaps());
    }

    /** Regression: each empty OpenShot track was listed as a 5-second gap with no word that it is empty. */
    @Test
    void emptyTracksAreListedAsSuchOrLeftOutWithAFlag() {
        Run r = run(new Scripted(withEmptyTracks(), null), "gaps", "x.osp");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("GAP      TRACK  RANGE                            WHERE        VISIBLE", lines.get(1));
        assertEquals("V1:1     V1     50+25 (00:00:02:00+00:00:01:00)  interior     yes", lines.get(2));
        assertEquals("V2:1     V2     0+125 (00:00:00:00+00:00:05:00)  empty track  yes", lines.get(3));
        assertEquals("V3:1     V3     0+125 (00:00:00:00+00:00:05:00)  empty track  yes", lines.get(4));
        assertTrue(r.out().contains("Fill one: genshot fill x.osp --gap V1:1 "), r.out());
        Run left = run(new Scripted(withEmptyTracks(), null), "gaps", "x.osp", "--no-empty-tracks");
        assertEquals(0, left.status());
        assertFalse(left.out().contains("V2:1") || left.out().contains("V3:1"), left.out());
        assertTrue(left.out().contains("V1:1") && left.out().contains("(2 empty tracks left out)"), left.out());
        Run json = run(new Scripted(withEmptyTracks(), null), "gaps", "x.osp", "--json");
        assertTrue(json.out().contains("\"id\":\"V2:1\",\"track\":\"V2\",\"start\":0,\"length\":125,"
                + "\"startTimecode\":\"00:00:00:00\",\"visible\":true,\"range\":\"0+125 (00:00:00:00+00:00:05:00)\","
                + "\"emptyTrack\":true}"), json.out());
        Run jsonLeft = run(new Scripted(withEmptyTracks(), null), "gaps", "x.osp", "--json", "--no-empty-tracks");
        assertFalse(jsonLeft.out().contains("V2:1"), jsonLeft.out());
        assertFalse(jsonLeft.out().contains("\"emptyTrack\":true"), jsonLeft.out());
    }

    @Test
    void benchRefusesAParameterNoMeasuredGeneratorHasAndGivesEachWholeFillOnlyItsOwn() {
        generators = List.of(
                new GeneratorInfo("fog", "Fog", "", null, Map.of(), Map.of("density", "0.5"), List.of("cpu")),
                new GeneratorInfo("slug", "Slug", "", null, Map.of(), Map.of("name", ""), List.of("cpu")));
        try {
            genshot.api.Benchmarks fixed = (ids, sizes, frames, params, progress, cancel) -> List.of();
            StringWriter err = new StringWriter();
            int status = GenshotCommand.run(new Scripted(sample(), null), () -> null, fixed,
                    new String[] {"bench", "-g", "fog,slug", "-P", "dens=1"}, new PrintWriter(new StringWriter()),
                    new PrintWriter(err, true));
            assertEquals(2, status, err.toString());
            assertTrue(err.toString().startsWith("genshot: No generator measured here has a parameter 'dens'"),
                    err.toString());
            java.util.List<FillRequest> fills = new java.util.ArrayList<>();
            Genshot recording = new Scripted(sample(), req -> {
                fills.add(req);
                return new FillResult(Path.of("/p/x.kdenlive"), Path.of("/p/t.mp4"), Path.of("/p/t.json"),
                        Path.of("/p/b.kdenlive"), "kdenlive", "V1", new TimeRange(50, 25), 42, req.shot().generator(),
                        "cpu", Map.of("total", 5L), List.of());
            });
            Path sample = Path.of(System.getProperty("genshot.repoRoot", "../..")).resolve(
                    "assets/samples/kdenlive/sample.kdenlive").toAbsolutePath();
            StringWriter err2 = new StringWriter();
            assertEquals(0, GenshotCommand.run(recording, () -> null, fixed, new String[] {"bench", "-g", "fog,slug",
                    "-P", "density=0.9", "-P", "fit=crop", "--sample", sample.toString()},
                    new PrintWriter(new StringWriter()), new PrintWriter(err2, true)), err2.toString());
            assertEquals(List.of(Map.of("density", "0.9", "fit", "crop"), Map.of("fit", "crop")),
                    fills.stream().map(f -> f.shot().parameters()).toList(), "slug has no density");
        } finally {
            generators = List.of();
        }
    }

    @Test
    void rangeSyntax() {
        assertNull(FillCommand.parseRange(null));
        assertEquals(new TimeRange(3, 4), FillCommand.parseRange("3+4"));
        assertThrows(GenshotException.class, () -> FillCommand.parseRange("3-4"));
        assertThrows(GenshotException.class, () -> FillCommand.parseRange("3+-4"));
    }
}
