package genshot.timeline;

import java.math.BigInteger;
import java.util.Locale;

/** A point in time: a whole number of frames at a rate. The rate always travels with the value. */
public record RationalTime(long frames, Rate rate) implements Comparable<RationalTime> {

    public RationalTime {
        if (rate == null) {
            throw new IllegalArgumentException("rate is required");
        }
    }

    /** The same instant at another rate, if it is on that rate's grid. */
    public RationalTime rescaledTo(Rate other) {
        // frames * (other.num/other.den) / (num/den) = frames * other.num * den / (other.den * num)
        BigInteger n = BigInteger.valueOf(frames).multiply(BigInteger.valueOf(other.numerator()))
                .multiply(BigInteger.valueOf(rate.denominator()));
        BigInteger d = BigInteger.valueOf(other.denominator()).multiply(BigInteger.valueOf(rate.numerator()));
        BigInteger[] qr = n.divideAndRemainder(d);
        if (qr[1].signum() != 0) {
            throw new OffGridException(seconds(), other, n.doubleValue() / d.doubleValue());
        }
        return new RationalTime(qr[0].longValueExact(), other);
    }

    public double seconds() {
        return rate.secondsOf(frames);
    }

    /**
     * SMPTE non-drop-frame timecode {@code HH:MM:SS:FF}, counting whole frames with the rate's
     * timecode base (24 for 23.976, 30 for 29.97), as editors' timecode displays do.
     */
    public String toTimecode() {
        return timecode(frames, rate.timecodeBase());
    }

    /** Parses {@code HH:MM:SS:FF} (or {@code ;FF}) non-drop timecode at {@code rate}. */
    public static RationalTime parseTimecode(String tc, Rate rate) {
        String[] p = tc.trim().split("[:;]");
        if (p.length != 4) {
            throw new IllegalArgumentException("not a timecode: '" + tc + "' (expected HH:MM:SS:FF)");
        }
        int base = rate.timecodeBase();
        long h = Long.parseLong(p[0]), m = Long.parseLong(p[1]), s = Long.parseLong(p[2]), f = Long.parseLong(p[3]);
        if (m >= 60 || s >= 60 || f >= base || h < 0 || m < 0 || s < 0 || f < 0) {
            throw new IllegalArgumentException("timecode out of range: '" + tc + "' at " + rate + " fps");
        }
        return new RationalTime(((h * 60 + m) * 60 + s) * base + f, rate);
    }

    static String timecode(long frames, int base) {
        String sign = frames < 0 ? "-" : "";
        long f = Math.abs(frames);
        long ff = f % base;
        long totalSeconds = f / base;
        return String.format(Locale.ROOT, "%s%02d:%02d:%02d:%02d", sign,
                totalSeconds / 3600, (totalSeconds / 60) % 60, totalSeconds % 60, ff);
    }

    @Override
    public int compareTo(RationalTime o) {
        BigInteger a = BigInteger.valueOf(frames).multiply(BigInteger.valueOf(rate.denominator()))
                .multiply(BigInteger.valueOf(o.rate.numerator()));
        BigInteger b = BigInteger.valueOf(o.frames).multiply(BigInteger.valueOf(o.rate.denominator()))
                .multiply(BigInteger.valueOf(rate.numerator()));
        return a.compareTo(b);
    }

    @Override
    public String toString() {
        return frames + "@" + rate;
    }
}
