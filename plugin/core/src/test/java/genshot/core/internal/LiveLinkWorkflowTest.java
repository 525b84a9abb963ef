package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.FillRequest;
import genshot.api.FillResult;
import genshot.api.GenshotException;
import genshot.api.LiveLink;
import genshot.api.LiveSession;
import genshot.api.LiveState;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.api.Take;
import genshot.generators.internal.SlugGenerator;
import genshot.host.kdenlive.internal.KdenliveAdapter;
import genshot.media.internal.HumbleMediaEncoder;
import genshot.timeline.TimeRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow's side of the live link, with the real Kdenlive adapter, slug generator and Humble encoder and an
 * editor played by a scripted {@link LiveLink} (the real editors are driven in the launcher's KdenliveLiveIT and
 * OpenShotLiveIT): when writes are refused, when the editor is made to reload, what the user is told, how long a
 * link that does not answer may hold a fill, and how an insertion dropped by an editor's save is found.
 */
class LiveLinkWorkflowTest {
    @TempDir
    Path dir;
    Path project;
    byte[] original;
    GenshotService genshot;
    Editor editor;

    /** An editor as a link reports it; records what genshot asked of it. */
    static final class Editor implements LiveLink {
        Boolean unsaved = false;
        boolean canReload = true;
        long answerAfterMillis;
        final List<String> asked = new ArrayList<>();

        @Override
        public String host() {
            return "kdenlive";
        }

