package genshot.generators.internal;

import genshot.api.Cancellation;
import genshot.api.FrameInterpolator;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Motion-compensated in-between pictures for retiming, with the bridge's machinery: DIS flow both ways at most
 * {@link BridgeGenerator#MAX_FLOW_WIDTH} wide, occlusion resolved, both pictures warped along the flow and blended
 * by time, each point taken from the side where it is visible. When more than {@link BridgeGenerator#CUT_SHARE}
 * of the pixels have no partner the two frames are taken as a cut and the pictures are a plain dissolve.
 */
@Component(service = FrameInterpolator.class)
public final class MotionInterpolator implements FrameInterpolator {

    private final FlowPool pool;
    private final FlowEstimator flow = FlowEstimator.standard();

    public MotionInterpolator() {
        this(FlowPool.defaultThreads());
    }

    MotionInterpolator(int threads) {
        this.pool = new FlowPool(threads);
    }

    @Deactivate
    public void close() {
        pool.close();
    }

    @Override
    public Between between(byte[] a, byte[] b, int width, int height) {
        if (a.length != width * height * 3 || b.length != a.length) {
            throw new IllegalArgumentException("two BGR pictures of " + width + "x" + height + " are needed");
        }
        int f = BridgeConform.workFactor(width, BridgeGenerator.MAX_FLOW_WIDTH);
        int fw = Math.max(1, width / f);
        int fh = Math.max(1, height / f);
        MotionPair m = MotionPair.estimate(a, b, width, height, f, fw, fh, flow, 0, pool, Cancellation.NEVER);
        boolean motion = m.unmatched <= BridgeGenerator.CUT_SHARE;
        WarpRenderer renderer = new WarpRenderer(width, height, f, fw, fh, pool);
        float[] identity = BridgeColour.identity();
        float[] la = WarpRenderer.levels(a, pool);
        float[] lb = WarpRenderer.levels(b, pool);
        return new Between() {
            @Override
            public byte[] at(double t) {
                byte[] out = new byte[width * height * 3];
                synchronized (renderer) {
                    if (motion) {
                        renderer.interpolate(m.sideA, m.sideB, (float) t);
                    } else {
                        renderer.dissolve((float) t);
                    }
                    renderer.render(la, lb, identity, out);
                }
                return out;
            }

            @Override
            public boolean followsMotion() {
                return motion;
            }
        };
    }
}
