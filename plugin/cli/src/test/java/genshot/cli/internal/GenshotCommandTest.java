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
            return List.of();
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
            assertTrue(r.out().contains("Take V1_50-75_slug_s1_x (V1 frames 50..74) was dropped by an editor save at "),
                    r.out());
            assertTrue(r.out().contains("To put it back: genshot use /p/x.kdenlive V1_50-75_slug_s1_x"), r.out());
            Run j = run(new Scripted(sample(), null), "status", "x.kdenlive", "--json");
            assertEquals(4, j.status());
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
                + "\"track\":\"V1\",\"start\":50,\"length\":25,\"startTimecode\":\"00:00:02:00\",\"visible\":true}]}",
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
        assertTrue(r.out().startsWith("Filled V1:1: track V1, frames 50..74 (25 frames), with fog, seed 7, on cpu.\n"),
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
        assertEquals(List.of("Filled V1:1: track V1, frames 50..74 (25 frames), with fog, seed 7, on cpu.",
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
        assertEquals("No takes for this project yet.", takes.out().trim());
        Run undo = run(new Scripted(sample(), null), "undo", "x.kdenlive");
        assertEquals(1, undo.status());
        assertEquals("genshot: genshot has inserted nothing into this project that could be undone [x.kdenlive]",
                undo.err().trim());
        Run use = run(new Scripted(sample(), null), "use", "x.kdenlive", "V1_0-1_slug");
        assertEquals(1, use.status());
        assertTrue(use.err().startsWith("genshot: There is no take 'V1_0-1_slug'"), use.err());
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
    void rangeSyntax() {
        assertNull(FillCommand.parseRange(null));
        assertEquals(new TimeRange(3, 4), FillCommand.parseRange("3+4"));
        assertThrows(GenshotException.class, () -> FillCommand.parseRange("3-4"));
        assertThrows(GenshotException.class, () -> FillCommand.parseRange("3+-4"));
    }
}