        @Override
        public List<LiveSession> find(Path project, Duration within) {
            asked.add("find");
            if (answerAfterMillis > 0) {
                try {
                    Thread.sleep(answerAfterMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return List.of();
                }
            }
            return List.of(new LiveSession("kdenlive", "Kdenlive 22.12.3", 4242, project, LiveSession.Sureness.SURE,
                    "window title and command line", unsaved, canReload, canReload));
        }

        @Override
        public boolean reload(LiveSession session, Duration within) {
            asked.add("reload");
            return true;
        }

        @Override
        public boolean save(LiveSession session, Duration within) {
            asked.add("save");
            return false;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        Path sample = GenshotServiceTest.SAMPLE;
        try (Stream<Path> s = Files.list(sample)) {
            for (Path p : s.toList()) {
                Files.copy(p, dir.resolve(p.getFileName().toString()));
            }
        }
        project = dir.resolve("sample.kdenlive");
        original = Files.readAllBytes(project);
        genshot = new GenshotService(List.of(new KdenliveAdapter()), List.of(new SlugGenerator()),
                new HumbleMediaEncoder(), Clock.systemUTC());
        editor = new Editor();
        genshot.links = List.of(editor);
    }

    private FillRequest slug(TimeRange range) {
        return new FillRequest(project, "V1:1", range, new ShotRequest("slug", "a door opens", "", 7, Map.of(), "cpu"));
    }

    private long takeFiles() throws Exception {
        Path takes = project.resolveSibling("sample.kdenlive.genshot/takes");
        if (!Files.exists(takes)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(takes)) {
            return s.count();
        }
    }

    @Test
    void anEditorWithUnsavedChangesRefusesEveryWriteBeforeAnyWorkAndNothingIsWritten() throws Exception {
        editor.unsaved = true;
        GenshotException e = assertThrows(GenshotException.class, () -> genshot.fill(slug(null), Progress.NONE,
                () -> false));
        assertEquals("host.unsaved", e.problem().code());
        assertEquals("Kdenlive has unsaved changes in sample.kdenlive (window title and command line)",
                e.problem().message());
        assertTrue(e.problem().hint().startsWith("save them there, then run the fill again"), e.problem().hint());
        assertArrayEquals(original, Files.readAllBytes(project));
        assertEquals(0, takeFiles(), "refused before generating");

        editor.unsaved = false;
        Take take = genshot.generate(slug(new TimeRange(50, 5)), Progress.NONE, () -> false);
        editor.unsaved = true;
        assertEquals("host.unsaved", assertThrows(GenshotException.class, () -> genshot.insert(project, take))
                .problem().code());
        assertArrayEquals(original, Files.readAllBytes(project));
        assertFalse(editor.asked.contains("reload"));

        editor.unsaved = false;
        genshot.insert(project, take);
        byte[] filled = Files.readAllBytes(project);
        editor.unsaved = true;
        assertEquals("host.unsaved", assertThrows(GenshotException.class, () -> genshot.undo(project)).problem()
                .code());
        assertArrayEquals(filled, Files.readAllBytes(project), "undo refused too");
    }

    @Test
    void afterEachWriteTheEditorReloadsOrTheUserIsToldToReopen() throws Exception {
        FillResult r = genshot.fill(slug(new TimeRange(50, 5)), Progress.NONE, () -> false);
        assertEquals(List.of("Kdenlive reloaded sample.kdenlive"), r.live());
        assertEquals("reload", editor.asked.get(editor.asked.size() - 1), "the reload comes after the save");
        assertTrue(r.phaseMillis().containsKey("live link"));

        editor.canReload = false;
        editor.unsaved = null; // a link that cannot tell does not block
        FillResult r2 = genshot.fill(slug(new TimeRange(55, 5)), Progress.NONE, () -> false);
        assertEquals(1, r2.live().size());
        assertTrue(r2.live().get(0).startsWith("Kdenlive has sample.kdenlive open and cannot reload it: reopen it"),
                r2.live().get(0));
        assertEquals(1, editor.asked.stream().filter("reload"::equals).count(), "no reload asked of it");

        genshot.links = List.of();
        FillResult alone = genshot.fill(slug(new TimeRange(60, 5)), Progress.NONE, () -> false);
        assertEquals(List.of(), alone.live(), "no editor: nothing to say, nothing to wait for");
    }

    @Test
    void aLinkThatDoesNotAnswerCostsAFillAtMostHalfASecondEachTime() throws Exception {
        editor.answerAfterMillis = 5_000;
        long t0 = System.nanoTime();
        List<LiveSession> found = new LiveGuard(() -> List.of(editor)).sessions("kdenlive", project);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(List.of(), found, "an editor that does not answer counts as none");
        assertTrue(ms < 600, "bounded: " + ms + " ms");
        FillResult r = genshot.fill(slug(new TimeRange(50, 5)), Progress.NONE, () -> false);
        assertEquals(List.of(), r.live());
    }

    @Test
    void anInsertionDroppedByAnEditorsSaveIsFoundAndPutBackAsItWas() throws Exception {
        genshot.fill(slug(new TimeRange(60, 10)), Progress.NONE, () -> false);
        genshot.undo(project);
        assertEquals(List.of(), genshot.live(project).dropped(), "an undone insertion is not dropped");
        Files.walk(project.resolveSibling("sample.kdenlive.genshot/takes")).filter(Files::isRegularFile)
                .forEach(p -> p.toFile().delete());

        FillResult r = genshot.fill(slug(new TimeRange(50, 10)), Progress.NONE, () -> false);
        assertEquals(List.of(), genshot.live(project).dropped(), "in place");
        // the editor, which never reloaded, saves its old document (and its own edit) over genshot's
        String old = new String(original, StandardCharsets.UTF_8).replace("</mlt>", "<!-- an edit -->\n</mlt>");
        Files.writeString(project, old, StandardCharsets.UTF_8);

        LiveState s = genshot.live(project);
        assertEquals(1, s.dropped().size());
        LiveState.Dropped d = s.dropped().get(0);
        Take take = genshot.takes(project).get(0);
        assertEquals(take.id(), d.take());
        assertEquals("V1", d.track());
        assertEquals(new TimeRange(50, 10), d.range());
        assertTrue(d.free());
        assertEquals("genshot use " + project + " " + take.id(), d.restore());
        assertEquals(r.take(), take.file());

        genshot.insert(project, take);
        assertEquals(List.of(), genshot.live(project).dropped(), "put back");
        assertTrue(Files.readString(project).contains("<!-- an edit -->"), "the editor's edit is kept");
    }

    @Test
    void aDroppedTakeWhoseFramesAreTakenSaysSoInsteadOfOfferingAPutBack() throws Exception {
        genshot.fill(slug(new TimeRange(50, 10)), Progress.NONE, () -> false);
        Files.write(project, original);
        // someone else's clip now over part of those frames: a fresh take from genshot stands in for it
        Take other = genshot.generate(slug(new TimeRange(55, 20)), Progress.NONE, () -> false);
        Path sidecar = other.sidecar();
        genshot.insert(project, other);
        Files.delete(sidecar); // not one of genshot's takes any more: just a clip in the way
        // a byte changed so the project is not genshot's own last save
        Files.writeString(project, Files.readString(project) + "\n");
        List<LiveState.Dropped> dropped = genshot.live(project).dropped();
        assertEquals(1, dropped.size(), dropped.toString());
        assertFalse(dropped.get(0).free());
        assertTrue(dropped.get(0).restore().startsWith("its frames 50+10 (00:00:02:00+00:00:00:10) on V1 are taken now"),
                dropped.get(0).restore());
    }
}
