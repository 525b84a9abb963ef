package genshot.generators.internal;

import genshot.api.Cancellation;
import genshot.api.Frame;
import genshot.api.FrameSink;
import genshot.api.GeneratorInfo;
import genshot.api.GenshotException;
import genshot.api.MediaDecoder;
import genshot.api.Progress;
import genshot.api.ShotContext;
import genshot.api.ShotGenerator;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Fills a gap from the footage around it. Both neighbours there: dense optical flow (DIS) between the last frame
 * before and the first frame after, both ways; in-between frames by warping both along the flow and blending by
 * time, with a forward-backward occlusion check so each point comes from the side where it is visible. Gaps over
 * {@link #SIDE_MOTION_GAP} frames also measure each side's own motion a few frames into its clip: carried across
 * the gap it centres the flow search, bends each point's path (speeding up, slowing down), and decides: where the
 * motion across the gap agrees with both sides' ({@link GapMotion}) the gap is interpolated as real motion, else
 * (a cut, a turn back) it becomes a morph with eased timing and limited motion; the details say which and why,
 * and name both neighbours' media (path, SHA-256, frames read). One neighbour only: its own
 * motion (flow between its two frames nearest the cut) carried on, slowing to a hold. Colour and exposure move
 * from one side's to the other's.
 */
@Component(service = ShotGenerator.class, property = "genshot.generator=bridge")
public final class BridgeGenerator implements ShotGenerator {

    /** Flow is estimated at most this wide (a whole-number fraction of the shot) and scaled up. */
    static final int MAX_FLOW_WIDTH = 480;
    /**
     * Where a side's motion cannot be measured (its clip shows one frame), gaps up to this many frames are still
     * interpolated as real motion in {@code motion=auto}, longer ones morphed.
     */
    static final int SHORT_GAP = 12;
    /** In a morph, flow vectors are softly limited to this share of the picture width. */
    static final float MORPH_LIMIT = 0.03f;
    /** Carried-on motion is softly limited to this share of the picture width per frame. */
    static final float EXTRAPOLATION_LIMIT = 0.05f;
    /** Above this share of pixels without partner on the other side, {@code auto} treats the gap as a cut. */
    static final double CUT_SHARE = 0.5;
    /**
     * In a morph, from this share of pixels without partner on the other side nothing moves (the flow found there
     * is noise: warped along it, the pictures tear into streaks); from {@link #CUT_SHARE} up to it, the limit on
     * the motion falls evenly to nothing.
     */
    static final double DISSOLVE_SHARE = 0.7;
    static final String DEFAULT_SLOWDOWN = "0.25";
    /** Gaps longer than this measure each side's own motion (a second frame of each clip). */
    static final int SIDE_MOTION_GAP = 6;
    /** How far (timeline frames) from the cut the second frame of each side is read for its motion. */
    static final int SIDE_REACH = 4;
    /**
     * In {@code motion=auto}, a gap whose sides' motion was measured is interpolated when at least this share of
     * the points moves across it as both sides predict ({@link GapMotion#agreement}), else morphed.
     */
    static final double AGREEMENT = 0.7;

    /**
     * Every this many frames the inversion searches all its further starts at the points that are not clean;
     * the frames between try the start that won there at the last search ({@link WarpRenderer#invertRow}).
     */
    static final int SEARCH_EVERY = 4;

    enum Mode { INTERPOLATE, MORPH, HOLD, EXTRAPOLATE }

    private final MediaDecoder decoder;
    private final FlowPool pool;
    private final FlowEstimator flow = FlowEstimator.standard();

    @Activate
    public BridgeGenerator(@Reference MediaDecoder decoder) {
        this(decoder, FlowPool.defaultThreads());
    }

    BridgeGenerator(MediaDecoder decoder, int threads) {
        this.decoder = decoder;
        this.pool = new FlowPool(threads);
    }

    @Deactivate
    public void close() {
        pool.close();
    }

    @Override
    public GeneratorInfo info() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("motion", "auto");
        params.put("fit", "crop");
        params.put("slowdown", DEFAULT_SLOWDOWN);
        return new GeneratorInfo("bridge", "Bridge (fill from the neighbours)",
                "Fills the gap from the clips around it on the same track. With a clip on both sides it estimates "
                        + "the motion between the last frame before and the first frame after (dense optical "
                        + "flow) and makes the frames in between by moving both along it, taking each point from "
                        + "the side where it is visible. On longer gaps it also measures each side's own motion "
                        + "and carries it across: steady pans, tilts, zooms and even changes of speed look like "
                        + "footage; where the two sides do not move alike (a cut, a turn back) the gap becomes a "
                        + "smooth morph, and the take's details say which and why. With a clip on one side "
                        + "only, that clip's motion carries on and slows to a hold. Colour and exposure follow "
                        + "the neighbours. Parameters: motion = auto | interpolate | morph | hold; fit = crop | "
                        + "letterbox | stretch (for media of another shape); slowdown = seconds for carried-on "
                        + "motion to halve.",
                null, Map.of(), params, List.of("cpu"));
    }

    @Override
    public ShotResult generate(ShotRequest request, ShotSpec spec, FrameSink sink, Progress progress,
                               Cancellation cancel) {
        return generate(request, spec, ShotContext.NONE, sink, progress, cancel);
    }

    @Override
    public ShotResult generate(ShotRequest request, ShotSpec spec, ShotContext context, FrameSink sink,
                               Progress progress, Cancellation cancel) {
        ShotContext.Neighbour before = context == null ? null : context.before();
        ShotContext.Neighbour after = context == null ? null : context.after();
        if (before == null && after == null) {
            throw GenshotException.of("bridge.no-neighbours",
                    "bridge needs a clip before or after the gap on the same track", null, spec.label(),
                    "Place the shot next to a clip, or choose another generator for this gap");
        }
        Map<String, String> params = request.parameters();
        String motion = params.getOrDefault("motion", "auto").trim().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "interpolate", "morph", "hold").contains(motion)) {
            throw GenshotException.of("bridge.parameter", "The motion '" + motion + "' is not known", null,
                    "parameter motion", "Use motion=auto, interpolate, morph or hold");
        }
        BridgeConform.Fit fit = BridgeConform.Fit.parse(params.getOrDefault("fit", "crop"));
        double slowdown = slowdown(params.getOrDefault("slowdown", DEFAULT_SLOWDOWN));

        int w = spec.width();
        int h = spec.height();
        long total = spec.frames();
        progress.report("generating", 0, total);
        cancel.check();
        boolean both = before != null && after != null;
        boolean hold = motion.equals("hold");
        // both sides and a gap longer than a few frames: each side's own motion, from a frame a little away
        // (not for a morph asked for: it does not follow the motion)
        boolean sideMotion = both && !hold && !motion.equals("morph") && total > SIDE_MOTION_GAP;
        int reach = sideMotion ? SIDE_REACH : !both && !hold ? 1 : 0;
        // the two sides are read side by side (a decoder that must take turns makes them wait for each other)
        CompletableFuture<BridgeSource.Side> later = after == null || before == null ? null
                : CompletableFuture.supplyAsync(() -> BridgeSource.read(decoder, after, false,
                        spec.rate(), w, h, fit, reach, pool), READER);
        BridgeSource.Side a;
        try {
            a = before == null ? null : BridgeSource.read(decoder, before, true, spec.rate(), w, h, fit, reach, pool);
        } catch (RuntimeException | Error e) {
            if (later != null) {
                // nothing goes on reading after the generator has given up; the first side's problem is the one told
                later.exceptionally(x -> null).join();
            }
            throw e;
        }
        BridgeSource.Side b = later != null ? join(later) : after == null ? null
                : BridgeSource.read(decoder, after, false, spec.rate(), w, h, fit, reach, pool);
        cancel.check();

        int f = BridgeConform.workFactor(w, MAX_FLOW_WIDTH);
        int fw = Math.max(1, w / f);
        int fh = Math.max(1, h / f);
        WarpRenderer renderer = new WarpRenderer(w, h, f, fw, fh, pool);
        byte[] out = new byte[w * h * 3];
        Map<String, String> details = new LinkedHashMap<>();
        details.put("flowSize", fw + "x" + fh);
        details.put("fit", fit.name().toLowerCase(Locale.ROOT));
        details.put("threads", Integer.toString(pool.threads()));
        if (a != null) {
            neighbour(details, "before", before, a);
        }
        if (b != null) {
            neighbour(details, "after", after, b);
        }

        if (both) {
            Mode mode = switch (motion) {
                case "hold" -> Mode.HOLD;
                case "interpolate" -> Mode.INTERPOLATE;
                case "morph" -> Mode.MORPH;
                default -> null;
            };
            String why = mode == null ? null : "asked for (motion=" + motion + ")";
            double[] sa = BridgeColour.stats(a.cut(), w, h, pool);
            double[] sb = BridgeColour.stats(b.cut(), w, h, pool);
            WarpRenderer.Side sideA = null;
            WarpRenderer.Side sideB = null;
            // a morph between pictures without anything in common dissolves without motion
            boolean still = false;
            GapMotion.Trajectories paths = null;
            if (mode != Mode.HOLD) {
                float limit = Math.max(2f, MORPH_LIMIT * fw);
                Pyramid pa = pyramid(a.cut(), w, h, f, fw, fh);
                Pyramid pb = pyramid(b.cut(), w, h, f, fw, fh);
                MotionPair m;
                if (sideMotion && a.far() != null && b.far() != null) {
                    FlowField va = GapMotion.velocity(pa, pyramid(a.far(), w, h, f, fw, fh), a.farSteps(), true,
                            flow, pool);
                    cancel.check();
                    FlowField vb = GapMotion.velocity(pb, pyramid(b.far(), w, h, f, fw, fh), b.farSteps(), false,
                            flow, pool);
                    cancel.check();
                    float span = total + 1f;
                    m = MotionPair.estimate(pa, pb, GapMotion.prior(va, vb, span, pool),
                            GapMotion.prior(vb, va, -span, pool), flow, 0, pool, cancel);
                    double agreeA = GapMotion.agreement(m.ab, m.sideA.occlusion(), va, vb, span, pool);
                    double agreeB = GapMotion.agreement(m.ba, m.sideB.occlusion(), vb, va, -span, pool);
                    double agree = Math.min(agreeA, agreeB);
                    details.put("before.velocity", GapMotion.median(va, f));
                    details.put("after.velocity", GapMotion.median(vb, f));
                    details.put("agreement", String.format(Locale.ROOT, "%.3f", agree));
                    if (mode == null) {
                        String share = String.format(Locale.ROOT, "%.0f%%", 100 * agree);
                        if (agree >= AGREEMENT) {
                            mode = Mode.INTERPOLATE;
                            why = "the motion across the gap agrees with both sides' motion at " + share
                                    + " of the points (interpolate from " + Math.round(100 * AGREEMENT) + "%)";
                        } else {
                            mode = Mode.MORPH;
                            why = "the motion across the gap agrees with both sides' motion at " + share
                                    + " of the points only (interpolate from " + Math.round(100 * AGREEMENT)
                                    + "%): a cut or a change of motion";
                        }
                    }
                    if (mode == Mode.MORPH) {
                        // the prediction is not to be trusted: the plain estimate, limited
                        m = MotionPair.estimate(pa, pb, null, null, flow, 0, pool, cancel);
                    } else {
                        paths = new GapMotion.Trajectories(m.sideA.flow(), m.sideB.flow(), va, vb, span,
                                a.farSteps(), b.farSteps(), pool);
                    }
                } else {
                    m = MotionPair.estimate(pa, pb, null, null, flow, 0, pool, cancel);
                }
                details.put("levels", Integer.toString(m.levels()));
                details.put("unmatched", String.format(Locale.ROOT, "%.3f", m.unmatched));
                if (mode == null) {
                    String share = String.format(Locale.ROOT, "%.0f%%", 100 * m.unmatched);
                    if (total > SHORT_GAP) {
                        mode = Mode.MORPH;
                        why = "a long gap (" + total + " frames) and no second frame on "
                                + (a.far() == null ? "the clip before" : "the clip after") + " to measure its motion";
                    } else if (m.unmatched > CUT_SHARE) {
                        // the two sides do not show the same scene: morph instead of pretending to track it
                        mode = Mode.MORPH;
                        why = share + " of the points have no partner on the other side: a cut";
                    } else {
                        mode = Mode.INTERPOLATE;
                        why = "a short gap (" + total + " frames), " + share + " of the points without partner";
                    }
                }
                if (mode == Mode.MORPH) {
                    float morphLimit = morphLimit(limit, m.unmatched);
                    details.put("morphLimit", String.format(Locale.ROOT, "%.2f", morphLimit * f));
                    if (morphLimit > 0) {
                        m = m.limited(morphLimit, pool);
                    } else {
                        still = true;
                        why += "; with " + String.format(Locale.ROOT, "%.0f%%", 100 * m.unmatched)
                                + " of the points without partner nothing moves: a dissolve";
                    }
                }
                sideA = m.sideA;
                sideB = m.sideB;
            }
            details.put("why", why);
            details.put("mode", mode.name().toLowerCase(Locale.ROOT));
            float[] la = WarpRenderer.levels(a.cut(), pool);
            float[] lb = WarpRenderer.levels(b.cut(), pool);
            // curved paths: each frame's displacement fields and moved sides, made again in the same arrays
            FlowField da = paths == null ? null : new FlowField(fw, fh);
            FlowField db = paths == null ? null : new FlowField(fw, fh);
            WarpRenderer.Side movedA = null;
            WarpRenderer.Side movedB = null;
            for (long i = 0; i < total; i++) {
                cancel.check();
                double s = (i + 1.0) / (total + 1.0);
                float t = (float) (mode == Mode.INTERPOLATE ? s : s * s * (3 - 2 * s));
                if (mode == Mode.HOLD || still) {
                    renderer.dissolve(t);
                } else if (paths != null) {
                    // curved trajectories: displacement fields made for this time, taken whole
                    movedA = sideA.moved(paths.fromA(t, da, pool), t, movedA, pool);
                    movedB = sideB.moved(paths.fromB(t, db, pool), 1 - t, movedB, pool);
                    renderer.interpolate(movedA, 1, movedB, 1, t, i % SEARCH_EVERY == 0);
                } else {
                    renderer.interpolate(sideA, t, sideB, 1 - t, t, i % SEARCH_EVERY == 0);
                }
                renderer.render(la, lb, BridgeColour.transfer(sa, sb, t), out);
                sink.accept(new Frame(i, w, h, out));
                progress.report("generating", i + 1, total);
            }
        } else {
            BridgeSource.Side side = a != null ? a : b;
            boolean isBefore = a != null;
            FlowField motionField = null;
            if (!hold && side.far() != null) {
                Pyramid p0 = pyramid(side.cut(), w, h, f, fw, fh);
                Pyramid p1 = pyramid(side.far(), w, h, f, fw, fh);
                motionField = flow.estimate(p0, p1, pool).scaled(1f / side.farSteps())
                        .limited(Math.max(2f, EXTRAPOLATION_LIMIT * fw));
                details.put("levels", Integer.toString(Math.min(p0.levels, p1.levels)));
                details.put(isBefore ? "before.far" : "after.far", Long.toString(side.farIndex()));
                cancel.check();
            }
            Mode mode = motionField == null ? Mode.HOLD : Mode.EXTRAPOLATE;
            details.put("mode", mode.name().toLowerCase(Locale.ROOT));
            double fps = spec.rate().fps();
            double d = Math.pow(0.5, 1.0 / Math.max(1e-3, slowdown * fps));
            details.put("damping", String.format(Locale.ROOT, "%.4f", d));
            float[] identity = BridgeColour.identity();
            if (mode == Mode.HOLD) {
                renderer.dissolve(0);
            }
            float[] levels = WarpRenderer.levels(side.cut(), pool);
            for (long i = 0; i < total; i++) {
                cancel.check();
                if (mode == Mode.EXTRAPOLATE) {
                    long n = isBefore ? i + 1 : total - i;
                    // frames from the cut: each one moves d times as far as the one before
                    float tau = (float) (d * (1 - Math.pow(d, n)) / (1 - d));
                    renderer.extrapolate(motionField, tau);
                }
                renderer.render(levels, null, identity, out);
                sink.accept(new Frame(i, w, h, out));
                progress.report("generating", i + 1, total);
            }
        }
        return new ShotResult("cpu", details);
    }

    /** The neighbour's provenance: media path, its SHA-256 and the media frame at the cut (and the far one). */
    private static void neighbour(Map<String, String> details, String side, ShotContext.Neighbour n,
                                  BridgeSource.Side s) {
        details.put(side + ".media", n.media().toString());
        details.put(side + ".sha256", BridgeSource.sha256(n.media()));
        details.put(side + ".frame", Long.toString(s.cutIndex()));
        if (s.far() != null) {
            details.put(side + ".far", Long.toString(s.farIndex()));
        }
    }

    /**
     * A morph's limit on the motion (flow pixels) for the share of points without partner on the other side: the
     * whole limit up to {@link #CUT_SHARE}, falling evenly to 0 (nothing moves) at {@link #DISSOLVE_SHARE}.
     */
    static float morphLimit(float limit, double unmatched) {
        if (unmatched <= CUT_SHARE) {
            return limit;
        }
        double k = (DISSOLVE_SHARE - unmatched) / (DISSOLVE_SHARE - CUT_SHARE);
        return k <= 0 ? 0 : (float) (limit * k);
    }

    /** Reads the side after the gap while the calling thread reads the one before. */
    private static final Executor READER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "genshot-bridge-reader");
        t.setDaemon(true);
        return t;
    });

    /** The side read beside, its exceptions as they were thrown. */
    private static BridgeSource.Side join(CompletableFuture<BridgeSource.Side> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error er) {
                throw er;
            }
            throw e;
        }
    }

    private Pyramid pyramid(byte[] bgr, int w, int h, int f, int fw, int fh) {
        return MotionPair.pyramid(bgr, w, h, f, fw, fh, flow, pool);
    }

    private static double slowdown(String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (v > 0 && v <= 60) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GenshotException.of("bridge.parameter", "The slowdown '" + text + "' is not a number of seconds",
                null, "parameter slowdown", "Use a number of seconds above 0, e.g. slowdown=0.25");
    }
}
