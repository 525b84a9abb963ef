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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Speed of the bridge generator, not a test: frames per second at 640x360, 1280x720 and 1920x1080 for 6-, 24- and
 * 48-frame gaps cut out of one move (a pan with a disc moving the other way over it), everything included
 * (decoding the neighbours, flow both ways and on each side, occlusion, rendering). Neighbour clips (6 frames each)
 * are encoded first with the real encoder. Usage:
 * {@code BridgeBench [threads [WxH ...]]}.
 */
public final class BridgeBench {

    private BridgeBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : FlowPool.defaultThreads();
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
        int clip = 6;
        for (int[] s : sizes) {
            int w = s[0];
            int h = s[1];
            // a pan of 3 by 1 pixels a frame at 640 wide (scaled with the width), a disc moving the other way
            double k = w / 640.0;
            BridgeFixtures.Scene scene = new BridgeFixtures.Scene(3, 3 * k, 1 * k, 1,
                    new BridgeFixtures.Disc(0.7 * w, 0.4 * h, 0.1 * w, -2 * k, 0.5 * k));
            Path before = BridgeFixtures.encode(scene, 0, clip, w, h, Rate.FPS_25, dir.resolve("before" + w + ".mp4"));
            Neighbour cut = new Neighbour(before, clip - 1, clip, 1);
            boolean first = true;
            for (int gap : new int[] {6, 24, 48}) {
                // the same move on the far side of each gap
                Path after = BridgeFixtures.encode(scene, clip + gap, clip, w, h, Rate.FPS_25,
                        dir.resolve("after" + w + "-" + gap + ".mp4"));
                ShotContext both = new ShotContext(cut, new Neighbour(after, 0, clip, 1));
                if (first) {
                    run(bridge, w, h, gap, both, Map.of(), "warm-up");
                    first = false;
                }
                run(bridge, w, h, gap, both, Map.of(), gap + "-frame gap, auto");
                if (gap == 24) {
                    run(bridge, w, h, gap, both, Map.of("motion", "interpolate"), "24-frame gap, interpolate");
                    run(bridge, w, h, gap, both, Map.of("motion", "morph"), "24-frame gap, morph");
                }
            }
            run(bridge, w, h, 24, new ShotContext(cut, null), Map.of(), "24-frame gap, clip before only");
        }
        bridge.close();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** Best of {@link #RUNS} runs (the least total time), so that other load on the machine counts less. */
    static final int RUNS = 3;

    private static void run(BridgeGenerator bridge, int w, int h, int frames, ShotContext ctx, Map<String, String> p,
                            String what) {
        double total = Double.MAX_VALUE;
        double setup = 0;
        ShotResult r = null;
        for (int k = 0; k < RUNS; k++) {
            long[] first = {0};
            long t0 = System.nanoTime();
            r = bridge.generate(new ShotRequest("bridge", "", "", 0, p, "cpu"),
                    new ShotSpec(Rate.FPS_25, w, h, frames, 0, "bench"), ctx, f -> {
                        if (f.index() == 0) {
                            first[0] = System.nanoTime();
                        }
                    }, Progress.NONE, Cancellation.NEVER);
            long t1 = System.nanoTime();
            if ((t1 - t0) / 1e9 < total) {
                total = (t1 - t0) / 1e9;
                setup = (first[0] - t0) / 1e9;
            }
        }
        double perFrame = (total - setup) / Math.max(1, frames - 1);
        System.out.printf(Locale.ROOT, "%dx%d %-32s %5.1f frames/s overall (%d frames in %.2f s; decode + flow "
                        + "%.2f s, then %.0f ms a frame; best of %d) mode=%s flow=%s threads=%s%n", w, h, what,
                frames / total, frames, total, setup, perFrame * 1000, RUNS, r.details().get("mode"),
                r.details().get("flowSize"), r.details().get("threads"));
    }
}
