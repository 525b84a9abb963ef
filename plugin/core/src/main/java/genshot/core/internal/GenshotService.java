package genshot.core.internal;

import genshot.api.Quoting;
import genshot.api.Cancellation;
import genshot.api.FillRequest;
import genshot.api.FillResult;
import genshot.api.GeneratorInfo;
import genshot.api.Genshot;
import genshot.api.GenshotException;
import genshot.api.HostAdapter;
import genshot.api.HostProject;
import genshot.api.InsertRequest;
import genshot.api.LiveLink;
import genshot.api.LiveSession;
import genshot.api.LiveState;
import genshot.api.UndoResult;
import genshot.api.FrameInterpolator;
import genshot.api.MediaEncoder;
import genshot.api.MediaInfo;
import genshot.api.Progress;
import genshot.api.ProjectSummary;
import genshot.api.ShotGenerator;
import genshot.api.ShotResult;
import genshot.api.ShotContext;
import genshot.api.ShotRequest;
import genshot.api.ShotSpec;
import genshot.api.Take;
import genshot.api.VideoWriter;
import genshot.timeline.Clip;
import genshot.timeline.GapSlot;
import genshot.timeline.Rate;
import genshot.timeline.RationalTime;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The workflow behind {@code genshot gaps} and {@code genshot fill}, and behind the panel. */
@Component(service = {Genshot.class, genshot.api.ShotPlans.class})
public final class GenshotService implements Genshot, genshot.api.ShotPlans {
    /**
     * Frames a take carries after its range, holding its last frame. Hosts show exactly the range (the clip's out
     * point trims them), but libopenshot never shows the last frame of an H.264 file, and editors expect handles.
     */
    static final int HANDLE_FRAMES = 1;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<HostAdapter> adapters = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<ShotGenerator> generators = List.of();

    @Reference
    MediaEncoder encoder;

    /** The running editors, one link per host (Kdenlive over D-Bus, OpenShot by its window). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<LiveLink> links = List.of();

    final LiveGuard guard = new LiveGuard(() -> links);

    /** Motion-compensated retiming, when a bundle offers it; frame blending otherwise. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile FrameInterpolator interpolator;

    /** Reads the neighbouring clips' frames that {@code genshot plan} copies into a plan. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile genshot.api.MediaDecoder decoder;

    final Clock clock;

    private final Plans plans = new Plans(this);

    public GenshotService() {
        this(Clock.systemUTC());
    }

    GenshotService(Clock clock) {
        this.clock = clock;
    }

    /** For use outside a framework (tests, tools). */
    GenshotService(List<HostAdapter> adapters, List<ShotGenerator> generators, MediaEncoder encoder, Clock clock) {
        this.adapters = List.copyOf(adapters);
        this.generators = List.copyOf(generators);
        this.encoder = encoder;
        this.clock = clock;
    }

    @Override
    public Plan plan(genshot.api.PlanRequest request, Progress progress, Cancellation cancel) {
        return plans.plan(request, progress, cancel);
    }

    @Override
    public Plan read(Path planDir) {
        return plans.read(planDir);
    }

    @Override
    public RenderReport render(Path planDir, Shard shard, Progress progress, Cancellation cancel) {
        return plans.render(planDir, shard, progress, cancel);
    }

    @Override
    public ApplyReport apply(Path planDir) {
        return plans.apply(planDir);
    }

    @Override
    public ProjectSummary open(Path project) {
        ProjectFile file = ProjectFile.read(project);
        HostProject hp = read(file);
        Timeline t = hp.timeline();
        return new ProjectSummary(file.path(), hp.host(), t, t.gaps());
    }

    @Override
    public List<GeneratorInfo> generators() {
        return generators.stream().map(ShotGenerator::info).sorted(Comparator.comparing(GeneratorInfo::id)).toList();
    }

    @Override
    public FillResult fill(FillRequest request, Progress progress, Cancellation cancel) {
        long t0 = System.nanoTime();
        // a project genshot must not write, or an editor with unsaved changes, refuses the insertion: say so before
        // the work, not after
        ProjectFile first = ProjectFile.read(request.project());
        first.checkWritable();
        HostProject firstProject = read(first);
        Parsed parsed = new Parsed(first, firstProject);
        long tLive = System.nanoTime();
        guard.beforeWrite(firstProject.host(), first.path(), "run the fill again");
        long liveFirst = millisSince(tLive);
        checkRepeat(first, firstProject, request);
        Take take = generate(request, progress, cancel, parsed);
        progress.report("saving", 0, 1);
        FillResult r;
        try {
            ProjectFile file = ProjectFile.read(request.project());
            parsed = new Parsed(file, read(file, parsed));
            boolean retake = isTakeInPlace(file, parsed.project(), take.track(), take.range());
            ShotRequest asked = request.shot();
            Journal.Fill fill = new Journal.Fill(request.gap(), asked.generator(), asked.prompt(),
                    asked.negativePrompt(), asked.seed(), asked.parameters(), request.range());
            FillResult inserted = put(request.project(), take, retake, fill, parsed);
            Map<String, Long> phases = new LinkedHashMap<>(new TakeStore(file, clock).phases(take.sidecar()));
            phases.remove("total");
            phases.putAll(inserted.phaseMillis());
            phases.merge("live link", liveFirst, Long::sum);
            phases.put("total", millisSince(t0));
            r = new FillResult(inserted.project(), inserted.take(), inserted.sidecar(), inserted.backup(),
                    inserted.host(), inserted.track(), inserted.range(), inserted.seed(), inserted.generator(),
                    inserted.device(), phases, inserted.live());
        } catch (GenshotException e) {
            if (!"project.changed".equals(e.problem().code())) {
                deleteQuietly(take.file());
                deleteQuietly(take.sidecar());
            }
            throw e;
        }
        progress.report("saving", 1, 1);
        return r;
    }

