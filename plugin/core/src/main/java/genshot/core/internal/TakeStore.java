package genshot.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.GeneratorInfo;
import genshot.api.GenshotException;
import genshot.api.MediaInfo;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.timeline.RationalTime;
import genshot.timeline.TimeRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

    /** A new, unused path for a take: {@code V1_50-75_fog_s42_20261130T101500.mp4}. */
    Path newTakePath(String track, TimeRange range, ShotRequest shot) {
        String base = String.format("%s_%d-%d_%s_s%d_%s", track, range.start(), range.end(),
                safe(shot.generator()), shot.seed(), STAMP.format(clock.instant()));
        try {
            Files.createDirectories(folder());
        } catch (IOException e) {
            throw GenshotException.of("take.unwritable", "Cannot create the takes folder: " + e.getMessage(),
                    folder(), null, "check the permissions of the project's folder");
        }
        Path p = folder().resolve(base + ".mp4");
        for (int n = 2; Files.exists(p) || Files.exists(sidecarOf(p)); n++) {
            p = folder().resolve(base + "-" + n + ".mp4");
        }
        return p;
    }

    static Path sidecarOf(Path take) {
        String name = take.getFileName().toString();
        return take.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".json");
    }

    record Record(Path project, String host, String projectSha256Before, String track, TimeRange range, ShotSpec spec,
                  GeneratorInfo generator, ShotRequest request, ShotResult result, MediaInfo media, Path backup,
                  String toolVersion, Instant started, Instant finished, Map<String, Long> phaseMillis) {
    }

    Path writeSidecar(Path take, Record r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("genshotTake", SIDECAR_VERSION);
        root.putObject("tool").put("name", "genshot").put("version", r.toolVersion());
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
        proj.put("sha256Before", r.projectSha256Before());
        proj.put("backup", r.backup().toString());
        proj.put("track", r.track());
        proj.put("start", r.range().start());
        proj.put("frames", r.range().duration());
        proj.put("startTimecode", new RationalTime(r.range().start(), r.spec().rate()).toTimecode());
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
        Path tmp = sidecar.resolveSibling("." + sidecar.getFileName() + ".tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(root));
            Files.move(tmp, sidecar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw GenshotException.of("take.unwritable", "Cannot write the take's sidecar: " + e.getMessage(), sidecar,
                    null, "the project was saved with the take; check free space");
        }
        return sidecar;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9.-]", "-");
    }
}
