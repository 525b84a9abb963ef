package genshot.media.internal;

import genshot.api.Frame;
import io.humble.ferry.Buffer;
import io.humble.video.MediaPicture;

/** Converts BGR to YUV 4:2:0 (BT.709, limited range) in Java and copies the planes into the picture. */
final class JavaPictureFiller implements PictureFiller {
    private final YuvMatrix matrix = new YuvMatrix(YuvMatrix.Standard.BT709, false);
    private final int width;
    private final int height;
    private final int yStride;
    private final int cStride;
    private final byte[] y;
    private final byte[] u;
    private final byte[] v;

    JavaPictureFiller(MediaPicture picture) {
        width = picture.getWidth();
        height = picture.getHeight();
        yStride = picture.getLineSize(0);
        cStride = picture.getLineSize(1);
        if (picture.getLineSize(2) != cStride) {
            throw new IllegalStateException("Cb and Cr planes differ in line size");
        }
        // MediaPicture.getDataPlaneSize reports the luma size for every plane: size the planes ourselves
        y = new byte[yStride * height];
        u = new byte[cStride * ((height + 1) / 2)];
        v = new byte[u.length];
    }

    @Override
    public YuvMatrix.Standard standard() {
        return matrix.standard;
    }

    @Override
    public void fill(Frame frame, MediaPicture picture) {
        matrix.fromBgr(frame.bgr(), width, height, y, yStride, u, v, cStride);
        put(picture, 0, y);
        put(picture, 1, u);
        put(picture, 2, v);
    }

    private static void put(MediaPicture picture, int plane, byte[] data) {
        Buffer buffer = picture.getData(plane);
        try {
            buffer.put(data, 0, 0, data.length);
        } finally {
            buffer.delete();
        }
    }
}
