package genshot.generators.internal;

import genshot.media.internal.HumbleMediaDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

/**
 * The bridge's quality table, not a test: PSNR against the true frames for gaps of 6, 12, 24 and 48 frames cut
 * out of camera moves over a {@link BridgeWorld} (pan, tilt, zoom, a pan that speeds up, and a pan with a disc moving on its own), for
 * the bridge ({@code motion=auto}), a plain dissolve of the two cut frames and ffmpeg's minterpolate of the same
 * two frames ({@link BridgeTrial#MINTERPOLATE}, and with its scene-change detection off,
 * {@link BridgeTrial#MINTERPOLATE_NO_SCD}). Usage: {@code BridgeQuality [width height [gaps...]]}
 * (default 640 360 6 12 24 48); speeds scale with the width (pan 4, tilt 2 pixels a frame at 640).
 */
public final class BridgeQuality {
    /** Frames of each neighbour clip. */
    static final int CLIP = 6;

    private BridgeQuality() {
    }

    static BridgeWorld.Move[] moves(int w, int h) {
        double s = w / 640.0;
        return new BridgeWorld.Move[] {
            BridgeWorld.Move.pan(4 * s),
            BridgeWorld.Move.tilt(2 * s),
            BridgeWorld.Move.zoom(0.008),
            BridgeWorld.Move.accelerating(2 * s, 0.05 * s),
            BridgeWorld.Move.object(3 * s, new BridgeFixtures.Disc(0.78 * w, 0.33 * h, 0.07 * w, -2 * s, 1 * s)),
        };
    }

    public static void main(String[] args) throws Exception {
        int w = args.length > 1 ? Integer.parseInt(args[0]) : 640;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 360;
        int[] gaps = {6, 12, 24, 48};
        if (args.length > 2) {
            gaps = new int[args.length - 2];
            for (int i = 2; i < args.length; i++) {
                gaps[i - 2] = Integer.parseInt(args[i]);
            }
        }
        Path dir = Files.createTempDirectory("bridge-quality");
        HumbleMediaDecoder decoder = new HumbleMediaDecoder();
        BridgeGenerator bridge = new BridgeGenerator(decoder, FlowPool.defaultThreads());
        System.out.printf(Locale.ROOT, "%dx%d, clips of %d frames each side; PSNR dB mean (worst frame / worst "
                + "tile of %dx%d)%n", w, h, CLIP, BridgeTrial.TILES, BridgeTrial.TILES);
        System.out.println("| gap | move | bridge (auto) | chosen | dissolve | minterpolate | minterpolate scd=none |");
        System.out.println("|---:|---|---:|---|---:|---:|---:|");
        for (BridgeWorld.Move move : moves(w, h)) {
            for (int gap : gaps) {
                BridgeWorld world = new BridgeWorld(17, move, w, h, 2 * CLIP + gap);
                BridgeTrial.Result r = BridgeTrial.run(bridge, decoder, world, gap, CLIP, Map.of(), true, dir);
                System.out.printf(Locale.ROOT, "| %d | %s | %s | %s %s | %s | %s | %s |%n", gap, move.name(),
                        fmt(r.bridge()), r.shot().details().get("mode"),
                        r.shot().details().getOrDefault("agreement", ""), fmt(r.dissolve()), fmt(r.minterpolate()),
                        fmt(r.minterpolateNoScd()));
            }
        }
        bridge.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String fmt(BridgeTrial.Score s) {
        return String.format(Locale.ROOT, "%.1f (%.1f / %.1f)", s.mean(), s.worstFrame(), s.worstTile());
    }
}
