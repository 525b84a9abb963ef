package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import genshot.timeline.Rate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Frame positions across speeds and rates, and conforming frames of another shape. */
class BridgeSourceTest {
    static final FlowPool POOL = new FlowPool(2);

    @AfterAll
    static void close() {
        POOL.close();
    }

    /**
     * A media file's hash is its SHA-256, kept for the next gap while the file is unchanged, and read again when
     * the file is rewritten in place (same size, a later modification time) or replaced by another.
     */
    @Test
    void mediaHashesFollowTheFile() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bridge-hash");
        java.nio.file.Path f = dir.resolve("clip.mp4");
        java.nio.file.Files.write(f, "first take".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String first = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("first take".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(first, BridgeSource.sha256(f));
        assertEquals(first, BridgeSource.sha256(f));
        java.nio.file.attribute.FileTime before = java.nio.file.Files.getLastModifiedTime(f);
        java.nio.file.Files.write(f, "other take".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.nio.file.Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(
                before.toMillis() + 2000));
        String other = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("other take".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(other, BridgeSource.sha256(f));
        java.nio.file.Path g = dir.resolve("new.mp4");
        java.nio.file.Files.write(g, "third take".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.nio.file.Files.setLastModifiedTime(g, java.nio.file.Files.getLastModifiedTime(f));
        java.nio.file.Files.move(g, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String third = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("third take".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(third, BridgeSource.sha256(f));
        java.nio.file.Files.delete(f);
        java.nio.file.Files.delete(dir);
    }

    @Test
    void positionsFollowSpeedAndRate() {
        Rate t = Rate.FPS_25;
        assertEquals(40, BridgeSource.mediaIndex(40, 0, 1, t, Rate.FPS_25, 100));
        assertEquals(39, BridgeSource.mediaIndex(40, -1, 1, t, Rate.FPS_25, 100));
        // twice as fast: one timeline frame is two media frames
        assertEquals(38, BridgeSource.mediaIndex(40, -1, 2, t, Rate.FPS_25, 100));
        // reversed: the frame before on the timeline is a later one in the media
        assertEquals(41, BridgeSource.mediaIndex(40, -1, -1, t, Rate.FPS_25, 100));
        // half speed: the same media frame twice
        assertEquals(39, BridgeSource.mediaIndex(40, -1, 0.5, t, Rate.FPS_25, 100));
        assertEquals(39, BridgeSource.mediaIndex(40, -2, 0.5, t, Rate.FPS_25, 100));
        // 50 fps media on a 25 fps timeline: by time
        assertEquals(80, BridgeSource.mediaIndex(40, 0, 1, t, Rate.FPS_50, 200));
        // 29.97 media on 25: frame 25 = 1 s = 29.97 -> 29
        assertEquals(29, BridgeSource.mediaIndex(25, 0, 1, t, Rate.FPS_29_97, 200));
        // clamped to the media
        assertEquals(99, BridgeSource.mediaIndex(120, 0, 1, t, Rate.FPS_25, 100));
        assertEquals(0, BridgeSource.mediaIndex(0, -3, 1, t, Rate.FPS_25, 100));
    }

    /** A 200x100 frame: left half dark, right half bright, a one-pixel white frame line. */
    static byte[] wide() {
        byte[] f = new byte[200 * 100 * 3];
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                int v = x < 100 ? 40 : 200;
                java.util.Arrays.fill(f, (y * 200 + x) * 3, (y * 200 + x) * 3 + 3, (byte) v);
            }
        }
        return f;
    }

    static int at(byte[] f, int w, int x, int y) {
        return f[(y * w + x) * 3] & 255;
    }

    @Test
    void cropFillsLetterboxBarsStretchDistorts() {
        byte[] crop = BridgeConform.conform(wide(), 200, 100, 100, 100, BridgeConform.Fit.CROP, POOL);
        // the middle 100 columns of the source, scaled 1:1
        assertEquals(40, at(crop, 100, 10, 50));
        assertEquals(200, at(crop, 100, 90, 50));
        byte[] box = BridgeConform.conform(wide(), 200, 100, 100, 100, BridgeConform.Fit.LETTERBOX, POOL);
        // scaled to 100x50, bars above and below
        assertEquals(0, at(box, 100, 50, 10));
        assertEquals(0, at(box, 100, 50, 90));
        assertEquals(40, at(box, 100, 10, 50));
        assertEquals(200, at(box, 100, 90, 50));
        byte[] st = BridgeConform.conform(wide(), 200, 100, 100, 100, BridgeConform.Fit.STRETCH, POOL);
        assertEquals(40, at(st, 100, 10, 5));
        assertEquals(200, at(st, 100, 90, 95));
        // shrinking a lot averages first: a fine checkerboard becomes grey, not aliased stripes
        byte[] check = new byte[400 * 400 * 3];
        for (int y = 0; y < 400; y++) {
            for (int x = 0; x < 400; x++) {
                java.util.Arrays.fill(check, (y * 400 + x) * 3, (y * 400 + x) * 3 + 3, (byte) (((x + y) & 1) == 0 ? 255 : 0));
            }
        }
        byte[] small = BridgeConform.conform(check, 400, 400, 50, 50, BridgeConform.Fit.CROP, POOL);
        for (int i = 0; i < small.length; i++) {
            assertEquals(128, small[i] & 255, 2);
        }
    }
}
