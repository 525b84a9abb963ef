package genshot.core.internal;

import genshot.api.Benchmarks;
import genshot.api.Cancellation;
import genshot.api.Frame;
import genshot.api.FrameSink;
import genshot.api.GenshotException;
import genshot.api.MediaEncoder;
import genshot.api.Progress;
import genshot.api.ShotContext;
import genshot.api.ShotGenerator;
import genshot.api.ShotRequest;
import genshot.api.ShotSpec;
import genshot.api.VideoWriter;
import genshot.timeline.Rate;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code genshot bench}: each generator alone (frames thrown away), then generating while the encoder runs beside
 * it through the same {@link EncodingPipeline} as a fill, so the overlap is measured, not assumed.
 */
@Component(service = Benchmarks.class)
public final class BenchService implements Benchmarks {
    static final Rate RATE = Rate.FPS_25;
    /** Warm-up rounds at most (of the generator alone, the encoder alone and a fill) before the timed runs. */
    static final int WARM_ROUNDS = 5;
    /** A warm-up round is quiet when the JIT compiled for less than 1/QUIET of its time. */
    static final int QUIET = 40;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<ShotGenerator> generators = List.of();

    @Reference
    MediaEncoder encoder;

    public BenchService() {
    }

    BenchService(List<ShotGenerator> generators, MediaEncoder encoder) {
        this.generators = List.copyOf(generators);
        this.encoder = encoder;
    }

    @Override
    public List<Row> run(List<String> ids, List<int[]> sizes, int frames, Map<String, String> parameters,
                         Progress progress, Cancellation cancel) {
        List<ShotGenerator> chosen = new ArrayList<>();
        for (String id : ids) {
            chosen.add(generators.stream().filter(g -> g.info().id().equalsIgnoreCase(id)).findFirst()
                    .orElseThrow(() -> GenshotException.of("generator.unknown", "There is no generator '" + id + "'",
                            null, null, "see genshot generators")));
        }
        List<Row> rows = new ArrayList<>();
        Path work;
        try {
            work = Files.createTempDirectory("genshot-bench");
        } catch (IOException e) {
            throw GenshotException.of("bench.io", "Cannot create a scratch folder: " + e.getMessage(), null, null, null);
        }
        try {
            int step = 0;
            for (int[] size : sizes) {
                ShotContext context = neighbours(work, size[0], size[1]);
                for (ShotGenerator g : chosen) {
                    cancel.check();
                    progress.report("benchmark", step++, (long) sizes.size() * chosen.size());
                    rows.add(measure(g, size[0], size[1], frames, parameters, context, work, cancel));
                }
            }
        } finally {
            Scratch.deleteTree(work);
        }
        return rows;
    }

