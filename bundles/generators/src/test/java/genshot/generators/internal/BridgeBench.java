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
 * 48-frame gaps, everything included (decoding the neighbours, flow both ways and on each side, occlusion,
 * rendering). Neighbour clips (6 frames each) are encoded first with the real encoder. Usage:
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
        BridgeFixtures.Scene scene = new BridgeFixtures.Scene(3, 6, 2, 1,
                new BridgeFixtures.Disc(900, 500, 150, -8, 0));
        int clip = 6;
        for (int[] s : sizes) {
            int w = s[0];
            int h = s[1];
            int gap = 48;
            Path before = BridgeFixtures.encode(scene, 0, clip, w, h, Rate.FPS_25, dir.resolve("before" + w + ".mp4"));
            Path after = BridgeFixtures.encode(scene, clip + gap, clip, w, h, Rate.FPS_25,
                    dir.resolve("after" + w + ".mp4"));
            ShotContext both = new ShotContext(new Neighbour(before, clip - 1, clip, 1),
                    new Neighbour(after, 0, clip, 1));
            ShotContext end = new ShotContext(new Neighbour(before, clip - 1, clip, 1), null);
            run(bridge, w, h, gap, both, Map.of(), "warm-up");
            run(bridge, w, h, 6, both, Map.of(), "6-frame gap, auto");
            run(bridge, w, h, 24, both, Map.of(), "24-frame gap, auto");
            run(bridge, w, h, gap, both, Map.of(), "48-frame gap, auto");
            run(bridge, w, h, 24, both, Map.of("motion", "interpolate"), "24-frame gap, interpolate");
            run(bridge, w, h, 24, both, Map.of("motion", "morph"), "24-frame gap, morph");
            run(bridge, w, h, 24, end, Map.of(), "24-frame gap, clip before only");
        }
        bridge.close();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static void run(BridgeGenerator bridge, int w, int h, int frames, ShotContext ctx, Map<String, String> p,
                            String what) {
        long[] first = {0};
        long t0 = System.nanoTime();
        ShotResult r = bridge.generate(new ShotRequest("bridge", "", "", 0, p, "cpu"),
                new ShotSpec(Rate.FPS_25, w, h, frames, 0, "bench"), ctx, f -> {
                    if (f.index() == 0) {
                        first[0] = System.nanoTime();
                    }
                }, Progress.NONE, Cancellation.NEVER);
        long t1 = System.nanoTime();
        double total = (t1 - t0) / 1e9;
        double setup = (first[0] - t0) / 1e9;
        double perFrame = (t1 - first[0]) / 1e9 / Math.max(1, frames - 1);
        System.out.printf(Locale.ROOT, "%dx%d %-32s %5.1f frames/s overall (%d frames in %.2f s; decode + flow "
                        + "%.2f s, then %.0f ms a frame) mode=%s flow=%s threads=%s%n", w, h, what, frames / total,
                frames, total, setup, perFrame * 1000, r.details().get("mode"), r.details().get("flowSize"),
                r.details().get("threads"));
    }
}
