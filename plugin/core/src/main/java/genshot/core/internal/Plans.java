package genshot.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.Cancellation;
import genshot.api.Frame;
import genshot.api.FrameInterpolator;
import genshot.api.GeneratorInfo;
import genshot.api.GenshotException;
import genshot.api.HostProject;
import genshot.api.InsertRequest;
import genshot.api.LiveSession;
import genshot.api.MediaDecoder;
import genshot.api.MediaInfo;
import genshot.api.PlanRequest;
import genshot.api.Progress;
import genshot.api.Quoting;
import genshot.api.ShotContext;
import genshot.api.ShotGenerator;
import genshot.api.ShotPlans;
import genshot.api.ShotPlans.ApplyReport;
import genshot.api.ShotPlans.Plan;
import genshot.api.ShotPlans.RenderReport;
import genshot.api.ShotPlans.Shard;
import genshot.api.ShotPlans.Shot;
import genshot.api.ShotPlans.ShotOutcome;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.api.VideoWriter;
import genshot.timeline.Clip;
import genshot.timeline.GapSlot;
import genshot.timeline.PixelAspect;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Plans, shards and applies many shots ({@link ShotPlans}) with the workflow's own parts: the same checks as a fill
 * when planning, the same generation, conforming and encoding when rendering, the same insertion, save, backup,
 * journal and live link when applying.
 *
 * <p>{@code plan.json} holds, for each shot: its id ({@code s01}...), the gap and its track and frames, the request
 * (generator, prompt, seed, parameters, device), the generator's model files with their SHA-256 (and the pack's folder
 * for a model pack), the spec the take is conformed to, whether it has alpha and in which format, and its context:
 * the neighbouring clips' frames next to the cut, copied losslessly into {@code context/}, and where footage lies
 * under it. A worker reads nothing else. A render writes {@code takes/<id>.<ext>} and then {@code takes/<id>.json},
 * which names the shot's digest (the SHA-256 of its entry in the plan) and the take's SHA-256: a take is finished when
 * both agree, so a render killed at any point leaves at most a take that the next render makes again.
 */
final class Plans {
    static final int PLAN_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    /** Timeline frames of a neighbour copied into the plan, from the cut: what generators read (the cut, 8 beyond). */
    static final int CONTEXT_FRAMES = 9;
    /** Room kept free on the plan's disk while a take is written. */
    private static final long RENDER_RESERVE = 16L << 20;

    private final GenshotService service;

    Plans(GenshotService service) {
        this.service = service;
    }

    // ---------------------------------------------------------------------------------------------- plan

