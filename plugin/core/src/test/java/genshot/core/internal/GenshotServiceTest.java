package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.timeline.Track;
import genshot.testkit.ProjectFixtures;
import genshot.api.ShotContext;
import genshot.api.HostProject;
import genshot.api.CancelledException;
import genshot.api.FillRequest;
import genshot.api.FillResult;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.api.Take;
import genshot.generators.internal.SlugGenerator;
import genshot.host.kdenlive.internal.KdenliveAdapter;
import genshot.media.internal.HumbleMediaEncoder;
import genshot.api.ShotContext;
import genshot.timeline.Clip;
import genshot.timeline.Gap;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import genshot.timeline.TrackKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workflow with the real Kdenlive adapter, the real slug generator and the real Humble encoder. */
class GenshotServiceTest {
    static final Path SAMPLE = Path.of(System.getProperty("genshot.repoRoot", "../..")).resolve("assets/samples/kdenlive");

    @TempDir
    Path dir;
    Path project;
    byte[] original;
    GenshotService genshot;

    @BeforeEach
    void setUp() throws Exception {
        try (Stream<Path> s = Files.list(SAMPLE)) {
            for (Path p : s.toList()) {
                Files.copy(p, dir.resolve(p.getFileName().toString()));
            }
        }
        project = dir.resolve("sample.kdenlive");
        original = Files.readAllBytes(project);
        genshot = new GenshotService(List.of(new KdenliveAdapter()), List.of(new SlugGenerator(), new SlugPlate(), new EightFpsPan()),
                new HumbleMediaEncoder(), Clock.systemUTC());
    }

    private FillRequest slug(String gap, TimeRange range, long seed) {
        return new FillRequest(project, gap, range, new ShotRequest("slug", "a door opens", "", seed, Map.of(), "cpu"));
    }

    @Test
    void generateKeepsATakeWithoutTouchingTheProjectAndInsertPutsItInTheGap() throws Exception {
        Take take = genshot.generate(slug("V1:1", new TimeRange(55, 10), 5), Progress.NONE, () -> false);
        assertArrayEquals(original, Files.readAllBytes(project), "generating does not touch the project");
        assertTrue(Files.isRegularFile(take.file()) && Files.isRegularFile(take.sidecar()));
        assertEquals(List.of(take), genshot.takes(project));
        assertEquals("V1", take.track());
        assertEquals(new TimeRange(55, 10), take.range());
        assertEquals(5, take.request().seed());

        FillResult r = genshot.insert(project, take);
        assertArrayEquals(original, Files.readAllBytes(r.backup()));
        List<TimeRange> gaps = genshot.open(project).gaps().stream().map(g -> g.range()).toList();
        assertEquals(List.of(new TimeRange(50, 5), new TimeRange(65, 10)), gaps, "the take sits in [55, 65)");

        byte[] filled = Files.readAllBytes(project);
        GenshotException twice = assertThrows(GenshotException.class, () -> genshot.insert(project, take));
        assertEquals("take.in-place", twice.problem().code(), "the same take again: nothing to do, and it says so");
        assertArrayEquals(filled, Files.readAllBytes(project), "a refused insertion changes nothing");
    }

    /** The real Kdenlive adapter, counting the projects it reads. */
    private static final class CountingAdapter implements genshot.api.HostAdapter {
        final KdenliveAdapter real = new KdenliveAdapter();
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String host() {
            return real.host();
        }

        @Override
        public boolean accepts(Path file) {
            return real.accepts(file);
        }

        @Override
        public genshot.api.HostProject read(Path file, byte[] content) {
            reads.incrementAndGet();
            return real.read(file, content);
        }
    }

    /** The real slug, which first runs {@code before} (an editor saving the project while the take is made). */
    private static final class SlugAfter implements genshot.api.ShotGenerator {
        final SlugGenerator slug = new SlugGenerator();
        final Runnable before;

        SlugAfter(Runnable before) {
            this.before = before;
        }

        @Override
        public genshot.api.GeneratorInfo info() {
            return slug.info();
        }

        @Override
        public genshot.api.ShotResult generate(ShotRequest request, genshot.api.ShotSpec spec,
                                               genshot.api.FrameSink sink, Progress progress,
                                               genshot.api.Cancellation cancel) {
            before.run();
            return slug.generate(request, spec, sink, progress, cancel);
        }
    }

