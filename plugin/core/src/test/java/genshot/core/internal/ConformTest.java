package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Frame;
import genshot.api.ShotSpec;
import genshot.timeline.Rate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConformTest {

    private static ShotSpec spec(int w, int h, long n) {
        return new ShotSpec(Rate.FPS_25, w, h, n, 0, "t");
    }

    /** A frame whose every pixel is grey level {@code v}, except a 2-px white border around the picture. */
    private static Frame bordered(long i, int w, int h, int v) {
        byte[] b = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean edge = x < 2 || y < 2 || x >= w - 2 || y >= h - 2;
                for (int c = 0; c < 3; c++) {
                    b[(y * w + x) * 3 + c] = (byte) (edge ? 255 : v);
                }
            }
        }
        return new Frame(i, w, h, b);
    }

    private static int px(Frame f, int x, int y) {
        return f.bgr()[(y * f.width() + x) * 3] & 0xff;
    }

    @Test
    void letterboxKeepsTheWholePictureBetweenBlackBars() {
        List<Frame> out = new ArrayList<>();
        Conform c = new Conform(spec(64, 64, 1), spec(128, 72, 1), Conform.Fit.LETTERBOX, out::add);
        c.accept(bordered(0, 64, 64, 100));
        c.finish();
        Frame f = out.get(0);
        assertEquals(128, f.width());
        assertEquals(0, px(f, 5, 36), "left bar");
        assertEquals(0, px(f, 122, 36), "right bar");
        assertEquals(255, px(f, 28, 36), "the picture's left border is inside the frame");
        assertEquals(100, px(f, 64, 36));
        assertEquals(255, px(f, 64, 0), "top border at the top: the picture is 72 px high");
    }

    @Test
    void cropFillsTheFrameAndCutsTheOverflow() {
        List<Frame> out = new ArrayList<>();
        Conform c = new Conform(spec(64, 64, 1), spec(128, 72, 1), Conform.Fit.CROP, out::add);
        c.accept(bordered(0, 64, 64, 100));
        c.finish();
        Frame f = out.get(0);
        assertEquals(255, px(f, 0, 36), "left border reaches the edge");
        assertEquals(100, px(f, 64, 0), "top and bottom are cut: no border at the top");
        assertEquals(100, px(f, 64, 36));
    }

    @Test
    void retimingBlendsTheNearestSourceFramesAndKeepsTheEnds() {
        List<Frame> out = new ArrayList<>();
        Conform c = new Conform(spec(8, 8, 3), spec(8, 8, 5), Conform.Fit.CROP, out::add);
        int[] levels = {0, 100, 200};
        for (int i = 0; i < 3; i++) {
            c.accept(bordered(i, 8, 8, levels[i]));
        }
        c.finish();
        assertEquals(5, out.size());
        int[] expected = {0, 50, 100, 150, 200};
        for (int j = 0; j < 5; j++) {
            assertEquals(expected[j], px(out.get(j), 4, 4), "frame " + j);
            assertEquals(j, out.get(j).index());
        }
    }

    @Test
    void fewerTargetFramesPickAndBlendAcrossTheSource() {
        List<Frame> out = new ArrayList<>();
        Conform c = new Conform(spec(8, 8, 5), spec(8, 8, 3), Conform.Fit.CROP, out::add);
        for (int i = 0; i < 5; i++) {
            c.accept(bordered(i, 8, 8, i * 50));
        }
        c.finish();
        assertEquals(List.of(0, 100, 200), out.stream().map(f -> px(f, 4, 4)).toList());
    }

    @Test
    void sameSizeAndCountPassesFramesThroughUnchanged() {
        List<Frame> out = new ArrayList<>();
        Conform c = new Conform(spec(8, 6, 2), spec(8, 6, 2), Conform.Fit.CROP, out::add);
        Frame a = bordered(0, 8, 6, 7);
        c.accept(a);
        c.accept(bordered(1, 8, 6, 9));
        c.finish();
        assertArrayEquals(a.bgr(), out.get(0).bgr());
    }

    @Test
    void aGeneratorThatStopsEarlyOrLiesAboutItsSizeIsCaught() {
        Conform c = new Conform(spec(8, 8, 3), spec(8, 8, 5), Conform.Fit.CROP, f -> { });
        c.accept(bordered(0, 8, 8, 0));
        assertThrows(IllegalStateException.class, c::finish);
        assertThrows(IllegalStateException.class, () -> c.accept(bordered(1, 10, 8, 0)));
        assertThrows(genshot.api.GenshotException.class, () -> Conform.Fit.parse("zoom"));
    }

    @Test
    void letterboxKeepsTheDisplayedShapeOnNonSquarePixels() {
        // a square picture onto a 64x36 frame whose pixels are twice as wide as tall (displayed 128x36)
        ShotSpec anamorphic = new ShotSpec(Rate.FPS_25, 64, 36, 1, 0, "t", new genshot.timeline.PixelAspect(2, 1));
        List<Frame> out = new ArrayList<>();
        Conform c = new Conform(spec(64, 64, 1), anamorphic, Conform.Fit.LETTERBOX, out::add);
        c.accept(bordered(0, 64, 64, 100));
        c.finish();
        Frame f = out.get(0);
        // displayed 36 units wide = 18 pixels, centred: [23, 41)
        assertEquals(0, px(f, 21, 18), "bar left of the picture");
        assertTrue(px(f, 23, 18) > 150, "the picture's left border (bilinear over a 3.5x shrink): " + px(f, 23, 18));
        assertEquals(100, px(f, 32, 18));
        assertTrue(px(f, 40, 18) > 150, "the picture's right border: " + px(f, 40, 18));
        assertEquals(0, px(f, 42, 18), "bar right of the picture");
        assertEquals(2.0 * 64 / 36, anamorphic.displayAspect(), 1e-12);
    }

    /** A smooth texture moved {@code shift} pixels right (any fraction), as a camera pan would. */
    static byte[] pan(int w, int h, double shift) {
        byte[] b = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = (x - shift) * 0.045;
                double v = y * 0.06;
                double s = Math.sin(u) * Math.cos(v * 1.3) + 0.5 * Math.sin(u * 2.7 + v * 1.9)
                        + 0.25 * Math.cos(u * 5.1 - v * 4.3);
                int g = (int) Math.round(Math.max(0, Math.min(255, 128 + 70 * s)));
                int o = (y * w + x) * 3;
                b[o] = (byte) g;
                b[o + 1] = (byte) (255 - g);
                b[o + 2] = (byte) ((g + y) & 0xff);
            }
        }
        return b;
    }

    /** Mean absolute difference over the picture less a margin (where a pan brings in new content). */
    private static double mad(byte[] a, byte[] b, int w, int h, int margin) {
        long sum = 0;
        long n = 0;
        for (int y = margin; y < h - margin; y++) {
            for (int x = margin; x < w - margin; x++) {
                for (int c = 0; c < 3; c++) {
                    int i = (y * w + x) * 3 + c;
                    sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
                    n++;
                }
            }
        }
        return (double) sum / n;
    }

    private static List<Frame> retime(genshot.api.FrameInterpolator motion, int w, int h, int from, int to,
                                      double step, String[] how) {
        List<Frame> out = new ArrayList<>();
        Conform c = new Conform(spec(w, h, from), spec(w, h, to), Conform.Fit.CROP, motion, out::add);
        for (int i = 0; i < from; i++) {
            c.accept(new Frame(i, w, h, pan(w, h, i * step)));
        }
        c.finish();
        how[0] = c.retiming();
        return out;
    }

    @Test
    void motionRetimingFollowsAPanWhereBlendingShowsDoubleImages() {
        int w = 320;
        int h = 180;
        double step = 7.6;          // pixels a source frame (fractional in between): a quick pan at 8 fps
        int from = 7;
        int to = 19;                // three target frames per source frame
        genshot.generators.internal.MotionInterpolator motion = new genshot.generators.internal.MotionInterpolator();
        try {
            String[] how = new String[1];
            List<Frame> moved = retime(motion, w, h, from, to, step, how);
            assertEquals("motion", how[0]);
            List<Frame> blended = retime(null, w, h, from, to, step, how);
            assertEquals("blended", how[0]);
            double worstMotion = 0;
            double bestBlend = Double.MAX_VALUE;
            for (int j = 0; j < to; j++) {
                double pos = (double) j * (from - 1) / (to - 1);
                if (Math.abs(pos - Math.rint(pos)) < 1e-9) {
                    assertArrayEquals(pan(w, h, pos * step), moved.get(j).bgr(), "source frame " + pos + " as it was");
                    continue;
                }
                byte[] truth = pan(w, h, pos * step);
                worstMotion = Math.max(worstMotion, mad(moved.get(j).bgr(), truth, w, h, 24));
                bestBlend = Math.min(bestBlend, mad(blended.get(j).bgr(), truth, w, h, 24));
            }
            System.out.printf("motion retime: worst in-between MAE %.2f, blend best %.2f%n", worstMotion, bestBlend);
            assertTrue(worstMotion < 4, "in-between frames match the pan (mean abs error " + worstMotion + ")");
            assertTrue(bestBlend > 2 * worstMotion, "blending is clearly worse (" + bestBlend + " vs " + worstMotion
                    + ")");
        } finally {
            motion.close();
        }
    }

    @Test
    void aCutBetweenSourceFramesIsDissolvedNotWarped() {
        int w = 160;
        int h = 90;
        genshot.generators.internal.MotionInterpolator motion = new genshot.generators.internal.MotionInterpolator();
        try {
            List<Frame> out = new ArrayList<>();
            Conform c = new Conform(spec(w, h, 2), spec(w, h, 3), Conform.Fit.CROP, motion, out::add);
            byte[] a = pan(w, h, 0);
            byte[] b = new byte[w * h * 3];
            java.util.Random r = new java.util.Random(3);
            r.nextBytes(b);                                 // another scene: noise
            c.accept(new Frame(0, w, h, a));
            c.accept(new Frame(1, w, h, b));
            c.finish();
            assertEquals("blended (no motion matched)", c.retiming());
            byte[] mid = out.get(1).bgr();
            for (int i = 0; i < mid.length; i += 997) {
                int mix = ((a[i] & 0xff) + (b[i] & 0xff)) / 2;
                assertTrue(Math.abs((mid[i] & 0xff) - mix) <= 1, "a dissolve at " + i);
            }
        } finally {
            motion.close();
        }
    }

    @Test
    void retimeParameter() {
        assertEquals(Conform.Retime.MOTION, Conform.Retime.parse(null, true));
        assertEquals(Conform.Retime.BLEND, Conform.Retime.parse(null, false));
        assertEquals(Conform.Retime.BLEND, Conform.Retime.parse("Blend", true));
        assertEquals("parameter.invalid", assertThrows(genshot.api.GenshotException.class,
                () -> Conform.Retime.parse("optical", true)).problem().code());
        assertEquals("parameter.invalid", assertThrows(genshot.api.GenshotException.class,
                () -> Conform.Retime.parse("motion", false)).problem().code());
    }
}
