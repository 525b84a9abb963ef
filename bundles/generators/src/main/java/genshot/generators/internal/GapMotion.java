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
        return extendEdges(flow.estimate(cut, far, pool).scaled((before ? -1f : 1f) / steps), (int) SEEN);
    }

    /**
     * The field with its band of {@code band} pixels along the edges replaced by the nearest value inside it:
     * there the patches saw pixels that left the frame between the two frames measured, and the motion inside is
     * the better guess (also for points carried beyond the frame, which sample the edge).
     */
    static FlowField extendEdges(FlowField f, int band) {
        int w = f.width;
        int h = f.height;
        if (w <= 2 * band + 1 || h <= 2 * band + 1) {
            return f;
        }
        FlowField out = new FlowField(w, h);
        for (int y = 0; y < h; y++) {
            int sy = Math.max(band, Math.min(h - 1 - band, y));
            for (int x = 0; x < w; x++) {
                int sx = Math.max(band, Math.min(w - 1 - band, x));
                out.u[y * w + x] = f.u[sy * w + sx];
                out.v[y * w + x] = f.v[sy * w + sx];
            }
        }
        return out;
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
     * with both sides' motion: it is matched (occlusion below one half), within the tolerance of the prediction
     * ({@link #prior}: the mean of the velocity here and the other side's where it lands, which is exact for a
     * steady move and for one whose speed changes evenly), and the two velocities do not point more than 60
     * degrees apart (where both move noticeably): a turn back or a jump is no steady move. Points that a velocity
     * carries out of the frame are not judged (they have no partner, rightly). With nothing to judge, 0. Rows
     * are counted on the pool, each on its own.
     */
    static double agreement(FlowField ab, float[] occlusion, FlowField va, FlowField vb, float span,
                            FlowPool pool) {
        int w = ab.width;
        int h = ab.height;
        float t = Math.abs(span);
        long[] judgedRow = new long[h];
        long[] agreeRow = new long[h];
        pool.rows(h, (from, to) -> {
            for (int y = from; y < to; y++) {
                countRow(ab, occlusion, va, vb, span, t, y, judgedRow, agreeRow);
            }
        });
        long judged = 0;
        long agree = 0;
        for (int y = 0; y < h; y++) {
            judged += judgedRow[y];
            agree += agreeRow[y];
        }
        return judged == 0 ? 0 : (double) agree / judged;
    }

    /** {@link #agreement}'s counts for row {@code y}, into {@code judged[y]} and {@code agree[y]}. */
    private static void countRow(FlowField ab, float[] occlusion, FlowField va, FlowField vb, float span, float t,
                                 int y, long[] judgedRow, long[] agreeRow) {
        int w = ab.width;
        int h = ab.height;
        long judged = 0;
        long agree = 0;
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
            float au = va.u[i];
            float av = va.v[i];
            float bu;
            float bv;
            if (inside(pax, pay, w, h, SEEN)) {
                bu = FlowField.bilinear(vb.u, w, h, pax, pay);
                bv = FlowField.bilinear(vb.v, w, h, pax, pay);
            } else {
                bu = au;
                bv = av;
            }
            float len = (float) Math.hypot(ab.u[i], ab.v[i]);
            float tol = TOLERANCE + RELATIVE * len + PER_FRAME * t;
            float e = (float) Math.hypot(ab.u[i] - span * 0.5f * (au + bu), ab.v[i] - span * 0.5f * (av + bv));
            if (e > tol) {
                continue;
            }
            float la = (float) Math.hypot(au, av) * t;
            float lb = (float) Math.hypot(bu, bv) * t;
            if (la > tol && lb > tol && (au * bu + av * bv) * t * t < 0.5f * la * lb) {
                continue;
            }
            agree++;
        }
        judgedRow[y] = judged;
        agreeRow[y] = agree;
    }

    private static boolean inside(float x, float y, int w, int h) {
        return inside(x, y, w, h, EDGE);
    }

    private static boolean inside(float x, float y, int w, int h, float edge) {
        return x >= edge && y >= edge && x <= w - 1 - edge && y <= h - 1 - edge;
    }

    /** Velocity noise (flow pixels per frame) below which a tangent's bend from the chord is taken as noise. */
    static final float BEND_NOISE = 0.1f;

    /**
     * Trajectories across the gap, per point a cubic (Hermite) curve from its place on one side to its place on
     * the other along the flow found across the gap, leaving with the velocity measured on its side and arriving
     * with the other side's where it lands: straight and even for a steady move, bent for a move that speeds up,
     * slows down or curves. A tangent's bend from the chord smaller than the velocities' noise is dropped
     * (softly), so a steady move stays exactly straight; where one side's velocity is not known (the point is
     * within {@link #SEEN} of that side's edge, or outside it), the speed is taken to change evenly.
     */
    static final class Trajectories {
        private final FlowField ab;
        private final FlowField ba;
        /** Per point, the start and end tangents less the chord (flow pixels over the gap), each way. */
        private final FlowField a0;
        private final FlowField a1;
        private final FlowField b0;
        private final FlowField b1;

        /**
         * @param ab the resolved flow A→B, {@code span} frames
         * @param ba the resolved flow B→A
         */
        Trajectories(FlowField ab, FlowField ba, FlowField va, FlowField vb, float span, int stepsA, int stepsB,
                     FlowPool pool) {
            this.ab = ab;
            this.ba = ba;
            a0 = new FlowField(ab.width, ab.height);
            a1 = new FlowField(ab.width, ab.height);
            b0 = new FlowField(ab.width, ab.height);
            b1 = new FlowField(ab.width, ab.height);
            bends(ab, va, vb, span, stepsA * 0.5f, stepsB * 0.5f, a0, a1, pool);
            bends(ba, vb, va, -span, stepsB * 0.5f, stepsA * 0.5f, b0, b1, pool);
        }

        /**
         * Each velocity is measured over the {@code steps} frames next to its cut, so it is the velocity half
         * that far from the cut ({@code lag}); when both ends are known the speed is taken to change evenly
         * between the two measurements and each is moved to its cut.
         */
        private static void bends(FlowField f, FlowField here, FlowField there, float span, float lagHere,
                                  float lagThere, FlowField d0, FlowField d1, FlowPool pool) {
            int w = f.width;
            int h = f.height;
            float noise = BEND_NOISE * Math.abs(span);
            float apart = Math.abs(span) + lagHere + lagThere;
            pool.rows(h, (from, to) -> {
                for (int y = from; y < to; y++) {
                    for (int x = 0; x < w; x++) {
                        int i = y * w + x;
                        float qx = x + f.u[i];
                        float qy = y + f.v[i];
                        boolean seenHere = inside(x, y, w, h, SEEN);
                        boolean seenThere = inside(qx, qy, w, h, SEEN);
                        float u0 = 0;
                        float v0 = 0;
                        float u1 = 0;
                        float v1 = 0;
                        float hu = here.u[i];
                        float hv = here.v[i];
                        float tu = FlowField.bilinear(there.u, w, h, qx, qy);
                        float tv = FlowField.bilinear(there.v, w, h, qx, qy);
                        if (seenHere && seenThere) {
                            float du = tu - hu;
                            float dv = tv - hv;
                            hu += du * lagHere / apart;
                            hv += dv * lagHere / apart;
                            tu -= du * lagThere / apart;
                            tv -= dv * lagThere / apart;
                        }
                        if (seenHere) {
                            u0 = span * hu - f.u[i];
                            v0 = span * hv - f.v[i];
                        }
                        if (seenThere) {
                            u1 = span * tu - f.u[i];
                            v1 = span * tv - f.v[i];
                        }
                        // a velocity measured too near its frame's edge means nothing: where one end's is
                        // known, the speed is taken to change evenly (the other tangent bends the other way as
                        // much); where neither is, the path is straight
                        if (seenHere && !seenThere) {
                            u1 = -u0;
                            v1 = -v0;
                        } else if (seenThere && !seenHere) {
                            u0 = -u1;
                            v0 = -v1;
                        }
                        float k0 = shrink(u0, v0, noise);
                        float k1 = shrink(u1, v1, noise);
                        d0.u[i] = k0 * u0;
                        d0.v[i] = k0 * v0;
                        d1.u[i] = k1 * u1;
                        d1.v[i] = k1 * v1;
                    }
                }
            });
        }

        /** How much of a bend to keep: {@code m^2 / (m^2 + noise^2)} (nearly all of a large one, little of noise). */
        private static float shrink(float u, float v, float noise) {
            float m2 = u * u + v * v;
            return m2 / (m2 + noise * noise + 1e-12f);
        }

        /**
         * Where each point of A is at time {@code t} (0 = A, 1 = B), as a displacement from A, into {@code room}
         * (null: a new field).
         */
        FlowField fromA(float t, FlowField room, FlowPool pool) {
            return curve(ab, a0, a1, t, room, pool);
        }

        /** Where each point of B is at time {@code t}, as a displacement from B, into {@code room} (null: new). */
        FlowField fromB(float t, FlowField room, FlowPool pool) {
            return curve(ba, b0, b1, 1 - t, room, pool);
        }

        /** {@code s F + h10(s) d0 + h11(s) d1}: the Hermite curve written as the chord plus the tangents' bends. */
        private static FlowField curve(FlowField f, FlowField d0, FlowField d1, float s, FlowField room,
                                       FlowPool pool) {
            float h10 = s * s * s - 2 * s * s + s;
            float h11 = s * s * s - s * s;
            FlowField out = room != null ? room : new FlowField(f.width, f.height);
            pool.rows(f.height, (from, to) -> {
                for (int i = from * f.width; i < to * f.width; i++) {
                    out.u[i] = s * f.u[i] + h10 * d0.u[i] + h11 * d1.u[i];
                    out.v[i] = s * f.v[i] + h10 * d0.v[i] + h11 * d1.v[i];
                }
            });
            return out;
        }
    }

    /** The median of a velocity field, in frame pixels per frame ({@code factor}: frame pixels per flow pixel). */
    static String median(FlowField v, int factor) {
        float[] m = v.median(0, 0, v.width, v.height);
        return String.format(java.util.Locale.ROOT, "%.2f,%.2f", m[0] * factor, m[1] * factor);
    }
}
