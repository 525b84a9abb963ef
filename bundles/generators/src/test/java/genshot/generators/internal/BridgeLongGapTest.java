package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Cancellation;
import genshot.api.Progress;
import genshot.api.ShotContext;
import genshot.api.ShotRequest;
import genshot.api.ShotSpec;
import genshot.api.ShotContext.Neighbour;
import genshot.media.internal.HumbleMediaDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bridge on long gaps cut out of steady camera moves over a textured world ({@link BridgeWorld}: detail at all
 * scales, hard-edged shapes), neighbour clips made with the real encoder and read with the real decoder, against
 * the true frames of the gap; and on gaps whose two sides do not move alike, where it must morph and say why.
 */
class BridgeLongGapTest {
    static final int W = 320;
    static final int H = 180;
    /** Frames of each neighbour clip. */
    static final int CLIP = 6;
    /** The targets: PSNR against the truth, and the margin over a dissolve of the same two frames. */
    static final double MIN_PSNR = 30;
    static final double OVER_DISSOLVE = 8;
    /**
     * Ghost check: no single frame below this. A double image (both sides blended out of register) of this
     * texture scores about a dissolve's 15-24 dB; the mean alone could hide a few such frames.
     */
    static final double MIN_FRAME_PSNR = 28;

    @TempDir
    static Path dir;
    static BridgeGenerator bridge;
    static final HumbleMediaDecoder decoder = new HumbleMediaDecoder();

