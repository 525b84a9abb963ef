package genshot.core.internal;

import genshot.api.Frame;
import genshot.api.FrameInterpolator;
import genshot.api.FrameSink;
import genshot.api.GenshotException;
import genshot.api.ShotSpec;
import java.util.Locale;

/**
 * Makes a generator's frames fit the shot: scales them to the target size (crop, letterbox or stretch) and, when the
 * generator makes another number of frames, retimes them so that the take still fills the gap exactly: along the
 * motion between the two nearest source frames ({@link FrameInterpolator}, when one is installed and the frames
 * have no alpha), or by blending them. Streams: it keeps at most two source frames.
 */
final class Conform implements FrameSink {

    enum Fit {
        /** Fill the frame, cutting what overflows (the default: no black bars in an edit). */
        CROP,
        /** Fit inside the frame with black bars. */
        LETTERBOX,
        /** Fill the frame, distorting the picture. */
        STRETCH;

        static Fit parse(String s) {
            try {
                return s == null ? CROP : valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw GenshotException.of("parameter.invalid", "fit must be crop, letterbox or stretch, not '" + s + "'",
                        null, null, null);
            }
        }
    }

    /** How in-between frames are made. */
    enum Retime {
        /** Along the motion between the two nearest source frames (the default when an interpolator is there). */
        MOTION,
        /** A weighted mix of the two nearest source frames. */
        BLEND;

        static Retime parse(String s, boolean motionAvailable) {
            if (s == null || s.isBlank()) {
                return motionAvailable ? MOTION : BLEND;
            }
            Retime r;
            try {
                r = valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw GenshotException.of("parameter.invalid", "retime must be motion or blend, not '" + s + "'",
                        null, "parameter retime", "use -P retime=motion or -P retime=blend");
            }
            if (r == MOTION && !motionAvailable) {
                throw GenshotException.of("parameter.invalid", "Motion-compensated retiming is not installed", null,
                        "parameter retime", "install the generators bundle, or use -P retime=blend");
            }
            return r;
        }
    }

    private final ShotSpec source;
    private final ShotSpec target;
    private final FrameSink out;
    private final Fit fit;
    private final int[] xMap0;
    private final int[] xMap1;
    private final int[] xWeight;
    private final int[] yMap0;
    private final int[] yMap1;
    private final int[] yWeight;
    private byte[] previous;
    private byte[] previousAlpha;
    private long received;
    private long emitted;
    /** Null: blend. */
    private final FrameInterpolator motion;
    private FrameInterpolator.Between between;
    private long pairsByMotion;
    private long pairsBlended;

    Conform(ShotSpec source, ShotSpec target, Fit fit, FrameSink out) {
        this(source, target, fit, null, out);
    }

    /** With {@code motion} (null: blend), in-between frames follow the motion between source frames. */
    Conform(ShotSpec source, ShotSpec target, Fit fit, FrameInterpolator motion, FrameSink out) {
        this.motion = motion;
        this.source = source;
        this.target = target;
        this.fit = fit;
        this.out = out;
        // the region of the target the picture covers, and of the source it shows; crop and letterbox keep the
        // picture's shape as displayed, so non-square pixels on either side are accounted for
        double sx = (double) target.width() / source.width();
        double sy = (double) target.height() / source.height();
        double scaleX = sx;
        double scaleY = sy;
        if (fit != Fit.STRETCH) {
            double sp = source.pixelAspect().value();
            double tp = target.pixelAspect().value();
            double displayX = target.width() * tp / (source.width() * sp);
            double s = fit == Fit.CROP ? Math.max(displayX, sy) : Math.min(displayX, sy);
            scaleX = s * sp / tp;
            scaleY = s;
        }
        double offX = (target.width() - source.width() * scaleX) / 2;
        double offY = (target.height() - source.height() * scaleY) / 2;
        xMap0 = new int[target.width()];
        xMap1 = new int[target.width()];
        xWeight = new int[target.width()];
        yMap0 = new int[target.height()];
        yMap1 = new int[target.height()];
        yWeight = new int[target.height()];
        map(target.width(), source.width(), scaleX, offX, xMap0, xMap1, xWeight);
        map(target.height(), source.height(), scaleY, offY, yMap0, yMap1, yWeight);
    }

    /** Bilinear sampling positions; -1 marks target pixels outside the picture (letterbox bars). */
    private static void map(int n, int srcN, double scale, double off, int[] m0, int[] m1, int[] w) {
        for (int i = 0; i < n; i++) {
            double s = (i + 0.5 - off) / scale - 0.5;
            if (i + 0.5 < off || i + 0.5 > n - off) {
                m0[i] = -1;
                continue;
            }
            s = Math.max(0, Math.min(srcN - 1, s));
            int s0 = (int) Math.floor(s);
            int s1 = Math.min(srcN - 1, s0 + 1);
            m0[i] = s0;
            m1[i] = s1;
            w[i] = (int) Math.round((s - s0) * 256);
        }
    }