    @Override
    public Take generate(FillRequest request, Progress progress, Cancellation cancel) {
        return generate(request, progress, cancel, null);
    }

    /** @param known the project as read before, reused if the file still holds the same bytes; or null */
    private Take generate(FillRequest request, Progress progress, Cancellation cancel, Parsed known) {
        Map<String, Long> phases = new LinkedHashMap<>();
        Instant started = clock.instant();
        long t0 = System.nanoTime();

        progress.report("loading", 0, -1);
        ProjectFile file = ProjectFile.read(request.project());
        HostProject project = read(file, known);
        Timeline timeline = project.timeline();
        Target target = target(file, project, timeline, request);
        GapSlot gap = target.gap();
        TimeRange range = target.range();
        checkLength(file, timeline, request, gap, range);
        Track track = timeline.track(gap.track()).orElseThrow();
        if (track.locked()) {
            throw GenshotException.of("track.locked", "Track " + track.name() + " is locked", file.path(),
                    "track " + track.name(), "unlock it in the editor and save, or choose a gap on another track");
        }
        request = withGuidePrompt(request, timeline, range);
        ShotGenerator generator = findGenerator(request.shot().generator());
        checkParameters(generator.info(), request.shot().parameters());
        ShotSpec spec = new ShotSpec(timeline.rate(), timeline.width(), timeline.height(), range.duration(),
                range.start(), gap.id(), timeline.pixelAspect());
        phases.put("read", millisSince(t0));

        TakeStore takes = new TakeStore(file, clock);
        cancel.check();
        ShotContext context = context(project, timeline, track, range);
        boolean alpha = generator.producesAlpha(request.shot(), context);
        String alphaFormat = alphaFormat(request.shot());
        FrameInterpolator interp = interpolator;
        Conform.Retime retime = Conform.Retime.parse(request.shot().parameters().get("retime"), interp != null);
        takes.cleanLeftovers();
        long reserve = DiskSpace.saveReserve(file.size());
        String format = alphaFormat != null ? alphaFormat : encoder.alphaFormats().stream().findFirst().orElse(null);
        DiskSpace.checkBeforeTake(file.workFolder(), DiskSpace.estimateTake(spec, spec.frames() + HANDLE_FRAMES,
                alpha, format), reserve);
        boolean kept = false;
        try (WorkLocks.Hold active = WorkLocks.active(file.ensureWorkFolder())) {
            Path take = takes.newTakePath(gap.track(), range, request.shot(), encoder.extension(alpha));
            try {
                Take made = generate(request, file, project, takes, take, generator, spec, context, range, gap,
                        alpha, alphaFormat, retime, interp, reserve, phases, started, progress, cancel);
                kept = true;
                return made;
            } finally {
                if (!kept) {
                    deleteQuietly(take);
                }
            }
        } finally {
            if (!kept) {
                takes.removeFolderIfEmpty();
            }
        }
    }

    /** Generates, conforms and encodes the take into its path, and writes its sidecar. */
    private Take generate(FillRequest request, ProjectFile file, HostProject project, TakeStore takes, Path take,
                          ShotGenerator generator, ShotSpec spec, ShotContext context, TimeRange range,
                          GapSlot gap, boolean alpha, String alphaFormat, Conform.Retime retime, FrameInterpolator interp,
                          long reserve, Map<String, Long> phases, Instant started, Progress progress,
                          Cancellation cancel) {
        Made made = make(request.shot(), generator, spec, context, alpha, alphaFormat,
                Conform.Fit.parse(request.shot().parameters().get("fit")), retime, interp, take,
                takes.folder(), reserve, phases, progress, cancel);
        Path sidecar = takes.writeSidecar(take, new TakeStore.Record(file.path(), project.host(), file.sha256(),
                gap.track(), range, spec, generator.info(), request.shot(), made.shot(), made.info(), alpha, toolVersion(),
                toolCommit(), started, clock.instant(), phases));
        return takes.read(sidecar);
    }

    /** What making a take's video gave: the generator's account of it and the video written. */
    record Made(ShotResult shot, MediaInfo info) {
    }

