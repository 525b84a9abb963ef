package genshot.media.internal;

import java.math.BigInteger;

/**
 * Numbers the pictures a decode hands out, the same for Humble's decoder and FFmpeg's: frame index = (time stamp -
 * the stream's start) in frames of the rate, to the nearest frame. Decoding from the start counts from 0; after a
 * seek the first picture's time stamp gives its index, and a first picture already past the first frame wanted (or
 * one without a time stamp) ends the decode as <em>overshot</em>, so that the caller seeks farther back.
 */
final class FrameCounter {

    /** Stream time stamps and frame indices, both ways. */
    record Clock(long start, long timeBaseNum, long timeBaseDen, long rateNum, long rateDen) {

        /** Stream time stamp of frame {@code index}: start + index / rate / timeBase. */
        long timeStampOf(long index) {
            BigInteger num = BigInteger.valueOf(index).multiply(BigInteger.valueOf(rateDen))
                    .multiply(BigInteger.valueOf(timeBaseDen));
            BigInteger den = BigInteger.valueOf(rateNum).multiply(BigInteger.valueOf(timeBaseNum));
            return start + num.divide(den).longValueExact();
        }

        /** Frame index of a stream time stamp, to the nearest frame. */
        long indexOf(long timeStamp) {
            BigInteger num = BigInteger.valueOf(timeStamp - start).multiply(BigInteger.valueOf(timeBaseNum))
                    .multiply(BigInteger.valueOf(rateNum));
            BigInteger den = BigInteger.valueOf(timeBaseDen).multiply(BigInteger.valueOf(rateDen));
            BigInteger[] qr = num.divideAndRemainder(den);
            long q = qr[0].longValueExact();
            return qr[1].shiftLeft(1).compareTo(den) >= 0 ? q + 1 : q;
        }
    }

    /**
     * How far before the first frame wanted each seek of a decode goes, in frames: the first at it, the next ones
     * farther back, until the decode finds a key frame at or before that frame (MPEG-TS seeks by time and lands
     * between key frames; a seek past the last key frame finds none after it); then the decode reads from the start.
     */
    static final long[] SEEK_BACK = {0, 8, 32, 128, 512, 2048};

    /** One try of a decode: from a seek to frame {@code seekTo}, or from the start when it is negative. */
    @FunctionalInterface
    interface Attempt {
        /**
         * The index after the last frame decoded, {@link #NOT_FOUND} (a seek's first picture was past the first
         * frame wanted, or none came: try farther back), {@link #CANNOT_SEEK}, or any other value of the decoder's
         * own (handed back as it is).
         */
        long decode(long seekTo) throws java.io.IOException;
    }

    /** An attempt's answer: the frames wanted are not to be found from where its seek landed. */
    static final long NOT_FOUND = Long.MIN_VALUE;
    /** An attempt's answer: the file cannot seek. */
    static final long CANNOT_SEEK = Long.MIN_VALUE + 2;

    /**
     * Decodes from {@code first}: a seek to it, then seeks {@link #SEEK_BACK} farther back while the frames are not
     * found from where a seek landed, then from the start (also when the file cannot seek). Returns the last
     * attempt's answer.
     */
    static long seekAndDecode(long first, Attempt attempt) throws java.io.IOException {
        for (long back : SEEK_BACK) {
            long target = first - back;
            if (first <= 0 || back > 0 && target <= 0) {
                break;
            }
            long next = attempt.decode(target);
            if (next == CANNOT_SEEK) {
                break;
            }
            if (next != NOT_FOUND) {
                return next;
            }
        }
        return attempt.decode(-1);
    }

    private final Clock clock;
    private final long first;
    private final long end;
    private final boolean seeked;
    private boolean numbered;
    private boolean overshot;
    private boolean done;
    private long next;

    /** Frames {@code [first, end)} wanted; {@code seeked}: the decode starts where a seek landed. */
    FrameCounter(Clock clock, long first, long end, boolean seeked) {
        this.clock = clock;
        this.first = first;
        this.end = end;
        this.seeked = seeked;
        this.numbered = !seeked;
    }

    /**
     * The index of the next decoded picture when it is to be handed out, else -1 (before the first frame wanted,
     * or the decode is over). {@code timeStamp} is the picture's ({@code hasTimeStamp} false: none).
     */
    long take(long timeStamp, boolean hasTimeStamp) {
        if (!numbered) {
            if (!hasTimeStamp) {
                overshot = true;
                done = true;
                return -1;
            }
            next = clock.indexOf(timeStamp);
            numbered = true;
            if (next > first) {
                overshot = true;
                done = true;
                return -1;
            }
        }
        long index = next++;
        if (next >= end) {
            done = true;
        }
        return index >= first && index < end ? index : -1;
    }

    /** No more pictures are wanted. */
    boolean done() {
        return done;
    }

    /** Stops the decode early (the caller declines the file). */
    void stop() {
        done = true;
    }

    /**
     * The index after the last picture numbered, or {@link #NOT_FOUND} when the frames wanted are not to be
     * found from where the decode started: the first picture was past them, or (after a seek) none came at all.
     */
    long result() {
        return overshot || seeked && !numbered ? NOT_FOUND : next;
    }
}
