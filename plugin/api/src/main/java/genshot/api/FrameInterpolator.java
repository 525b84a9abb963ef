package genshot.api;

/**
 * Makes pictures between two frames along their motion (dense optical flow, occlusion-aware), for retiming a
 * generator's frames to the shot's frame count without the double images of frame blending.
 */
public interface FrameInterpolator {

    /**
     * The motion between {@code a} and {@code b} (BGR, {@code width x height} each), estimated once, ready to make
     * any number of pictures between them. Where the two do not show the same scene (a cut), the pictures are a
     * plain dissolve.
     */
    Between between(byte[] a, byte[] b, int width, int height);

    /** Pictures between two frames. */
    interface Between {
        /** The picture at {@code t}: 0 is the first frame, 1 the second; BGR, a new array. */
        byte[] at(double t);

        /** Whether the pictures follow the motion (false: the two frames did not match, a dissolve). */
        boolean followsMotion();
    }
}