    private Row measure(ShotGenerator g, int w, int h, int frames, Map<String, String> parameters,
                        ShotContext context, Path work, Cancellation cancel) {
        ShotSpec spec = new ShotSpec(RATE, w, h, frames, 0, "bench");
        ShotRequest request = new ShotRequest(g.info().id(), "thick fog rolling over a lake at dawn", "", 42,
                parameters, "cpu");
        // warm-up, not counted: a first whole fill (sessions and natives open, and its frames are kept, as many as
        // fit in a third of the heap, for the encoder-alone runs), then rounds of the three runs that are timed, each
        // writing a file of its own, until a quiet round (the JIT compiled for less than 1/QUIET of it). One fill was
        // not enough: the timed runs after it still compiled for 250-1,300 ms of processor time, and the fill of one
        // build read anywhere from 24 to 33 frames/s
        boolean alpha = g.producesAlpha(request);
        long frameBytes = (long) w * h * (alpha ? 4 : 3);
        long budget = Runtime.getRuntime().maxMemory() / 3;
        int keep = (int) Math.max(0, Math.min(frames, budget / Math.max(1, frameBytes)));
        List<Frame> made = new ArrayList<>(keep);
        // encoded as a fill would: plates in the alpha format asked for (or the default), the rest as H.264; each
        // run writes a file of its own, as a fill writes a new take: replacing the last run's file would time its
        // deletion too (a 1080p plate of 48 frames is 200 MB: 70-190 ms on ext4), which no fill does
        String format = parameters.get(GenshotService.ALPHA_FORMAT);
        String name = g.info().id() + "-" + w + "x" + h + "-%s." + encoder.extension(alpha);
        Path warm = work.resolve(String.format(name, "warm-up"));
        Path encoded = work.resolve(String.format(name, "encode"));
        Path take = work.resolve(String.format(name, "fill"));
        fill(g, request, spec, context, warm, alpha, format, f -> {
            if (made.size() < keep) {
                made.add(f.copy());
            }
        }, cancel);
        Scratch.deleteTree(warm);
        for (int round = 1; round <= WARM_ROUNDS; round++) {
            cancel.check();
            long j0 = jitMillis();
            long t = System.nanoTime();
            g.generate(request, spec, context, new Discard(), Progress.NONE, cancel);
            Path warmEncoded = work.resolve(String.format(name, "warm-encode-" + round));
            if (!made.isEmpty()) {
                encodeAlone(made, warmEncoded, w, h, alpha, format);
            }
            Path warmFill = work.resolve(String.format(name, "warm-fill-" + round));
            fill(g, request, spec, context, warmFill, alpha, format, null, cancel);
            long compiled = jitMillis() - j0;
            long wall = (System.nanoTime() - t) / 1_000_000;
            Scratch.deleteTree(warmEncoded);
            Scratch.deleteTree(warmFill);
            if (j0 < 0 || compiled * QUIET < wall) {
                break;
            }
        }
        cancel.check();
        long c0 = cpuMillis();
        long t0 = System.nanoTime();
        g.generate(request, spec, context, new Discard(), Progress.NONE, cancel);
        long generate = (System.nanoTime() - t0) / 1_000_000;
        long generateCpu = since(c0);

        // the encoder alone on the same frames, then the ffmpeg program on them at the same settings
        long encodeOnly = 0;
        long encodeOnlyCpu = -1;
        long cli = -1;
        if (!made.isEmpty()) {
            cancel.check();
            long ce = cpuMillis();
            long te = System.nanoTime();
            encodeAlone(made, encoded, w, h, alpha, format);
            encodeOnly = (System.nanoTime() - te) / 1_000_000;
            encodeOnlyCpu = since(ce);
            if (!alpha) {
                cli = ffmpegMillis(made, work.resolve("ffmpeg-" + w + "x" + h + ".mp4"));
            }
        }
        int encodeFrames = made.size();
        made.clear();

        long c1 = cpuMillis();
        long t1 = System.nanoTime();
        long encodeBusy = fill(g, request, spec, context, take, alpha, format, null, cancel);
        long overlapped = (System.nanoTime() - t1) / 1_000_000;
        long overlappedCpu = since(c1);
        for (Path p : List.of(encoded, take)) {
            Scratch.deleteTree(p);
        }
        String kind = !alpha ? encoder.extension(false) : format != null ? format
                : encoder.alphaFormats().isEmpty() ? encoder.extension(true) : encoder.alphaFormats().get(0);
        return new Row(g.info().id(), w, h, frames, generate, encodeBusy, overlapped, kind, encoder.toString(),
                encodeFrames, encodeOnly, cli, generateCpu, encodeOnlyCpu, overlappedCpu,
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * A fill as {@code genshot fill} makes one: the generator's frames to the encoder on its own thread through the
     * same {@link EncodingPipeline}, each also shown to {@code tap} (null: none). Returns the encoder's busy time, ms.
     */
    private long fill(ShotGenerator g, ShotRequest request, ShotSpec spec, ShotContext context, Path take,
                      boolean alpha, String format, FrameSink tap, Cancellation cancel) {
        try (VideoWriter writer = GenshotService.openTake(encoder, take, spec.width(), spec.height(), RATE, alpha,
                format); EncodingPipeline pipeline = new EncodingPipeline(writer, 8, n -> { })) {
            g.generate(request, spec, context, tap == null ? pipeline : new FrameSink() {
                @Override
                public Frame lend(long index, int width, int height, boolean alpha) {
                    return pipeline.lend(index, width, height, alpha);
                }

                @Override
                public void accept(Frame f) {
                    tap.accept(f);
                    pipeline.accept(f);
                }
            }, Progress.NONE, cancel);
            pipeline.finish();
            return pipeline.encodeMillis();
        }
    }

    /**
     * The generator alone: frames thrown away, drawn into arrays lent as a fill's encoder lends them (the same ones
     * each time), so that a generator that asks ({@link FrameSink#lend}) runs the code it runs in a fill, and the JIT
     * does not compile it for one path, then for the other inside a timed run.
     */
    static final class Discard implements FrameSink {
        private Frame spare;

        @Override
        public Frame lend(long index, int width, int height, boolean alpha) {
            if (spare == null || spare.width() != width || spare.height() != height
                    || (spare.alpha() != null) != alpha) {
                spare = new Frame(index, width, height, new byte[width * height * 3],
                        alpha ? new byte[width * height] : null);
            }
            return new Frame(index, width, height, spare.bgr(), spare.alpha());
        }

        @Override
        public void accept(Frame frame) {
        }
    }

    /** The encoder alone: {@code frames} into a new take at {@code out}, as a fill would write them. */
    private void encodeAlone(List<Frame> frames, Path out, int w, int h, boolean alpha, String format) {
        try (VideoWriter writer = GenshotService.openTake(encoder, out, w, h, RATE, alpha, format)) {
            for (Frame f : frames) {
                writer.accept(f);
            }
            writer.finish();
        }
    }

    /** The JIT compilers' time so far (every compiler thread), in ms; -1 when the JVM does not say. */
    static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Processor time of this process so far (every thread, native ones included), in ms; -1 when not known. */
    static long cpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
    }

    private static long since(long cpuStart) {
        long now = cpuMillis();
        return cpuStart < 0 || now < 0 ? -1 : now - cpuStart;
    }

    /**
     * The ffmpeg program on the PATH encoding {@code frames} (piped in as raw BGR, made beforehand) at the settings of
     * genshot's takes: libx264 preset ultrafast with CABAC, CRF 18, no B-frames, a key frame every second, BT.709
     * limited range, tagged. The process is timed alone, from start to exit; -1 when there is no ffmpeg or it fails.
     */
    static long ffmpegMillis(List<Frame> frames, Path out) {
        String ffmpeg = onPath("ffmpeg");
        if (ffmpeg == null || frames.isEmpty()) {
            return -1;
        }
        Frame f0 = frames.get(0);
        List<String> cmd = List.of(ffmpeg, "-nostdin", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24",
                "-s", f0.width() + "x" + f0.height(), "-r", RATE.numerator() + "/" + RATE.denominator(), "-i", "-",
                "-vf", "scale=out_color_matrix=bt709:out_range=tv", "-c:v", "libx264", "-preset", "ultrafast",
                "-x264-params", "cabac=1", "-crf", "18", "-g", Integer.toString(Math.max(1, RATE.timecodeBase())),
                "-bf", "0", "-pix_fmt", "yuv420p", "-colorspace", "bt709", "-color_primaries", "bt709",
                "-color_trc", "bt709", "-color_range", "tv", out.toString());
        try {
            long t = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (java.io.OutputStream in = p.getOutputStream()) {
                for (Frame f : frames) {
                    in.write(f.bgr());
                }
            }
            int rc = p.waitFor();
            long ms = (System.nanoTime() - t) / 1_000_000;
            Files.deleteIfExists(out);
            return rc == 0 ? ms : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Two clips of a smooth texture moving 4 px right per frame, cut around a gap, for bridge. */
    private ShotContext neighbours(Path work, int w, int h) {
        Path before = work.resolve("before-" + w + "x" + h + ".mp4");
        Path after = work.resolve("after-" + w + "x" + h + ".mp4");
        int n = 12;
        write(before, w, h, 0, n);
        write(after, w, h, n + 24, n);
        return new ShotContext(new ShotContext.Neighbour(before, n - 1, n, 1.0),
                new ShotContext.Neighbour(after, 0, n, 1.0));
    }

    private void write(Path file, int w, int h, int firstFrame, int count) {
        try (VideoWriter writer = encoder.open(file, w, h, RATE)) {
            for (int i = 0; i < count; i++) {
                writer.accept(texture(w, h, (firstFrame + i) * 4, i));
            }
            writer.finish();
        }
    }

    static Frame texture(int w, int h, int shift, long index) {
        byte[] b = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = (x - shift) * 0.031;
                double v = y * 0.047;
                double s = Math.sin(u) * Math.cos(v * 1.3) + 0.5 * Math.sin(u * 2.7 + v * 1.9) + 0.25 * Math.cos(u * 5.1 - v * 4.3);
                int g = (int) Math.max(0, Math.min(255, 128 + 70 * s));
                int o = (y * w + x) * 3;
                b[o] = (byte) g;
                b[o + 1] = (byte) (255 - g);
                b[o + 2] = (byte) ((g + y) & 0xff);
            }
        }
        return new Frame(index, w, h, b);
    }
}
