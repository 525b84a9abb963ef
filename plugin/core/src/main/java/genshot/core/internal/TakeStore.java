package genshot.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.GeneratorInfo;
import genshot.api.GenshotException;
import genshot.api.MediaInfo;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.api.Take;
import genshot.timeline.RationalTime;
import genshot.timeline.TimeRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where takes live: {@code <project>.genshot/takes/}, each video with a JSON sidecar that holds everything
 * needed to make it again.
 */
final class TakeStore {
    static final int SIDECAR_VERSION = 1;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ProjectFile project;
    private final Clock clock;

    TakeStore(ProjectFile project, Clock clock) {
        this.project = project;
        this.clock = clock;
    }

    Path folder() {
        return project.workFolder().resolve("takes");
    }

    /**
     * A new path for a take, {@code V1_50+25_fog_s42_20261130T101500.mp4} (track, range as start+length) (or {@code .mov} with alpha), taken by an
     * empty file until the encoder puts the take there.
     */
    Path newTakePath(String track, TimeRange range, ShotRequest shot, String extension) {
        String base = String.format("%s_%d+%d_%s_s%d_%s", track, range.start(), range.duration(),
                safe(shot.generator()), shot.seed(), STAMP.format(clock.instant()));
        try {
            project.ensureWorkFolder();
            Files.createDirectories(folder());
        } catch (IOException e) {
            throw GenshotException.of("take.unwritable", "Cannot create the takes folder: " + e.getMessage(),
                    folder(), null, "check the permissions of the project's folder");
        }
        // the name is taken by creating the (empty) file: two processes making a take in the same second for the
        // same place, generator and seed get two names
        for (int n = 1; ; n++) {
            Path p = folder().resolve(n == 1 ? base + "." + extension : base + "-" + n + "." + extension);
            if (Files.exists(sidecarOf(p))) {
                continue;
            }
            try {
                return Files.createFile(p);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // next number
            } catch (IOException e) {
                if (DiskSpace.isFull(e, folder(), 1)) {
                    throw DiskSpace.full(folder(), "The take cannot be created: the disk is full", 1,
                            "nothing was generated and the project is unchanged; free some space");
                }
                throw GenshotException.of("take.unwritable", "Cannot create the take: " + e.getMessage(), p, null,
                        "check the permissions of the project's folder");
            }
        }
    }

    /**
     * Removes the takes folder when it holds nothing (a first fill that failed leaves no empty folder behind); only
     * when no other genshot works in the project's folder. Best effort, silent.
     */
    void removeFolderIfEmpty() {
        Path takes = folder();
        if (!Files.isDirectory(takes) || ProjectFile.list(takes, p -> true).length > 0) {
            return;
        }
        try {
            WorkLocks.whenAlone(project.workFolder(), () -> {
                if (ProjectFile.list(takes, p -> true).length == 0) {
                    Files.deleteIfExists(takes);
                }
                return null;
            });
        } catch (IOException e) {
            ProjectFile.debug("empty takes folder not removed: " + e.getMessage());
        }
    }

    /**
     * Removes what a killed generation left in the takes folder: partial videos ({@code .<take>.<n>.part}),
     * half-written sidecars ({@code .<take>.json.tmp}), and videos whose sidecar was never written (a take without
     * provenance is not one) that neither the project nor a backup names. Only when no other genshot, in this process or another, works in the
     * project's folder: then all of these belong to a process that is gone. Best effort, silent.
     */
    void cleanLeftovers() {
        Path takes = folder();
        if (!Files.isDirectory(takes) || !Files.isWritable(takes)) {
            return;
        }
        if (ProjectFile.list(takes, this::leftover).length == 0) {
            return;
        }
        try {
            WorkLocks.whenAlone(project.workFolder(), () -> {
                for (Path p : ProjectFile.list(takes, this::leftover)) {
                    Files.deleteIfExists(p);
                }
                return null;
            });
        } catch (IOException e) {
            ProjectFile.debug("leftover takes not cleaned: " + e.getMessage());
        }
    }