    @Override
    public void accept(Frame frame) {
        if (frame.width() != source.width() || frame.height() != source.height()) {
            throw new IllegalStateException("the generator said " + source.width() + "x" + source.height()
                    + " but made a " + frame.width() + "x" + frame.height() + " frame");
        }
        byte[] current = scale(frame.bgr(), 3);
        byte[] currentAlpha = frame.alpha() == null ? null : scale(frame.alpha(), 1);
        long index = received++;
        // emit every target frame whose source position lies in [index - 1, index]
        while (emitted < target.frames()) {
            double pos = sourcePosition(emitted);
            if (pos > index + 1e-9) {
                break;
            }
            double t = pos - (index - 1);
            boolean exact = previous == null || t >= 1 - 1e-9;
            byte[] picture = exact ? current : between(current, currentAlpha, t);
            byte[] alpha = currentAlpha == null ? null
                    : exact || previousAlpha == null ? currentAlpha : blend(previousAlpha, currentAlpha, t);
            out.accept(new Frame(emitted, target.width(), target.height(), picture, alpha));
            emitted++;
        }
        previous = current;
        previousAlpha = currentAlpha;
        between = null;
    }

    /** The picture at {@code t} between the previous source frame and {@code current}. */
    private byte[] between(byte[] current, byte[] currentAlpha, double t) {
        if (t <= 1e-9) {
            return previous;
        }
        if (motion == null || currentAlpha != null || previousAlpha != null) {
            return blend(previous, current, t);
        }
        if (between == null) {
            between = motion.between(previous, current, target.width(), target.height());
            if (between.followsMotion()) {
                pairsByMotion++;
            } else {
                pairsBlended++;
            }
        }
        return between.at(t);
    }

    /** How the frames were retimed, for the take's record: "blended", "motion", or "motion (2 cuts blended)". */
    String retiming() {
        if (pairsByMotion == 0 && pairsBlended == 0) {
            return motion == null ? "blended" : "motion";
        }
        if (pairsByMotion == 0) {
            return "blended (no motion matched)";
        }
        return pairsBlended == 0 ? "motion" : "motion (" + pairsBlended + " cuts dissolved)";
    }

    /** Where target frame {@code j} falls in the source, in source frames (ends aligned). */
    private double sourcePosition(long j) {
        if (target.frames() == source.frames()) {
            return j;
        }
        if (target.frames() == 1) {
            return (source.frames() - 1) / 2.0;
        }
        return (double) j * (source.frames() - 1) / (target.frames() - 1);
    }

    private static byte[] blend(byte[] a, byte[] b, double t) {
        int wb = (int) Math.round(t * 256);
        int wa = 256 - wb;
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (((a[i] & 0xff) * wa + (b[i] & 0xff) * wb + 128) >> 8);
        }
        return out;
    }

    /** Bilinear scaling of an interleaved plane of {@code ch} channels; letterbox bars stay 0 (black, transparent). */
    private byte[] scale(byte[] src, int ch) {
        if (source.width() == target.width() && source.height() == target.height()) {
            return src.clone();
        }
        int sw = source.width();
        int tw = target.width();
        byte[] dst = new byte[tw * target.height() * ch];
        for (int y = 0; y < target.height(); y++) {
            if (yMap0[y] < 0) {
                continue;
            }
            int r0 = yMap0[y] * sw * ch;
            int r1 = yMap1[y] * sw * ch;
            int wy = yWeight[y];
            int d = y * tw * ch;
            for (int x = 0; x < tw; x++, d += ch) {
                if (xMap0[x] < 0) {
                    continue;
                }
                int c0 = xMap0[x] * ch;
                int c1 = xMap1[x] * ch;
                int wx = xWeight[x];
                for (int c = 0; c < ch; c++) {
                    int top = (src[r0 + c0 + c] & 0xff) * (256 - wx) + (src[r0 + c1 + c] & 0xff) * wx;
                    int bottom = (src[r1 + c0 + c] & 0xff) * (256 - wx) + (src[r1 + c1 + c] & 0xff) * wx;
                    dst[d + c] = (byte) ((top * (256 - wy) + bottom * wy + 32768) >> 16);
                }
            }
        }
        return dst;
    }

    /** Fails unless every target frame was made (a generator that stopped early). */
    void finish() {
        if (emitted != target.frames()) {
            throw new IllegalStateException("the generator made " + received + " of " + source.frames()
                    + " frames; " + emitted + " of " + target.frames() + " conformed");
        }
    }

    Fit fit() {
        return fit;
    }
}
