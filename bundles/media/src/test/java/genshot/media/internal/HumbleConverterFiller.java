package genshot.media.internal;

import genshot.api.Frame;
import io.humble.video.MediaPicture;
import io.humble.video.awt.MediaPictureConverter;
import io.humble.video.awt.MediaPictureConverterFactory;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * The alternative measured by {@link EncodeBench}: a TYPE_3BYTE_BGR image wrapping the frame's array, converted
 * by Humble's MediaPictureConverter (swscale, BT.601).
 */
final class HumbleConverterFiller implements PictureFiller {
    private final MediaPictureConverter converter;
    private final ComponentColorModel colorModel = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
            new int[] {8, 8, 8}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);

    HumbleConverterFiller(MediaPicture picture) {
        converter = MediaPictureConverterFactory.createConverter(MediaPictureConverterFactory.HUMBLE_BGR_24, picture);
    }

    @Override
    public YuvMatrix.Standard standard() {
        return YuvMatrix.Standard.BT601;
    }

    @Override
    public void fill(Frame frame, MediaPicture picture) {
        int w = frame.width();
        int h = frame.height();
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(frame.bgr(), frame.bgr().length),
                w, h, w * 3, 3, new int[] {2, 1, 0}, null);
        BufferedImage image = new BufferedImage(colorModel, raster, false, null);
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            throw new IllegalStateException("not a TYPE_3BYTE_BGR image: " + image.getType());
        }
        converter.toPicture(picture, image, picture.getTimeStamp());
    }

    @Override
    public void close() {
        converter.delete();
    }
}