    private boolean leftover(Path p) throws IOException {
        String n = p.getFileName().toString();
        if (n.startsWith(".")) {
            return n.endsWith(".part") || n.endsWith(".json.tmp");
        }
        if (!(n.endsWith(".mp4") || n.endsWith(".mov")) || Files.exists(sidecarOf(p))) {
            return false;
        }
        // a take is inserted only once its sidecar is written, so a video without one is no insertion's: unless
        // someone deleted the sidecar by hand, which the project (or a version of it undo may bring back) shows
        return Files.size(p) == 0 || !mentioned(n);
    }

    /** Whether the project, or one of its backups, names this file. */
    private boolean mentioned(String fileName) throws IOException {
        byte[] name = fileName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (contains(project.content(), name)) {
            return true;
        }
        for (Path b : ProjectFile.list(project.workFolder().resolve("backups"), Files::isRegularFile)) {
            if (contains(Files.readAllBytes(b), name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static Path sidecarOf(Path take) {
        String name = take.getFileName().toString();
        return take.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".json");
    }

    record Record(Path project, String host, String projectSha256Before, String track, TimeRange range, ShotSpec spec,
                  GeneratorInfo generator, ShotRequest request, ShotResult result, MediaInfo media, boolean alpha,
                  String toolVersion, String toolCommit, Instant started, Instant finished,
                  Map<String, Long> phaseMillis) {
    }

    Path writeSidecar(Path take, Record r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("genshotTake", SIDECAR_VERSION);
        root.putObject("tool").put("name", "genshot").put("version", r.toolVersion()).put("commit", r.toolCommit());
        ObjectNode req = root.putObject("request");
        req.put("prompt", r.request().prompt());
        req.put("negativePrompt", r.request().negativePrompt());
        req.put("seed", r.request().seed());
        req.put("generator", r.request().generator());
        ObjectNode params = req.putObject("parameters");
        new TreeMap<>(r.request().parameters()).forEach(params::put);
        req.put("device", r.request().device());

        ObjectNode gen = root.putObject("generator");
        gen.put("id", r.generator().id());
        gen.put("title", r.generator().title());
        if (r.generator().model() != null) {
            gen.put("model", r.generator().model());
        }
        ObjectNode files = gen.putObject("modelFiles");
        new TreeMap<>(r.generator().modelFiles()).forEach(files::put);
        ObjectNode defaults = gen.putObject("parameterDefaults");
        new TreeMap<>(r.generator().parameters()).forEach(defaults::put);
        gen.put("device", r.result().device());
        ObjectNode details = gen.putObject("details");
        new TreeMap<>(r.result().details()).forEach(details::put);

        ObjectNode proj = root.putObject("project");
        proj.put("file", r.project().toString());
        proj.put("host", r.host());
        proj.put("sha256", r.projectSha256Before());
        proj.put("track", r.track());
        proj.put("start", r.range().start());
        proj.put("frames", r.range().duration());
        proj.put("startTimecode", new RationalTime(r.range().start(), r.spec().rate()).toTimecode());
        proj.put("range", r.range().text(r.spec().rate()));
        proj.put("rate", r.spec().rate().toString());
        proj.put("width", r.spec().width());
        proj.put("height", r.spec().height());

        ObjectNode media = root.putObject("take");
        media.put("file", take.getFileName().toString());
        try {
            media.put("sha256", Hashes.sha256(take));
        } catch (IOException e) {
            throw GenshotException.of("take.unreadable", "The take cannot be read back: " + e.getMessage(), take, null,
                    null);
        }
        media.put("frames", r.media().frames());
        media.put("handleFrames", r.media().frames() - r.range().duration());
        media.put("alpha", r.alpha());
        media.put("rate", r.media().rate().toString());
        media.put("width", r.media().width());
        media.put("height", r.media().height());
        media.put("bytes", r.media().sizeBytes());

        ObjectNode times = root.putObject("times");
        times.put("started", r.started().toString());
        times.put("finished", r.finished().toString());
        ObjectNode ph = times.putObject("phaseMillis");
        r.phaseMillis().forEach(ph::put);

        Path sidecar = sidecarOf(take);
        try {
            ProjectFile.writeAtomically(sidecar, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            if (DiskSpace.isFull(e, sidecar, 1 << 16)) {
                throw DiskSpace.full(sidecar, "The take's sidecar cannot be written: the disk is full", 1 << 16,
                        "the project is unchanged; free some space and fill again");
            }
            throw GenshotException.of("take.unwritable", "Cannot write the take's sidecar: " + e.getMessage(), sidecar,
                    null, "check free space");
        }
        return sidecar;
    }

    /** Every take of the project that has a readable sidecar and its video, oldest first. */
    List<Take> list() {
        if (!Files.isDirectory(folder())) {
            return List.of();
        }
        List<Take> out = new ArrayList<>();
        try (var s = Files.list(folder())) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                Take t = read(p);
                if (Files.isRegularFile(t.file())) {
                    out.add(t);
                }
            }
        } catch (IOException e) {
            throw GenshotException.of("take.unreadable", "Cannot list the takes: " + e.getMessage(), folder(), null,
                    null);
        }
        out.sort(Comparator.comparing(Take::created).thenComparing(Take::id));
        return out;
    }

    /** Reads a take back from its sidecar. */
    Take read(Path sidecar) {
        try {
            JsonNode root = JSON.readTree(sidecar.toFile());
            JsonNode req = root.path("request");
            Map<String, String> params = new LinkedHashMap<>();
            req.path("parameters").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            ShotRequest request = new ShotRequest(req.path("generator").asText(), req.path("prompt").asText(),
                    req.path("negativePrompt").asText(), req.path("seed").asLong(), params, req.path("device").asText());
            JsonNode proj = root.path("project");
            Path take = sidecar.resolveSibling(root.path("take").path("file").asText());
            String name = take.getFileName().toString();
            return new Take(name.substring(0, name.lastIndexOf('.')), take, sidecar, project.path(),
                    proj.path("track").asText(), new TimeRange(proj.path("start").asLong(), proj.path("frames").asLong()),
                    request, root.path("generator").path("title").asText(), root.path("generator").path("device").asText(),
                    Instant.parse(root.path("times").path("finished").asText()));
        } catch (IOException | RuntimeException e) {
            throw GenshotException.of("take.unreadable", "The take's sidecar cannot be read: " + e.getMessage(), sidecar,
                    null, "it may have been edited by hand; generate the take again");
        }
    }

    /** What the sidecar says the take's video holds (checked against the file by its SHA-256). */
    MediaInfo media(Path sidecar) {
        try {
            return mediaOf(JSON.readTree(sidecar.toFile()));
        } catch (IOException | RuntimeException e) {
            throw GenshotException.of("take.unreadable", "The take's sidecar cannot be read: " + e.getMessage(), sidecar,
                    null, null);
        }
    }

    /** The take as a sidecar's {@code take} object describes it (size, rate, frames, bytes). */
    static MediaInfo mediaOf(JsonNode sidecar) {
        JsonNode t = sidecar.path("take");
        return new MediaInfo(t.path("width").asInt(), t.path("height").asInt(),
                genshot.timeline.Rate.parse(t.path("rate").asText()), t.path("frames").asLong(), false,
                t.path("bytes").asLong());
    }

    /** The generation's phase times recorded in the sidecar. */
    Map<String, Long> phases(Path sidecar) {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            JSON.readTree(sidecar.toFile()).path("times").path("phaseMillis").fields()
                    .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        } catch (IOException e) {
            throw GenshotException.of("take.unreadable", "The take's sidecar cannot be read: " + e.getMessage(), sidecar,
                    null, null);
        }
        return out;
    }

    String takeSha256(Path sidecar) {
        try {
            return JSON.readTree(sidecar.toFile()).path("take").path("sha256").asText();
        } catch (IOException e) {
            throw GenshotException.of("take.unreadable", "The take's sidecar cannot be read: " + e.getMessage(), sidecar,
                    null, null);
        }
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9.-]", "-");
    }
}
