package genshot.core.internal;

import genshot.api.Cancellation;
import genshot.api.FillRequest;
import genshot.api.FillResult;
import genshot.api.GeneratorInfo;
import genshot.api.Genshot;
import genshot.api.GenshotException;
import genshot.api.HostAdapter;
import genshot.api.HostProject;
import genshot.api.InsertRequest;
import genshot.api.MediaEncoder;
import genshot.api.MediaInfo;
import genshot.api.Progress;
import genshot.api.ProjectSummary;
import genshot.api.ShotGenerator;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.api.VideoWriter;
import genshot.timeline.GapSlot;
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
@Component(service = Genshot.class)
public final class GenshotService implements Genshot {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<HostAdapter> adapters = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<ShotGenerator> generators = List.of();

    @Reference
    MediaEncoder encoder;

    private final Clock clock;

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
        Map<String, Long> phases = new LinkedHashMap<>();
        Instant started = clock.instant();
        long t0 = System.nanoTime();

        progress.report("loading", 0, -1);
        ProjectFile file = ProjectFile.read(request.project());
        HostProject project = read(file);
        Timeline timeline = project.timeline();
        GapSlot gap = findGap(file, timeline, request.gap());
        TimeRange range = request.range() == null ? gap.range() : request.range();
        if (!gap.range().contains(range) || range.isEmpty()) {
            throw GenshotException.of("range.outside-gap", "The range " + range + " is not inside gap " + gap.id() + " "
                    + gap.range(), file.path(), "track " + gap.track(), "choose frames between " + gap.range().start()
                    + " and " + (gap.range().end() - 1));
        }
        Track track = timeline.track(gap.track()).orElseThrow();
        if (track.locked()) {
            throw GenshotException.of("track.locked", "Track " + track.name() + " is locked", file.path(),
                    "track " + track.name(), "unlock it in the editor and save, or choose a gap on another track");
        }
        ShotGenerator generator = findGenerator(request.shot().generator());
        ShotSpec spec = new ShotSpec(timeline.rate(), timeline.width(), timeline.height(), range.duration(),
                range.start(), gap.id());
        phases.put("read", millisSince(t0));

        TakeStore takes = new TakeStore(file, clock);
        Path take = takes.newTakePath(gap.track(), range, request.shot());
        long t1 = System.nanoTime();
        ShotResult shot;
        MediaInfo info;
        long encodeMillis;
        cancel.check();
        try (VideoWriter writer = encoder.open(take, spec.width(), spec.height(), spec.rate());
             EncodingPipeline pipeline = new EncodingPipeline(writer, 8,
                     n -> progress.report("encoding", n, spec.frames()))) {
            progress.report("generating", 0, spec.frames());
            shot = generator.generate(request.shot(), spec, pipeline, progress, cancel);
            cancel.check();
            info = pipeline.finish();
            encodeMillis = pipeline.encodeMillis();
        }
        phases.put("generate+encode", millisSince(t1));
        phases.put("encode (overlapped)", encodeMillis);
        if (info.frames() != range.duration()) {
            deleteQuietly(take);
            throw GenshotException.of("take.length", "The take has " + info.frames() + " frames, the gap needs "
                    + range.duration(), take, null, "this is a bug in generator '" + generator.info().id() + "'");
        }

        long t2 = System.nanoTime();
        progress.report("saving", 0, 1);
        Path backup;
        String before = file.sha256();
        try {
            project.insert(new InsertRequest(take, info, gap.track(), range, take.getFileName().toString()));
            byte[] out = project.serialize();
            backup = file.replace(out, clock.instant());
        } catch (GenshotException e) {
            if (!"project.changed".equals(e.problem().code())) {
                deleteQuietly(take);
            }
            throw e;
        }
        phases.put("insert+save", millisSince(t2));
        phases.put("total", millisSince(t0));
        Path sidecar = takes.writeSidecar(take, new TakeStore.Record(file.path(), project.host(), before,
                gap.track(), range, spec, generator.info(), request.shot(), shot, info, backup, toolVersion(),
                started, clock.instant(), phases));
        progress.report("saving", 1, 1);
        return new FillResult(file.path(), take, sidecar, backup, project.host(), gap.track(), range,
                request.shot().seed(), generator.info().id(), shot.device(), phases);
    }

    private HostProject read(ProjectFile file) {
        List<HostAdapter> all = adapters;
        Optional<HostAdapter> adapter = all.stream().filter(a -> a.accepts(file.path())).findFirst();
        if (adapter.isEmpty()) {
            String hosts = all.stream().map(HostAdapter::host).sorted().collect(Collectors.joining(", "));
            throw GenshotException.of("project.unknown-host", "No installed host adapter reads this kind of file",
                    file.path(), null, "genshot reads projects of: " + (hosts.isEmpty() ? "(none installed)" : hosts));
        }
        return adapter.get().read(file.path(), file.content());
    }

    private static GapSlot findGap(ProjectFile file, Timeline timeline, String id) {
        Optional<GapSlot> gap = timeline.gap(id == null ? "" : id);
        if (gap.isPresent()) {
            return gap.get();
        }
        List<String> ids = new ArrayList<>();
        for (GapSlot g : timeline.gaps()) {
            ids.add(g.id() + " " + new RationalTime(g.range().start(), timeline.rate()).toTimecode() + " +"
                    + g.range().duration());
        }
        String where = timeline.videoTracks().stream().map(Track::name).collect(Collectors.joining(", "));
        throw GenshotException.of("gap.not-found", "There is no gap '" + id + "' in this project", file.path(),
                "video tracks " + where, ids.isEmpty() ? "the project has no gaps on its video tracks"
                        : "gaps are: " + String.join("; ", ids) + " (see genshot gaps)");
    }

    private ShotGenerator findGenerator(String id) {
        List<ShotGenerator> all = generators;
        return all.stream().filter(g -> g.info().id().equalsIgnoreCase(id)).findFirst()
                .orElseThrow(() -> GenshotException.of("generator.unknown", "There is no generator '" + id + "'",
                        null, null, "installed: " + all.stream().map(g -> g.info().id()).sorted()
                                .collect(Collectors.joining(", "))));
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

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the take is not referenced by the project
        }
    }
}
