package genshot.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.Benchmarks;
import genshot.api.FillRequest;
import genshot.api.FillResult;
import genshot.api.GeneratorInfo;
import genshot.api.Genshot;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench",
        footer = {"  genshot bench -g fog,slug --sizes 1920x1080 --frames 48",
                "  genshot bench -g elements -P look=snow --json"},
        description = {
        "Measure the generators: frames per second alone and with the encoder running beside them (as in a fill),",
        "at each size; then one whole fill of the sample project per generator, split by phase."})
final class BenchCommand implements Callable<Integer> {
    private final Genshot genshot;
    private final Benchmarks benchmarks;

    @Spec
    CommandSpec spec;

    @Option(names = {"-g", "--generators"}, split = ",", description = "which generators (default: all installed)")
    List<String> generators = new ArrayList<>();

    @Option(names = "--sizes", split = ",", defaultValue = "1280x720,1920x1080", description = "WxH,... (default: ${DEFAULT-VALUE})")
    List<String> sizes;

    @Option(names = "--frames", defaultValue = "48", description = "frames per measurement (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--runs", defaultValue = "1", description = "measure everything this many times over, "
            + "interleaved, and print the median of each figure (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = {"-P", "--param"}, paramLabel = "KEY=VALUE", description = "a generator parameter (e.g. look=snow)")
    Map<String, String> params = new java.util.LinkedHashMap<>();

    @Option(names = "--sample", description = "the project for the whole-fill timing (default: the Kdenlive sample)")
    Path sample;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    BenchCommand(Genshot genshot, Benchmarks benchmarks) {
        this.genshot = genshot;
        this.benchmarks = benchmarks;
    }

    @Override
    public Integer call() throws IOException {
        if (benchmarks == null) {
            throw GenshotException.of("bench.unavailable", "The benchmark service is not installed", null, null,
                    "this genshot lacks the genshot.core bundle's benchmarks; reinstall genshot");
        }
        List<String> ids = generators.isEmpty() ? genshot.generators().stream().map(GeneratorInfo::id).toList()
                : generators;
        for (String key : params.keySet()) {
            if (ids.stream().noneMatch(id -> paramsOf(id, Map.of(key, "")).containsKey(key))) {
                throw GenshotException.of("parameter.unknown", "No generator measured here has a parameter '" + key
                        + "'", null, "parameter " + key, "genshot generators lists each generator's parameters; "
                        + "every generator also takes " + String.join(", ", new java.util.TreeSet<>(WORKFLOW_PARAMETERS)));
            }
        }
        if (runs < 1 || runs > 99) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--runs takes 1 to 99, not " + runs);
        }
        List<int[]> wh = new ArrayList<>();
        for (String s : sizes) {
            String[] p = s.toLowerCase().split("x");
            try {
                wh.add(new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())});
            } catch (RuntimeException e) {
                throw GenshotException.of("usage.size", "--sizes takes WxH values such as 1920x1080, not '"
                        + GenshotCommand.flat(s, 40) + "'", null, "--sizes", "separate sizes with commas: 1280x720,1920x1080");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, true);
        List<Benchmarks.Row> rows;
        try {
            rows = benchmarks.run(ids, wh, frames, runs, params, bar, () -> false);
        } finally {
            bar.close();
        }
        List<FillResult> fills = wholeFills(ids, bar);
        if (json) {
            ObjectNode root = Json.object();
            root.put("cores", Runtime.getRuntime().availableProcessors());
            root.put("runs", runs);
            ArrayNode arr = root.putArray("generators");
            for (Benchmarks.Row r : rows) {
                ObjectNode o = arr.addObject();
                o.put("generator", r.generator());
                o.put("width", r.width());
                o.put("height", r.height());
                o.put("frames", r.frames());
                o.put("generateFps", round(r.generateFps()));
                o.put("overlappedFps", round(r.overlappedFps()));
                o.put("generateMillis", r.generateMillis());
                o.put("encodeBusyMillis", r.encodeBusyMillis());
                o.put("overlappedMillis", r.overlappedMillis());
                o.put("take", r.take());
                o.put("encoder", r.encoder());
                o.put("encodeFrames", r.encodeFrames());
                o.put("encodeOnlyMillis", r.encodeOnlyMillis());
                o.put("encodeOnlyFps", round(r.encodeOnlyFps()));
                if (r.ffmpegMillis() >= 0) {
                    o.put("ffmpegMillis", r.ffmpegMillis());
                    o.put("ffmpegFps", round(r.ffmpegFps()));
                }
                o.put("overlapRatio", Math.round(r.overlapRatio() * 100) / 100.0);
                if (r.generateCpuMillis() >= 0) {
                    o.put("generateCpuMillis", r.generateCpuMillis());
                    o.put("encodeOnlyCpuMillis", r.encodeOnlyCpuMillis());
                    o.put("overlappedCpuMillis", r.overlappedCpuMillis());
                    o.put("overlapFloor", Math.round(r.overlapFloor() * 100) / 100.0);
                }
            }
            ArrayNode fa = root.putArray("fills");
            for (FillResult f : fills) {
                ObjectNode o = fa.addObject();
                o.put("generator", f.generator());
                o.put("frames", f.range().duration());
                ObjectNode ph = o.putObject("phaseMillis");
                f.phaseMillis().forEach(ph::put);
            }
            out.println(Json.write(root));
            return 0;
        }
        out.printf("%d cores; %d frames per measurement%s; fill = generate and encode overlapped, as genshot fill does%n",
                Runtime.getRuntime().availableProcessors(), frames,
                runs == 1 ? "" : "; each figure the median of " + runs + " interleaved runs");
        out.printf("%-10s %-10s %12s %10s %14s %14s %10s %5s%n", "GENERATOR", "SIZE", "GENERATE FPS", "FILL FPS",
                "ENCODER BUSY", "ONE AFTER", "OVERLAP", "TAKE");
        out.printf("%-10s %-10s %12s %10s %14s %14s %10s%n", "", "", "", "", "", "THE OTHER", "SAVES");
        for (Benchmarks.Row r : rows) {
            long sequential = r.generateMillis() + r.encodeBusyMillis();
            out.printf("%-10s %-10s %12.1f %10.1f %12d ms %12d ms %9.0f%% %5s%n", r.generator(),
                    r.width() + "x" + r.height(), r.generateFps(), r.overlappedFps(), r.encodeBusyMillis(), sequential,
                    100.0 * (sequential - r.overlappedMillis()) / Math.max(1, sequential), r.take());
        }
        out.printf("%nEncode only, on the frames each generator made (made beforehand, in memory):%n");
        out.printf("%-10s %-10s %7s %11s %11s %9s %14s  %s%n", "GENERATOR", "SIZE", "FRAMES", "ENCODE FPS",
                "FFMPEG FPS", "VS FFMPEG", "FILL/(GEN+ENC)", "ENCODER");
        for (Benchmarks.Row r : rows) {
            if (r.encodeFrames() == 0) {
                continue;
            }
            out.printf("%-10s %-10s %7d %11.1f %11s %9s %14.2f  %s%n", r.generator(), r.width() + "x" + r.height(),
                    r.encodeFrames(), r.encodeOnlyFps(), r.ffmpegFps() > 0 ? String.format("%.1f", r.ffmpegFps()) : "-",
                    r.ffmpegFps() > 0 ? String.format("%.2fx", r.encodeOnlyFps() / r.ffmpegFps()) : "-",
                    r.overlapRatio(), r.encoder() + " " + r.take());
        }
        out.printf("(ffmpeg: the ffmpeg program on the PATH at the same settings, libx264 -preset ultrafast"
                + " -x264-params cabac=1 -crf 18 -bf 0, BT.709; - when absent or for takes with alpha)%n");
        if (rows.stream().anyMatch(r -> r.overlapFloor() > 0)) {
            out.printf("%nCores kept busy (processor time / wall time) and the overlap this machine allows:%n");
            out.printf("%-10s %-10s %9s %9s %9s %14s %7s%n", "GENERATOR", "SIZE", "GENERATE", "ENCODE", "FILL",
                    "FILL/(GEN+ENC)", "FLOOR");
            for (Benchmarks.Row r : rows) {
                if (r.overlapFloor() <= 0) {
                    continue;
                }
                out.printf("%-10s %-10s %9.2f %9.2f %9.2f %14.2f %7.2f%n", r.generator(),
                        r.width() + "x" + r.height(), r.generateCores(), r.encodeOnlyCores(), r.overlappedCores(),
                        r.overlapRatio(), r.overlapFloor());
            }
            out.printf("(FLOOR: max(generate, encode, processor time of both / %d cores) / (generate + encode): what"
                    + " a perfect overlap would reach)%n", rows.get(0).cores());
        }
        if (!fills.isEmpty()) {
            out.printf("%nWhole fill of %s (%d frames), by phase:%n", sampleName(), fills.get(0).range().duration());
            for (FillResult f : fills) {
                out.printf("%-10s %s%n", f.generator(), f.phaseMillis());
            }
        }
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private String sampleName() {
        return sample != null ? sample.getFileName().toString() : "the Kdenlive sample";
    }