    @Test
    void aFillParsesAnUnchangedProjectOnceAndAChangedOneAgain() throws Exception {
        CountingAdapter adapter = new CountingAdapter();
        GenshotService once = new GenshotService(List.of(adapter), List.of(new SlugAfter(() -> { })),
                new HumbleMediaEncoder(), Clock.systemUTC());
        FillResult r = once.fill(slug("V1:1", new TimeRange(50, 10), 3), Progress.NONE, () -> false);
        assertEquals(1, adapter.reads.get(), "read before generating, to generate, after it and to save: one parse");
        assertEquals(List.of(new TimeRange(60, 15)), once.open(project).gaps().stream().map(g -> g.range()).toList());
        assertArrayEquals(original, Files.readAllBytes(r.backup()));

        // the project is saved by someone else while the take is made: what is saved is read again, and kept
        Files.write(project, original);
        byte[] renamed = new String(original, java.nio.charset.StandardCharsets.UTF_8)
                .replace("<property name=\"kdenlive:clipname\">A.mp4</property>",
                        "<property name=\"kdenlive:clipname\">Dawn</property>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(java.util.Arrays.equals(original, renamed));
        CountingAdapter counted = new CountingAdapter();
        GenshotService changing = new GenshotService(List.of(counted), List.of(new SlugAfter(() -> {
            try {
                Files.write(project, renamed);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })), new HumbleMediaEncoder(), Clock.systemUTC());
        FillResult again = changing.fill(slug("V1:1", new TimeRange(50, 10), 3), Progress.NONE, () -> false);
        assertEquals(2, counted.reads.get(), "the first bytes once, the changed ones once");
        String saved = Files.readString(project);
        assertTrue(saved.contains("<property name=\"kdenlive:clipname\">Dawn</property>"),
                "the change made during generation is kept");
        assertArrayEquals(renamed, Files.readAllBytes(again.backup()), "the backup is what was there before the save");
        assertEquals(List.of(new TimeRange(60, 15)),
                changing.open(project).gaps().stream().map(g -> g.range()).toList());
    }

    /** Whether the file holds the four bytes of a codec tag (MOV sample description). */
    private static boolean tagged(Path file, String fourcc) throws Exception {
        byte[] b = Files.readAllBytes(file);
        byte[] t = fourcc.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + 4 <= b.length; i++) {
            for (int k = 0; k < 4; k++) {
                if (b[i + k] != t[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void platesAreWrittenInTheAlphaFormatAskedFor() throws Exception {
        Map<String, String> tags = Map.of("qtrle", "rle ", "ffv1", "FFV1");
        for (String format : List.of("", "ffv1", "FFV1")) {
            Map<String, String> params = format.isEmpty() ? Map.of() : Map.of("alphaFormat", format);
            Take take = genshot.generate(new FillRequest(project, "V1:1", new TimeRange(50, 5),
                    new ShotRequest("slug-plate", "smoke", "", 1, params, "cpu")), Progress.NONE, () -> false);
            String expect = format.isEmpty() ? "qtrle" : format.toLowerCase(java.util.Locale.ROOT);
            assertTrue(take.file().toString().endsWith(".mov"), take.file().toString());
            assertTrue(tagged(take.file(), tags.get(expect)), expect + " in " + take.file());
            List<byte[]> alpha = new java.util.ArrayList<>();
            new genshot.media.internal.HumbleMediaDecoder().decode(take.file(), 4, 1, f -> alpha.add(f.alpha().clone()));
            for (byte a : alpha.get(0)) {
                assertEquals(SlugPlate.ALPHA, a, expect + " keeps the alpha");
            }
        }
    }

    @Test
    void aGeneratorWithFewerFramesIsRetimedAlongItsMotionOrBlendedWhenAsked() throws Exception {
        genshot.generators.internal.MotionInterpolator motion = new genshot.generators.internal.MotionInterpolator();
        genshot.interpolator = motion;
        try {
            for (String retime : List.of("", "blend")) {
                Map<String, String> params = retime.isEmpty() ? Map.of() : Map.of("retime", retime);
                Take take = genshot.generate(new FillRequest(project, "V1:1", null,
                        new ShotRequest("pan8", "", "", 1, params, "cpu")), Progress.NONE, () -> false);
                String conform = new com.fasterxml.jackson.databind.ObjectMapper().readTree(take.sidecar().toFile())
                        .at("/generator/details/conform").asText();
                assertEquals("640x360, 9 frames -> 640x360, 25 frames (crop, "
                        + (retime.isEmpty() ? "motion" : "blended") + ")", conform);
            }
            genshot.interpolator = null;
            GenshotException e = assertThrows(GenshotException.class, () -> genshot.generate(new FillRequest(project,
                    "V1:1", null, new ShotRequest("pan8", "", "", 1, Map.of("retime", "motion"), "cpu")),
                    Progress.NONE, () -> false));
            assertEquals("parameter.invalid", e.problem().code());
        } finally {
            motion.close();
        }
    }

    @Test
    void anUnknownAlphaFormatIsRefusedBeforeAnythingIsWritten() throws Exception {
        GenshotException e = assertThrows(GenshotException.class, () -> genshot.fill(new FillRequest(project, "V1:1",
                null, new ShotRequest("slug-plate", "smoke", "", 1, Map.of("alphaFormat", "utvideo"), "cpu")),
                Progress.NONE, () -> false));
        assertEquals("parameter.invalid", e.problem().code());
        assertTrue(e.problem().hint().contains("qtrle, ffv1"), e.problem().hint());
        assertArrayEquals(original, Files.readAllBytes(project));
        assertEquals(List.of(), genshot.takes(project));
    }

    @Test
    void undoRestoresTheProjectAsItWasBeforeTheLastInsertion() throws Exception {
        GenshotException nothing = assertThrows(GenshotException.class, () -> genshot.undo(project));
        assertEquals("undo.nothing", nothing.problem().code());

        genshot.fill(slug("V1:1", new TimeRange(50, 10), 1), Progress.NONE, () -> false);
        byte[] afterFirst = Files.readAllBytes(project);
        genshot.fill(slug("V1:1", null, 2), Progress.NONE, () -> false);
        assertTrue(genshot.open(project).gaps().isEmpty());

        genshot.undo(project);
        assertArrayEquals(afterFirst, Files.readAllBytes(project), "the second insertion is undone");
        genshot.undo(project);
        assertArrayEquals(original, Files.readAllBytes(project), "then the first");
        assertEquals("undo.nothing", assertThrows(GenshotException.class, () -> genshot.undo(project)).problem().code());
    }

    @Test
    void undoRefusesWhenTheEditorSavedAfterTheInsertion() throws Exception {
        genshot.fill(slug("V1:1", null, 1), Progress.NONE, () -> false);
        String edited = Files.readString(project).replace("gap starts", "the editor renamed this guide");
        Files.writeString(project, edited);
        GenshotException e = assertThrows(GenshotException.class, () -> genshot.undo(project));
        assertEquals("undo.changed", e.problem().code());
        assertTrue(e.problem().hint().contains("backups"), e.problem().hint());
        assertEquals(edited, Files.readString(project));
    }

    @Test
    void cancelLeavesNoTakeAndNoChange() throws Exception {
        AtomicInteger frames = new AtomicInteger();
        Progress counting = (phase, done, total) -> {
            if (phase.equals("generating")) {
                frames.set((int) done);
            }
        };
        assertThrows(CancelledException.class,
                () -> genshot.fill(slug("V1:1", null, 1), counting, () -> frames.get() >= 3));
        assertArrayEquals(original, Files.readAllBytes(project));
        assertEquals(List.of(), genshot.takes(project));
        Path takes = dir.resolve("sample.kdenlive.genshot/takes");
        assertFalse(Files.exists(takes), "no partial video and no empty takes folder is left behind");
    }

    @Test
    void aGapBesideANestedSequenceIsFilled() throws Exception {
        Path nested = ProjectFixtures.nestedSequenceProject(dir.resolve("nested.kdenlive"));
        // the nested sequence before V2's gap is a clip without a media file: no neighbour a generator could read
        // (was a NullPointerException); the clip after the gap is one
        HostProject read = new KdenliveAdapter().read(nested, Files.readAllBytes(nested));
        Track v2 = read.timeline().track("V2").orElseThrow();
        ShotContext around = GenshotService.context(read, v2, new TimeRange(25, 35));
        assertNull(around.before());
        assertEquals(dir.resolve("A.mp4"), around.after().media());

        FillResult filled = genshot.fill(new FillRequest(nested, "V2:1", null, new ShotRequest("slug", "after the nest",
                "", 3, Map.of(), "cpu")), Progress.NONE, () -> false);
        assertEquals(new TimeRange(25, 35), filled.range());
        assertEquals(List.of(new TimeRange(30, 20), new TimeRange(70, 30)),
                new KdenliveAdapter().read(nested, Files.readAllBytes(nested)).timeline().gaps().stream()
                        .map(g -> g.range()).toList());
    }

    @Test
    void aFailedFillLeavesTheTakesOfEarlierFillsAndNoPartialOne() throws Exception {
        genshot.generate(slug("V1:1", null, 1), Progress.NONE, () -> false);
        AtomicInteger frames = new AtomicInteger();
        Progress counting = (phase, done, total) -> {
            if (phase.equals("generating")) {
                frames.set((int) done);
            }
        };
        List<Take> kept = genshot.takes(project);
        assertEquals(1, kept.size());
        assertThrows(CancelledException.class,
                () -> genshot.fill(slug("V1:1", null, 2), counting, () -> frames.get() >= 3));
        assertEquals(kept, genshot.takes(project));
        try (Stream<Path> s = Files.list(dir.resolve("sample.kdenlive.genshot/takes"))) {
            assertEquals(2, s.count(), "the earlier take and its sidecar, nothing else");
        }
    }

    @Test
    void aTakeWhoseVideoWasReplacedIsRefused() throws Exception {
        Take take = genshot.generate(slug("V1:1", null, 3), Progress.NONE, () -> false);
        Files.write(take.file(), new byte[] {0, 0, 0, 1}, java.nio.file.StandardOpenOption.APPEND);
        assertEquals("take.changed", assertThrows(GenshotException.class, () -> genshot.insert(project, take))
                .problem().code());
        assertArrayEquals(original, Files.readAllBytes(project));
        assertFalse(Files.exists(dir.resolve("sample.kdenlive.genshot/journal.jsonl")));
    }

    @Test
    void aTakeInPlaceCanBeMadeAgainByTrackAndRange() throws Exception {
        genshot.fill(slug("V1:1", null, 1), Progress.NONE, () -> false);
        byte[] filled = Files.readAllBytes(project);
        Take again = genshot.generate(slug("V1", new TimeRange(50, 25), 2), Progress.NONE, () -> false);
        assertEquals(new TimeRange(50, 25), again.range());
        assertArrayEquals(filled, Files.readAllBytes(project), "generating a new take changes nothing yet");
        GenshotException busy = assertThrows(GenshotException.class,
                () -> genshot.generate(slug("V1", new TimeRange(40, 20), 3), Progress.NONE, () -> false));
        assertEquals("range.not-free", busy.problem().code());
        GenshotException clip = assertThrows(GenshotException.class,
                () -> genshot.generate(slug("V1", new TimeRange(0, 50), 3), Progress.NONE, () -> false));
        assertEquals("range.not-free", clip.problem().code(), "the user's own clip A is not a take");

        FillResult swapped = genshot.fill(slug("V1", new TimeRange(50, 25), 5), Progress.NONE, () -> false);
        var clips = new KdenliveAdapter().read(project, Files.readAllBytes(project)).timeline().track("V1")
                .orElseThrow().items();
        assertEquals(3, clips.size(), "A, the new take, B: no gap and nothing moved");
        assertEquals(dir.relativize(swapped.take()).toString(), ((genshot.timeline.Clip) clips.get(1)).media(),
                "named relatively, as the sample names A.mp4 and B.mp4");
        assertArrayEquals(filled, Files.readAllBytes(swapped.backup()));
        genshot.undo(project);
        assertArrayEquals(filled, Files.readAllBytes(project), "undo brings the first take back");
    }

    @Test
    void aGenshotGuideInTheGapIsThePromptWhenNoneIsGiven() throws Exception {
        Files.writeString(project, Files.readString(project).replace("\"comment\": \"gap starts\"",
                "\"comment\": \"genshot: harbour at night, ferry leaving\""));
        Take fromGuide = genshot.generate(new FillRequest(project, "V1:1", null,
                new ShotRequest("slug", "", "", 1, Map.of(), "cpu")), Progress.NONE, () -> false);
        assertEquals("harbour at night, ferry leaving", fromGuide.request().prompt());
        Take typed = genshot.generate(slug("V1:1", null, 2), Progress.NONE, () -> false);
        assertEquals("a door opens", typed.request().prompt(), "a typed prompt wins over the guide");
        Take outside = genshot.generate(new FillRequest(project, "V1:1", new TimeRange(60, 5),
                new ShotRequest("slug", "", "", 3, Map.of(), "cpu")), Progress.NONE, () -> false);
        assertEquals("", outside.request().prompt(), "the guide at frame 50 is not inside [60, 65)");
    }

    @Test
    void aFillReportsEveryPhase() {
        FillResult r = genshot.fill(slug("V1:1", null, 4), Progress.NONE, () -> false);
        assertEquals(List.of("read", "generate+encode", "encode (overlapped)", "insert+save", "live link", "total"),
                List.copyOf(r.phaseMillis().keySet()));
        assertTrue(r.phaseMillis().get("total") >= r.phaseMillis().get("generate+encode"));
    }

    @Test
    void theContextNamesTheClipsThatTouchTheShot() {
        var project = new KdenliveAdapter().read(this.project, original);
        var v1 = project.timeline().track("V1").orElseThrow();
        var whole = GenshotService.context(project, v1, new TimeRange(50, 25));
        assertEquals(dir.resolve("A.mp4"), whole.before().media());
        assertEquals(49, whole.before().cutFrame(), "A's last frame shown");
        assertEquals(50, whole.before().frames());
        assertEquals(dir.resolve("B.mp4"), whole.after().media());
        assertEquals(0, whole.after().cutFrame(), "B's first frame shown");
        var middle = GenshotService.context(project, v1, new TimeRange(55, 10));
        assertEquals(null, middle.before());
        assertEquals(null, middle.after());
    }

    @Test
    void theContextSaysWhichFramesHaveFootageBelow() {
        // V1: 10 frames clip, 10 gap, 10 clip; V2 (hidden): a clip over it all; V3: a gap over frames 5..25
        var v1 = new Track("V1", TrackKind.VIDEO, false, false, List.of(
                new Clip("a", "a.mp4", 0, 10), new Gap(10),
                new Clip("b", "b.mp4", 0, 10)));
        var v2 = new Track("V2", TrackKind.VIDEO, false, true, List.of(
                new Clip("c", "c.mp4", 0, 30)));
        var v3 = new Track("V3", TrackKind.VIDEO, false, false, List.of(
                new Gap(5), new Gap(20),
                new Clip("d", "d.mp4", 0, 5)));
        var t = new Timeline(Rate.FPS_25, 64, 36, List.of(v1, v2, v3), List.of());
        // the hidden V2 does not count; V1's clips are under frames 5..9 and 20..24 (shot-relative 0..4, 15..19)
        assertEquals(List.of(new TimeRange(0, 5), new TimeRange(15, 5)),
                GenshotService.footageBelow(t, v3, TimeRange.ofStartEnd(5, 25)));
        // nothing is below V1
        assertEquals(List.of(), GenshotService.footageBelow(t, v1, new TimeRange(10, 10)));
        // a gap away from the clips below
        assertEquals(List.of(), GenshotService.footageBelow(t, v3, new TimeRange(12, 6)));
        var v2shown = new Track("V2", TrackKind.VIDEO, false, false, v2.items());
        var t2 = new Timeline(Rate.FPS_25, 64, 36, List.of(v1, v2shown, v3), List.of());
        assertEquals(List.of(new TimeRange(0, 20)), GenshotService.footageBelow(t2, v3, TimeRange.ofStartEnd(5, 25)),
                "overlapping clips below merge into one range");
        var ctx = new ShotContext(null, null, GenshotService.footageBelow(t, v3, TimeRange.ofStartEnd(5, 25)));
        assertTrue(ctx.hasFootageBelow());
        assertTrue(ctx.footageBelow(4));
        assertFalse(ctx.footageBelow(5));
        assertTrue(ctx.footageBelow(15));
    }
}
