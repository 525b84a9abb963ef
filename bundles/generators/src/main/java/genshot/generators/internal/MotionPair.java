package genshot.generators.internal;

/**
 * The motion between two pictures, ready for {@link WarpRenderer#interpolate}: dense flow both ways at the flow
 * size, occlusion resolved on each side ({@link FlowOcclusion}), and the share of pixels without a partner (high:
 * the two do not show the same scene). Shared by the bridge and by motion-compensated retiming.
 */
final class MotionPair {
    final Pyramid pa;
    final Pyramid pb;
    /** Raw flows, kept so that a limited variant needs no second estimate. */
    final FlowField ab;
    final FlowField ba;
    final WarpRenderer.Side sideA;
    final WarpRenderer.Side sideB;
    final double unmatched;
    private final int reach;

    /** The predicted flows (null: none), handed to {@link FlowOcclusion} for pixels without partner. */
    private final FlowField priorAB;
    private final FlowField priorBA;

    private MotionPair(Pyramid pa, Pyramid pb, FlowField ab, FlowField ba, FlowField priorAB, FlowField priorBA,
                       float limit, FlowPool pool) {
        this.priorAB = priorAB;
        this.priorBA = priorBA;
        this.pa = pa;
        this.pb = pb;
        this.ab = ab;
        this.ba = ba;
        this.reach = Math.max(8, ab.width / 8);
        FlowField fab = limit > 0 ? ab.limited(limit) : ab;
        FlowField fba = limit > 0 ? ba.limited(limit) : ba;
        FlowField qab = priorAB == null || limit <= 0 ? priorAB : priorAB.limited(limit);
        FlowField qba = priorBA == null || limit <= 0 ? priorBA : priorBA.limited(limit);
        FlowOcclusion.Result ra = FlowOcclusion.resolve(fab, fba, pa.image[0], pb.image[0], reach, qab, pool);
        FlowOcclusion.Result rb = FlowOcclusion.resolve(fba, fab, pb.image[0], pa.image[0], reach, qba, pool);
        this.unmatched = Math.max(ra.unmatchedShare(), rb.unmatchedShare());
        this.sideA = WarpRenderer.Side.of(ra.flow(), ra.occlusion(), pool);
        this.sideB = WarpRenderer.Side.of(rb.flow(), rb.occlusion(), pool);
    }

    /**
     * Estimates the motion between {@code a} and {@code b} (BGR, {@code w x h}) at the flow size {@code fw x fh}
     * ({@code factor} times smaller); flows longer than {@code limit} flow pixels are shortened (0: no limit).
     */
    static MotionPair estimate(byte[] a, byte[] b, int w, int h, int factor, int fw, int fh, FlowEstimator flow,
                               float limit, FlowPool pool, genshot.api.Cancellation cancel) {
        Pyramid pa = pyramid(a, w, h, factor, fw, fh, flow, pool);
        Pyramid pb = pyramid(b, w, h, factor, fw, fh, flow, pool);
        return estimate(pa, pb, null, null, flow, limit, pool, cancel);
    }

    /**
     * The same from pyramids already built, the coarsest search of each way centred on a prior flow (null: no
     * motion), as {@link FlowEstimator#estimate(Pyramid, Pyramid, FlowField, FlowPool)}.
     */
    static MotionPair estimate(Pyramid pa, Pyramid pb, FlowField priorAB, FlowField priorBA, FlowEstimator flow,
                               float limit, FlowPool pool, genshot.api.Cancellation cancel) {
        FlowField ab = flow.estimate(pa, pb, priorAB, pool);
        cancel.check();
        FlowField ba = flow.estimate(pb, pa, priorBA, pool);
        cancel.check();
        return new MotionPair(pa, pb, ab, ba, priorAB, priorBA, limit, pool);
    }

    /** The same motion with flows shortened to {@code limit} flow pixels (for a morph). */
    MotionPair limited(float limit, FlowPool pool) {
        return new MotionPair(pa, pb, ab, ba, priorAB, priorBA, limit, pool);
    }

    int levels() {
        return Math.min(pa.levels, pb.levels);
    }

    static Pyramid pyramid(byte[] bgr, int w, int h, int factor, int fw, int fh, FlowEstimator flow, FlowPool pool) {
        float[] grey = BridgeConform.grey(bgr, w, h, factor, pool);
        return Pyramid.build(grey, fw, fh, flow.levelsFor(fw, fh), pool);
    }
}
