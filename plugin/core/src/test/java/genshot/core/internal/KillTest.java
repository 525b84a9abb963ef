package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import genshot.api.FillRequest;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.api.Take;
import genshot.host.kdenlive.internal.KdenliveAdapter;
import genshot.timeline.TimeRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at random moments of genshot's saves, in a child JVM that inserts and undoes (or fills and undoes)
 * over and over: after every kill the project is exactly one of its versions, every backup is byte-identical to one,
 * the next run finishes the journal and removes the dead process's leftovers, and undo works or says why not. Half
 * of the kills come at a random moment of the loop, half a random 0-4 ms after the journal grew (inside a save).
 * {@code -Dgenshot.kills=N} and {@code -Dgenshot.fillKills=N} change how many kills (default 100 and 12; a kill costs a JVM start, 0.6-1.8 s on 2 cores).
 */
class KillTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path project;
    Path work;
    byte[] original;
    GenshotService genshot;
    final List<String> violations = new ArrayList<>();
    int recoveredCommits;
    int recoveredAborts;
    int leftoversSeen;

    @BeforeEach
    void setUp() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("project"));
        try (Stream<Path> s = Files.list(GenshotServiceTest.SAMPLE)) {
            for (Path p : s.toList()) {
                Files.copy(p, folder.resolve(p.getFileName().toString()));
            }
        }
        project = folder.resolve("sample.kdenlive");
        work = folder.resolve("sample.kdenlive.genshot");
        original = Files.readAllBytes(project);
        genshot = Sample.service();
    }

    @Test
    void killedAtRandomMomentsOfInsertAndUndoTheProjectIsAlwaysOneOfItsVersions() throws Exception {
        int kills = Integer.getInteger("genshot.kills", 100);
        Take take = genshot.generate(new FillRequest(project, "V1:1", new TimeRange(50, 5),
                new ShotRequest("slug", "a door opens", "", 1, Map.of(), "cpu")), Progress.NONE, () -> false);
        genshot.insert(project, take);
        byte[] filled = Files.readAllBytes(project);
        genshot.undo(project);
        assertArrayEquals(original, Files.readAllBytes(project));
        Set<String> versions = Set.of(Hashes.sha256(original), Hashes.sha256(filled));

        long seed = Long.getLong("genshot.killSeed", System.nanoTime());
        Random random = new Random(seed);
        long t0 = System.nanoTime();
        for (int k = 0; k < kills; k++) {
            try (Child c = Child.start(dir, "saves", project.toString(), take.sidecar().toString())) {
                if (k % 2 == 0) {
                    Thread.sleep(random.nextInt(150)); // anywhere in the loop
                } else {
                    inASave(random); // aimed: a few milliseconds after the journal grew
                }
                if (!c.process.isAlive()) {
                    violations.add("kill " + k + ": the child ended by itself: " + c.errors());
                }
                c.kill();
            }
            checkAfterKill(k, versions);
        }
        report("insert/undo", kills, seed, t0);
    }

    @Test
    void killedAtRandomMomentsOfFillAndUndoNothingHalfMadeStays() throws Exception {
        int kills = Integer.getInteger("genshot.fillKills", 12);
        long seed = Long.getLong("genshot.killSeed", System.nanoTime());
        Random random = new Random(seed);
        long t0 = System.nanoTime();
        for (int k = 0; k < kills; k++) {
            try (Child c = Child.start(dir, "fills", project.toString())) {
                if (k % 2 == 0) {
                    Thread.sleep(random.nextInt(400));
                } else {
                    inASave(random);
                }
                if (!c.process.isAlive()) {
                    violations.add("kill " + k + ": the child ended by itself: " + c.errors());
                }
                c.kill();
            }
            checkAfterKill(k, null);
            for (Take t : genshot.takes(project)) {
                if (!Hashes.sha256(t.file()).equals(new TakeStore(ProjectFile.read(project), java.time.Clock.systemUTC())
                        .takeSha256(t.sidecar()))) {
                    violations.add("kill " + k + ": take " + t.id() + " is not the video its sidecar describes");
                }
            }
        }
        report("fill/undo", kills, seed, t0);
    }

    /**
     * Waits until the journal grows (a save wrote its intent, or its commit), then 0 to 4 ms more: most of a save
     * (backup, new version, rename, commit, each synced) lies in that window.
     */
    private void inASave(Random random) throws IOException, InterruptedException {
        Path journal = work.resolve("journal.jsonl");
        long size = Files.exists(journal) ? Files.size(journal) : 0;
        long give = System.nanoTime() + 2_000_000_000L;
        while ((Files.exists(journal) ? Files.size(journal) : 0) == size && System.nanoTime() < give) {
            Thread.onSpinWait();
        }
        long until = System.nanoTime() + random.nextInt(4_000_000);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private void report(String what, int kills, long seed, long t0) {
        System.out.printf("kill test (%s): %d kills, %d failures; recovered on the next run: %d saves committed, "
                        + "%d not made; runs that found leftovers: %d; %.1f s (seed %d)%n", what, kills,
                violations.size(), recoveredCommits, recoveredAborts, leftoversSeen, (System.nanoTime() - t0) / 1e9,
                seed);
        assertEquals(List.of(), violations);
        assertTrue(kills == 0 || recoveredCommits + recoveredAborts + leftoversSeen > 0,
                "some kills should land inside a save");
    }

    /**
     * The checks after one kill.
     *
     * @param versions every version the project may have, or null: every hash the journal names, and the original
     */
    private void checkAfterKill(int k, Set<String> versions) throws IOException {
        String where = "kill " + k + ": ";
        Set<String> allowed = new HashSet<>(versions != null ? versions : journalHashes());
        allowed.add(Hashes.sha256(original));
        byte[] now = Files.readAllBytes(project);
        if (!allowed.contains(Hashes.sha256(now))) {
            violations.add(where + "the project is none of its versions");
        }
        try {
            new KdenliveAdapter().read(project, now).timeline();
        } catch (RuntimeException e) {
            violations.add(where + "the project does not read: " + e);
        }
        for (Path b : visible(work.resolve("backups"))) {
            if (!allowed.contains(Hashes.sha256(Files.readAllBytes(b)))) {
                violations.add(where + "backup " + b.getFileName() + " is no version of the project");
            }
        }
        List<Path> before = leftovers();
        if (!before.isEmpty()) {
            leftoversSeen++;
        }
        long commits = countReasons("commit");
        long aborts = countReasons("abort");

        // the next run
        genshot.takes(project);

        recoveredCommits += (int) (countReasons("commit") - commits);
        recoveredAborts += (int) (countReasons("abort") - aborts);
        if (!leftovers().isEmpty()) {
            violations.add(where + "left after the next run: " + leftovers());
        }
        ProjectFile file = ProjectFile.read(project);
        Journal journal = new Journal(file);
        if (!journal.pending().isEmpty()) {
            violations.add(where + "the journal still has open intents: " + journal.pending());
        }
        var last = journal.lastInsertion();
        String expect = last.map(Journal.Entry::sha256After).orElse(Hashes.sha256(original));
        if (!expect.equals(file.sha256())) {
            violations.add(where + "the journal does not end where the project is");
        }
        if (k % 3 == 0) {
            try {
                genshot.undo(project);
                if (last.isEmpty() || !Hashes.sha256(Files.readAllBytes(project)).equals(last.get().sha256Before())) {
                    violations.add(where + "undo did not go back to the version before the last insertion");
                }
            } catch (GenshotException e) {
                if (!(last.isEmpty() && e.problem().code().equals("undo.nothing"))) {
                    violations.add(where + "undo refused: " + e.getMessage());
                }
            }
        }
    }

    /** What a dead process may leave: temporary files beside the project, partial backups, partial takes. */
    private List<Path> leftovers() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(project.getParent())) {
            s.filter(p -> p.getFileName().toString().startsWith(".sample.kdenlive.genshot")).forEach(out::add);
        }
        for (Path folder : List.of(work.resolve("backups"), work.resolve("takes"))) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> s = Files.list(folder)) {
                    s.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".part") || n.endsWith(".tmp")
                                || ((n.endsWith(".mp4") || n.endsWith(".mov"))
                                && !Files.exists(TakeStore.sidecarOf(p)));
                    }).forEach(out::add);
                }
            }
        }
        return out;
    }

    private static List<Path> visible(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    private List<JsonNode> journalLines() throws IOException {
        Path j = work.resolve("journal.jsonl");
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(j)) {
            for (String line : Files.readAllLines(j, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    private Set<String> journalHashes() throws IOException {
        Set<String> out = new HashSet<>();
        for (JsonNode o : journalLines()) {
            if (o.has("sha256Before")) {
                out.add(o.get("sha256Before").asText());
                out.add(o.get("sha256After").asText());
            }
        }
        return out;
    }

    private long countReasons(String op) throws IOException {
        return journalLines().stream().filter(o -> o.path("op").asText().equals(op)
                && o.path("reason").asText().startsWith("recovered")).count();
    }
}