    @BeforeAll
    static void start() {
        bridge = new BridgeGenerator(decoder, 2);
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    static BridgeWorld.Move move(String name) {
        return switch (name) {
            case "pan" -> BridgeWorld.Move.pan(2);
            case "tilt" -> BridgeWorld.Move.tilt(1);
            case "zoom" -> BridgeWorld.Move.zoom(0.008);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}, gap of {1}")
    @CsvSource({"pan, 12", "pan, 24", "pan, 48", "tilt, 12", "tilt, 24", "tilt, 48", "zoom, 12", "zoom, 24",
        "zoom, 48"})
    void steadyCameraMovesAreInterpolatedLikeFootage(String name, int gap) {
        BridgeWorld world = new BridgeWorld(17, move(name), W, H, 2 * CLIP + gap);
        BridgeTrial.Result r = BridgeTrial.run(bridge, decoder, world, gap, CLIP, Map.of(), false, dir);
        Map<String, String> d = r.shot().details();
        System.out.printf(Locale.ROOT, "%s gap %d: bridge %.1f dB (worst frame %.1f, worst tile %.1f), dissolve "
                        + "%.1f dB; %s, agreement %s%n", name, gap, r.bridge().mean(), r.bridge().worstFrame(),
                r.bridge().worstTile(), r.dissolve().mean(), d.get("mode"), d.get("agreement"));
        assertEquals("interpolate", d.get("mode"), d.get("why"));
        assertTrue(Double.parseDouble(d.get("agreement")) >= BridgeGenerator.AGREEMENT, d.get("agreement"));
        assertTrue(d.get("why").startsWith("the motion across the gap agrees"), d.get("why"));
        assertTrue(r.bridge().mean() >= MIN_PSNR, "PSNR " + r.bridge().mean());
        assertTrue(r.bridge().mean() >= r.dissolve().mean() + OVER_DISSOLVE,
                "PSNR " + r.bridge().mean() + " against a dissolve's " + r.dissolve().mean());
        assertTrue(r.bridge().worstFrame() >= MIN_FRAME_PSNR, "a frame at " + r.bridge().worstFrame() + " dB");
    }

    @Test
    void aPanThatSpeedsUpIsFollowedAlongCurvedPaths() {
        // 1 pixel a frame, 0.025 faster every frame: across 25 frames a straight path is off by up to 2 pixels
        // in the middle (28 dB); the paths bent to both sides' measured velocities are not
        int gap = 24;
        BridgeWorld world = new BridgeWorld(17, BridgeWorld.Move.accelerating(1, 0.025), W, H, 2 * CLIP + gap);
        BridgeTrial.Result r = BridgeTrial.run(bridge, decoder, world, gap, CLIP, Map.of(), false, dir);
        Map<String, String> d = r.shot().details();
        System.out.printf(Locale.ROOT, "speeding pan gap %d: bridge %.1f dB (worst frame %.1f), dissolve %.1f dB; "
                + "velocities %s and %s%n", gap, r.bridge().mean(), r.bridge().worstFrame(), r.dissolve().mean(),
                d.get("before.velocity"), d.get("after.velocity"));
        assertEquals("interpolate", d.get("mode"), d.get("why"));
        assertTrue(r.bridge().mean() >= MIN_PSNR, "PSNR " + r.bridge().mean());
        assertTrue(r.bridge().mean() >= r.dissolve().mean() + OVER_DISSOLVE, "PSNR " + r.bridge().mean());
        assertTrue(r.bridge().worstFrame() >= MIN_FRAME_PSNR, "a frame at " + r.bridge().worstFrame() + " dB");
        // the two sides measured different speeds: ~1.1 and ~1.8 pixels a frame (content moving left)
        double va = Double.parseDouble(d.get("before.velocity").split(",")[0]);
        double vb = Double.parseDouble(d.get("after.velocity").split(",")[0]);
        assertTrue(vb < va - 0.4, va + " then " + vb);
    }

    @Test
    void aCutOnOneSideIsMorphedAndSaysWhy() {
        int gap = 24;
        BridgeWorld world = new BridgeWorld(17, BridgeWorld.Move.pan(2), W, H, 2 * CLIP + gap);
        BridgeWorld other = new BridgeWorld(99, BridgeWorld.Move.pan(2), W, H, 2 * CLIP + gap);
        Path before = world.encode(0, CLIP, BridgeTrial.RATE, dir.resolve("cut-before.mp4"));
        Path after = other.encode(CLIP + gap, CLIP, BridgeTrial.RATE, dir.resolve("cut-after.mp4"));
        Map<String, String> d = details(before, after, gap);
        assertEquals("morph", d.get("mode"), d.get("why"));
        assertTrue(Double.parseDouble(d.get("agreement")) < BridgeGenerator.AGREEMENT, d.get("agreement"));
        assertTrue(d.get("why").contains("a cut or a change of motion"), d.get("why"));
    }

    @Test
    void oppositeMotionsOnTheTwoSidesAreMorphedAndSayWhy() {
        // the camera pans right up to the gap, and left after it: the clip after shows the same world, going back
        int gap = 24;
        BridgeWorld world = new BridgeWorld(17, BridgeWorld.Move.pan(2), W, H, 2 * CLIP + gap);
        Path before = world.encode(0, CLIP, BridgeTrial.RATE, dir.resolve("opp-before.mp4"));
        int turn = CLIP + gap / 2;
        Path after = world.encode(i -> turn - i, CLIP, BridgeTrial.RATE, dir.resolve("opp-after.mp4"));
        Map<String, String> d = details(before, after, gap);
        assertEquals("morph", d.get("mode"), d.get("why"));
        assertTrue(d.get("why").contains("a cut or a change of motion"), d.get("why"));
        // the measured motions say so: right before, left after
        assertTrue(Double.parseDouble(d.get("before.velocity").split(",")[0]) < -1, d.get("before.velocity"));
        assertTrue(Double.parseDouble(d.get("after.velocity").split(",")[0]) > 1, d.get("after.velocity"));
    }

    @Test
    void theNeighboursMediaAreNamedWithTheirHashAndFrame() throws Exception {
        int gap = 12;
        BridgeWorld world = new BridgeWorld(17, BridgeWorld.Move.pan(2), W, H, 2 * CLIP + gap);
        ShotContext ctx = BridgeTrial.context(world, gap, CLIP, dir);
        Map<String, String> d = BridgeTrial.run(bridge, decoder, world, gap, CLIP, ctx, Map.of(), false, dir)
                .shot().details();
        assertEquals(ctx.before().media().toString(), d.get("before.media"));
        assertEquals(ctx.after().media().toString(), d.get("after.media"));
        assertEquals(sha256(ctx.before().media()), d.get("before.sha256"));
        assertEquals(sha256(ctx.after().media()), d.get("after.sha256"));
        assertEquals(Long.toString(CLIP - 1), d.get("before.frame"));
        assertEquals("0", d.get("after.frame"));
        // the frames the motion was measured on: 4 frames from each cut
        assertEquals(Long.toString(CLIP - 5), d.get("before.far"));
        assertEquals("4", d.get("after.far"));
        assertTrue(!d.get("before.sha256").equals(d.get("after.sha256")));
    }

    private static Map<String, String> details(Path before, Path after, int gap) {
        ShotContext ctx = new ShotContext(new Neighbour(before, CLIP - 1, CLIP, 1), new Neighbour(after, 0, CLIP, 1));
        return bridge.generate(new ShotRequest("bridge", "", "", 0, Map.of(), "cpu"),
                new ShotSpec(BridgeTrial.RATE, W, H, gap, 100, "V1:2"), ctx, f -> { }, Progress.NONE,
                Cancellation.NEVER).details();
    }

    private static String sha256(Path file) throws IOException, java.security.NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
