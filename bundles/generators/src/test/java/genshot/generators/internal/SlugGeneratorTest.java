package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Cancellation;
import genshot.api.CancelledException;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.api.ShotSpec;
import genshot.timeline.Rate;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlugGeneratorTest {

    final SlugGenerator slug = new SlugGenerator();

    List<byte[]> frames(ShotRequest req, ShotSpec spec) {
        List<byte[]> out = new ArrayList<>();
        slug.generate(req, spec, f -> {
            assertEquals(out.size(), f.index());
            assertEquals(spec.width(), f.width());
            assertEquals(spec.height(), f.height());
            out.add(f.bgr().clone());
        }, Progress.NONE, Cancellation.NEVER);
        return out;
    }

    static final ShotRequest REQ = new ShotRequest("slug", "A lighthouse keeper climbs the stairs at dusk", "", 5,
            Map.of(), "cpu");
    static final ShotSpec SPEC = new ShotSpec(Rate.FPS_25, 640, 360, 12, 25 * 60 * 60 + 7, "V1:2");

    @Test
    void framesHaveTheSpecsCountAndSizeAndAreRepeatable() {
        List<byte[]> a = frames(REQ, SPEC);
        List<byte[]> b = frames(REQ, SPEC);
        assertEquals(12, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(640 * 360 * 3, a.get(i).length);
            assertArrayEquals(a.get(i), b.get(i), "frame " + i);
        }
    }

    @Test
    void burnInChangesEveryFrameButTheCardStays() {
        List<byte[]> a = frames(REQ, SPEC);
        int[] area = SlugGenerator.promptArea(640, 360);
        for (int i = 1; i < a.size(); i++) {
            assertFalse(java.util.Arrays.equals(a.get(i - 1), a.get(i)), "frames " + (i - 1) + " and " + i + " are equal");
            // the prompt area is the same in every frame
            for (int y = area[1]; y < area[1] + area[3]; y++) {
                int off = (y * 640 + area[0]) * 3;
                assertArrayEquals(java.util.Arrays.copyOfRange(a.get(0), off, off + area[2] * 3),
                        java.util.Arrays.copyOfRange(a.get(i), off, off + area[2] * 3), "row " + y);
            }
        }
        // a different timeline start changes the burn-in
        List<byte[]> moved = frames(REQ, new ShotSpec(Rate.FPS_25, 640, 360, 12, 3, "V1:2"));
        assertFalse(java.util.Arrays.equals(a.get(0), moved.get(0)));
    }

    @Test
    void promptIsDrawn() {
        byte[] f = frames(REQ, SPEC).get(0);
        byte[] empty = frames(new ShotRequest("slug", "", "", 5, Map.of(), "cpu"), SPEC).get(0);
        int[] area = SlugGenerator.promptArea(640, 360);
        int bright = 0, differs = 0;
        for (int y = area[1]; y < area[1] + area[3]; y++) {
            for (int x = area[0]; x < area[0] + area[2]; x++) {
                int o = (y * 640 + x) * 3;
                if ((f[o + 1] & 0xff) > 128) {
                    bright++;
                }
                if (f[o] != empty[o] || f[o + 1] != empty[o + 1] || f[o + 2] != empty[o + 2]) {
                    differs++;
                }
            }
        }
        assertTrue(bright > 1000, "too little text in the prompt area: " + bright + " bright pixels");
        assertTrue(differs > 1000, "the prompt does not change the card");
        // the background is the dark card colour
        assertEquals(SlugGenerator.BACKGROUND.getBlue(), f[(2 * 640 + 2) * 3] & 0xff);
        assertEquals(SlugGenerator.BACKGROUND.getRed(), f[(2 * 640 + 2) * 3 + 2] & 0xff);
    }

    @Test
    void cancelAndProgress() {
        AtomicInteger got = new AtomicInteger();
        List<Long> done = new ArrayList<>();
        assertThrows(CancelledException.class, () -> slug.generate(REQ, SPEC, f -> got.incrementAndGet(),
                (phase, d, total) -> done.add(d), () -> got.get() >= 2));
        assertEquals(2, got.get());
        assertEquals(List.of(0L, 1L, 2L), done);
    }

    @Test
    void oddSizesAndLongPromptsDoNotBreakIt() {
        String longPrompt = "word ".repeat(200) + "Supercalifragilisticexpialidocious".repeat(5);
        List<byte[]> f = frames(new ShotRequest("slug", longPrompt, "", 1, Map.of("safeArea", "false"), "cuda"),
                new ShotSpec(Rate.FPS_29_97, 96, 54, 2, 0, ""));
        assertEquals(2, f.size());
    }

    @Test
    void wrapKeepsLinesWithinWidth() {
        BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_3BYTE_BGR);
        FontMetrics fm = img.createGraphics().getFontMetrics(new Font(Font.SERIF, Font.PLAIN, 20));
        List<String> lines = SlugGenerator.wrap("one two three four five six seven eight nine ten", fm, 120, 3);
        assertEquals(3, lines.size());
        for (String l : lines) {
            assertTrue(fm.stringWidth(l) <= 120, l);
        }
        assertTrue(lines.get(2).endsWith("…"));
        assertEquals(List.of("short"), SlugGenerator.wrap("short", fm, 120, 3));
    }

    private static long changedPixels(byte[] a, byte[] b, int[] area, int w) {
        long n = 0;
        for (int y = area[1]; y < area[1] + area[3]; y++) {
            for (int x = area[0]; x < area[0] + area[2]; x++) {
                int o = (y * w + x) * 3;
                if (Math.abs((a[o + 1] & 0xff) - (b[o + 1] & 0xff)) > 40) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void theOptionalCountdownTicksEachSecondAndStaysOutOfThePrompt() {
        ShotSpec spec = new ShotSpec(Rate.FPS_25, 640, 360, 60, 0, "V1:1");
        ShotRequest on = new ShotRequest("slug", "A lighthouse keeper climbs the stairs at dusk", "", 5,
                Map.of("countdown", "true", "name", "SC 12 / SH 3"), "cpu");
        List<byte[]> with = frames(on, spec);
        List<byte[]> without = frames(new ShotRequest("slug", on.prompt(), "", 5, Map.of(), "cpu"), spec);
        int[] circle = SlugGenerator.countdownArea(640, 360);
        assertTrue(changedPixels(with.get(0), without.get(0), circle, 640) > 500, "a countdown is drawn");
        // frames 0 and 9 show "3" with different arcs; frame 10 shows "2" (35 frames = 2 s left... rounded up)
        assertTrue(changedPixels(with.get(0), with.get(1), circle, 640) > 0, "the arc sweeps every frame");
        assertTrue(changedPixels(with.get(9), with.get(10), circle, 640) > changedPixels(with.get(8), with.get(9),
                circle, 640), "the number changes when a whole second has passed");
        int[] prompt = SlugGenerator.promptArea(640, 360);
        int[] left = {prompt[0], prompt[1], circle[0] - prompt[0] - 10, prompt[3]};
        assertTrue(changedPixels(with.get(0), without.get(0), left, 640) > 0,
                "the prompt wraps narrower to leave room for the circle");
    }
}
