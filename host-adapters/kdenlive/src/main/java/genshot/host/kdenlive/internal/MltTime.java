package genshot.host.kdenlive.internal;

import genshot.timeline.Rate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * MLT time values in whole frames: integer frames ({@code 50}), clock {@code hh:mm:ss.mmm} (MLT reads it as
 * round(seconds x fps)) and SMPTE {@code hh:mm:ss:ff} ({@code ;ff} = drop-frame).
 */
final class MltTime {

    private MltTime() {
    }

    /** Frames of {@code text} at {@code rate}; throws IllegalArgumentException for anything else. */
    static long parse(String text, Rate rate) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty time value");
        }
        if (t.matches("-?\\d+")) {
            return Long.parseLong(t);
        }
        boolean negative = t.startsWith("-");
        String body = negative ? t.substring(1) : t;
        long frames;
        if (body.matches("\\d+(:\\d+){3}") || body.matches("\\d+:\\d+:\\d+;\\d+")) {
            frames = smpte(body, rate);
        } else if (body.matches("(\\d+:){0,2}\\d+(\\.\\d*)?")) {
            String[] p = body.split(":");
            BigDecimal secs = BigDecimal.ZERO;
            for (String part : p) {
                secs = secs.multiply(BigDecimal.valueOf(60)).add(new BigDecimal(part.endsWith(".") ? part + "0" : part));
            }
            // lrint(fps * seconds): round half to even
            frames = secs.multiply(BigDecimal.valueOf(rate.numerator()))
                    .divide(BigDecimal.valueOf(rate.denominator()), 0, RoundingMode.HALF_EVEN).longValueExact();
        } else {
            throw new IllegalArgumentException("not a time value");
        }
        return negative ? -frames : frames;
    }

    private static long smpte(String body, Rate rate) {
        boolean drop = body.contains(";");
        String[] p = body.split("[:;]");
        long h = Long.parseLong(p[0]);
        long m = Long.parseLong(p[1]);
        long s = Long.parseLong(p[2]);
        long f = Long.parseLong(p[3]);
        int base = rate.timecodeBase();
        // exact arithmetic: a damaged value must not wrap around into a plausible one (ArithmeticException instead)
        long totalMinutes = Math.addExact(Math.multiplyExact(h, 60), m);
        long frames = Math.addExact(Math.multiplyExact(Math.addExact(Math.multiplyExact(totalMinutes, 60), s), base), f);
        if (drop) {
            // drop-frame: skip 2 frames (4 at 59.94) at each minute except every tenth
            long dropPerMinute = Math.round(base / 15.0);
            frames -= dropPerMinute * (totalMinutes - totalMinutes / 10);
        }
        return frames;
    }

    /**
     * Whether a clock value ({@code hh:mm:ss.mmm}) lies between two frames: further than 0.6 ms from the nearest frame.
     * MLT writes {@code %06.3f} of frames / fps, which is always within 0.5 ms of a frame, so only hand-made or
     * foreign values are off the grid. Integer frames and SMPTE values are always on it.
     */
    static boolean offGrid(String text, Rate rate) {
        String t = text.trim();
        if (t.startsWith("-")) {
            t = t.substring(1);
        }
        if (!t.matches("(\\d+:){0,2}\\d+\\.\\d*") ) {
            return false;
        }
        BigDecimal secs = BigDecimal.ZERO;
        for (String part : t.split(":")) {
            secs = secs.multiply(BigDecimal.valueOf(60)).add(new BigDecimal(part.endsWith(".") ? part + "0" : part));
        }
        BigDecimal fps = BigDecimal.valueOf(rate.numerator()).divide(BigDecimal.valueOf(rate.denominator()), 12, RoundingMode.HALF_EVEN);
        BigDecimal frames = secs.multiply(BigDecimal.valueOf(rate.numerator())).divide(BigDecimal.valueOf(rate.denominator()), 12,
                RoundingMode.HALF_EVEN);
        BigDecimal nearest = frames.setScale(0, RoundingMode.HALF_EVEN);
        BigDecimal errorSeconds = frames.subtract(nearest).abs().divide(fps, 12, RoundingMode.HALF_EVEN);
        return errorSeconds.compareTo(new BigDecimal("0.0006")) > 0;
    }

    /** Exact seconds of {@code frames}, for messages. */
    static String seconds(long frames, Rate rate) {
        return new BigDecimal(BigInteger.valueOf(frames).multiply(BigInteger.valueOf(rate.denominator())))
                .divide(new BigDecimal(rate.numerator()), 3, RoundingMode.HALF_EVEN).toPlainString();
    }
}
