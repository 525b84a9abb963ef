package genshot.generators.internal;

/**
 * The motion on each side of a gap, measured inside each neighbour clip, and how well it explains the motion
 * across the gap. Each side's velocity field (flow pixels per timeline frame, at the side's cut frame) is the flow
 * from its cut frame to a frame a few frames farther from the gap, divided by the distance; carried across the gap
 * at constant velocity it predicts where each point is on the other side ({@link #prior}), which centres the flow
 * search across the gap (motion far beyond the flow's own search radius is found). The flow found is then checked
 * against both sides' predictions ({@link #agreement}): on a steady camera move (pan, tilt, zoom, an object moving
 * evenly) they agree and the gap is interpolated as real motion; after a cut, a change of direction or speed, they
 * do not, and the gap becomes a morph.
 */
final class GapMotion {
    /** Points predicted within this many flow pixels of the frame's edge are not judged (they may leave it). */
    static final float EDGE = 2f;
    /**
     * A side's velocity is taken as measured from this many flow pixels inside the frame: nearer the edge the
     * patches see pixels that leave the frame between the two frames measured.
     */
    static final float SEEN = 8f;
    /** A point agrees when the flow is within this many flow pixels of each side's prediction ... */
    static final float TOLERANCE = 1.5f;
    /** ... plus this share of the flow's length ... */
    static final float RELATIVE = 0.2f;
    /** ... plus this many flow pixels per frame of the gap (the velocity's own uncertainty). */
    static final float PER_FRAME = 0.08f;

    private GapMotion() {
    }

    /**
     * A side's velocity: the flow from its cut frame to its frame {@code steps} timeline frames farther from the
     * gap, divided by {@code steps} and turned to point forwards in time ({@code before}: the far frame is
     * earlier).
     */
    static FlowField velocity(Pyramid cut, Pyramid far, int steps, boolean before, FlowEstimator flow,
                              FlowPool pool) {
        return flow.estimate(cut, far, pool).scaled((before ? -1f : 1f) / steps);
    }

    /**
     * The predicted flow from one side's cut frame to the other's, {@code span} timeline frames later (or, with a
     * negative span, earlier): each point moves at the mean of its velocity here and the other side's velocity
     * where it lands (first predicted with its own), so a speed that changes evenly is followed too.
     */
    static FlowField prior(FlowField here, FlowField there, float span, FlowPool pool) {
        int w = here.width;
        int h = here.height;
        FlowField out = new FlowField(w, h);
        pool.rows(h, (from, to) -> {
            for (int y = from; y < to; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    float qx = x + span * here.u[i];
                    float qy = y + span * here.v[i];
                    if (!inside(qx, qy, w, h, SEEN)) {
                        // lands outside the other side's picture (or on its edge, where a velocity measured
                        // on pixels leaving the frame means nothing): this side's velocity alone
                        out.u[i] = span * here.u[i];
                        out.v[i] = span * here.v[i];
                        continue;
                    }
                    out.u[i] = span * 0.5f * (here.u[i] + FlowField.bilinear(there.u, w, h, qx, qy));
                    out.v[i] = span * 0.5f * (here.v[i] + FlowField.bilinear(there.v, w, h, qx, qy));
                }
            }
        });
        return out;
    }

    /**
     * The share of points of side A's cut frame whose flow across the gap ({@code ab}, {@code span} frames) agrees
     * with both sides' velocities: it is matched (occlusion below one half) and within the tolerance of
     * {@code span * vA} at the point and of {@code span * vB} where it lands. Points that a velocity carries out
     * of the frame are not judged (they have no partner, rightly). With nothing to judge, 0.
     */
    static double agreement(FlowField ab, float[] occlusion, FlowField va, FlowField vb, float span) {
        int w = ab.width;
        int h = ab.height;
        long judged = 0;
        long agree = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float pax = x + span * va.u[i];
                float pay = y + span * va.v[i];
                if (!inside(pax, pay, w, h)) {
                    continue;
                }
                judged++;
                if (occlusion[i] >= 0.5f) {
                    continue;
                }
                float qx = x + ab.u[i];
                float qy = y + ab.v[i];
                float bu = span * FlowField.bilinear(vb.u, w, h, qx, qy);
                float bv = span * FlowField.bilinear(vb.v, w, h, qx, qy);
                float len = (float) Math.hypot(ab.u[i], ab.v[i]);
                float tol = TOLERANCE + RELATIVE * len + PER_FRAME * Math.abs(span);
                float ea = (float) Math.hypot(ab.u[i] - span * va.u[i], ab.v[i] - span * va.v[i]);
                float eb = (float) Math.hypot(ab.u[i] - bu, ab.v[i] - bv);
                if (ea <= tol && eb <= tol) {
                    agree++;
                }
            }
        }
        return judged == 0 ? 0 : (double) agree / judged;
    }

    private static boolean inside(float x, float y, int w, int h) {
        return inside(x, y, w, h, EDGE);
    }

    private static boolean inside(float x, float y, int w, int h, float edge) {
        return x >= edge && y >= edge && x <= w - 1 - edge && y <= h - 1 - edge;
    }

    /** The median of a velocity field, in frame pixels per frame ({@code factor}: frame pixels per flow pixel). */
    static String median(FlowField v, int factor) {
        float[] m = v.median(0, 0, v.width, v.height);
        return String.format(java.util.Locale.ROOT, "%.2f,%.2f", m[0] * factor, m[1] * factor);
    }
}