    Plan plan(PlanRequest request, Progress progress, Cancellation cancel) {
        progress.report("planning", 0, -1);
        int ways = (request.gaps().isEmpty() ? 0 : 1) + (request.all() ? 1 : 0) + (request.marked() ? 1 : 0);
        if (ways != 1) {
            throw GenshotException.of("usage.plan-gaps", ways == 0 ? "Say which gaps to plan"
                    : "Give only one of --gap, --all and --marked", null, "--gap, --all, --marked",
                    "--gap ID (repeatable) for named gaps, --all for every visible gap, --marked for the gaps with a "
                            + "genshot: guide");
        }
        Path out = request.out().toAbsolutePath().normalize();
        checkOut(out);
        ProjectFile file = ProjectFile.read(request.project());
        file.recover();
        HostProject project = service.read(file);
        Timeline timeline = project.timeline();
        ShotGenerator generator = service.findGenerator(request.shot().generator());
        GenshotService.checkParameters(generator.info(), request.shot().parameters());
        String alphaFormat = service.alphaFormat(request.shot());
        // how a take made at another size or length is conformed, decided here so that every worker does the same
        Conform.Fit fit = Conform.Fit.parse(request.shot().parameters().get("fit"));
        Conform.Retime retime = Conform.Retime.parse(request.shot().parameters().get("retime"),
                service.interpolator != null);

        List<String> notes = new ArrayList<>();
        List<GapSlot> gaps = choose(file, timeline, request, notes);
        if (gaps.isEmpty()) {
            throw GenshotException.of("plan.empty", "No gap to plan" + (notes.isEmpty() ? "" : ": "
                    + String.join("; ", notes)), file.path(), null, request.marked()
                    ? "write a guide whose comment starts with genshot: inside a gap (the rest of the comment is the "
                    + "prompt), save, and plan again" : "genshot gaps " + Quoting.shellWord(file.path().toString())
                    + " lists the gaps");
        }
        SecureRandom random = new SecureRandom();
        boolean randomSeeds = request.firstSeed() == null;
        long seed = randomSeeds ? 0 : request.firstSeed();

        Path work = out.resolveSibling("." + out.getFileName() + ".planning");
        Scratch.deleteTree(work);
        try {
            Files.createDirectories(work.resolve(ShotPlans.CONTEXT));
            ObjectNode root = JSON.createObjectNode();
            root.put("genshotPlan", PLAN_VERSION);
            root.put("created", service.clock.instant().toString());
            root.putObject("tool").put("version", GenshotService.toolVersion()).put("commit",
                    GenshotService.toolCommit());
            ObjectNode proj = root.putObject("project");
            proj.put("file", file.path().toString());
            proj.put("host", project.host());
            proj.put("sha256", file.sha256());
            proj.put("rate", timeline.rate().toString());
            proj.put("width", timeline.width());
            proj.put("height", timeline.height());
            proj.put("pixelAspect", timeline.pixelAspect().toString());
            if (!notes.isEmpty()) {
                notes.forEach(root.putArray("notes")::add);
            }
            ArrayNode shots = root.putArray("shots");
            int k = 0;
            for (GapSlot gap : gaps) {
                cancel.check();
                progress.report("planning", k, gaps.size());
                String id = String.format(Locale.ROOT, gaps.size() < 100 ? "s%02d" : "s%03d", k + 1);
                Track track = timeline.track(gap.track()).orElseThrow();
                ShotRequest asked = request.shot();
                String prompt = asked.prompt();
                if (prompt.isBlank()) {
                    prompt = GenshotService.guidePrompt(timeline, gap.range()).orElse("");
                }
                long s = randomSeeds ? random.nextLong() & ((1L << 53) - 1) : seed + k;
                ShotRequest shot = new ShotRequest(asked.generator(), prompt, asked.negativePrompt(), s,
                        asked.parameters(), asked.device());
                ShotContext context = GenshotService.context(project, timeline, track, gap.range());
                boolean alpha = generator.producesAlpha(shot, context);
                ObjectNode o = shots.addObject();
                o.put("id", id);
                o.put("gap", gap.id());
                o.put("track", gap.track());
                o.put("start", gap.range().start());
                o.put("frames", gap.range().duration());
                o.put("range", gap.range().text(timeline.rate()));
                writeRequest(o.putObject("request"), shot);
                writeGenerator(o.putObject("generator"), generator.info(), request.pack());
                o.put("alpha", alpha);
                String format = alpha ? (alphaFormat != null ? alphaFormat
                        : service.encoder.alphaFormats().stream().findFirst().orElse(null)) : null;
                if (format != null) {
                    o.put("alphaFormat", format);
                }
                o.put("extension", service.encoder.extension(alpha));
                o.putObject("conform").put("width", timeline.width()).put("height", timeline.height())
                        .put("rate", timeline.rate().toString()).put("frames", gap.range().duration())
                        .put("pixelAspect", timeline.pixelAspect().toString())
                        .put("fit", fit.name().toLowerCase(Locale.ROOT))
                        .put("retime", retime.name().toLowerCase(Locale.ROOT));
                ObjectNode ctx = o.putObject("context");
                if (context.before() != null) {
                    ctx.set("before", copyNeighbour(file, work, id + "-before", context.before(), true, timeline,
                            gap));
                }
                if (context.after() != null) {
                    ctx.set("after", copyNeighbour(file, work, id + "-after", context.after(), false, timeline,
                            gap));
                }
                ArrayNode below = ctx.putArray("footageBelow");
                for (TimeRange r : context.footageBelow()) {
                    below.addArray().add(r.start()).add(r.duration());
                }
                k++;
            }
            ProjectFile.writeAtomically(work.resolve(ShotPlans.PLAN_FILE), JSON.writeValueAsBytes(root));
            ProjectFile.syncFolder(work);
            Files.createDirectories(out.getParent());
            if (Files.isDirectory(out)) {
                Files.delete(out); // empty: checked above
            }
            Files.move(work, out, StandardCopyOption.ATOMIC_MOVE);
            ProjectFile.syncFolder(out.getParent());
        } catch (IOException e) {
            Scratch.deleteTree(work);
            throw GenshotException.of("plan.unwritable", "The plan cannot be written: " + e.getMessage(), out, null,
                    "check that its folder can be written and has room");
        } catch (RuntimeException e) {
            Scratch.deleteTree(work);
            throw e;
        }
        progress.report("planning", gaps.size(), gaps.size());
        return read(out);
    }

    /** The plan folder must be new, or an empty folder. */
    private static void checkOut(Path out) {
        if (Files.exists(out) && !(Files.isDirectory(out) && ProjectFile.list(out, p -> true).length == 0)) {
            throw GenshotException.of("plan.exists", Files.isDirectory(out)
                    ? "The plan folder is not empty" : "The plan folder's path is a file", out, null,
                    "give a new folder with --out (genshot never writes over a plan: its takes may not be applied yet)");
        }
    }

