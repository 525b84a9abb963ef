package genshot.host.kdenlive.internal;

import genshot.timeline.Rate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * MLT time values in whole frames, read exactly as MLT 7 reads a position ({@code mlt_property_get_position}), so that a
 * clip lands on the frame where melt and Kdenlive show it:
 * <ul>
 * <li>no colon: an integer, its digits up to a dot ({@code 50}; {@code 1.5} is frame 1, as C's {@code strtol});</li>
 * <li>a colon and a dot (or comma): a clock value {@code [[hh:]mm:]ss.mmm}, floor(fps x hh x 3600) + floor(fps x mm x
 * 60) + rint(fps x ss.mmm), in double arithmetic, seconds read in the C locale (a comma ends the number);</li>
 * <li>a colon and no dot: SMPTE {@code [[hh:]mm:]ss:ff} (or {@code ;ff}), floor(fps x hh x 3600) + floor(fps x mm x
 * 60) + ceil(fps x ss) + ff. At 29.97 fps this is the drop-frame count at every whole minute and ten minutes.</li>
 * </ul>
 * A leading minus sign negates the value (it is refused later as a negative time).
 */
final class MltTime {

    private static final java.util.regex.Pattern CLOCK =
            java.util.regex.Pattern.compile("(?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d*)?)(?:,\\d*)?");
    private static final java.util.regex.Pattern SMPTE =
            java.util.regex.Pattern.compile("(?:(?:(\\d+):)?(\\d+):)?(\\d+)[:;](\\d+)");
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("(\\d+)(?:\\.\\d*)?");

    private MltTime() {
    }

    /** Frames of {@code text} at {@code rate}; throws IllegalArgumentException for anything else. */
    static long parse(String text, Rate rate) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty time value");
        }
        boolean negative = t.startsWith("-");
        String body = negative ? t.substring(1) : t;
        long frames = clockOrSmpte(body, rate);
        return negative ? -frames : frames;
    }

    private static long clockOrSmpte(String body, Rate rate) {
        double fps = (double) rate.numerator() / rate.denominator();
        if (body.indexOf(':') < 0) {
            java.util.regex.Matcher m = INTEGER.matcher(body);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a time value");
            }
            return Long.parseLong(m.group(1));
        }
        if (body.indexOf('.') >= 0 || body.indexOf(',') >= 0) {
            java.util.regex.Matcher m = CLOCK.matcher(body);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a time value");
            }
            long h = number(m.group(1));
            long min = number(m.group(2));
            double sec = Double.parseDouble(m.group(3).endsWith(".") ? m.group(3) + "0" : m.group(3));
            return (long) Math.floor(fps * h * 3600) + (long) Math.floor(fps * min * 60) + (long) Math.rint(fps * sec);
        }
        java.util.regex.Matcher m = SMPTE.matcher(body);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a time value");
        }
        long h = number(m.group(1));
        long min = number(m.group(2));
        long sec = number(m.group(3));
        long f = number(m.group(4));
        return Math.addExact((long) Math.floor(fps * h * 3600) + (long) Math.floor(fps * min * 60)
                + (long) Math.ceil(fps * sec), f);
    }

    /** A field of digits; more than 12 is no time genshot reads (ArithmeticException, as an overflow). */
    private static long number(String digits) {
        if (digits == null) {
            return 0;
        }
        if (digits.length() > 12) {
            throw new ArithmeticException("too many digits");
        }
        return Long.parseLong(digits);
    }

    /**
     * Whether a value lies between two frames: a clock value whose seconds are further than 0.6 ms from a whole
     * number of frames (MLT writes {@code %06.3f} of the frames left after whole minutes, always within 0.5 ms, so only
     * hand-made or foreign values, or a project whose frame rate was changed by hand, are off the grid), or an integer
     * written with a fraction. Plain integers and SMPTE values are always on it.
     */
    static boolean offGrid(String text, Rate rate) {
        String t = text.trim();
        if (t.startsWith("-")) {
            t = t.substring(1);
        }
        if (t.indexOf(':') < 0) {
            java.util.regex.Matcher m = INTEGER.matcher(t);
            return m.matches() && t.indexOf('.') >= 0 && !t.substring(t.indexOf('.') + 1).matches("0*");
        }
        if (t.indexOf('.') < 0 && t.indexOf(',') < 0) {
            return false;
        }
        java.util.regex.Matcher m = CLOCK.matcher(t);
        if (!m.matches()) {
            return false;
        }
        // MLT counts whole hours and minutes as floor(n x fps) frames and the seconds as rint(fps x ss.mmm): a value
        // is on the grid when its seconds are within 0.6 ms of a whole number of frames
        BigDecimal secs = new BigDecimal(m.group(3).endsWith(".") ? m.group(3) + "0" : m.group(3));
        BigDecimal frames = secs.multiply(BigDecimal.valueOf(rate.numerator()))
                .divide(BigDecimal.valueOf(rate.denominator()), 12, RoundingMode.HALF_EVEN);
        BigDecimal off = frames.subtract(frames.setScale(0, RoundingMode.HALF_EVEN)).abs();
        BigDecimal errorSeconds = off.multiply(BigDecimal.valueOf(rate.denominator()))
                .divide(BigDecimal.valueOf(rate.numerator()), 12, RoundingMode.HALF_EVEN);
        return errorSeconds.compareTo(new BigDecimal("0.0006")) > 0;
    }

    /** Exact seconds of {@code frames}, for messages. */
    static String seconds(long frames, Rate rate) {
        return new BigDecimal(BigInteger.valueOf(frames).multiply(BigInteger.valueOf(rate.denominator())))
                .divide(new BigDecimal(rate.numerator()), 3, RoundingMode.HALF_EVEN).toPlainString();
    }
}