    /**
     * Generates, conforms and encodes a take into {@code take} (its frames and one handle frame), checking the disk
     * in {@code folder} as it goes, and adds its phases to {@code phases}. The take is deleted when it does not have
     * the frames asked for.
     */
    Made make(ShotRequest asked, ShotGenerator generator, ShotSpec spec, ShotContext context, boolean alpha,
              String alphaFormat, Conform.Fit fit, Conform.Retime retime, FrameInterpolator interp, Path take,
              Path folder, long reserve,
              Map<String, Long> phases, Progress progress, Cancellation cancel) {
        long t1 = System.nanoTime();
        ShotResult shot;
        MediaInfo info;
        long encodeMillis;
        try (VideoWriter writer = openTake(encoder, take, spec.width(), spec.height(), spec.rate(), alpha,
                alphaFormat, spec.pixelAspect());
             EncodingPipeline pipeline = new EncodingPipeline(writer, 8, n -> {
                 DiskSpace.checkWhileWriting(folder, reserve);
                 progress.report("encoding", n, spec.frames());
             })) {
            progress.report("generating", 0, spec.frames());
            ShotSpec made = generator.nativeSpec(asked, spec);
            boolean conforming = made.width() != spec.width() || made.height() != spec.height()
                    || made.frames() != spec.frames();
            Conform conform = conforming ? new Conform(made, spec, fit,
                    retime == Conform.Retime.MOTION ? interp : null, pipeline) : null;
            shot = generator.generate(asked, made, context,
                    conforming ? conform : pipeline, progress, cancel);
            cancel.check();
            if (conforming) {
                conform.finish();
                Map<String, String> details = new LinkedHashMap<>(shot.details());
                details.put("conform", made.width() + "x" + made.height() + ", " + made.frames() + " frames -> "
                        + spec.width() + "x" + spec.height() + ", " + spec.frames() + " frames ("
                        + conform.fit().name().toLowerCase(java.util.Locale.ROOT) + ", " + conform.retiming() + ")");
                shot = new ShotResult(shot.device(), details);
            }
            pipeline.repeatLast(HANDLE_FRAMES);
            info = pipeline.finish();
            encodeMillis = pipeline.encodeMillis();
        } catch (GenshotException | IllegalStateException e) {
            // the encoder says only that a write failed: say why when it is the disk
            if (!(e instanceof genshot.api.CancelledException) && !(e instanceof GenshotException g
                    && g.problem().code().equals("disk.full")) && DiskSpace.usable(folder) < reserve + (1L << 20)) {
                throw new GenshotException(DiskSpace.full(folder, "The disk filled up while the take was written", reserve,
                        "the take was abandoned and the project is unchanged; free some space, or fill fewer frames")
                        .problem(), e);
            }
            throw e;
        }
        phases.put("generate+encode", millisSince(t1));
        phases.put("encode (overlapped)", encodeMillis);
        if (info.frames() != spec.frames() + HANDLE_FRAMES) {
            deleteQuietly(take);
            throw GenshotException.of("take.length", "The take has " + (info.frames() - HANDLE_FRAMES)
                    + " frames, the gap needs " + spec.frames(), take, null,
                    "this is a bug in generator '" + generator.info().id() + "'");
        }
        return new Made(shot, info);
    }

    @Override
    public FillResult insert(Path projectPath, Take take) {
        return put(projectPath, take, false, null, null);
    }

    @Override
    public FillResult replace(Path projectPath, Take take) {
        return put(projectPath, take, true, null, null);
    }

    /**
     * Inserts a take, or swaps it for the genshot take already in its range, and saves.
     *
     * @param fill what the fill that made the take asked for, kept in the journal; null for {@code use}
     * @param known the project as the fill has just read it, used as it is (and changed: its last use; the save
     *              still refuses if the file changes on disk before it); or null: read here
     */
    private FillResult put(Path projectPath, Take take, boolean replacing, Journal.Fill fill, Parsed known) {
        long t0 = System.nanoTime();
        ProjectFile file = known != null ? known.file() : ProjectFile.read(projectPath);
        file.checkWritable();
        HostProject project = known != null ? known.project() : read(file);
        TakeStore takes = new TakeStore(file, clock);
        checkTakeFile(take, takes);
        MediaInfo info = takes.media(take.sidecar());
        if (replacing) {
            Clip there = clipAt(file, project.timeline(), take.track(), take.range());
            Path media = project.mediaPath(there);
            if (media == null || !media.startsWith(takes.folder())) {
                throw GenshotException.of("replace.not-a-take", "The clip at " + take.range() + " on " + take.track()
                        + " is not a genshot take (" + there.media() + "); genshot replaces only its own takes",
                        file.path(), "track " + take.track(), "remove it in the editor first, or insert into a gap");
            }
            project.remove(take.track(), take.range());
        } else if (isTakeInPlace(file, project, take.track(), take.range())) {
            Clip there = clipAt(file, project.timeline(), take.track(), take.range());
            boolean same = project.mediaPath(there).toAbsolutePath().normalize()
                    .equals(take.file().toAbsolutePath().normalize());
            throw GenshotException.of(same ? "take.in-place" : "range.taken", same
                    ? "Take " + take.id() + " is already in place on " + take.track() + ", frames "
                    + take.range().text(project.timeline().rate())
                    : "Frames " + take.range().text(project.timeline().rate()) + " of " + take.track()
                    + " hold another genshot take (" + Path.of(there.media()).getFileName() + ")", file.path(),
                    "track " + take.track(), same ? "nothing to do; genshot status "
                            + Quoting.shellWord(file.path().toString()) + " says whether every take is in place"
                            : "to swap it for this one: genshot use " + Quoting.shellWord(file.path().toString()) + " "
                            + Quoting.shellWord(take.id()) + " --replace (the panel's Replace)");
        }
        project.insert(new InsertRequest(take.file(), info, take.track(), take.range(), take.file().getFileName()
                .toString()));
        byte[] out = project.serialize();
        long tLive = System.nanoTime();
        List<LiveSession> editors = guard.beforeWrite(project.host(), file.path(), replacing ? "Replace again"
                : "Insert again");
        long liveMillis = millisSince(tLive);
        Instant now = clock.instant();
        Path backup = file.replace(out, now, new Journal.Entry(null, replacing ? "replace" : "insert", now, take.id(),
                null, null, null, take.track(), take.range(), fill, null));
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("insert+save", millisSince(t0));
        long tReload = System.nanoTime();
        List<String> said = guard.afterWrite(project.host(), file.path(), editors);
        phases.put("live link", liveMillis + millisSince(tReload));
        return new FillResult(file.path(), take.file(), take.sidecar(), backup, project.host(), take.track(),
                take.range(), take.request().seed(), take.request().generator(), take.device(), phases, said);
    }

