package genshot.media.internal;

import genshot.api.Frame;
import io.humble.video.MediaPicture;

/** Puts one BGR frame into the encoder's YUV 4:2:0 picture. */
interface PictureFiller extends AutoCloseable {

    /** The matrix the YUV values are in; the stream is tagged with it. */
    YuvMatrix.Standard standard();

    void fill(Frame frame, MediaPicture picture);

    @Override
    default void close() {
    }
}