    /** The gaps the request names, in timeline order (by track from V1 up, then by time). */
    private List<GapSlot> choose(ProjectFile file, Timeline timeline, PlanRequest request, List<String> notes) {
        List<GapSlot> out = new ArrayList<>();
        if (!request.gaps().isEmpty()) {
            for (String id : request.gaps()) {
                GapSlot gap = GenshotService.findGap(file, timeline, id);
                if (out.stream().anyMatch(g -> g.id().equals(gap.id()))) {
                    throw GenshotException.of("usage.plan-gaps", "Gap " + gap.id() + " is named twice", null, "--gap",
                            "name each gap once");
                }
                Track track = timeline.track(gap.track()).orElseThrow();
                if (track.locked()) {
                    throw GenshotException.of("track.locked", "Track " + track.name() + " is locked", file.path(),
                            "track " + track.name(), "unlock it in the editor and save, or plan gaps on another track");
                }
                checkLength(file, timeline, request, gap);
                out.add(gap);
            }
            return out;
        }
        for (GapSlot gap : timeline.gaps()) {
            Track track = timeline.track(gap.track()).orElseThrow();
            if (track.isEmpty() || gap.range().isEmpty()) {
                continue;
            }
            Optional<String> guide = GenshotService.guidePrompt(timeline, gap.range());
            if (request.marked() && guide.isEmpty()) {
                continue;
            }
            if (request.all() && !gap.visible()) {
                notes.add("left out " + gap.id() + ": a track above covers it");
                continue;
            }
            if (track.locked()) {
                notes.add("left out " + gap.id() + ": track " + track.name() + " is locked");
                continue;
            }
            long max = GenshotService.maxFillFrames(timeline.rate());
            if (!request.allowLong() && gap.range().duration() > max) {
                notes.add("left out " + gap.id() + ": " + gap.range().duration() + " frames, longer than genshot "
                        + "fills without --allow-long");
                continue;
            }
            out.add(gap);
        }
        return out;
    }

    private static void checkLength(ProjectFile file, Timeline timeline, PlanRequest request, GapSlot gap) {
        long max = GenshotService.maxFillFrames(timeline.rate());
        if (!request.allowLong() && gap.range().duration() > max) {
            throw GenshotException.of("fill.long", "Gap " + gap.id() + " is " + gap.range().duration()
                    + " frames long, more than genshot fills without being asked (" + max + " frames)", file.path(),
                    "track " + gap.track(), "nothing was planned; plan it with --allow-long, or leave it out");
        }
    }

    private static void writeRequest(ObjectNode o, ShotRequest shot) {
        o.put("generator", shot.generator());
        o.put("prompt", shot.prompt());
        o.put("negativePrompt", shot.negativePrompt());
        o.put("seed", shot.seed());
        ObjectNode params = o.putObject("parameters");
        new TreeMap<>(shot.parameters()).forEach(params::put);
        o.put("device", shot.device());
    }

    private static void writeGenerator(ObjectNode o, GeneratorInfo info, Path pack) {
        o.put("id", info.id());
        o.put("title", info.title());
        if (info.model() != null) {
            o.put("model", info.model());
        }
        if (pack != null) {
            o.put("pack", pack.toAbsolutePath().normalize().toString());
        }
        ObjectNode files = o.putObject("modelFiles");
        new TreeMap<>(info.modelFiles()).forEach(files::put);
        ObjectNode defaults = o.putObject("parameterDefaults");
        new TreeMap<>(info.parameters()).forEach(defaults::put);
    }

    /**
     * Copies the frames a generator may read from a neighbouring clip (the cut frame and up to 8 more away from the
     * gap, as the timeline shows them) into a lossless clip of the plan, at the timeline's rate, and returns the
     * neighbour as the plan records it (the copy, its cut frame, its frames, speed 1).
     */
    private ObjectNode copyNeighbour(ProjectFile file, Path work, String name, ShotContext.Neighbour n, boolean before,
                                     Timeline timeline, GapSlot gap) throws IOException {
        MediaDecoder decoder = service.decoder;
        if (decoder == null) {
            throw GenshotException.of("plan.no-decoder", "No media decoder is installed to copy the frames next to "
                    + gap.id() + " into the plan", n.media(), null, "install genshot's media bundle");
        }
        if (!Files.isRegularFile(n.media())) {
            throw GenshotException.of("media.missing", "The clip " + (before ? "before " : "after ") + gap.id()
                    + " uses a file that is missing", n.media(), "track " + gap.track(),
                    "relink the clip in the editor and save, or plan without that gap");
        }
        MediaInfo info = decoder.probe(n.media());
        int count = (int) Math.max(1, Math.min(CONTEXT_FRAMES, n.frames()));
        long[] index = new long[count];
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int j = 0; j < count; j++) {
            // copy position j: the frame shown (count-1-j) frames before the cut (clip before), or j after it
            long steps = before ? -(count - 1 - j) : j;
            index[j] = n.mediaIndex(steps, timeline.rate(), info.rate(), info.frames());
            lo = Math.min(lo, index[j]);
            hi = Math.max(hi, index[j]);
        }
        Map<Long, Frame> frames = new LinkedHashMap<>();
        long from = lo;
        decoder.decode(n.media(), lo, hi - lo + 1, f -> {
            if (f.index() >= from) {
                frames.put(f.index(), f.copy());
            }
        });
        String format = service.encoder.alphaFormats().contains("ffv1") ? "ffv1"
                : service.encoder.alphaFormats().stream().findFirst().orElse(null);
        if (format == null) {
            throw GenshotException.of("plan.no-lossless", "The encoder writes no lossless format to copy the frames "
                    + "next to " + gap.id() + " into", null, null, "install genshot's media bundle");
        }
        Path clip = work.resolve(ShotPlans.CONTEXT).resolve(name + "." + service.encoder.extension(true));
        Frame first = frames.get(index[0]);
        if (first == null) {
            throw GenshotException.of("media.unreadable", "Frame " + index[0] + " of the clip " + (before ? "before "
                    : "after ") + gap.id() + " cannot be read", n.media(), "track " + gap.track(), null);
        }
        try (VideoWriter w = service.encoder.open(clip, first.width(), first.height(), timeline.rate(), format)) {
            for (int j = 0; j < count; j++) {
                Frame f = frames.get(index[j]);
                if (f == null) {
                    throw GenshotException.of("media.unreadable", "Frame " + index[j] + " of the clip "
                            + (before ? "before " : "after ") + gap.id() + " cannot be read", n.media(),
                            "track " + gap.track(), null);
                }
                w.accept(new Frame(j, f.width(), f.height(), f.bgr(), null));
            }
            w.finish();
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("media", ShotPlans.CONTEXT + "/" + clip.getFileName());
        o.put("cutFrame", before ? count - 1 : 0);
        o.put("frames", count);
        o.put("speed", 1.0);
        o.put("from", n.media().toString());
        o.put("fromCutFrame", n.cutFrame());
        o.put("fromSpeed", n.speed());
        o.put("fromSha256", Hashes.sha256(n.media()));
        return o;
    }

