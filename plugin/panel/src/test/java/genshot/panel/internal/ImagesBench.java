package genshot.panel.internal;

import genshot.api.Frame;
import java.util.Locale;
import java.util.Random;

/**
 * Milliseconds per frame of what the panel does to every picture it shows (box filter, alpha over a checkerboard
 * or over the frame of the track below): {@code ImagesBench [width height]} (default 1920x1080, to the player's
 * 640x360 and the thumbnails' 320x180); the best of seven rounds.
 */
public final class ImagesBench {

    private ImagesBench() {
    }

    public static void main(String[] args) {
        int w = args.length > 1 ? Integer.parseInt(args[0]) : 1920;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 1080;
        Random r = new Random(1);
        byte[] bgr = new byte[w * h * 3];
        byte[] alpha = new byte[w * h];
        r.nextBytes(bgr);
        r.nextBytes(alpha);
        Frame opaque = new Frame(0, w, h, bgr);
        Frame plate = new Frame(0, w, h, bgr, alpha);
        Frame under = Images.shrink(opaque, Player.MAX_W, Player.MAX_H);
        System.out.printf(Locale.ROOT, "%-34s %8s %8s%n", w + "x" + h + " to", "640x360", "320x180");
        row("opaque", opaque, null);
        row("alpha over the checkerboard", plate, null);
        row("alpha over the track below", plate, under);
    }

    private static void row(String what, Frame f, Frame under) {
        System.out.printf(Locale.ROOT, "%-34s %8.2f %8.2f  ms a frame%n", what, time(f, 640, 360, under),
                time(f, 320, 180, under));
    }

    private static double time(Frame f, int mw, int mh, Frame under) {
        for (int i = 0; i < 5; i++) {
            Images.fit(f, mw, mh, under);
        }
        // the best of seven rounds of ten: the machine is shared, the least disturbed round is the figure
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                Images.fit(f, mw, mh, under);
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e6 / 10);
        }
        return best;
    }
}
