package genshot.generators.internal;

import genshot.api.Cancellation;
import genshot.api.Progress;
import genshot.api.ShotContext;
import genshot.api.ShotContext.Neighbour;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.media.internal.HumbleMediaDecoder;
import genshot.timeline.Rate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Speed of the bridge generator, not a test. Usage: {@code BridgeBench [threads [WxH ...]]} (default: one thread
 * per core, 640x360, 1280x720 and 1920x1080); system properties {@code runs} (5), {@code warmup} (1),
 * {@code compare} (the gaps
 * compared with minterpolate, default {@code 6,24}; empty: none) and {@code modes} ({@code true}: also the
 * per-mode lines).
 *
 * <ol>
 * <li><b>Against minterpolate</b>, per size and gap: a camera pan over a {@link BridgeWorld} with a disc moving on
 * its own ({@link BridgeQuality}'s "object" move), 6-frame clips each side encoded with the real encoder. Each run
 * times the bridge (everything included: probing and decoding both neighbours, flows, occlusion, rendering) and,
 * interleaved with it, ffmpeg's {@code minterpolate} of the same two cut frames as decoded
 * ({@link BridgeTrial#MINTERPOLATE}; the ffmpeg process, PNG in, raw BGR out), and the same with its
 * scene-change detection off ({@link BridgeTrial#MINTERPOLATE_NO_SCD}: as it comes, minterpolate takes two cut
 * frames far apart for a cut and copies the nearer one into each in-between frame, which is fast;
 * {@code scd=none} is its true motion-compensated interpolation). Prints median and min–max of each, frames a
 * second, the speed ratios (minterpolate's median time over the bridge's: above 1 the bridge is faster) and the
 * PSNR of each against the true frames; and, where {@code /usr/bin/time} is there, the processor seconds of each
 * (the bridge's all threads of this process; less sensitive to other load on the machine).</li>
 * <li><b>Modes</b> (with {@code -Dmodes=true}): frames a second for 6-, 24- and 48-frame gaps of another move (a
 * pan with a disc moving the other way), motion auto, interpolate and morph, and a clip on one side only.</li>
 * </ol>
 * Every figure is the median of {@code runs} runs after one warm-up, with min–max.
 */
public final class BridgeBench {

    private BridgeBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : FlowPool.defaultThreads();
        int runs = Integer.getInteger("runs", 5);
        int[] compare = Arrays.stream(System.getProperty("compare", "6,24").split(","))
                .filter(s -> !s.isBlank()).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        boolean modes = Boolean.getBoolean("modes");
        Path dir = Files.createTempDirectory("bridge-bench");
        HumbleMediaDecoder decoder = new HumbleMediaDecoder();
        BridgeGenerator bridge = new BridgeGenerator(decoder, threads);
        int[][] sizes = {{640, 360}, {1280, 720}, {1920, 1080}};
        if (args.length > 1) {
            sizes = new int[args.length - 1][];
            for (int i = 1; i < args.length; i++) {
                String[] wh = args[i].split("x");
                sizes[i - 1] = new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
            }
        }
        System.out.printf(Locale.ROOT, "bridge bench: %d threads, %d cores, median of %d runs (min-max)%n", threads,
                Runtime.getRuntime().availableProcessors(), runs);
        for (int[] s : sizes) {
            for (int gap : compare) {
                compare(bridge, decoder, s[0], s[1], gap, runs, dir);
            }
            if (modes) {
                modes(bridge, s[0], s[1], runs, dir);
            }
        }
        bridge.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs of the bridge before the measured ones, for each gap ({@code -Dwarmup}, default 1: a JVM still
     * compiling, as a fill that starts the program; 8 or so: the compiled code). */
    static final int WARM_UP = Math.max(1, Integer.getInteger("warmup", 1));

    /** The bridge against minterpolate on one gap: interleaved runs, speed and PSNR of both. */
    static void compare(BridgeGenerator bridge, HumbleMediaDecoder decoder, int w, int h, int gap, int runs,
                        Path dir) throws IOException {
        int clip = BridgeQuality.CLIP;
        BridgeWorld.Move move = BridgeQuality.moves(w, h)[4];
        BridgeWorld world = new BridgeWorld(17, move, w, h, 2 * clip + gap);
        ShotContext ctx = BridgeTrial.context(world, gap, clip, dir);
        byte[] a = BridgeTrial.decoded(decoder, ctx.before());
        byte[] b = BridgeTrial.decoded(decoder, ctx.after());
        List<byte[]> truth = new ArrayList<>();
        for (int i = 0; i < gap; i++) {
            truth.add(world.frame(clip + i));
        }
        Path mi = Files.createTempDirectory(dir, "mi");
        BridgeTrial.write(a, w, h, mi.resolve("in1.png"));
        BridgeTrial.write(b, w, h, mi.resolve("in2.png"));
        BridgeTrial.write(b, w, h, mi.resolve("in3.png"));
        Map<String, String> auto = Map.of();
        List<byte[]> frames = new ArrayList<>();
        ShotResult r = null;
        for (int k = 0; k < WARM_UP; k++) {
            frames.clear();
            r = generate(bridge, w, h, gap, ctx, auto, frames);
        }
        List<byte[]> miFrames = minterpolate(mi, w, h, gap); // warm-up (page cache)
        List<byte[]> mnFrames = minterpolate(mi, w, h, gap, new double[1], BridgeTrial.MINTERPOLATE_NO_SCD);
        double[] tb = new double[runs];
        double[] tm = new double[runs];
        double[] tn = new double[runs];
        double[] cb = new double[runs];
        double[] cm = new double[runs];
        double[] cn = new double[runs];
        double[] cpu = new double[1];
        for (int k = 0; k < runs; k++) {
            frames.clear();
            long c0 = CPU.getProcessCpuTime();
            long t0 = System.nanoTime();
            r = generate(bridge, w, h, gap, ctx, auto, frames);
            tb[k] = (System.nanoTime() - t0) / 1e9;
            cb[k] = (CPU.getProcessCpuTime() - c0) / 1e9;
            t0 = System.nanoTime();
            miFrames = minterpolate(mi, w, h, gap, cpu);
            tm[k] = (System.nanoTime() - t0) / 1e9;
            cm[k] = cpu[0];
            t0 = System.nanoTime();
            mnFrames = minterpolate(mi, w, h, gap, cpu, BridgeTrial.MINTERPOLATE_NO_SCD);
            tn[k] = (System.nanoTime() - t0) / 1e9;
            cn[k] = cpu[0];
        }
        BridgeTrial.Score sb = BridgeTrial.score(frames, truth, w, h);
        BridgeTrial.Score sm = BridgeTrial.score(miFrames, truth, w, h);
        BridgeTrial.Score sn = BridgeTrial.score(mnFrames, truth, w, h);
        double mb = median(tb);
        double mm = median(tm);
        double mn = median(tn);
        System.out.printf(Locale.ROOT, "%dx%d %2d-frame gap: bridge %6.1f frames/s (%.3f s, %.3f-%.3f) %s; "
                        + "minterpolate %6.1f frames/s (%.3f s, %.3f-%.3f); speed ratio %.2fx "
                        + "(min-max %.2f-%.2f); PSNR bridge %.2f dB, minterpolate %.2f dB%n",
                w, h, gap, gap / mb, mb, min(tb), max(tb), r.details().get("mode"), gap / mm, mm, min(tm), max(tm),
                mm / mb, min(tm) / max(tb), max(tm) / min(tb), sb.mean(), sm.mean());
        System.out.printf(Locale.ROOT, "%dx%d %2d-frame gap: minterpolate scd=none %6.1f frames/s (%.3f s, "
                        + "%.3f-%.3f); speed ratio %.2fx (min-max %.2f-%.2f); PSNR minterpolate scd=none %.2f dB%n",
                w, h, gap, gap / mn, mn, min(tn), max(tn), mn / mb, min(tn) / max(tb), max(tn) / min(tb), sn.mean());
        if (median(cm) > 0) {
            // processor time is less sensitive to other load on the machine than wall time (the bridge's counts
            // all its threads; minterpolate's is ffmpeg's user + system time, from /usr/bin/time)
            System.out.printf(Locale.ROOT, "%dx%d %2d-frame gap: processor seconds: bridge %.3f (%.3f-%.3f), "
                            + "minterpolate %.3f (%.3f-%.3f); ratio %.2fx; minterpolate scd=none %.3f (%.3f-%.3f); "
                            + "ratio %.2fx%n", w, h, gap, median(cb), min(cb), max(cb), median(cm), min(cm), max(cm),
                    median(cm) / median(cb), median(cn), min(cn), max(cn), median(cn) / median(cb));
        }
    }

    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
    private static final Path TIME = Path.of("/usr/bin/time");

    /** ffmpeg's minterpolate of {@code in1.png} → {@code in2.png} in {@code d}, as raw BGR frames of the gap. */
    static List<byte[]> minterpolate(Path d, int w, int h, int gap) throws IOException {
        return minterpolate(d, w, h, gap, new double[1]);
    }

    /** As {@link #minterpolate(Path, int, int, int)}; {@code cpu[0]}: ffmpeg's processor seconds (0: unknown). */
    static List<byte[]> minterpolate(Path d, int w, int h, int gap, double[] cpu) throws IOException {
        return minterpolate(d, w, h, gap, cpu, BridgeTrial.MINTERPOLATE);
    }

    /** As {@link #minterpolate(Path, int, int, int, double[])} with the filter chain {@code filter}. */
    static List<byte[]> minterpolate(Path d, int w, int h, int gap, double[] cpu, String filter)
            throws IOException {
        Path out = d.resolve("out.bgr");
        List<String> cmd = new ArrayList<>();
        boolean timed = Files.isExecutable(TIME);
        if (timed) {
            cmd.addAll(List.of(TIME.toString(), "-f", "cpu %U %S"));
        }
        cmd.addAll(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-framerate", "25/" + (gap + 1), "-i",
                d.resolve("in%d.png").toString(), "-vf", filter, "-frames:v",
                Integer.toString(gap + 1), "-pix_fmt", "bgr24", "-f", "rawvideo", out.toString()));
        cpu[0] = 0;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ffmpeg failed: " + log);
            }
            if (timed) {
                for (String line : log.split("\n")) {
                    if (line.startsWith("cpu ")) {
                        String[] f = line.trim().split(" ");
                        cpu[0] = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        byte[] all = Files.readAllBytes(out);
        int n = w * h * 3;
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < gap; i++) {
            // frame 0 is the first picture itself
            frames.add(Arrays.copyOfRange(all, (i + 1) * n, (i + 2) * n));
        }
        return frames;
    }

    private static void modes(BridgeGenerator bridge, int w, int h, int runs, Path dir) {
        int clip = 6;
        // a pan of 3 by 1 pixels a frame at 640 wide (scaled with the width), a disc moving the other way
        double k = w / 640.0;
        BridgeFixtures.Scene scene = new BridgeFixtures.Scene(3, 3 * k, 1 * k, 1,
                new BridgeFixtures.Disc(0.7 * w, 0.4 * h, 0.1 * w, -2 * k, 0.5 * k));
        Path before = BridgeFixtures.encode(scene, 0, clip, w, h, Rate.FPS_25, dir.resolve("before" + w + ".mp4"));
        Neighbour cut = new Neighbour(before, clip - 1, clip, 1);
        for (int gap : new int[] {6, 24, 48}) {
            // the same move on the far side of each gap
            Path after = BridgeFixtures.encode(scene, clip + gap, clip, w, h, Rate.FPS_25,
                    dir.resolve("after" + w + "-" + gap + ".mp4"));
            ShotContext both = new ShotContext(cut, new Neighbour(after, 0, clip, 1));
            run(bridge, w, h, gap, both, Map.of(), gap + "-frame gap, auto", runs);
            if (gap == 24) {
                run(bridge, w, h, gap, both, Map.of("motion", "interpolate"), "24-frame gap, interpolate", runs);
                run(bridge, w, h, gap, both, Map.of("motion", "morph"), "24-frame gap, morph", runs);
            }
        }
        run(bridge, w, h, 24, new ShotContext(cut, null), Map.of(), "24-frame gap, clip before only", runs);
    }

    private static ShotResult generate(BridgeGenerator bridge, int w, int h, int frames, ShotContext ctx,
                                       Map<String, String> p, List<byte[]> got) {
        return bridge.generate(new ShotRequest("bridge", "", "", 0, p, "cpu"),
                new ShotSpec(Rate.FPS_25, w, h, frames, 0, "bench"), ctx, f -> got.add(f.bgr().clone()),
                Progress.NONE, Cancellation.NEVER);
    }

    private static void run(BridgeGenerator bridge, int w, int h, int frames, ShotContext ctx, Map<String, String> p,
                            String what, int runs) {
        double[] total = new double[runs];
        double[] setup = new double[runs];
        ShotResult r = null;
        for (int k = -1; k < runs; k++) { // k = -1: warm-up
            long[] first = {0};
            long t0 = System.nanoTime();
            r = bridge.generate(new ShotRequest("bridge", "", "", 0, p, "cpu"),
                    new ShotSpec(Rate.FPS_25, w, h, frames, 0, "bench"), ctx, f -> {
                        if (f.index() == 0) {
                            first[0] = System.nanoTime();
                        }
                    }, Progress.NONE, Cancellation.NEVER);
            long t1 = System.nanoTime();
            if (k >= 0) {
                total[k] = (t1 - t0) / 1e9;
                setup[k] = (first[0] - t0) / 1e9;
            }
        }
        double t = median(total);
        double perFrame = (t - median(setup)) / Math.max(1, frames - 1);
        System.out.printf(Locale.ROOT, "%dx%d %-32s %5.1f frames/s (%d frames in %.3f s, %.3f-%.3f; decode + flow "
                        + "%.3f s, then %.0f ms a frame) mode=%s flow=%s%n", w, h, what, frames / t, frames, t,
                min(total), max(total), median(setup), perFrame * 1000, r.details().get("mode"),
                r.details().get("flowSize"));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
