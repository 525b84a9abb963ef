package genshot.media.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * QuickTime Animation (Apple's run-length code, 32-bit ARGB) in Java, straight from BGR and an alpha plane: one frame
 * in, one packet out. Lossless. A key frame every {@code gop} frames codes every line in full; the frames between code
 * only the lines from the first to the last that changed, and within them skip the pixels that did not change.
 *
 * <p>The code, per frame: the packet's size (4 bytes, big-endian), a header (2 bytes: 0 = every line, 8 = a range of
 * lines, whose first line and count follow as 2 bytes each, each followed by 2 unused bytes), then per line a skip
 * byte (pixels to skip + 1) and codes: 0 = skip (a byte follows: pixels + 1), -1 = end of the line, -n = one pixel
 * repeated n times (n = 2..128), n = n pixels as they are (n = 1..127); pixels are A, R, G, B. A zero byte ends the
 * frame.
 *
 * <p>Runs are chosen greedily (skip where the pixel did not change, a run where the next pixel is the same, else
 * pixels as they are), not by the cost search of FFmpeg's encoder: the files are a little larger where runs are short
 * (a few per cent at most on generated plates) and the coding takes a small fraction of the time (FFmpeg compares
 * every pixel with {@code memcmp} and searches up to 127 literal lengths a pixel).
 */
final class QtrleEncoder {
    /** Longest skip in one code (its byte holds pixels + 1). */
    private static final int MAX_SKIP = 254;
    /** Longest run of one pixel in one code. */
    private static final int MAX_RUN = 128;
    /** Most pixels as they are in one code. */
    private static final int MAX_LITERAL = 127;
    /** Four bytes of a byte array as one int: big-endian (a pixel out, A R G B), little-endian (B G R of one in). */
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final int width;
    private final int height;
    private final int gop;
    /** This frame's and the previous frame's pixels as ARGB ints. */
    private int[] current;
    private int[] previous;
    /** The packet of the last frame. */
    private final byte[] out;
    private long frames;
    private boolean key;

    QtrleEncoder(int width, int height, int gop) {
        if (width <= 0 || height <= 0 || height > 0xffff || gop < 1) {
            throw new IllegalArgumentException("cannot code " + width + "x" + height + " with key frames every " + gop);
        }
        this.width = width;
        this.height = height;
        this.gop = gop;
        current = new int[width * height];
        previous = new int[width * height];
        // every pixel as it is, with a code byte per MAX_LITERAL pixels, the skip and end bytes, per line
        out = new byte[16 + height * (4 + width * 4 + width / MAX_LITERAL + 1)];
    }

    /** Whether the last frame coded was a key frame. */
    boolean key() {
        return key;
    }

    /** The packet of the last frame coded: {@code packet()[0..length)}; overwritten by the next. */
    byte[] packet() {
        return out;
    }

    /** Codes the next frame (alpha null: opaque) into {@link #packet()}; returns the packet's length. */
    int encode(byte[] bgr, byte[] alpha) {
        int[] t = previous;
        previous = current;
        current = t;
        int[] cur = current;
        int n = width * height - 1;
        // B, G, R and the next pixel's B read as one int: its low three bytes are the pixel's R G B
        for (int p = 0, s = 0; p < n; p++, s += 3) {
            cur[p] = (alpha == null ? 0xff000000 : alpha[p] << 24) | ((int) INT_LE.get(bgr, s) & 0xffffff);
        }
        int s = n * 3;
        cur[n] = (alpha == null ? 0xff000000 : alpha[n] << 24) | (bgr[s + 2] & 0xff) << 16 | (bgr[s + 1] & 0xff) << 8
                | (bgr[s] & 0xff);
        key = frames % gop == 0;
        frames++;
        int first = 0;
        int last = height - 1;
        if (!key) {
            while (first < height && sameLine(first)) {
                first++;
            }
            if (first == height) {
                // nothing changed: one line that skips everything
                first = 0;
                last = 0;
            } else {
                while (last > first && sameLine(last)) {
                    last--;
                }
            }
        }
        int o = 4;
        if (key) {
            o = put16(o, 0);
        } else {
            o = put16(o, 8);
            o = put16(o, first);
            o = put16(o, 0);
            o = put16(o, last - first + 1);
            o = put16(o, 0);
        }
        for (int y = first; y <= last; y++) {
            o = line(y, o);
        }
        out[o++] = 0;
        INT_BE.set(out, 0, o);
        return o;
    }

    private boolean sameLine(int y) {
        int from = y * width;
        return Arrays.equals(current, from, from + width, previous, from, from + width);
    }

    private int put16(int o, int v) {
        out[o] = (byte) (v >>> 8);
        out[o + 1] = (byte) v;
        return o + 2;
    }

    /** Codes line {@code y} at {@code o}; returns where the next begins. */
    private int line(int y, int o) {
        int[] cur = current;
        int[] prev = previous;
        byte[] b = out;
        int row = y * width;
        int end = row + width;
        int x = row;
        if (!key) {
            while (x < end && cur[x] == prev[x]) {
                x++;
            }
        }
        int skip = Math.min(x - row, MAX_SKIP);
        b[o++] = (byte) (skip + 1);
        x = row + skip;
        while (x < end) {
            int v = cur[x];
            if (!key && v == prev[x]) {
                int k = x + 1;
                while (k < end && cur[k] == prev[k]) {
                    k++;
                }
                if (k == end) {
                    break;   // the rest of the line stays as it was
                }
                while (x < k) {
                    int m = Math.min(k - x, MAX_SKIP);
                    b[o++] = 0;
                    b[o++] = (byte) (m + 1);
                    x += m;
                }
            } else if (x + 1 < end && cur[x + 1] == v) {
                int k = x + 2;
                int limit = Math.min(end, x + MAX_RUN);
                while (k < limit && cur[k] == v) {
                    k++;
                }
                b[o++] = (byte) -(k - x);
                INT_BE.set(b, o, v);
                o += 4;
                x = k;
            } else {
                int start = x;
                int limit = Math.min(end, x + MAX_LITERAL);
                // the literal ends before a pixel that did not change (frames between key frames) or that starts
                // a run; the line's last pixel cannot start one
                int fast = Math.min(limit, end - 1);
                x++;
                if (key) {
                    while (x < fast && cur[x + 1] != cur[x]) {
                        x++;
                    }
                } else {
                    while (x < fast && cur[x] != prev[x] && cur[x + 1] != cur[x]) {
                        x++;
                    }
                }
                if (x == end - 1 && x < limit && (key || cur[x] != prev[x])) {
                    x++;
                }
                b[o++] = (byte) (x - start);
                for (int i = start; i < x; i++, o += 4) {
                    INT_BE.set(b, o, cur[i]);
                }
            }
        }
        b[o++] = (byte) -1;
        return o;
    }
}
