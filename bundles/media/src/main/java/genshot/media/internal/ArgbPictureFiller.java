package genshot.media.internal;

import genshot.api.Frame;
import io.humble.ferry.Buffer;
import io.humble.video.MediaPicture;

/**
 * Packs a BGR frame and its alpha plane (none = opaque) into an ARGB picture (bytes A, R, G, B per pixel), for
 * QuickTime Animation. Lossless: no colour matrix is involved.
 */
final class ArgbPictureFiller implements PictureFiller {
    private final int width;
    private final int height;
    private final int stride;
    private final byte[] argb;

    ArgbPictureFiller(MediaPicture picture) {
        width = picture.getWidth();
        height = picture.getHeight();
        stride = picture.getLineSize(0);
        if (stride < width * 4) {
            throw new IllegalStateException("the ARGB picture's line size " + stride + " is below " + (width * 4));
        }
        argb = new byte[stride * height];
    }

    @Override
    public YuvMatrix.Standard standard() {
        return YuvMatrix.Standard.BT709;   // not used: RGB needs no matrix
    }

    @Override
    public void fill(Frame frame, MediaPicture picture) {
        pack(frame.bgr(), frame.alpha(), width, height, argb, stride);
        Buffer buffer = picture.getData(0);
        try {
            buffer.put(argb, 0, 0, argb.length);
        } finally {
            buffer.delete();
        }
    }

    static void pack(byte[] bgr, byte[] alpha, int width, int height, byte[] argb, int stride) {
        for (int y = 0; y < height; y++) {
            int s = y * width * 3;
            int a = y * width;
            int o = y * stride;
            for (int x = 0; x < width; x++, s += 3, o += 4) {
                argb[o] = alpha == null ? (byte) 0xff : alpha[a + x];
                argb[o + 1] = bgr[s + 2];
                argb[o + 2] = bgr[s + 1];
                argb[o + 3] = bgr[s];
            }
        }
    }
}
