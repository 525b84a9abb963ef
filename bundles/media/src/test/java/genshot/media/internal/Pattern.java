package genshot.media.internal;

import genshot.api.Frame;

/** A synthetic clip: a slowly changing background with a bright bar that moves 4 pixels a frame. */
final class Pattern {
    private Pattern() {
    }

    static Frame frame(long i, int width, int height) {
        byte[] bgr = new byte[width * height * 3];
        int b = 60 + (int) (i * 7 % 120);
        int g = 90 + (int) (i * 3 % 100);
        int r = 170 - (int) (i * 5 % 100);
        int barX = (int) (i * 4 % (width - 8));
        int p = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean bar = x >= barX && x < barX + 8;
                boolean band = y >= height / 3 && y < height / 3 + 6;
                bgr[p++] = (byte) (bar ? 230 : band ? 20 : b);
                bgr[p++] = (byte) (bar ? 230 : band ? 20 : g);
                bgr[p++] = (byte) (bar ? 230 : band ? 20 : r);
            }
        }
        return new Frame(i, width, height, bgr);
    }

    /** Mean absolute difference per channel value. */
    static double mad(byte[] a, byte[] b) {
        long sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += Math.abs((a[k] & 255) - (b[k] & 255));
        }
        return (double) sum / a.length;
    }

    /** The pattern frame (of {@code n}) that {@code decoded} is closest to. */
    static int nearest(byte[] decoded, int n, int width, int height) {
        int best = -1;
        double bestMad = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double d = mad(decoded, frame(i, width, height).bgr());
            if (d < bestMad) {
                bestMad = d;
                best = i;
            }
        }
        return best;
    }
}