    /** The longest fill, in seconds, made for a whole gap without being asked ({@code --allow-long}). */
    static final long DEFAULT_MAX_FILL_SECONDS = 600;

    /**
     * The longest fill of a whole gap made without being asked: {@code GENSHOT_MAX_FILL_SECONDS} (or the system
     * property {@code genshot.maxFillSeconds}) seconds at the project's rate, ten minutes when unset.
     */
    static long maxFillFrames(Rate rate) {
        String v = System.getProperty("genshot.maxFillSeconds", System.getenv("GENSHOT_MAX_FILL_SECONDS"));
        long seconds = DEFAULT_MAX_FILL_SECONDS;
        if (v != null && !v.isBlank()) {
            try {
                seconds = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw GenshotException.of("usage.max-fill", "GENSHOT_MAX_FILL_SECONDS must be a whole number of seconds,"
                        + " not '" + v + "'", null, null, null);
            }
        }
        return Math.max(1, seconds * rate.numerator() / rate.denominator());
    }

    /**
     * A whole gap longer than {@link #maxFillFrames} is filled only when asked: a gap of hours (a trailing gap to
     * the end of a long track, a misplaced clip) is rarely meant as one shot, and it would take hours and gigabytes.
     */
    private static void checkLength(ProjectFile file, Timeline timeline, FillRequest request, GapSlot gap,
                                    TimeRange range) {
        if (request.range() != null || request.allowLong()) {
            return;
        }
        long max = maxFillFrames(timeline.rate());
        if (range.duration() > max) {
            throw GenshotException.of("fill.long", "Gap " + gap.id() + " is " + range.duration() + " frames long ("
                    + new RationalTime(range.duration(), timeline.rate()).toTimecode() + "), more than genshot fills"
                    + " without being asked (" + max + " frames, "
                    + new RationalTime(max, timeline.rate()).toTimecode() + ")", file.path(), "track " + gap.track(),
                    "nothing was generated; name the frames to fill with --range START+FRAMES (e.g. --range "
                            + range.start() + "+" + Math.min(max, range.duration()) + "), or fill the whole gap"
                            + " with --allow-long");
        }
    }

    /**
     * Refuses a fill that repeats, word for word, a fill recorded in the journal (same gap id, generator, prompt and
     * seed) when that gap id now names other frames: gap ids are numbered along the track, so after a fill
     * {@code V1:1} is the next gap, and the repeated command would silently fill that one. A fill that names its
     * frames ({@code --range}) names the same frames when repeated, which are then taken and refused as such.
     */
    private void checkRepeat(ProjectFile file, HostProject project, FillRequest request) {
        String id = request.gap();
        if (id == null || !id.contains(":") || request.range() != null) {
            return;
        }
        List<Journal.Entry> active;
        try {
            active = new Journal(file).activeInsertions();
        } catch (GenshotException unreadable) {
            return; // an unreadable journal does not stop a fill; undo says what is wrong with it
        }
        ShotRequest shot = request.shot();
        for (int i = active.size() - 1; i >= 0; i--) {
            Journal.Entry e = active.get(i);
            Journal.Fill f = e.fill();
            if (f == null || e.range() == null || f.requested() != null || !f.gap().equalsIgnoreCase(id.trim())
                    || !f.generator().equalsIgnoreCase(shot.generator()) || !f.prompt().equals(shot.prompt())
                    || f.seed() != shot.seed()) {
                continue;
            }
            Optional<GapSlot> now = project.timeline().gap(id.trim());
            if (now.isEmpty()) {
                return; // the fill says that there is no such gap (any more)
            }
            TimeRange wouldBe = now.get().range();
            if (!wouldBe.equals(e.range())) {
                Rate rate = project.timeline().rate();
                throw GenshotException.of("gap.repeated", "This fill was already made: " + id.trim() + " with "
                        + shot.generator() + ", the same prompt and seed " + shot.seed() + " filled " + e.track()
                        + " frames " + e.range().text(rate) + " at " + e.at()
                        + "; gap ids are numbered along the track, so " + id.trim() + " is now frames "
                        + wouldBe.text(rate), file.path(),
                        "track " + now.get().track(), "nothing was generated; genshot gaps "
                                + Quoting.shellWord(file.path().toString()) + " lists the gaps as they are now: name the one"
                                + " you mean (or change the seed or prompt to fill " + id.trim() + " as it is now; "
                                + "--gap " + e.track() + " --range " + e.range() + " makes a new take for the frames "
                                + "filled then)");
            }
            return;
        }
    }

    static final String GUIDE_PREFIX = "genshot:";

    /**
     * A guide (marker) in the shot's range whose comment starts with {@code genshot:} is a shot request written in
     * the editor: with no prompt given, its text is the prompt.
     */
    static FillRequest withGuidePrompt(FillRequest request, Timeline timeline, TimeRange range) {
        if (!request.shot().prompt().isBlank()) {
            return request;
        }
        return guidePrompt(timeline, range).map(p -> {
            ShotRequest s = request.shot();
            return new FillRequest(request.project(), request.gap(), request.range(), new ShotRequest(s.generator(), p,
                    s.negativePrompt(), s.seed(), s.parameters(), s.device()), request.allowLong());
        }).orElse(request);
    }