    /** One real fill per generator on a scratch copy of the sample project. */
    private List<FillResult> wholeFills(List<String> ids, Progress progress) throws IOException {
        Path source = sample;
        if (source == null) {
            String home = System.getProperty("genshot.home");
            if (home == null || !Files.isRegularFile(Path.of(home, "samples", "kdenlive", "sample.kdenlive"))) {
                return List.of();
            }
            source = Path.of(home, "samples", "kdenlive", "sample.kdenlive");
        }
        List<FillResult> out = new ArrayList<>();
        for (String id : ids) {
            Path dir = Files.createTempDirectory("genshot-bench-fill");
            try {
                try (Stream<Path> s = Files.list(source.toAbsolutePath().getParent())) {
                    for (Path p : s.filter(Files::isRegularFile).toList()) {
                        Files.copy(p, dir.resolve(p.getFileName().toString()));
                    }
                }
                Path project = dir.resolve(source.getFileName().toString());
                String gap = genshot.open(project).gaps().get(0).id();
                out.add(genshot.fill(new FillRequest(project, gap, null, new ShotRequest(id, "thick fog at dawn", "",
                        42, paramsOf(id), "cpu")), progress, () -> false));
            } finally {
                deleteTree(dir);
            }
        }
        return out;
    }

    /** Parameters every generator takes (the workflow reads them): fit, retime, alphaFormat. */
    static final java.util.Set<String> WORKFLOW_PARAMETERS = java.util.Set.of("fit", "retime", "alphaFormat");

    /**
     * The -P parameters that generator {@code id} takes: a whole fill refuses a key its generator does not declare,
     * and one -P list serves several generators here ({@code -g elements,fog -P look=snow}).
     */
    private Map<String, String> paramsOf(String id) {
        return paramsOf(id, params);
    }

    private Map<String, String> paramsOf(String id, Map<String, String> asked) {
        var info = genshot.generators().stream().filter(g -> g.id().equalsIgnoreCase(id)).findFirst();
        if (info.isEmpty()) {
            return asked;
        }
        Map<String, String> out = new java.util.LinkedHashMap<>(asked);
        out.keySet().removeIf(k -> !info.get().parameters().containsKey(k) && !WORKFLOW_PARAMETERS.contains(k));
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
