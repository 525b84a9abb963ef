package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import genshot.api.FillRequest;
import genshot.api.GenshotException;
import genshot.api.PlanRequest;
import genshot.api.Progress;
import genshot.api.ShotPlans.ApplyReport;
import genshot.api.ShotPlans.Plan;
import genshot.api.ShotPlans.RenderReport;
import genshot.api.ShotPlans.Shard;
import genshot.api.ShotPlans.Shot;
import genshot.api.ShotPlans.ShotOutcome;
import genshot.api.ShotRequest;
import genshot.media.internal.HumbleMediaDecoder;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Item;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.Tools;
import genshot.timeline.GapSlot;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan, render in shards, apply: with the real Kdenlive adapter, the real slug generator, the real Humble encoder and
 * decoder, on a project with three gaps between clips of changing colour.
 */
class PlansTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path project;
    byte[] original;
    GenshotService genshot;
    Media a;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Tools.available("ffmpeg") || Tools.requireHosts(), "ffmpeg makes the test media");
        a = ProjectFixtures.ramp(dir.resolve("a.mp4"), Rate.FPS_25, 160, 90, 60, false);
        Media b = ProjectFixtures.ramp(dir.resolve("b.mp4"), Rate.FPS_25, 160, 90, 60, false);
        // V1: a[0,30) gap 10, b[5,25) gap 12, a[30,50) gap 8, b[0,20); a guide in the second gap
        project = ProjectFixtures.project(Rate.FPS_25, 160, 90)
                .video(Item.clip(a, 0, 30), Item.blank(10), Item.clip(b, 5, 20), Item.blank(12), Item.clip(a, 30, 20),
                        Item.blank(8), Item.clip(b, 0, 20))
                .guide(65, "genshot: a red door")
                .write(dir.resolve("film.kdenlive"));
        original = bytes(project);
        genshot = Sample.service();
        genshot.decoder = new HumbleMediaDecoder();
    }

    private PlanRequest all(Path out, Long seed) {
        return new PlanRequest(project, List.of(), true, false, new ShotRequest("slug", "", "", 0, Map.of(), "cpu"),
                null, seed, out, false);
    }

    @Test
    void shardsRenderTheSameFramesAsOneProcessAndApplyInsertsEveryTakeInOneSave() throws Exception {
        Path planA = dir.resolve("a.plan");
        Plan plan = genshot.plan(all(planA, 7L), Progress.NONE, () -> false);
        assertArrayEquals(original, bytes(project), "planning does not touch the project");
        assertEquals(List.of("s01", "s02", "s03"), plan.shots().stream().map(Shot::id).toList());
        assertEquals(List.of(new TimeRange(30, 10), new TimeRange(60, 12), new TimeRange(92, 8)),
                plan.shots().stream().map(Shot::range).toList());
        assertEquals(List.of(7L, 8L, 9L), plan.shots().stream().map(s -> s.request().seed()).toList());
        assertEquals("", plan.shots().get(0).request().prompt());
        assertEquals("a red door", plan.shots().get(1).request().prompt(), "the guide's text is the prompt");
        assertTrue(plan.shots().stream().allMatch(s -> s.state().equals("pending")));
        assertFalse(Files.exists(dir.resolve(".a.plan.planning")), "no working folder left");

        // the neighbours' frames are in the plan, exactly as the timeline shows them next to the cut
        JsonNode s01 = JSON.readTree(planA.resolve("plan.json").toFile()).path("shots").get(0);
        Path before = planA.resolve(s01.path("context").path("before").path("media").asText());
        assertEquals(9, s01.path("context").path("before").path("frames").asInt());
        List<byte[]> copied = decode(before, 0, 9);
        List<byte[]> source = decode(a.path(), 21, 9);
        for (int i = 0; i < 9; i++) {
            assertArrayEquals(source.get(i), copied.get(i), "frame " + (21 + i) + " of a.mp4, losslessly");
        }

        // the same plan rendered by one process, from a copy of the folder made before any render
        Path planB = dir.resolve("b.plan");
        copyTree(planA, planB);
        RenderReport zero = genshot.render(planA, new Shard(0, 2), Progress.NONE, () -> false);
        RenderReport one = genshot.render(planA, new Shard(1, 2), Progress.NONE, () -> false);
        assertEquals(List.of("s01", "s03"), zero.shots().stream().map(ShotOutcome::id).toList());
        assertEquals(List.of("s02"), one.shots().stream().map(ShotOutcome::id).toList());
        assertTrue(zero.failed().isEmpty() && one.failed().isEmpty(), zero + " " + one);
        RenderReport whole = genshot.render(planB, Shard.ALL, Progress.NONE, () -> false);
        assertEquals(3, whole.shots().size());
        for (String id : List.of("s01", "s02", "s03")) {
            Path ta = planA.resolve("takes/" + id + ".mp4");
            List<byte[]> x = decode(ta, 0, new HumbleMediaDecoder().probe(ta).frames());
            List<byte[]> y = decode(planB.resolve("takes/" + id + ".mp4"), 0, x.size());
            assertEquals(plan.shots().get(Integer.parseInt(id.substring(1)) - 1).range().duration() + 1, x.size(),
                    id + ": its frames and one handle");
            for (int i = 0; i < x.size(); i++) {
                assertArrayEquals(x.get(i), y.get(i), id + " frame " + i + ": shards and one process agree");
            }
        }
        assertTrue(Files.isRegularFile(planA.resolve("shards/0-of-2.json")));
        JsonNode report = JSON.readTree(planA.resolve("shards/1-of-2.json").toFile());
        assertEquals("done", report.path("shots").get(0).path("state").asText());
        assertFalse(report.path("finished").isNull());
        assertTrue(genshot.read(planA).shots().stream().allMatch(s -> s.state().equals("done")));

        // rendered again: nothing to do
        RenderReport again = genshot.render(planA, Shard.ALL, Progress.NONE, () -> false);
        assertTrue(again.shots().stream().allMatch(s -> s.state().equals("skipped")), again.toString());

        ApplyReport applied = genshot.apply(planA);
        assertEquals(3, applied.inserted().size(), applied.toString());
        assertTrue(applied.refused().isEmpty());
        assertArrayEquals(original, bytes(applied.backup()), "one backup: the project before the apply");
        assertEquals(1, Sample.list(project.resolveSibling("film.kdenlive.genshot/backups")).size());
        assertTrue(genshot.open(project).gaps().stream().noneMatch(g -> g.range().duration() > 0
                && g.position() == GapSlot.Position.INTERIOR), "every gap is filled");
        List<Journal.Entry> entries = new Journal(ProjectFile.read(project)).activeInsertions();
        assertEquals(3, entries.size(), "one journal entry per take");
        assertEquals(1, entries.stream().map(Journal.Entry::id).distinct().count(), "one save");
        assertEquals(3, genshot.takes(project).size(), "the takes are kept beside the project, with sidecars");
        assertEquals(8L, genshot.takes(project).stream().filter(t -> t.range().start() == 60).findFirst()
                .orElseThrow().request().seed());

        ApplyReport twice = genshot.apply(planA);
        assertEquals(3, twice.alreadyInPlace().size(), twice.toString());
        assertNull(twice.backup(), "nothing to save");

        genshot.undo(project);
        assertArrayEquals(original, bytes(project), "undo takes the whole apply back");
        assertTrue(new Journal(ProjectFile.read(project)).activeInsertions().isEmpty());
    }

    @Test
    void aKilledOrDamagedTakeIsMadeAgainAndOnlyThat() throws Exception {
        Path plan = dir.resolve("p");
        genshot.plan(all(plan, 1L), Progress.NONE, () -> false);
        genshot.render(plan, Shard.ALL, Progress.NONE, () -> false);
        Path s02 = plan.resolve("takes/s02.mp4");
        long s01Modified = Files.getLastModifiedTime(plan.resolve("takes/s01.mp4")).toMillis();
        byte[] good = bytes(s02);
        Files.write(s02, java.util.Arrays.copyOf(good, good.length / 2)); // cut, as a kill mid-write would
        Files.writeString(plan.resolve("takes/.s03.mp4.1.part"), "half"); // a killed encoder's partial file
        Files.delete(plan.resolve("takes/s03.json")); // killed after the take, before its sidecar
        assertEquals(List.of("done", "pending", "pending"), genshot.read(plan).shots().stream().map(Shot::state)
                .toList());

        RenderReport r = genshot.render(plan, Shard.ALL, Progress.NONE, () -> false);
        assertEquals(List.of("skipped", "done", "done"), r.shots().stream().map(ShotOutcome::state).toList());
        assertArrayEquals(good, bytes(s02), "made again, the same take");
        assertEquals(s01Modified, Files.getLastModifiedTime(plan.resolve("takes/s01.mp4")).toMillis());
        assertFalse(Files.exists(plan.resolve("takes/.s03.mp4.1.part")), "the partial file is gone");
        try (Stream<Path> s = Files.list(plan.resolve("takes"))) {
            assertEquals(List.of("s01.json", "s01.mp4", "s02.json", "s02.mp4", "s03.json", "s03.mp4"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "nothing else left in takes/");
        }
    }

    @Test
    void applyAfterTheProjectChangedRefusesTheShotsWhoseFramesAreTakenAndInsertsTheOthers() throws Exception {
        Path plan = dir.resolve("p");
        genshot.plan(all(plan, 3L), Progress.NONE, () -> false);
        genshot.render(plan, Shard.ALL, Progress.NONE, () -> false);
        // meanwhile, the editor puts something into part of the second gap (here: a fill of 4 of its frames)
        genshot.fill(new FillRequest(project, "V1:2", new TimeRange(64, 4),
                new ShotRequest("slug", "other", "", 1, Map.of(), "cpu")), Progress.NONE, () -> false);
        byte[] changed = bytes(project);

        ApplyReport r = genshot.apply(plan);
        assertEquals(List.of("s01", "s03"), r.inserted().stream().map(ShotOutcome::id).toList());
        assertEquals(List.of("s02"), r.refused().stream().map(ShotOutcome::id).toList());
        assertTrue(r.refused().get(0).message().contains("no longer free"), r.refused().get(0).message());
        assertTrue(r.refused().get(0).message().contains("60+12"), r.refused().get(0).message());
        assertArrayEquals(changed, bytes(r.backup()), "the editor's change is kept");
    }

    @Test
    void applyGoesThroughTheLiveLinkRefusingUnsavedChangesAndMakingTheEditorReload() throws Exception {
        Path plan = dir.resolve("p");
        genshot.plan(all(plan, 3L), Progress.NONE, () -> false);
        genshot.render(plan, Shard.ALL, Progress.NONE, () -> false);
        LiveLinkWorkflowTest.Editor editor = new LiveLinkWorkflowTest.Editor();
        genshot.links = List.of(editor);
        editor.unsaved = true;
        GenshotException e = assertThrows(GenshotException.class, () -> genshot.apply(plan));
        assertEquals("host.unsaved", e.problem().code());
        assertTrue(e.problem().hint().contains("apply the plan again"), e.problem().hint());
        assertArrayEquals(original, bytes(project));
        assertTrue(genshot.takes(project).isEmpty(), "no take copied beside the project");
        assertFalse(editor.asked.contains("reload"));

        editor.unsaved = false;
        ApplyReport r = genshot.apply(plan);
        assertEquals(3, r.inserted().size());
        assertEquals("reload", editor.asked.get(editor.asked.size() - 1), "the editor reloads the applied project");
        assertFalse(r.live().isEmpty(), "and the user is told");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"intent", "backup", "temp", "rename", "commit"})
    void anApplyKilledAfterAnyStepOfItsSaveLeavesTheOldOrTheNewProjectAndUndoKnowsWhich(String step) throws Exception {
        Path plan = dir.resolve("p");
        genshot.plan(all(plan, 3L), Progress.NONE, () -> false);
        genshot.render(plan, Shard.ALL, Progress.NONE, () -> false);
        ProjectFile.faults = new ProjectFile.Faults() {
            @Override
            public void after(String s) {
                if (s.equals(step)) {
                    throw new KillWindowsTest.Killed();
                }
            }
        };
        try {
            assertThrows(KillWindowsTest.Killed.class, () -> genshot.apply(plan));
        } finally {
            ProjectFile.faults = new ProjectFile.Faults() {
            };
        }
        boolean renamed = step.equals("rename") || step.equals("commit");
        assertEquals(renamed, !java.util.Arrays.equals(original, bytes(project)), "the old or the new version");
        genshot.takes(project); // the next run finishes the journal
        Journal journal = new Journal(ProjectFile.read(project));
        assertEquals(List.of(), journal.pending());
        assertEquals(renamed ? 3 : 0, journal.activeInsertions().size());
        if (renamed) {
            assertEquals(3, genshot.apply(plan).alreadyInPlace().size());
            genshot.undo(project);
            assertArrayEquals(original, bytes(project), "undo takes the whole apply back");
        } else {
            assertEquals(3, genshot.apply(plan).inserted().size(), "the apply can be made again");
        }
    }

    @Test
    void applyRefusesShotsNotRenderedAndSaysWhich() throws Exception {
        Path plan = dir.resolve("p");
        genshot.plan(all(plan, 3L), Progress.NONE, () -> false);
        genshot.render(plan, new Shard(1, 3), Progress.NONE, () -> false);
        ApplyReport r = genshot.apply(plan);
        assertEquals(List.of("s02"), r.inserted().stream().map(ShotOutcome::id).toList());
        assertEquals(List.of("pending", "pending"), r.refused().stream().map(ShotOutcome::state).toList());
        assertTrue(r.refused().get(0).message().contains("not rendered"));
    }

    @Test
    void planRefusesWhatItCannotDoAndWritesNothing() throws Exception {
        Path out = dir.resolve("p");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        GenshotException full = assertThrows(GenshotException.class, () -> genshot.plan(all(out, 1L), Progress.NONE,
                () -> false));
        assertEquals("plan.exists", full.problem().code());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));

        Path other = dir.resolve("q");
        GenshotException unknown = assertThrows(GenshotException.class, () -> genshot.plan(new PlanRequest(project,
                List.of("V1:9"), false, false, new ShotRequest("slug", "", "", 0, Map.of(), "cpu"), null, 1L, other,
                false), Progress.NONE, () -> false));
        assertEquals("gap.not-found", unknown.problem().code());
        GenshotException param = assertThrows(GenshotException.class, () -> genshot.plan(new PlanRequest(project,
                List.of("V1:1"), false, false, new ShotRequest("slug", "", "", 0, Map.of("colour", "red"), "cpu"),
                null, 1L, other, false), Progress.NONE, () -> false));
        assertEquals("parameter.unknown", param.problem().code());
        GenshotException both = assertThrows(GenshotException.class, () -> genshot.plan(new PlanRequest(project,
                List.of("V1:1"), true, false, new ShotRequest("slug", "", "", 0, Map.of(), "cpu"), null, 1L, other,
                false), Progress.NONE, () -> false));
        assertEquals("usage.plan-gaps", both.problem().code());
        assertFalse(Files.exists(other), "nothing written");
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".planning")));
        }

        // --marked: only the gap with a genshot: guide, its text the prompt
        Plan marked = genshot.plan(new PlanRequest(project, List.of(), false, true, new ShotRequest("slug", "", "", 0,
                Map.of(), "cpu"), null, null, other, false), Progress.NONE, () -> false);
        assertEquals(1, marked.shots().size());
        assertEquals("V1:2", marked.shots().get(0).gap());
        assertEquals("a red door", marked.shots().get(0).request().prompt());
        assertTrue(marked.shots().get(0).request().seed() >= 0, "a random seed, recorded");
    }

    @Test
    void aDamagedPlanIsRefusedWithWhereAndWhat() throws Exception {
        Path plan = dir.resolve("p");
        genshot.plan(all(plan, 1L), Progress.NONE, () -> false);
        Files.writeString(plan.resolve("plan.json"), "{\"genshotPlan\": 1, \"shots\": [{\"id\": \"../x\"}]}");
        GenshotException e = assertThrows(GenshotException.class, () -> genshot.render(plan, Shard.ALL,
                Progress.NONE, () -> false));
        assertEquals("plan.corrupt", e.problem().code());
        assertNotNull(e.problem().file());
        GenshotException none = assertThrows(GenshotException.class, () -> genshot.apply(dir.resolve("nothing")));
        assertEquals("plan.missing", none.problem().code());
    }

    private static List<byte[]> decode(Path video, long first, long count) {
        List<byte[]> out = new ArrayList<>();
        new HumbleMediaDecoder().decode(video, first, count, f -> out.add(f.bgr().clone()));
        return out;
    }

    private static byte[] bytes(Path p) throws java.io.IOException {
        return Files.readAllBytes(p);
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
