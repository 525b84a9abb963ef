package genshot.generators.internal;

import genshot.api.MediaDecoder;
import genshot.api.MediaInfo;
import genshot.api.ShotContext.Neighbour;
import genshot.timeline.Rate;

/**
 * Reads a neighbour's frames next to the cut, in the shot's size. Positions are counted in timeline frames from
 * the cut ({@code j = 0} is the cut frame; for the clip before, {@code j < 0} lies earlier on the timeline; for the
 * clip after, {@code j > 0} later), so speed and the media's own rate are honoured.
 */
final class BridgeSource {

    /** The cut frame, and (when asked and available) one more frame farther from the gap. */
    record Side(byte[] cut, byte[] far, int farSteps, MediaInfo info, long cutIndex, long farIndex) {
    }

    private BridgeSource() {
    }

    /**
     * The media frame shown {@code j} timeline frames from the cut: source position {@code cutFrame + j * speed}
     * (in timeline frames), converted by time to the media's rate, clamped to the media.
     */
    static long mediaIndex(long cutFrame, long j, double speed, Rate timeline, Rate media, long mediaFrames) {
        double pos = cutFrame + j * speed;
        // timeline frames -> seconds -> media frames
        double idx = pos * ((double) timeline.denominator() * media.numerator())
                / ((double) timeline.numerator() * media.denominator());
        long i = (long) Math.floor(idx + 1e-6);
        long last = mediaFrames > 0 ? mediaFrames - 1 : Long.MAX_VALUE;
        return Math.max(0, Math.min(last, i));
    }

    /**
     * Reads the neighbour's cut frame and, with {@code wantFar}, the nearest frame farther from the gap (within
     * the clip's frames on the timeline) that shows another media frame.
     */
    static Side read(MediaDecoder decoder, Neighbour n, boolean before, Rate timeline, int w, int h,
                     BridgeConform.Fit fit, boolean wantFar, FlowPool pool) {
        MediaInfo info = decoder.probe(n.media());
        long cut = mediaIndex(n.cutFrame(), 0, n.speed(), timeline, info.rate(), info.frames());
        long far = -1;
        int steps = 0;
        if (wantFar) {
            int dir = before ? -1 : 1;
            // a slow clip shows the same media frame several times: step on until it changes (at most 8 frames)
            for (int s = 1; s < Math.min(n.frames(), 9); s++) {
                long k = mediaIndex(n.cutFrame(), (long) dir * s, n.speed(), timeline, info.rate(), info.frames());
                if (k != cut) {
                    far = k;
                    steps = s;
                    break;
                }
            }
        }
        long first = far < 0 ? cut : Math.min(cut, far);
        long last = far < 0 ? cut : Math.max(cut, far);
        byte[][] got = new byte[2][];
        long farIdx = far;
        decoder.decode(n.media(), first, last - first + 1, frame -> {
            long i = frame.index();
            if (i == cut || i == farIdx) {
                byte[] c = BridgeConform.conform(frame.bgr(), frame.width(), frame.height(), w, h, fit, pool);
                got[i == cut ? 0 : 1] = c;
            }
        });
        if (got[0] == null) {
            throw new IllegalStateException("the decoder did not deliver frame " + cut + " of " + n.media());
        }
        return new Side(got[0], got[1], got[1] == null ? 0 : steps, info, cut, far);
    }
}