    // ---------------------------------------------------------------------------------------------- read

    /** A plan's folder read back: its file, and each shot's state from its take and the shards' reports. */
    private record Folder(Path dir, JsonNode root, List<JsonNode> shots) {
        Path takes() {
            return dir.resolve(ShotPlans.TAKES);
        }
    }

    private static Folder folder(Path planDir) {
        Path dir = planDir.toAbsolutePath().normalize();
        Path file = dir.resolve(ShotPlans.PLAN_FILE);
        if (!Files.isRegularFile(file)) {
            throw GenshotException.of("plan.missing", "There is no plan here (no " + ShotPlans.PLAN_FILE + ")", dir,
                    null, "make one with genshot plan PROJECT ... --out " + Quoting.shellWord(dir.toString()));
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || root.path("genshotPlan").asInt() != PLAN_VERSION || !root.path("shots").isArray()) {
                throw GenshotException.of("plan.corrupt", "This is not a genshot plan of version " + PLAN_VERSION,
                        file, null, "make the plan again with this version of genshot");
            }
            List<JsonNode> shots = new ArrayList<>();
            root.path("shots").forEach(shots::add);
            for (JsonNode s : shots) {
                if (!s.path("id").isTextual() || !s.path("track").isTextual() || !s.path("start").canConvertToLong()
                        || !s.path("frames").canConvertToLong() || !s.path("request").isObject()
                        || !s.path("conform").path("rate").isTextual()
                        || !s.path("id").asText().matches("[A-Za-z0-9_-]{1,40}")) {
                    throw GenshotException.of("plan.corrupt", "A shot of the plan is incomplete or damaged", file,
                            "shot " + s.path("id").asText("(no id)"), "make the plan again");
                }
            }
            return new Folder(dir, root, shots);
        } catch (IOException e) {
            throw GenshotException.of("plan.corrupt", "The plan cannot be read: " + e.getMessage().lines().findFirst()
                    .orElse(""), file, null, "make the plan again");
        }
    }

    Plan read(Path planDir) {
        Folder f = folder(planDir);
        Map<String, String> failed = lastFailures(f);
        List<Shot> shots = new ArrayList<>();
        for (JsonNode s : f.shots()) {
            String id = s.path("id").asText();
            Path take = finishedTake(f, s, false);
            String state = take != null ? "done" : failed.containsKey(id) ? "failed" : "pending";
            String pack = s.path("generator").path("pack").asText(null);
            shots.add(new Shot(id, s.path("gap").asText(), s.path("track").asText(), range(s), request(s),
                    pack == null ? null : Path.of(pack), state, take == null ? failed.get(id) : null, take));
        }
        JsonNode p = f.root().path("project");
        List<String> notes = new ArrayList<>();
        f.root().path("notes").forEach(n -> notes.add(n.asText()));
        return new Plan(f.dir(), Path.of(p.path("file").asText()), p.path("host").asText(), p.path("sha256").asText(),
                shots, notes);
    }

    /** The shots whose newest report (by the report's time) says they failed, with the message. */
    private static Map<String, String> lastFailures(Folder f) {
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, Instant> when = new LinkedHashMap<>();
        for (Path report : ProjectFile.list(f.dir().resolve(ShotPlans.SHARDS), p -> p.toString().endsWith(".json"))) {
            try {
                JsonNode r = JSON.readTree(report.toFile());
                Instant at = Instant.parse(r.path("updated").asText(r.path("started").asText()));
                for (JsonNode s : r.path("shots")) {
                    String id = s.path("id").asText();
                    if (when.containsKey(id) && when.get(id).isAfter(at)) {
                        continue;
                    }
                    when.put(id, at);
                    if (s.path("state").asText().equals("failed")) {
                        failed.put(id, s.path("message").asText());
                    } else {
                        failed.remove(id);
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                // a report being written or damaged says nothing: the takes themselves are what counts
            }
        }
        return failed;
    }

    private static TimeRange range(JsonNode s) {
        return new TimeRange(s.path("start").asLong(), s.path("frames").asLong());
    }

    private static ShotRequest request(JsonNode s) {
        JsonNode r = s.path("request");
        Map<String, String> params = new LinkedHashMap<>();
        r.path("parameters").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        return new ShotRequest(r.path("generator").asText(), r.path("prompt").asText(),
                r.path("negativePrompt").asText(), r.path("seed").asLong(), params, r.path("device").asText("cpu"));
    }

    /** The SHA-256 of the shot's entry in the plan (keys in order): a take made for another entry is not its take. */
    static String digest(JsonNode shot) {
        try {
            return Hashes.sha256(CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(shot, Object.class)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path takeOf(Folder f, JsonNode s) {
        return f.takes().resolve(s.path("id").asText() + "." + s.path("extension").asText("mp4"));
    }

    private static Path sidecarOf(Folder f, JsonNode s) {
        return f.takes().resolve(s.path("id").asText() + ".json");
    }

    /** The shot's take when it is finished: its sidecar names this shot's digest and the take's SHA-256. */
    private static Path finishedTake(Folder f, JsonNode s) {
        return finishedTake(f, s, true);
    }

    /**
     * The same; with {@code hash} false the take's size stands for its SHA-256 (what {@link #read} says of every
     * shot: reading every take of a large plan at each start of a shard would cost more than the check is worth;
     * render and apply hash the takes they skip or insert).
     */
    private static Path finishedTake(Folder f, JsonNode s, boolean hash) {
        Path take = takeOf(f, s);
        Path sidecar = sidecarOf(f, s);
        if (!Files.isRegularFile(take) || !Files.isRegularFile(sidecar)) {
            return null;
        }
        try {
            JsonNode side = JSON.readTree(sidecar.toFile());
            if (!side.path("shotDigest").asText().equals(digest(s))
                    || side.path("take").path("bytes").asLong(-1) != Files.size(take)
                    || hash && !side.path("take").path("sha256").asText().equals(Hashes.sha256(take))) {
                return null;
            }
            return take;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------- render

    RenderReport render(Path planDir, Shard shard, Progress progress, Cancellation cancel) {
        Folder f = folder(planDir);
        List<JsonNode> mine = new ArrayList<>();
        for (int k = 0; k < f.shots().size(); k++) {
            if (shard.owns(k)) {
                mine.add(f.shots().get(k));
            }
        }
        try {
            Files.createDirectories(f.takes());
            Files.createDirectories(f.dir().resolve(ShotPlans.SHARDS));
        } catch (IOException e) {
            throw GenshotException.of("plan.unwritable", "The plan's folders cannot be made: " + e.getMessage(),
                    f.dir(), null, "check that the plan folder can be written from this machine");
        }
        Instant started = service.clock.instant();
        List<ShotOutcome> outcomes = new ArrayList<>();
        writeReport(f, shard, started, outcomes, false);
        int n = 0;
        for (JsonNode s : mine) {
            n++;
            String id = s.path("id").asText();
            String label = id + " (" + n + "/" + mine.size() + ")";
            Progress shotProgress = (phase, done, total) -> progress.report(label + " " + phase, done, total);
            long t0 = System.nanoTime();
            ShotOutcome outcome;
            try {
                cancel.check();
                outcome = renderShot(f, s, shotProgress, cancel);
            } catch (genshot.api.CancelledException c) {
                writeReport(f, shard, started, outcomes, false);
                throw c;
            } catch (GenshotException e) {
                outcome = new ShotOutcome(id, "failed", e.problem().oneLine(), GenshotService.millisSince(t0));
            } catch (RuntimeException e) {
                outcome = new ShotOutcome(id, "failed", "internal error: " + e, GenshotService.millisSince(t0));
            }
            outcomes.add(outcome);
            writeReport(f, shard, started, outcomes, false);
        }
        writeReport(f, shard, started, outcomes, true);
        return new RenderReport(f.dir(), shard, outcomes);
    }

    private ShotOutcome renderShot(Folder f, JsonNode s, Progress progress, Cancellation cancel) {
        long t0 = System.nanoTime();
        String id = s.path("id").asText();
        Path lockFile = f.takes().resolve("." + id + ".lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException held) {
                lock = null;
            }
            if (lock == null) {
                return new ShotOutcome(id, "busy", "another render is making this shot now", GenshotService.millisSince(t0));
            }
            try {
                if (finishedTake(f, s) != null) {
                    return new ShotOutcome(id, "skipped", "already rendered", GenshotService.millisSince(t0));
                }
                make(f, s, progress, cancel);
                return new ShotOutcome(id, "done", "rendered", GenshotService.millisSince(t0));
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw GenshotException.of("plan.unwritable", "Cannot lock the shot's take: " + e.getMessage(), lockFile,
                    "shot " + id, "check that the plan folder can be written from this machine");
        } finally {
            try {
                Files.deleteIfExists(lockFile);
            } catch (IOException ignored) {
                // an empty lock file is harmless
            }
        }
    }

    /** Makes a shot's take and then its sidecar (what was there before for it is removed first). */
    private void make(Folder f, JsonNode s, Progress progress, Cancellation cancel) throws IOException {
        String id = s.path("id").asText();
        Path take = takeOf(f, s);
        Path sidecar = sidecarOf(f, s);
        Files.deleteIfExists(sidecar);
        Files.deleteIfExists(take);
        for (Path p : ProjectFile.list(f.takes(), p -> p.getFileName().toString().startsWith("." + take.getFileName())
                || p.getFileName().toString().startsWith("." + sidecar.getFileName()))) {
            Files.deleteIfExists(p); // partial files a killed render left
        }
        ShotRequest request = request(s);
        ShotGenerator generator = service.findGenerator(request.generator());
        checkModel(f, s, generator.info());
        JsonNode c = s.path("conform");
        TimeRange range = range(s);
        ShotSpec spec = new ShotSpec(Rate.parse(c.path("rate").asText()), c.path("width").asInt(),
                c.path("height").asInt(), range.duration(), range.start(), s.path("gap").asText(), aspect(c));
        ShotContext context = context(f, s);
        boolean alpha = s.path("alpha").asBoolean();
        String format = s.path("alphaFormat").asText(null);
        FrameInterpolator interp = service.interpolator;
        Conform.Fit fit = Conform.Fit.parse(c.path("fit").asText(null));
        Conform.Retime retime = Conform.Retime.parse(c.path("retime").asText(null), interp != null);
        DiskSpace.checkBeforeTake(f.takes(), DiskSpace.estimateTake(spec, spec.frames()
                + GenshotService.HANDLE_FRAMES, alpha, format), RENDER_RESERVE);
        Instant started = service.clock.instant();
        Map<String, Long> phases = new LinkedHashMap<>();
        boolean kept = false;
        try {
            GenshotService.Made made = service.make(request, generator, spec, context, alpha, format, fit, retime,
                    interp, take, f.takes(), RENDER_RESERVE, phases, progress, cancel);
            ObjectNode side = JSON.createObjectNode();
            side.put("genshotRender", PLAN_VERSION);
            side.put("shot", id);
            side.put("shotDigest", digest(s));
            side.putObject("tool").put("version", GenshotService.toolVersion()).put("commit",
                    GenshotService.toolCommit());
            side.put("host", hostName());
            ObjectNode t = side.putObject("take");
            t.put("file", take.getFileName().toString());
            t.put("sha256", Hashes.sha256(take));
            t.put("frames", made.info().frames());
            t.put("width", made.info().width());
            t.put("height", made.info().height());
            t.put("rate", made.info().rate().toString());
            t.put("bytes", Files.size(take));
            ObjectNode g = side.putObject("generator");
            g.put("device", made.shot().device());
            ObjectNode details = g.putObject("details");
            new TreeMap<>(made.shot().details()).forEach(details::put);
            ObjectNode times = side.putObject("times");
            times.put("started", started.toString());
            times.put("finished", service.clock.instant().toString());
            ObjectNode ph = times.putObject("phaseMillis");
            phases.forEach(ph::put);
            ProjectFile.writeAtomically(sidecar, JSON.writeValueAsBytes(side));
            kept = true;
        } finally {
            if (!kept) {
                Files.deleteIfExists(take);
            }
        }
    }

    /** The generator here must have the model files the plan was made with, byte for byte (their SHA-256). */
    private static void checkModel(Folder f, JsonNode s, GeneratorInfo info) {
        Map<String, String> planned = new TreeMap<>();
        s.path("generator").path("modelFiles").fields().forEachRemaining(e -> planned.put(e.getKey(),
                e.getValue().asText()));
        Map<String, String> here = new TreeMap<>(info.modelFiles());
        if (!planned.equals(here)) {
            List<String> diff = new ArrayList<>();
            for (String k : new java.util.TreeSet<>(planned.keySet())) {
                if (!planned.get(k).equals(here.get(k))) {
                    diff.add(k + (here.containsKey(k) ? " differs" : " is missing"));
                }
            }
            here.keySet().stream().filter(k -> !planned.containsKey(k)).forEach(k -> diff.add(k + " is new"));
            String pack = s.path("generator").path("pack").asText(null);
            throw GenshotException.of("plan.model-changed", "The model of generator " + info.id() + " here is not the "
                    + "one the plan was made with (" + String.join(", ", diff) + ")", f.dir().resolve(
                    ShotPlans.PLAN_FILE), "shot " + s.path("id").asText(), pack != null
                    ? "give the pack the plan was made with (" + pack + ") with --pack, or plan again"
                    : "render with the genshot version the plan was made with, or plan again");
        }
    }

    /** The shot's context as the plan records it, with the copied neighbours' paths inside the plan. */
    private static ShotContext context(Folder f, JsonNode s) {
        JsonNode c = s.path("context");
        List<TimeRange> below = new ArrayList<>();
        c.path("footageBelow").forEach(r -> below.add(new TimeRange(r.get(0).asLong(), r.get(1).asLong())));
        return new ShotContext(neighbour(f, s, c.path("before")), neighbour(f, s, c.path("after")), below);
    }

    private static ShotContext.Neighbour neighbour(Folder f, JsonNode s, JsonNode n) {
        if (!n.isObject()) {
            return null;
        }
        Path media = f.dir().resolve(n.path("media").asText()).normalize();
        if (!media.startsWith(f.dir()) || !Files.isRegularFile(media)) {
            throw GenshotException.of("plan.context-missing", "The frames of a neighbouring clip are missing from the "
                    + "plan", media, "shot " + s.path("id").asText(), "copy the whole plan folder, or plan again");
        }
        return new ShotContext.Neighbour(media, n.path("cutFrame").asLong(), n.path("frames").asLong(),
                n.path("speed").asDouble(1.0));
    }

    private void writeReport(Folder f, Shard shard, Instant started, List<ShotOutcome> outcomes, boolean finished) {
        ObjectNode r = JSON.createObjectNode();
        r.put("shard", shard.index());
        r.put("count", shard.count());
        r.put("host", hostName());
        r.put("pid", ProcessHandle.current().pid());
        r.put("started", started.toString());
        r.put("updated", service.clock.instant().toString());
        if (finished) {
            r.put("finished", service.clock.instant().toString());
        } else {
            r.putNull("finished");
        }
        ArrayNode shots = r.putArray("shots");
        for (ShotOutcome o : outcomes) {
            shots.addObject().put("id", o.id()).put("state", o.state()).put("message", o.message())
                    .put("millis", o.millis());
        }
        try {
            ProjectFile.writeAtomically(f.dir().resolve(ShotPlans.SHARDS).resolve(shard.reportName()), JSON.writeValueAsBytes(r));
        } catch (IOException e) {
            throw GenshotException.of("plan.unwritable", "The shard's report cannot be written: " + e.getMessage(),
                    f.dir().resolve(ShotPlans.SHARDS), null, "check that the plan folder can be written");
        }
    }

    // ---------------------------------------------------------------------------------------------- apply

    ApplyReport apply(Path planDir) {
        Folder f = folder(planDir);
        JsonNode p = f.root().path("project");
        ProjectFile file = ProjectFile.read(Path.of(p.path("file").asText()));
        file.recover();
        file.checkWritable();
        HostProject project = service.read(file);
        Timeline timeline = project.timeline();
        TakeStore store = new TakeStore(file, service.clock);
        store.cleanLeftovers();
        List<ShotOutcome> refused = new ArrayList<>();
        List<JsonNode> ready = new ArrayList<>();
        List<ShotOutcome> inPlace = new ArrayList<>();
        Map<String, String> failed = lastFailures(f);
        for (JsonNode s : f.shots()) {
            String id = s.path("id").asText();
            TimeRange range = range(s);
            String where = s.path("track").asText() + " frames " + range.text(timeline.rate());
            Path take = finishedTake(f, s);
            if (take == null) {
                refused.add(new ShotOutcome(id, failed.containsKey(id) ? "failed" : "pending", (failed.containsKey(id)
                        ? "its render failed: " + failed.get(id) : "not rendered yet") + " (" + where + ")", 0));
                continue;
            }
            Optional<Track> track = timeline.track(s.path("track").asText());
            if (track.isEmpty()) {
                refused.add(new ShotOutcome(id, "refused", "track " + s.path("track").asText()
                        + " is no longer in the project", 0));
                continue;
            }
            if (holdsTake(project, track.get(), range, take)) {
                inPlace.add(new ShotOutcome(id, "applied", "already in place (" + where + ")", 0));
                continue;
            }
            if (track.get().locked()) {
                refused.add(new ShotOutcome(id, "refused", "track " + track.get().name() + " is locked now", 0));
                continue;
            }
            boolean free = timeline.gaps().stream().anyMatch(g -> g.track().equals(track.get().name())
                    && g.range().contains(range));
            if (!free) {
                refused.add(new ShotOutcome(id, "refused", where + " are no longer free: " + occupant(project,
                        track.get(), range), 0));
                continue;
            }
            ready.add(s);
        }
        if (ready.isEmpty()) {
            return new ApplyReport(file.path(), List.of(), inPlace, refused, null, List.of());
        }
        List<LiveSession> editors = service.guard.beforeWrite(project.host(), file.path(), "apply the plan again");
        List<Path> copied = new ArrayList<>();
        List<Journal.Entry> changes = new ArrayList<>();
        List<ShotOutcome> inserted = new ArrayList<>();
        Instant now = service.clock.instant();
        Path backup;
        try {
            for (JsonNode s : ready) {
                String id = s.path("id").asText();
                Path take = takeOf(f, s);
                ShotRequest request = request(s);
                TimeRange range = range(s);
                String trackName = s.path("track").asText();
                Path stored = store.newTakePath(trackName, range, request, s.path("extension").asText("mp4"));
                copied.add(stored);
                Files.copy(take, stored, StandardCopyOption.REPLACE_EXISTING);
                JsonNode side = JSON.readTree(sidecarOf(f, s).toFile());
                MediaInfo media = TakeStore.mediaOf(side);
                Path storedSidecar = store.writeSidecar(stored, record(file, p, s, side, request, range, media));
                copied.add(storedSidecar);
                if (!store.takeSha256(storedSidecar).equals(side.path("take").path("sha256").asText())) {
                    throw GenshotException.of("take.changed", "The take changed while it was copied", take,
                            "shot " + id, "apply again");
                }
                String takeId = stored.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                project.insert(new InsertRequest(stored, media, trackName, range, stored.getFileName().toString()));
                changes.add(new Journal.Entry(null, "insert", now, takeId, null, null, null, trackName, range,
                        new Journal.Fill(s.path("gap").asText(), request.generator(), request.prompt(),
                                request.negativePrompt(), request.seed(), request.parameters(), range), null));
                inserted.add(new ShotOutcome(id, "inserted", takeId + " (" + trackName + " frames "
                        + range.text(timeline.rate()) + ")", 0));
            }
            backup = file.replace(project.serialize(), now, changes);
        } catch (IOException | RuntimeException e) {
            for (Path c : copied) {
                try {
                    Files.deleteIfExists(c);
                } catch (IOException ignored) {
                    // a take without its sidecar is cleaned by the next run
                }
            }
            if (e instanceof IOException io) {
                throw GenshotException.of("take.unwritable", "The takes cannot be copied beside the project: "
                        + io.getMessage(), store.folder(), null, "check free space; the project is unchanged");
            }
            throw (RuntimeException) e;
        }
        List<String> said = service.guard.afterWrite(project.host(), file.path(), editors);
        return new ApplyReport(file.path(), inserted, inPlace, refused, backup, said);
    }

    /** Whether a clip of this take (the same bytes) sits exactly in the range: the plan was applied already. */
    private static boolean holdsTake(HostProject project, Track track, TimeRange range, Path take) throws
            GenshotException {
        List<TimeRange> ranges = track.itemRanges();
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).equals(range) && track.items().get(i) instanceof Clip c) {
                Path media = project.mediaPath(c);
                try {
                    return media != null && Files.isRegularFile(media) && Files.size(media) == Files.size(take)
                            && Hashes.sha256(media).equals(Hashes.sha256(take));
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** What now lies in the range on the track, in words. */
    private static String occupant(HostProject project, Track track, TimeRange range) {
        List<TimeRange> ranges = track.itemRanges();
        for (int i = 0; i < ranges.size(); i++) {
            TimeRange r = ranges.get(i);
            if (r.start() < range.end() && range.start() < r.end() && track.items().get(i) instanceof Clip c) {
                Path media = project.mediaPath(c);
                return "a clip of " + (media != null ? media.getFileName() : c.media()) + " is at frames " + r;
            }
        }
        return "the track does not reach them, or a higher track's clip covers them";
    }

    /** The project's sidecar for a take made from a plan: what a fill's sidecar says, from the plan and the render. */
    private TakeStore.Record record(ProjectFile file, JsonNode p, JsonNode s, JsonNode side, ShotRequest request,
                                    TimeRange range, MediaInfo media) {
        JsonNode g = s.path("generator");
        Map<String, String> files = new LinkedHashMap<>();
        g.path("modelFiles").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
        Map<String, String> defaults = new LinkedHashMap<>();
        g.path("parameterDefaults").fields().forEachRemaining(e -> defaults.put(e.getKey(), e.getValue().asText()));
        GeneratorInfo info = new GeneratorInfo(g.path("id").asText(), g.path("title").asText(), "",
                g.path("model").asText(null), files, defaults, List.of());
        Map<String, String> details = new LinkedHashMap<>();
        side.path("generator").path("details").fields().forEachRemaining(e -> details.put(e.getKey(),
                e.getValue().asText()));
        details.put("plan", s.path("id").asText() + " of a plan rendered on " + side.path("host").asText());
        ShotResult result = new ShotResult(side.path("generator").path("device").asText(), details);
        ShotSpec spec = new ShotSpec(Rate.parse(p.path("rate").asText()), p.path("width").asInt(),
                p.path("height").asInt(), range.duration(), range.start(), s.path("gap").asText(),
                aspect(p));
        Map<String, Long> phases = new LinkedHashMap<>();
        side.path("times").path("phaseMillis").fields().forEachRemaining(e -> phases.put(e.getKey(),
                e.getValue().asLong()));
        return new TakeStore.Record(file.path(), p.path("host").asText(), p.path("sha256").asText(),
                s.path("track").asText(), range, spec, info, request, result, media, s.path("alpha").asBoolean(),
                side.path("tool").path("version").asText(), side.path("tool").path("commit").asText(),
                Instant.parse(side.path("times").path("started").asText()),
                Instant.parse(side.path("times").path("finished").asText()), phases);
    }

    // ---------------------------------------------------------------------------------------------- files

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The project's pixel aspect as the plan records it ({@code 16/15}). */
    private static PixelAspect aspect(JsonNode project) {
        String[] a = project.path("pixelAspect").asText("1/1").split("/");
        return new PixelAspect(Long.parseLong(a[0].trim()), Long.parseLong(a[1].trim()));
    }
}
