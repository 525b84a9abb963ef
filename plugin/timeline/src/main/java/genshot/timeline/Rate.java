package genshot.timeline;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A frame rate as an exact fraction of frames per second, always in lowest terms
 * ({@code 30000/1001}, never {@code 29.97}).
 */
public record Rate(long numerator, long denominator) implements Comparable<Rate> {

    public static final Rate FPS_23_976 = new Rate(24000, 1001);
    public static final Rate FPS_24 = new Rate(24, 1);
    public static final Rate FPS_25 = new Rate(25, 1);
    public static final Rate FPS_29_97 = new Rate(30000, 1001);
    public static final Rate FPS_30 = new Rate(30, 1);
    public static final Rate FPS_50 = new Rate(50, 1);
    public static final Rate FPS_59_94 = new Rate(60000, 1001);
    public static final Rate FPS_60 = new Rate(60, 1);

    public Rate {
        if (numerator <= 0 || denominator <= 0) {
            throw new IllegalArgumentException("a frame rate must be positive: " + numerator + "/" + denominator);
        }
        long g = gcd(numerator, denominator);
        numerator /= g;
        denominator /= g;
    }

    /** Parses {@code "30000/1001"}, {@code "25"} or {@code "25/1"}. */
    public static Rate parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        try {
            if (slash < 0) {
                return new Rate(Long.parseLong(t), 1);
            }
            return new Rate(Long.parseLong(t.substring(0, slash).trim()), Long.parseLong(t.substring(slash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a frame rate: '" + text + "' (expected e.g. 25 or 30000/1001)", e);
        }
    }

    /** Frames per second as a double, for display and for APIs that insist on one. */
    public double fps() {
        return (double) numerator / denominator;
    }

    /** The whole number of frames in one timecode second: 24 for 23.976, 30 for 29.97. */
    public int timecodeBase() {
        return (int) ((numerator + denominator - 1) / denominator);
    }

    /** Exact seconds of {@code frames} frames. */
    public BigDecimal seconds(long frames, int scale) {
        return new BigDecimal(BigInteger.valueOf(frames).multiply(BigInteger.valueOf(denominator)))
                .divide(new BigDecimal(numerator), scale, RoundingMode.HALF_EVEN);
    }

    /** Seconds of {@code frames} frames as a double (not exact; for display and host formats in floats). */
    public double secondsOf(long frames) {
        return (double) frames * denominator / numerator;
    }

    /**
     * The frame at {@code seconds}, if {@code seconds} is within {@code tolerance} frames of the grid.
     *
     * @throws OffGridException when the time lies between two frames
     */
    public long framesAt(double seconds, double tolerance) {
        double exact = seconds * numerator / denominator;
        long nearest = Math.round(exact);
        if (Math.abs(exact - nearest) > tolerance) {
            throw new OffGridException(seconds, this, exact);
        }
        return nearest;
    }

    @Override
    public int compareTo(Rate o) {
        return BigInteger.valueOf(numerator).multiply(BigInteger.valueOf(o.denominator))
                .compareTo(BigInteger.valueOf(o.numerator).multiply(BigInteger.valueOf(denominator)));
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }

    static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return Math.abs(a);
    }
}
