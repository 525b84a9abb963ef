package genshot.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GenshotException;
import genshot.api.HostAdapter;
import genshot.api.HostProject;
import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.api.Problem;
import genshot.testkit.ProjectFixtures.Item;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.ProjectFixtures.TrackSpec;
import genshot.timeline.Clip;
import genshot.timeline.GapSlot;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests every host adapter passes, each over its own golden projects (as JUnit 5's {@code EqualsContract}: a test
 * class of the adapter's module extends this class and implements the hooks; the tests are inherited).
 *
 * <h2>What an adapter must do to pass</h2>
 * <ol>
 * <li><b>Round trip without change</b> (each golden project): {@code read(file, bytes).serialize()} is equivalent to the
 * bytes by the adapter's own {@link #assertEquivalent(byte[], byte[])} (its canonical comparison, e.g. XML with sorted
 * attributes, or JSON as values), and reading and serializing that output again gives <em>the same bytes</em>.</li>
 * <li><b>Gap listing</b> (each golden project): {@code timeline().gaps()} equals the sibling {@code <name>.gaps.json}
 * ({@code {"gaps":[{"id":"V1:1","track":"V1","start":50,"length":25,"visible":true}]}}; frames at the project rate),
 * in order, compared on id, track, start, length and visible.</li>
 * <li><b>Insertion</b> at the start, in the middle and at the end of a gap, and over a whole gap, at 25 and at 30000/1001
 * fps: after {@code insert} and {@code serialize}, the bytes read again <em>with the adapter</em> hold a clip exactly
 * over the range whose media is the take (an absolute path, or one relative to the project's folder); every other clip
 * of every track keeps its range; the other tracks are equal item for item; the timeline's duration is unchanged; the
 * project file on disk is untouched ({@code insert} changes only the in-memory document). The project is the one
 * {@link #standardTracks} describes, written by {@link #writeProject}; the take is a file from {@link #media} and a
 * {@link MediaInfo} at the project's rate and size, its frame count equal to the range's.</li>
 * <li><b>Refusals</b>, each a {@link GenshotException} whose {@link Problem} has the code, and names the project file
 * ({@code file()} ends with the project's file name): a range that is not inside one gap ({@code gap.not-free}: it
 * overlaps a clip, or it is one frame longer than the gap), a locked track ({@code track.locked}), a track the project
 * does not have ({@code track.unknown}). <b>A refusal changes nothing:</b> {@code serialize()} after the refused call
 * returns the same bytes, byte for byte, as {@code serialize()} before it, and the file on disk keeps its bytes.</li>
 * <li><b>Off-grid times</b> ({@link #writeOffGridProject}): with {@link OffGrid#WARN} the project reads and
 * {@code warnings()} holds a {@code time.off-grid} problem; with {@link OffGrid#REFUSE} reading throws
 * {@code time.off-grid}. Each adapter says which in {@link #offGrid()} and documents why.</li>
 * <li><b>Missing media</b>: a project whose clip media file does not exist reads, and {@code warnings()} holds a
 * {@code media.missing} problem naming that file (its file name appears in the problem's file, message or place); the
 * same project with every media file present has no {@code media.missing} warning.</li>
 * <li><b>Damaged files</b>: a golden project cut in half, an empty file and a file of garbage are refused with
 * {@code project.corrupt}, naming the file.</li>
 * <li><b>Unsupported version</b> ({@link #writeUnsupportedVersion}): refused with {@code project.version}, naming the
 * file.</li>
 * <li>{@code accepts(file)} is true for every golden project; {@code host()} equals the projects' {@code host()}.</li>
 * <li><b>Media paths</b>: {@link HostProject#mediaPath} of every clip of the standard project is the media file it was
 * written with, and of an inserted clip the take.</li>
 * <li><b>Removal</b> ({@link HostProject#remove}, used to replace a take in place): inserting a take and removing it
 * again (in one session, or with a save and a new read in between; at the start, middle and end of a gap, over a whole
 * gap, in a leading and a trailing gap, at 25 and 30000/1001 fps) gives a timeline equal to the original, in memory
 * and read again, with the same gaps; removing take 1 and inserting take 2 over the same range leaves take 2 there
 * ({@code mediaPath}) and every other track as it was; removing a clip of the project leaves a gap merged with its
 * neighbours. Refusals change nothing (as for insertions): {@code remove.no-clip} when no single clip covers exactly
 * the range (a gap, part of a clip, a clip and a frame more, two clips), {@code track.locked}, {@code track.unknown}.</li>
 * </ol>
 *
 * <p>The standard project ({@link #standardTracks}): V1 = clip a [0,40), gap [40,70), clip b [70,100); V2 = gap [0,20),
 * clip b [20,40) (then free to the end); V3, locked = gap [0,40), clip a [40,50); and, when {@link #audioTracks()} is
 * true, an audio track A1 laid out like V1. Clip media are files made by {@link #media} (placeholders by default).
 */
public abstract class HostAdapterContract {

    /** How an adapter treats times that lie between two frames. */
    public enum OffGrid {
        /** The project reads; {@code warnings()} reports {@code time.off-grid}. */
        WARN,
        /** Reading throws {@code time.off-grid}: the host format cannot hold the time as a whole frame. */
        REFUSE
    }

    /** Project size the contract writes. */
    protected static final int WIDTH = 640;
    protected static final int HEIGHT = 360;

    @TempDir
    protected Path contractDir;

    // ---------------------------------------------------------------- hooks

    /** A fresh adapter instance. */
    protected abstract HostAdapter adapter();

    /** Each golden project file; each has a sibling {@code <name>.gaps.json} (name without the extension). */
    protected abstract List<Path> goldenProjects();

    /**
     * Writes a project with these tracks (in the order of {@link TrackSpec}s: audio tracks and video tracks; video tracks
     * become V1, V2... in the order given) to {@code file} and returns it.
     */
    protected abstract Path writeProject(Path file, Rate rate, int width, int height, List<TrackSpec> tracks);

    /** Writes a project in {@code dir} with at least one time between two frames, and returns it. */
    protected abstract Path writeOffGridProject(Path dir);

    /** Writes a project in {@code dir} whose format version the adapter does not read, and returns it. */
    protected abstract Path writeUnsupportedVersion(Path dir);

    /** Fails unless the two documents are the same for the host (the adapter's canonical comparison). */
    protected abstract void assertEquivalent(byte[] original, byte[] roundTripped);

    /** The file extension of projects, with the dot ({@code ".kdenlive"}). */
    protected abstract String extension();

    /** How this host treats off-grid times. */
    protected OffGrid offGrid() {
        return OffGrid.WARN;
    }

    /** Whether the standard project has an audio track A1 (hosts with separate audio tracks). */
    protected boolean audioTracks() {
        return true;
    }

    /**
     * A media file for clips and takes. The default writes a small placeholder file (adapters that do not probe media);
     * override to make real media (e.g. with {@link ProjectFixtures#colour}).
     */
    protected Media media(Path file, Rate rate, int width, int height, long frames) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, ("genshot placeholder media, " + frames + " frames at " + rate + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Media(file.toAbsolutePath(), rate, width, height, frames, false);
    }

    // ---------------------------------------------------------------- the standard project

    /** The tracks of the standard project (see the class comment), with media made in {@code dir}. */
    protected List<TrackSpec> standardTracks(Path dir, Rate rate, boolean createMedia) {
        Media a = createMedia ? media(dir.resolve("a.mp4"), rate, WIDTH, HEIGHT, 100)
                : new Media(dir.resolve("a.mp4").toAbsolutePath(), rate, WIDTH, HEIGHT, 100, false);
        Media b = createMedia ? media(dir.resolve("b.mp4"), rate, WIDTH, HEIGHT, 100)
                : new Media(dir.resolve("b.mp4").toAbsolutePath(), rate, WIDTH, HEIGHT, 100, false);
        List<TrackSpec> tracks = new ArrayList<>();
        if (audioTracks()) {
            tracks.add(new TrackSpec(true, false, false, List.of(Item.clip(a, 0, 40), Item.blank(30), Item.clip(b, 0, 30))));
        }
        tracks.add(new TrackSpec(false, false, false, List.of(Item.clip(a, 0, 40), Item.blank(30), Item.clip(b, 0, 30))));
        tracks.add(new TrackSpec(false, false, false, List.of(Item.blank(20), Item.clip(b, 0, 20))));
        tracks.add(new TrackSpec(false, true, false, List.of(Item.blank(40), Item.clip(a, 0, 10))));
        return tracks;
    }

    private Path standardProject(String name, Rate rate) {
        Path dir = contractDir.resolve(name);
        return writeProject(dir.resolve(name + extension()), rate, WIDTH, HEIGHT, standardTracks(dir, rate, true));
    }

    // ---------------------------------------------------------------- round trip and gaps

    @TestFactory
    public Stream<DynamicTest> roundTripWithoutChange() {
        return golden().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            byte[] original = Files.readAllBytes(p);
            HostProject project = adapter().read(p, original);
            assertEquals(adapter().host(), project.host());
            assertTrue(adapter().accepts(p), "the adapter must accept its own golden project " + p);
            byte[] once = project.serialize();
            assertEquivalent(original, once);
            byte[] twice = adapter().read(p, once).serialize();
            assertArrayEquals(once, twice, "serializing what was serialized must give the same bytes: " + p);
        }));
    }

    @TestFactory
    public Stream<DynamicTest> gapsOfGoldenProjects() {
        return golden().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String name = p.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path json = p.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".gaps.json");
            assertTrue(Files.isRegularFile(json), "every golden project needs its expected gaps: " + json);
            List<String> expected = new ArrayList<>();
            JsonNode gaps = new ObjectMapper().readTree(json.toFile()).path("gaps");
            if (!gaps.isArray()) {
                throw new AssertionError(json + " must hold {\"gaps\": [...]}");
            }
            for (JsonNode g : gaps) {
                expected.add(gapLine(g.path("id").asText(), g.path("track").asText(), g.path("start").longValue(),
                        g.path("length").longValue(), g.path("visible").asBoolean()));
            }
            List<String> actual = new ArrayList<>();
            for (GapSlot g : adapter().read(p, Files.readAllBytes(p)).timeline().gaps()) {
                actual.add(gapLine(g.id(), g.track(), g.range().start(), g.range().duration(), g.visible()));
            }
            assertEquals(String.join("\n", expected), String.join("\n", actual), "gaps of " + p + " (expected from " + json + ")");
        }));
    }

    private static String gapLine(String id, String track, long start, long length, boolean visible) {
        return id + " " + track + " [" + start + ", " + (start + length) + ") " + (visible ? "visible" : "covered");
    }

    private Stream<Path> golden() {
        List<Path> g = goldenProjects();
        assertFalse(g.isEmpty(), "an adapter needs golden projects");
        for (Path p : g) {
            assertTrue(Files.isRegularFile(p), "golden project missing: " + p);
        }
        return g.stream();
    }

    // ---------------------------------------------------------------- insertions

    @Test
    public void insertAtTheStartOfAGap() throws IOException {
        insertAndCheck(Rate.FPS_25, new TimeRange(40, 10));
    }

    @Test
    public void insertInTheMiddleOfAGap() throws IOException {
        insertAndCheck(Rate.FPS_25, new TimeRange(50, 10));
    }

    @Test
    public void insertAtTheEndOfAGap() throws IOException {
        insertAndCheck(Rate.FPS_25, new TimeRange(60, 10));
    }

    @Test
    public void insertIntoAWholeGap() throws IOException {
        insertAndCheck(Rate.FPS_25, new TimeRange(40, 30));
    }

    @Test
    public void insertIntoAWholeGapAt2997() throws IOException {
        insertAndCheck(Rate.FPS_29_97, new TimeRange(40, 30));
    }

    @Test
    public void insertInTheMiddleOfAGapAt2997() throws IOException {
        insertAndCheck(Rate.FPS_29_97, new TimeRange(47, 11));
    }

    private void insertAndCheck(Rate rate, TimeRange range) throws IOException {
        Path file = standardProject("insert-" + range.start() + "-" + range.duration() + "-" + rate.numerator(), rate);
        byte[] original = Files.readAllBytes(file);
        HostProject project = adapter().read(file, original);
        Timeline before = project.timeline();
        Media take = media(file.resolveSibling("takes/take.mp4"), rate, WIDTH, HEIGHT, range.duration());
        project.insert(request(take, "V1", range));
        byte[] out = project.serialize();
        assertArrayEquals(original, Files.readAllBytes(file), "insert must not write the project file");
        HostProject again = adapter().read(file, out);
        Timeline after = again.timeline();

        Track v1Before = before.track("V1").orElseThrow();
        Track v1After = after.track("V1").orElseThrow();
        List<TimeRange> expected = new ArrayList<>(v1Before.clipRanges());
        expected.add(range);
        expected.sort(Comparator.comparingLong(TimeRange::start));
        assertEquals(expected, v1After.clipRanges(), "V1's clips after inserting over " + range);
        Clip inserted = clipAt(v1After, range);
        assertNotNull(inserted, "no clip exactly over " + range + " on V1: " + v1After.items());
        Path media = Path.of(inserted.media());
        Path resolved = media.isAbsolute() ? media : file.toAbsolutePath().getParent().resolve(media);
        assertEquals(take.path().toAbsolutePath().normalize(), resolved.normalize(), "the new clip's media");
        assertEquals(take.path().toAbsolutePath().normalize(), again.mediaPath(inserted), "mediaPath of the new clip");
        for (Track t : before.tracks()) {
            if (!t.name().equals("V1")) {
                assertEquals(t, after.track(t.name()).orElse(null), "track " + t.name() + " must not change");
            }
        }
        assertEquals(before.tracks().size(), after.tracks().size(), "number of tracks");
        assertEquals(before.duration(), after.duration(), "timeline duration");
    }

    private static Clip clipAt(Track t, TimeRange range) {
        List<TimeRange> ranges = t.itemRanges();
        for (int k = 0; k < ranges.size(); k++) {
            if (ranges.get(k).equals(range) && t.items().get(k) instanceof Clip c) {
                return c;
            }
        }
        return null;
    }

    private static InsertRequest request(Media take, String track, TimeRange range) throws IOException {
        return new InsertRequest(take.path(), new MediaInfo(take.width(), take.height(), take.rate(), take.frames(), take.audio(),
                Files.size(take.path())), track, range, "genshot take");
    }

    // ---------------------------------------------------------------- media paths

    @Test
    public void mediaPathOfEveryClip() throws IOException {
        Path file = standardProject("media-path", Rate.FPS_25);
        HostProject p = adapter().read(file, Files.readAllBytes(file));
        Path dir = file.toAbsolutePath().getParent();
        int clips = 0;
        for (Track t : p.timeline().tracks()) {
            for (genshot.timeline.Item i : t.items()) {
                if (i instanceof Clip c) {
                    Path m = p.mediaPath(c);
                    assertTrue(m.equals(dir.resolve("a.mp4")) || m.equals(dir.resolve("b.mp4")),
                            "mediaPath of " + c + " on " + t.name() + " is " + m);
                    assertTrue(Files.isRegularFile(m), m.toString());
                    clips++;
                }
            }
        }
        assertEquals(audioTracks() ? 6 : 4, clips, "clips of the standard project");
    }

    // ---------------------------------------------------------------- removal (replace a take in place)

    @TestFactory
    public Stream<DynamicTest> insertThenRemoveGivesBackTheTimeline() {
        Object[][] cases = {
            {Rate.FPS_25, "V1", new TimeRange(40, 10)}, {Rate.FPS_25, "V1", new TimeRange(50, 10)},
            {Rate.FPS_25, "V1", new TimeRange(60, 10)}, {Rate.FPS_25, "V1", new TimeRange(40, 30)},
            {Rate.FPS_25, "V2", new TimeRange(0, 20)}, {Rate.FPS_25, "V2", new TimeRange(60, 40)},
            {Rate.FPS_25, "V2", new TimeRange(40, 60)}, {Rate.FPS_29_97, "V1", new TimeRange(47, 11)},
            {Rate.FPS_29_97, "V1", new TimeRange(40, 30)},
        };
        return Arrays.stream(cases).flatMap(c -> Stream.of(true, false).map(reread -> DynamicTest.dynamicTest(
                c[1] + " " + c[2] + " at " + c[0] + (reread ? ", saved in between" : ", one session"),
                () -> insertThenRemove((Rate) c[0], (String) c[1], (TimeRange) c[2], reread))));
    }

    private void insertThenRemove(Rate rate, String track, TimeRange range, boolean reread) throws IOException {
        Path file = standardProject("remove-" + track + "-" + range.start() + "-" + range.duration() + "-" + rate.numerator()
                + (reread ? "-r" : ""), rate);
        byte[] original = Files.readAllBytes(file);
        HostProject project = adapter().read(file, original);
        Timeline before = project.timeline();
        Media take = media(file.resolveSibling("takes/take.mp4"), rate, WIDTH, HEIGHT, range.duration());
        project.insert(request(take, track, range));
        if (reread) {
            project = adapter().read(file, project.serialize());
        }
        project.remove(track, range);
        assertEquals(before, project.timeline(), "the timeline after inserting and removing over " + range + " on " + track);
        byte[] out = project.serialize();
        assertArrayEquals(original, Files.readAllBytes(file), "remove must not write the project file");
        HostProject again = adapter().read(file, out);
        assertEquals(before, again.timeline(), "the timeline read again after inserting and removing over " + range);
        assertEquals(gapLines(before), gapLines(again.timeline()), "the gaps read again");
        assertArrayEquals(out, adapter().read(file, out).serialize(), "the result reads and writes back the same");
    }

    private static List<String> gapLines(Timeline t) {
        return t.gaps().stream().map(g -> gapLine(g.id(), g.track(), g.range().start(), g.range().duration(), g.visible())).toList();
    }

    @Test
    public void removeThenInsertAnotherTake() throws IOException {
        replace(Rate.FPS_25, new TimeRange(40, 30), true);
        replace(Rate.FPS_25, new TimeRange(50, 10), false);
        replace(Rate.FPS_29_97, new TimeRange(47, 11), true);
    }

    /** Take 1 over the range; then (after a save when {@code reread}) take 1 out and take 2 in: "replace". */
    private void replace(Rate rate, TimeRange range, boolean reread) throws IOException {
        Path file = standardProject("replace-" + range.start() + "-" + range.duration() + "-" + rate.numerator()
                + (reread ? "-r" : ""), rate);
        HostProject project = adapter().read(file, Files.readAllBytes(file));
        Timeline original = project.timeline();
        Media one = media(file.resolveSibling("takes/one.mp4"), rate, WIDTH, HEIGHT, range.duration());
        Media two = media(file.resolveSibling("takes/two.mp4"), rate, WIDTH, HEIGHT, range.duration());
        project.insert(request(one, "V1", range));
        if (reread) {
            project = adapter().read(file, project.serialize());
        }
        Timeline withOne = project.timeline();
        project.remove("V1", range);
        project.insert(request(two, "V1", range));
        HostProject again = adapter().read(file, project.serialize());
        Timeline after = again.timeline();
        Track v1 = after.track("V1").orElseThrow();
        assertEquals(withOne.track("V1").orElseThrow().clipRanges(), v1.clipRanges(), "V1's clips after the replacement");
        Clip there = clipAt(v1, range);
        assertNotNull(there, "no clip exactly over " + range + " on V1: " + v1.items());
        assertEquals(two.path().toAbsolutePath().normalize(), again.mediaPath(there), "the clip over " + range + " is take 2");
        for (Track t : original.tracks()) {
            if (!t.name().equals("V1")) {
                assertEquals(t, after.track(t.name()).orElse(null), "track " + t.name() + " must not change");
            }
        }
        assertEquals(original.duration(), after.duration(), "timeline duration");
        for (Track t : after.tracks()) {
            for (genshot.timeline.Item i : t.items()) {
                if (i instanceof Clip c) {
                    assertFalse(again.mediaPath(c).equals(one.path().toAbsolutePath().normalize()), "take 1 is still on " + t.name());
                }
            }
        }
    }

    @Test
    public void removeAClipOfTheProject() throws IOException {
        Path file = standardProject("remove-a", Rate.FPS_25);
        HostProject project = adapter().read(file, Files.readAllBytes(file));
        Timeline before = project.timeline();
        project.remove("V1", new TimeRange(0, 40));
        Timeline after = adapter().read(file, project.serialize()).timeline();
        assertEquals(List.of(new TimeRange(70, 30)), after.track("V1").orElseThrow().clipRanges(), "V1 after taking a out");
        assertEquals(List.of(new TimeRange(0, 70)), after.track("V1").orElseThrow().emptyRanges(after.duration()), "V1's gap");
        for (Track t : before.tracks()) {
            if (!t.name().equals("V1")) {
                assertEquals(t, after.track(t.name()).orElse(null), "track " + t.name() + " must not change");
            }
        }
        assertEquals(before.duration(), after.duration(), "timeline duration");
    }

    @Test
    public void removeRefusesARangeWithoutExactlyOneClip() throws IOException {
        assertRemoveRefused("remove.no-clip", "V1", new TimeRange(40, 10)); // a gap
        assertRemoveRefused("remove.no-clip", "V1", new TimeRange(0, 39)); // part of a clip
        assertRemoveRefused("remove.no-clip", "V1", new TimeRange(0, 41)); // a clip and a frame of the gap
        assertRemoveRefused("remove.no-clip", "V1", new TimeRange(1, 40)); // shifted by one frame
        assertRemoveRefused("remove.no-clip", "V2", new TimeRange(0, 40)); // a gap and a clip
        assertRemoveRefused("remove.no-clip", "V1", new TimeRange(0, 100)); // two clips and the gap between
        assertRemoveRefused("remove.no-clip", "V2", new TimeRange(60, 10)); // after the track's end
    }

    @Test
    public void removeRefusesALockedTrack() throws IOException {
        assertRemoveRefused("track.locked", "V3", new TimeRange(40, 10));
    }

    @Test
    public void removeRefusesATrackThatDoesNotExist() throws IOException {
        assertRemoveRefused("track.unknown", "V9", new TimeRange(0, 40));
    }

    private void assertRemoveRefused(String code, String track, TimeRange range) throws IOException {
        Path file = standardProject("refuse-remove-" + code.replace('.', '-') + "-" + track + "-" + range.start() + "-"
                + range.duration(), Rate.FPS_25);
        byte[] original = Files.readAllBytes(file);
        HostProject project = adapter().read(file, original);
        byte[] before = project.serialize();
        Timeline timeline = project.timeline();
        GenshotException e = assertThrows(GenshotException.class, () -> project.remove(track, range),
                "removing " + range + " from " + track + " must be refused with " + code);
        assertEquals(code, e.problem().code(), e.getMessage());
        assertNamesFile(e.problem(), file);
        assertArrayEquals(before, project.serialize(), "a refused removal must leave the document byte for byte as it was");
        assertEquals(timeline, project.timeline(), "a refused removal must leave the timeline as it was");
        assertArrayEquals(original, Files.readAllBytes(file), "a refused removal must leave the file untouched");
    }

    // ---------------------------------------------------------------- refusals

    @Test
    public void refusesARangeThatOverlapsAClip() throws IOException {
        assertRefused("gap.not-free", "V1", new TimeRange(35, 10));
    }

    @Test
    public void refusesARangeLongerThanTheGap() throws IOException {
        assertRefused("gap.not-free", "V1", new TimeRange(40, 31));
    }

    @Test
    public void refusesALockedTrack() throws IOException {
        assertRefused("track.locked", "V3", new TimeRange(0, 10));
    }

    @Test
    public void refusesATrackThatDoesNotExist() throws IOException {
        assertRefused("track.unknown", "V9", new TimeRange(40, 10));
    }

    private void assertRefused(String code, String track, TimeRange range) throws IOException {
        Path file = standardProject("refuse-" + code.replace('.', '-') + "-" + range.start() + "-" + range.duration(), Rate.FPS_25);
        byte[] original = Files.readAllBytes(file);
        HostProject project = adapter().read(file, original);
        byte[] before = project.serialize();
        Media take = media(file.resolveSibling("takes/take.mp4"), Rate.FPS_25, WIDTH, HEIGHT, range.duration());
        InsertRequest request = request(take, track, range);
        GenshotException e = assertThrows(GenshotException.class, () -> project.insert(request),
                "inserting over " + range + " on " + track + " must be refused with " + code);
        assertEquals(code, e.problem().code(), e.getMessage());
        assertNamesFile(e.problem(), file);
        assertArrayEquals(before, project.serialize(), "a refused insertion must leave the document byte for byte as it was");
        assertArrayEquals(original, Files.readAllBytes(file), "a refused insertion must leave the file untouched");
    }

    private static void assertNamesFile(Problem p, Path file) {
        assertNotNull(p.file(), "the problem must name the file: " + p);
        assertEquals(file.getFileName().toString(), Path.of(p.file()).getFileName().toString(), "the problem's file: " + p);
    }

    // ---------------------------------------------------------------- what is wrong with a project

    @Test
    public void offGridTimes() throws IOException {
        Path dir = contractDir.resolve("off-grid");
        Files.createDirectories(dir);
        Path file = writeOffGridProject(dir);
        byte[] original = Files.readAllBytes(file);
        if (offGrid() == OffGrid.REFUSE) {
            GenshotException e = assertThrows(GenshotException.class, () -> adapter().read(file, original));
            assertEquals("time.off-grid", e.problem().code(), e.getMessage());
            assertNamesFile(e.problem(), file);
        } else {
            HostProject p = adapter().read(file, original);
            assertTrue(p.warnings().stream().anyMatch(w -> w.code().equals("time.off-grid")),
                    "warnings() must report time.off-grid: " + p.warnings());
        }
        assertArrayEquals(original, Files.readAllBytes(file));
    }

    @Test
    public void missingMediaIsAWarning() throws IOException {
        Path dir = contractDir.resolve("missing-media");
        Path file = writeProject(dir.resolve("missing" + extension()), Rate.FPS_25, WIDTH, HEIGHT,
                standardTracks(dir, Rate.FPS_25, false));
        HostProject p = adapter().read(file, Files.readAllBytes(file));
        for (String name : new String[] {"a.mp4", "b.mp4"}) {
            assertTrue(p.warnings().stream().anyMatch(w -> w.code().equals("media.missing") && names(w, name)),
                    "warnings() must report media.missing naming " + name + ": " + p.warnings());
        }
        // the control: with the media present there is no such warning
        Path ok = standardProject("media-present", Rate.FPS_25);
        List<Problem> none = adapter().read(ok, Files.readAllBytes(ok)).warnings();
        assertTrue(none.stream().noneMatch(w -> w.code().equals("media.missing")), "no media is missing: " + none);
    }

    private static boolean names(Problem p, String fileName) {
        return String.valueOf(p.file()).contains(fileName) || String.valueOf(p.message()).contains(fileName)
                || String.valueOf(p.place()).contains(fileName);
    }

    @TestFactory
    public Stream<DynamicTest> truncatedFilesAreCorrupt() {
        return golden().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            byte[] all = Files.readAllBytes(p);
            assertCorrupt("truncated" + extension(), Arrays.copyOf(all, all.length / 2));
        }));
    }

    @Test
    public void invalidAndEmptyFilesAreCorrupt() throws IOException {
        assertCorrupt("garbage" + extension(), "genshot: this is not a project {[<\u0000\n".getBytes(StandardCharsets.UTF_8));
        assertCorrupt("empty" + extension(), new byte[0]);
    }

    private void assertCorrupt(String name, byte[] content) throws IOException {
        Path file = contractDir.resolve("corrupt").resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        GenshotException e = assertThrows(GenshotException.class, () -> adapter().read(file, content), name);
        assertEquals("project.corrupt", e.problem().code(), e.getMessage());
        assertNamesFile(e.problem(), file);
    }

    @Test
    public void unsupportedVersionIsRefused() throws IOException {
        Path dir = contractDir.resolve("version");
        Files.createDirectories(dir);
        Path file = writeUnsupportedVersion(dir);
        byte[] content = Files.readAllBytes(file);
        GenshotException e = assertThrows(GenshotException.class, () -> adapter().read(file, content));
        assertEquals("project.version", e.problem().code(), e.getMessage());
        assertNamesFile(e.problem(), file);
    }
}