    /** The text of the first {@code genshot:} guide inside the range, if any. */
    static Optional<String> guidePrompt(Timeline timeline, TimeRange range) {
        return timeline.markers().stream()
                .filter(m -> range.contains(m.frame()) && m.comment() != null
                        && m.comment().strip().regionMatches(true, 0, GUIDE_PREFIX, 0, GUIDE_PREFIX.length()))
                .sorted(Comparator.comparingLong(genshot.timeline.Marker::frame))
                .map(m -> m.comment().strip().substring(GUIDE_PREFIX.length()).strip())
                .filter(p -> !p.isEmpty())
                .findFirst();
    }

    /** Where a shot goes: a gap (or part of it), or the range of a genshot take to make again in place. */
    private record Target(GapSlot gap, TimeRange range) {
    }

    /**
     * A request names a gap ({@code V1:1}, optionally with a range inside it), or a track with a range
     * ({@code V1} + {@code 50+25}) that is either free or exactly one genshot take (a new take for that place).
     */
    private Target target(ProjectFile file, HostProject project, Timeline timeline, FillRequest request) {
        String id = request.gap() == null ? "" : request.gap();
        Optional<Track> byTrack = id.contains(":") ? Optional.empty() : timeline.track(id);
        if (byTrack.isPresent() && request.range() != null) {
            TimeRange range = request.range();
            Track track = byTrack.get();
            Optional<GapSlot> inside = timeline.gaps().stream()
                    .filter(g -> g.track().equals(track.name()) && g.range().contains(range)).findFirst();
            if (inside.isPresent() && !range.isEmpty()) {
                return new Target(inside.get(), range);
            }
            if (isTakeInPlace(file, project, track.name(), range)) {
                return new Target(new GapSlot(track.name() + "@" + range.start(), track.name(), range, true,
                        GapSlot.Position.INTERIOR), range);
            }
            throw GenshotException.of("range.not-free", "Frames " + range.text(timeline.rate()) + " of " + track.name()
                    + " are neither free nor one genshot take", file.path(), "track " + track.name(),
                    "choose a gap (genshot gaps " + Quoting.shellWord(file.path().toString()) + " lists them) or the exact "
                            + "range of a take to make it again (genshot takes lists them)");
        }
        GapSlot gap = findGap(file, timeline, id);
        TimeRange range = request.range() == null ? gap.range() : request.range();
        if (!gap.range().contains(range) || range.isEmpty()) {
            throw GenshotException.of("range.outside-gap", "The range " + range.text(timeline.rate())
                    + " is not inside gap " + gap.id() + ", " + gap.range().text(timeline.rate()), file.path(),
                    "track " + gap.track(), "choose frames between " + gap.range().start() + " and "
                            + (gap.range().end() - 1) + ", e.g. --range " + gap.range());
        }
        return new Target(gap, range);
    }

