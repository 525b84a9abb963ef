package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Frame;
import genshot.api.VideoWriter;
import genshot.media.internal.HumbleMediaEncoder;
import genshot.testkit.Melt;
import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Item;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.Tools;
import genshot.timeline.Rate;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alpha take (QuickTime Animation from our encoder) on V2 over a clip on V1 in a Kdenlive project, rendered by
 * melt: the V1 clip shows where alpha is 0, the plate where alpha is 255, a mix where it is 128.
 */
class ElementsAlphaMeltTest {

    static final int W = 320;
    static final int H = 180;
    static final int N = 12;

    @TempDir
    Path dir;

    @Test
    void meltCompositesTheAlphaPlateOverTheTrackBelow() {
        Tools.assumeOrRequire(Melt.programs());
        Rate rate = Rate.FPS_25;
        Media below = ProjectFixtures.colour(dir.resolve("below.mp4"), "0x2040c0", rate, W, H, N, false);

        // left third transparent (red that must not show), middle half-transparent, right third opaque yellow
        Path plate = dir.resolve("plate.mov");
        byte[] bgr = new byte[W * H * 3];
        byte[] alpha = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                boolean left = x < W / 3, right = x >= 2 * W / 3;
                bgr[3 * i] = 0;
                bgr[3 * i + 1] = (byte) (left ? 0 : 255);
                bgr[3 * i + 2] = (byte) 255;
                alpha[i] = (byte) (left ? 0 : right ? 255 : 128);
            }
        }
        try (VideoWriter w = new HumbleMediaEncoder().open(plate, W, H, rate, true)) {
            for (int i = 0; i < N; i++) {
                w.accept(new Frame(i, W, H, bgr, alpha));
            }
            w.finish();
        }
        Path project = ProjectFixtures.project(rate, W, H)
                .video(Item.clip(below))
                .video(Item.clip(new Media(plate, rate, W, H, N, false)))
                .write(dir.resolve("alpha.kdenlive"));
        List<byte[]> frames = Melt.renderFrames(project, N, W, H);
        byte[] f = frames.get(N / 2);
        check(f, W / 6, new int[] {0x20, 0x40, 0xc0}, "alpha 0: the V1 clip");
        check(f, 5 * W / 6, new int[] {255, 255, 0}, "alpha 255: the plate");
        check(f, W / 2, new int[] {(0x20 + 255) / 2, (0x40 + 255) / 2, (0xc0 + 0) / 2}, "alpha 128: half and half");
    }

    /** The mean RGB of a 20x20 patch at the frame's vertical centre, within 24 per channel. */
    static void check(byte[] rgb, int cx, int[] expected, String what) {
        double[] m = new double[3];
        int n = 0;
        for (int y = H / 2 - 10; y < H / 2 + 10; y++) {
            for (int x = cx - 10; x < cx + 10; x++) {
                for (int c = 0; c < 3; c++) {
                    m[c] += rgb[(y * W + x) * 3 + c] & 255;
                }
                n++;
            }
        }
        for (int c = 0; c < 3; c++) {
            m[c] /= n;
            assertTrue(Math.abs(m[c] - expected[c]) <= 24, what + ": got " + java.util.Arrays.toString(m)
                    + ", expected " + java.util.Arrays.toString(expected));
        }
    }
}
