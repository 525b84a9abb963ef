package genshot.media.internal;

import genshot.api.Frame;
import io.humble.ferry.Buffer;
import io.humble.video.MediaPicture;

/**
 * Packs a BGR frame and its alpha plane (none = opaque) into a packed four-byte picture: ARGB (QuickTime
 * Animation) or BGRA (FFV1), in the picture's own byte order. Lossless: no colour matrix.
 */
final class ArgbPictureFiller implements PictureFiller {
    private final int width;
    private final int height;
    private final int stride;
    private final byte[] argb;
    /** Byte positions of alpha, red, green and blue within a pixel. */
    private final int pa, pr, pg, pb;

    ArgbPictureFiller(MediaPicture picture) {
        width = picture.getWidth();
        height = picture.getHeight();
        stride = picture.getLineSize(0);
        if (stride < width * 4) {
            throw new IllegalStateException("the picture's line size " + stride + " is below " + (width * 4));
        }
        argb = new byte[stride * height];
        int[] order = order(picture.getFormat());
        pa = order[0];
        pr = order[1];
        pg = order[2];
        pb = order[3];
    }

    /** Positions of A, R, G, B in a pixel of a packed format. */
    static int[] order(io.humble.video.PixelFormat.Type format) {
        return switch (format) {
            case PIX_FMT_ARGB -> new int[] {0, 1, 2, 3};
            case PIX_FMT_BGRA -> new int[] {3, 2, 1, 0};
            default -> throw new IllegalArgumentException("not a packed format with alpha: " + format);
        };
    }

    @Override
    public YuvMatrix.Standard standard() {
        return YuvMatrix.Standard.BT709;   // not used: RGB needs no matrix
    }

    @Override
    public void fill(Frame frame, MediaPicture picture) {
        pack(frame.bgr(), frame.alpha(), width, height, argb, stride, pa, pr, pg, pb);
        Buffer buffer = picture.getData(0);
        try {
            buffer.put(argb, 0, 0, argb.length);
        } finally {
            buffer.delete();
        }
    }

    /** ARGB. */
    static void pack(byte[] bgr, byte[] alpha, int width, int height, byte[] argb, int stride) {
        pack(bgr, alpha, width, height, argb, stride, 0, 1, 2, 3);
    }

    static void pack(byte[] bgr, byte[] alpha, int width, int height, byte[] out, int stride, int pa, int pr, int pg,
                     int pb) {
        for (int y = 0; y < height; y++) {
            int s = y * width * 3;
            int a = y * width;
            int o = y * stride;
            for (int x = 0; x < width; x++, s += 3, o += 4) {
                out[o + pa] = alpha == null ? (byte) 0xff : alpha[a + x];
                out[o + pr] = bgr[s + 2];
                out[o + pg] = bgr[s + 1];
                out[o + pb] = bgr[s];
            }
        }
    }
}