    /** Whether exactly one clip covers {@code range} on the track and its media is one of this project's takes. */
    private boolean isTakeInPlace(ProjectFile file, HostProject project, String trackName, TimeRange range) {
        Optional<Track> track = project.timeline().track(trackName);
        if (track.isEmpty()) {
            return false;
        }
        List<TimeRange> ranges = track.get().itemRanges();
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).equals(range) && track.get().items().get(i) instanceof Clip c) {
                Path media = project.mediaPath(c);
                return media != null && media.startsWith(new TakeStore(file, clock).folder());
            }
        }
        return false;
    }

    /** The clips that touch the range on its track, for generators that continue them. */
    static ShotContext context(HostProject project, Track track, TimeRange range) {
        return context(project, null, track, range);
    }

    /**
     * The clips next to the shot on its track and, with the timeline, the frames of the shot under which a shown
     * video track below has a clip (where a plate with alpha lets footage through).
     */
    static ShotContext context(HostProject project, Timeline timeline, Track track, TimeRange range) {
        ShotContext neighbours = neighbours(project, track, range);
        return timeline == null ? neighbours
                : new ShotContext(neighbours.before(), neighbours.after(), footageBelow(timeline, track, range));
    }

    /** Shot-relative frame ranges (merged, in order) where a shown video track below {@code track} has a clip. */
    static List<TimeRange> footageBelow(Timeline timeline, Track track, TimeRange range) {
        List<Track> video = timeline.videoTracks();
        int index = -1;
        for (int k = 0; k < video.size(); k++) {
            if (video.get(k) == track || index < 0 && video.get(k).name().equalsIgnoreCase(track.name())) {
                index = k;
            }
        }
        List<TimeRange> under = new ArrayList<>();
        for (int k = 0; k < index; k++) {
            if (video.get(k).hidden()) {
                continue;
            }
            for (TimeRange c : video.get(k).clipRanges()) {
                long s = Math.max(c.start(), range.start()), e = Math.min(c.end(), range.end());
                if (s < e) {
                    under.add(TimeRange.ofStartEnd(s - range.start(), e - range.start()));
                }
            }
        }
        under.sort(Comparator.comparingLong(TimeRange::start));
        List<TimeRange> merged = new ArrayList<>();
        for (TimeRange r : under) {
            TimeRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r.start() <= last.end()) {
                merged.set(merged.size() - 1, TimeRange.ofStartEnd(last.start(), Math.max(last.end(), r.end())));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }

    private static ShotContext neighbours(HostProject project, Track track, TimeRange range) {
        ShotContext.Neighbour before = null;
        ShotContext.Neighbour after = null;
        List<TimeRange> ranges = track.itemRanges();
        for (int i = 0; i < ranges.size(); i++) {
            if (!(track.items().get(i) instanceof Clip c)) {
                continue;
            }
            TimeRange r = ranges.get(i);
            if (project.mediaPath(c) == null) {
                continue; // a nested sequence or a generated clip: nothing a generator can read frames from
            }
            if (r.end() == range.start()) {
                before = new ShotContext.Neighbour(project.mediaPath(c), c.sourceIn() + c.duration() - 1,
                        c.duration(), 1.0);
            } else if (r.start() == range.end()) {
                after = new ShotContext.Neighbour(project.mediaPath(c), c.sourceIn(), c.duration(), 1.0);
            }
        }
        return new ShotContext(before, after);
    }

    private static void checkTakeFile(Take take, TakeStore takes) {
        if (!Files.isRegularFile(take.file())) {
            throw GenshotException.of("take.missing", "The take's video file is gone", take.file(), null,
                    "generate the take again");
        }
        try {
            if (!Hashes.sha256(take.file()).equals(takes.takeSha256(take.sidecar()))) {
                throw GenshotException.of("take.changed", "The take's video is not the one genshot made (its SHA-256"
                        + " differs from the sidecar's)", take.file(), null, "generate the take again");
            }
        } catch (IOException e) {
            throw GenshotException.of("take.unreadable", "The take cannot be read: " + e.getMessage(), take.file(),
                    null, null);
        }
    }

    private static Clip clipAt(ProjectFile file, Timeline timeline, String trackName, TimeRange range) {
        Track track = timeline.track(trackName).orElseThrow(() -> GenshotException.of("track.unknown",
                "There is no track " + trackName, file.path(), null, null));
        List<TimeRange> ranges = track.itemRanges();
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).equals(range) && track.items().get(i) instanceof Clip c) {
                return c;
            }
        }
        throw GenshotException.of("replace.no-clip", "No single clip covers exactly " + range + " on " + trackName,
                file.path(), "track " + trackName, "use insert for a gap; replace swaps a take already in place");
    }

    @Override
    public List<Take> takes(Path project) {
        ProjectFile file = ProjectFile.read(project);
        file.recover();
        TakeStore store = new TakeStore(file, clock);
        store.cleanLeftovers();
        return store.list();
    }

    @Override
    public UndoResult undo(Path projectPath) {
        ProjectFile file = ProjectFile.read(projectPath);
        String host = read(file).host();
        file.recover(); // a save a killed process left half done is finished first: undo must know it
        Journal journal = new Journal(file);
        Journal.Entry last = journal.lastInsertion().orElseThrow(() -> GenshotException.of("undo.nothing",
                "genshot has inserted nothing into this project that could be undone", file.path(), null, null));
        if (!file.sha256().equals(last.sha256After())) {
            throw GenshotException.of("undo.changed", "The project changed after genshot's last insertion ("
                    + last.take() + "), so undo would lose those changes", file.path(), null,
                    "open the backup by hand if you want it: " + last.backup());
        }
        byte[] restored;
        try {
            restored = Files.readAllBytes(last.backup());
        } catch (IOException e) {
            throw GenshotException.of("undo.backup-missing", "The backup to restore cannot be read: " + e.getMessage(),
                    last.backup(), null, "the project was not changed");
        }
        if (!Hashes.sha256(restored).equals(last.sha256Before())) {
            throw GenshotException.of("undo.backup-changed", "The backup is not the project genshot saved it from",
                    last.backup(), null, "the project was not changed");
        }
        file.checkWritable();
        List<LiveSession> editors = guard.beforeWrite(host, file.path(), "Undo again");
        Instant now = clock.instant();
        file.replace(restored, now, new Journal.Entry("undo", now, last.take(), null, null, null));
        return new UndoResult(last.backup(), guard.afterWrite(host, file.path(), editors));
    }

    @Override
    public boolean canUndo(Path projectPath) {
        try {
            return new Journal(ProjectFile.workFolderOf(projectPath)).lastInsertion().isPresent();
        } catch (IOException | RuntimeException e) {
            return true; // undo itself reads it and says what is wrong
        }
    }

    @Override
    public LiveState live(Path projectPath) {
        ProjectFile file = ProjectFile.read(projectPath);
        file.recover();
        new TakeStore(file, clock).cleanLeftovers();
        HostProject project = read(file);
        List<LiveSession> sessions = guard.sessions(project.host(), file.path());
        return new LiveState(file.path(), project.host(), sessions, dropped(file, project), LiveGuard.off());
    }

    @Override
    public void saveInEditor(Path projectPath) {
        ProjectFile file = ProjectFile.read(projectPath);
        guard.saveInEditor(read(file).host(), file.path(), file.content());
    }

    /**
     * genshot's insertions (not undone, not replaced by a later take) that the project no longer holds although
     * genshot did not take them out: an editor that had the project open saved over them.
     */
    private List<LiveState.Dropped> dropped(ProjectFile file, HostProject project) {
        Journal journal = new Journal(file);
        List<Journal.Entry> active = journal.activeInsertions();
        if (active.isEmpty()) {
            return List.of();
        }
        TakeStore store = new TakeStore(file, clock);
        Map<String, Take> byId = new LinkedHashMap<>();
        for (Take t : store.list()) {
            byId.put(t.id(), t);
        }
        // the newest insertion in a place wins (a replace puts a new take where the old one was)
        Map<String, Journal.Entry> byPlace = new LinkedHashMap<>();
        for (Journal.Entry e : active) {
            Take t = byId.get(e.take());
            if (t != null) {
                byPlace.put(t.track() + "@" + t.range(), e);
            }
        }
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(file.path()).toInstant();
        } catch (IOException e) {
            modified = clock.instant();
        }
        Timeline timeline = project.timeline();
        List<LiveState.Dropped> out = new ArrayList<>();
        for (Journal.Entry e : byPlace.values()) {
            Take t = byId.get(e.take());
            if (holds(project, timeline, t) || file.sha256().equals(e.sha256After())) {
                continue;
            }
            boolean free = timeline.gaps().stream().anyMatch(g -> g.track().equals(t.track())
                    && g.range().contains(t.range()));
            String restore = free ? "genshot use " + Quoting.shellWord(file.path().toString()) + " " + t.id()
                    : "its frames " + t.range().text(timeline.rate()) + " on " + t.track()
                            + " are taken now: make room there, then genshot use "
                            + Quoting.shellWord(file.path().toString()) + " " + t.id();
            out.add(new LiveState.Dropped(t.id(), t.track(), t.range(), e.at(), modified, free, restore));
        }
        return out;
    }

    /** Whether a clip of the take's file sits exactly in the take's range on its track. */
    private static boolean holds(HostProject project, Timeline timeline, Take t) {
        Optional<Track> track = timeline.track(t.track());
        if (track.isEmpty()) {
            return false;
        }
        Path want = t.file().toAbsolutePath().normalize();
        List<TimeRange> ranges = track.get().itemRanges();
        for (int i = 0; i < ranges.size(); i++) {
            if (track.get().items().get(i) instanceof Clip c && ranges.get(i).equals(t.range())
                    && want.equals(normalized(project.mediaPath(c)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A project file and what its host adapter read from it. A fill reads the file three times (before generating,
     * to generate, after generating for the retake check and the save: the file may change between them); each read
     * of the same bytes reuses the first parse, which for a long OpenShot project is most of the fill's reading.
     * Nothing may change the project between the reads but the save, its last user.
     */
    private record Parsed(ProjectFile file, HostProject project) {
    }

    /** The project in {@code file}: {@code known}'s when read from the same file with the same bytes, else parsed. */
    private HostProject read(ProjectFile file, Parsed known) {
        if (known != null && known.file().path().equals(file.path()) && known.file().sameContent(file)) {
            return known.project();
        }
        return read(file);
    }

    HostProject read(ProjectFile file) {
        List<HostAdapter> all = adapters;
        Optional<HostAdapter> adapter = all.stream().filter(a -> a.accepts(file.path())).findFirst();
        if (adapter.isEmpty()) {
            String hosts = all.stream().map(HostAdapter::host).sorted().collect(Collectors.joining(", "));
            throw GenshotException.of("project.unknown-host", "No installed host adapter reads this kind of file",
                    file.path(), null, "genshot reads projects of: " + (hosts.isEmpty() ? "(none installed)" : hosts));
        }
        return adapter.get().read(file.path(), file.content());
    }

    static GapSlot findGap(ProjectFile file, Timeline timeline, String id) {
        Optional<GapSlot> gap = timeline.gap(id == null ? "" : id);
        if (gap.isPresent()) {
            return gap.get();
        }
        List<String> ids = new ArrayList<>();
        for (GapSlot g : timeline.gaps()) {
            ids.add(g.id() + " " + g.range().text(timeline.rate()));
        }
        String project = Quoting.shellWord(file.path().toString());
        String where = timeline.videoTracks().stream().map(Track::name).collect(Collectors.joining(", "));
        String gaps = ids.isEmpty() ? "the project has no gaps on its video tracks now"
                : "gaps now: " + String.join("; ", ids.subList(0, Math.min(ids.size(), 6)))
                        + (ids.size() > 6 ? "; and " + (ids.size() - 6) + " more" : "") + " (genshot gaps " + project
                        + ")";
        Optional<Journal.Entry> filled = filledBy(file, id);
        if (filled.isPresent()) {
            Journal.Entry e = filled.get();
            throw GenshotException.of("gap.not-found", "There is no gap '" + id + "' now: genshot filled it with take "
                    + e.take() + " (" + e.track() + ", frames " + e.range().text(timeline.rate()) + ")", file.path(),
                    "video tracks " + where, "another take for those frames: genshot fill " + project + " --gap "
                            + e.track() + " --range " + e.range() + " -g ... -p ...; a take kept for them: genshot use "
                            + project + " TAKE --replace (genshot takes lists them); genshot gaps lists the gaps now");
        }
        throw GenshotException.of("gap.not-found", "There is no gap '" + id + "' in this project", file.path(),
                "video tracks " + where, gaps);
    }

    /** The newest insertion not undone that a fill naming gap {@code id} made, if any. */
    private static Optional<Journal.Entry> filledBy(ProjectFile file, String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            List<Journal.Entry> active = new Journal(file).activeInsertions();
            for (int i = active.size() - 1; i >= 0; i--) {
                Journal.Entry e = active.get(i);
                if (e.fill() != null && e.range() != null && e.track() != null
                        && e.fill().gap().equalsIgnoreCase(id.trim())) {
                    return Optional.of(e);
                }
            }
        } catch (GenshotException unreadable) {
            // an unreadable journal does not change the answer: there is no such gap
        }
        return Optional.empty();
    }

    /** The take parameter that picks the format of takes with alpha (one of the encoder's alpha formats). */
    static final String ALPHA_FORMAT = "alphaFormat";

    /** A writer for a take: H.264, or with alpha the named alpha format (null: the encoder's default). */
    static VideoWriter openTake(MediaEncoder encoder, Path take, int w, int h, genshot.timeline.Rate rate,
                                boolean alpha, String alphaFormat) {
        return openTake(encoder, take, w, h, rate, alpha, alphaFormat, genshot.timeline.PixelAspect.SQUARE);
    }

    /** The same for a project whose pixels are not square: the take carries their shape. */
    static VideoWriter openTake(MediaEncoder encoder, Path take, int w, int h, genshot.timeline.Rate rate,
                                boolean alpha, String alphaFormat, genshot.timeline.PixelAspect aspect) {
        if (aspect != null && !aspect.isSquare()) {
            return encoder.open(take, w, h, rate, alpha, alphaFormat, aspect);
        }
        return alpha && alphaFormat != null ? encoder.open(take, w, h, rate, alphaFormat)
                : encoder.open(take, w, h, rate, alpha);
    }

    /** The alpha format the request asks for, checked against the encoder's, or null for the default. */
    String alphaFormat(ShotRequest shot) {
        String asked = shot.parameters().get(ALPHA_FORMAT);
        if (asked == null || asked.isBlank()) {
            return null;
        }
        String f = asked.trim().toLowerCase(java.util.Locale.ROOT);
        if (!encoder.alphaFormats().contains(f)) {
            throw GenshotException.of("parameter.invalid", "There is no alpha format '" + asked.trim() + "'", null,
                    "parameter " + ALPHA_FORMAT, encoder.alphaFormats().isEmpty()
                            ? "this encoder writes no alpha; leave the parameter out"
                            : "use one of " + String.join(", ", encoder.alphaFormats()) + " (the first is the default)");
        }
        return f;
    }

    ShotGenerator findGenerator(String id) {
        List<ShotGenerator> all = generators;
        return all.stream().filter(g -> g.info().id().equalsIgnoreCase(id)).findFirst()
                .orElseThrow(() -> GenshotException.of("generator.unknown", "There is no generator '" + id + "'",
                        null, null, "installed: " + all.stream().map(g -> g.info().id()).sorted()
                                .collect(Collectors.joining(", "))));
    }

    /**
     * Parameters every generator takes, read by the workflow rather than the generator: how a take made at another
     * size is fitted ({@code fit}) and retimed ({@code retime}), and the format of takes with alpha.
     */
    static final java.util.SortedSet<String> WORKFLOW_PARAMETERS = new java.util.TreeSet<>(List.of("fit", "retime",
            ALPHA_FORMAT));

    /**
     * Refuses a parameter the generator does not declare ({@link GeneratorInfo#parameters()}) and the workflow does
     * not read ({@link #WORKFLOW_PARAMETERS}), before anything is generated or written: an unknown key would be
     * ignored by the generator and yet recorded in the sidecar as if it had shaped the take.
     */
    static void checkParameters(GeneratorInfo generator, Map<String, String> parameters) {
        java.util.SortedSet<String> own = new java.util.TreeSet<>(generator.parameters().keySet());
        for (String key : new java.util.TreeSet<>(parameters.keySet())) {
            if (own.contains(key) || WORKFLOW_PARAMETERS.contains(key)) {
                continue;
            }
            String near = nearest(key, own, WORKFLOW_PARAMETERS);
            throw GenshotException.of("parameter.unknown", "Generator " + generator.id() + " has no parameter '" + key
                    + "'" + (near == null ? "" : "; did you mean " + near + "?"), null, "parameter " + key,
                    "nothing was generated; " + (own.isEmpty() ? generator.id() + " has no parameters of its own"
                            : "its parameters are " + String.join(", ", own)) + ", and every generator takes "
                            + String.join(", ", WORKFLOW_PARAMETERS) + " (genshot generators lists them)");
        }
    }

    /** The known key closest to a mistyped one (same letters but for case, a prefix, or two edits), or null. */
    private static String nearest(String key, java.util.Collection<String> own, java.util.Collection<String> common) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (var names : List.of(own, common)) {
            for (String n : names) {
                String l = n.toLowerCase(java.util.Locale.ROOT);
                int d = l.equals(k) ? 0 : (l.startsWith(k) || k.startsWith(l)) && Math.min(k.length(), l.length()) >= 3
                        ? 1 : editDistance(k, l);
                if (d <= 2 && d < bestDistance) {
                    best = n;
                    bestDistance = d;
                }
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1,
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static String toolVersion() {
        try {
            var bundle = FrameworkUtil.getBundle(GenshotService.class);
            if (bundle != null) {
                return bundle.getVersion().toString();
            }
        } catch (NoClassDefFoundError outsideOsgi) {
            // not inside a framework
        }
        return "dev";
    }

    /** The manifest header the build writes the commit into ({@code git describe --always --dirty}). */
    static final String COMMIT_HEADER = "Genshot-Commit";

    /**
     * The commit genshot was built from, as the build wrote it into this bundle's manifest: 40 hex digits, with
     * {@code -dirty} when the build had changes not committed; {@code unknown} when built outside a git checkout (or
     * without git), or run outside a framework from classes that were never packaged.
     */
    static String toolCommit() {
        try {
            var bundle = FrameworkUtil.getBundle(GenshotService.class);
            if (bundle != null) {
                return commit(bundle.getHeaders().get(COMMIT_HEADER));
            }
        } catch (NoClassDefFoundError outsideOsgi) {
            // not inside a framework
        }
        return commit(null);
    }

    /** A commit header's value as the sidecar records it: trimmed, or {@code unknown} when missing or empty. */
    static String commit(String header) {
        return header == null || header.isBlank() ? "unknown" : header.strip();
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static Path normalized(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the take is not referenced by the project
        }
    }
}
