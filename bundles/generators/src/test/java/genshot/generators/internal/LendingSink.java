package genshot.generators.internal;

import genshot.api.Frame;
import genshot.api.FrameSink;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A sink that lends arrays as an encoding pipeline does ({@link FrameSink#lend}): a few pairs used in turn, each
 * filled with noise before it is lent (an earlier frame's leftovers), and keeps a copy of each frame it gets, and
 * whether it came in the arrays lent for it.
 */
final class LendingSink implements FrameSink {
    final List<Frame> frames = new ArrayList<>();
    final List<Boolean> inLentArrays = new ArrayList<>();
    private final List<Frame> pool = new ArrayList<>();
    private final SplittableRandom noise = new SplittableRandom(1);
    private Frame lent;

    @Override
    public Frame lend(long index, int width, int height, boolean alpha) {
        if (pool.size() < 3) {
            pool.add(new Frame(index, width, height, new byte[width * height * 3],
                    alpha ? new byte[width * height] : null));
        }
        Frame f = pool.get((int) (index % pool.size()));
        noise.nextBytes(f.bgr());
        if (f.alpha() != null) {
            noise.nextBytes(f.alpha());
        }
        lent = new Frame(index, width, height, f.bgr(), f.alpha());
        return lent;
    }

    @Override
    public void accept(Frame frame) {
        inLentArrays.add(lent != null && frame.bgr() == lent.bgr() && frame.alpha() == lent.alpha());
        lent = null;
        frames.add(frame.copy());
    }
}
