package genshot.generators.internal;

import genshot.generators.internal.ElementsModel.Cond;
import java.util.SplittableRandom;

/**
 * Packs a look's {@code cond} from the seed, palette and density. All randomness comes from the seed through
 * {@link SplittableRandom} (whose sequence is specified), so the same inputs give the same floats everywhere.
 */
final class LookCond {

    private static final double TWO_PI = 2 * Math.PI;

    private LookCond() {
    }

    /**
     * @param density 0..1
     * @param internalWidth the graph's pixel grid (film grain keys on it)
     * @param aspect output width / height
     * @param framesPerUnitT frames per unit of t (grain changes once a frame); 0 for a frozen shot
     */
    static float[] of(ElementsLook look, long seed, LookPalette pal, double density, int internalWidth,
                      int internalHeight, double aspect, double framesPerUnitT) {
        return of(look, seed, pal, density, internalWidth, internalHeight, aspect, framesPerUnitT, false);
    }

    /**
     * @param overFootage for a look that {@link ElementsLook#alphaOverFootage()}: the plate with alpha laid over
     *        footage, with the same waves as the opaque one
     */
    static float[] of(ElementsLook look, long seed, LookPalette pal, double density, int internalWidth,
                      int internalHeight, double aspect, double framesPerUnitT, boolean overFootage) {
        Cond c = new Cond(look.layout());
        SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (look.ordinal() + 1)));
        double d = Math.max(0, Math.min(1, density));
        switch (look) {
            case FOG -> fog(c, r, pal, d, overFootage);
            case SMOKE -> smoke(c, r, pal, d);
            case FIRE -> fire(c, r, pal, d);
            case SKY -> sky(c, r, pal, d);
            case LEAKS -> leaks(c, r, pal, d, aspect);
            case GRAIN -> grain(c, r, pal, d, internalWidth, internalHeight, aspect, framesPerUnitT);
            case CHROMA -> chroma(c, r, pal, d);
            case SNOW -> snow(c, r, pal, d);
            case RAIN -> rain(c, r, pal, d);
            case DUST -> dust(c, r, pal, d);
            case STARFIELD -> starfield(c, r, pal, d);
            case BOKEH -> bokeh(c, r, pal, d);
            default -> throw new IllegalStateException(look.name());
        }
        return c.values;
    }

    // ---------------------------------------------------------------- wave noise

    /** One layer of wave noise. */
    record Layer(double baseCycles, double driftX, double driftY, double evolve, double contrast, double stretchX,
                 double stretchY, double yBias, double bias) {
    }

    /**
     * Fills WA/VA (warp of strength {@code warp}) and WB/VB/YB: per layer its share of WB's waves in octaves of four,
     * unit variance times the layer's contrast; YB adds {@code yBias * y + bias}.
     */
    static void waves(Cond c, SplittableRandom r, double warp, Layer... layers) {
        int nl = layers.length;
        double wdx = layers[0].driftX, wdy = layers[0].driftY;
        int nw = c.layout.has("WA") ? c.layout.block("WA").cols() : 0;
        for (int k = 0; k < nw; k++) {
            double ang = r.nextDouble(0, TWO_PI);
            double f = TWO_PI * (0.35 + 1.2 * r.nextDouble());
            double kx = f * Math.cos(ang), ky = f * Math.sin(ang);
            c.set("WA", 0, k, kx);
            c.set("WA", 1, k, ky);
            c.set("WA", 2, k, -(kx * wdx + ky * wdy) * 0.5 + r.nextDouble(-0.25, 0.25));
            c.set("WA", 3, k, r.nextDouble(0, TWO_PI));
            double amp = warp / Math.sqrt(nw / 2.0) / (0.6 + f / TWO_PI);
            double a = r.nextDouble(0, TWO_PI);
            c.set("VA", k, 0, amp * Math.cos(a));
            c.set("VA", k, 1, amp * Math.sin(a));
        }
        int per = c.layout.block("WB").cols() / nl;
        for (int l = 0; l < nl; l++) {
            Layer ly = layers[l];
            double sumSq = 0;
            double[] amps = new double[per];
            for (int j = 0; j < per; j++) {
                int k = l * per + j;
                int octave = j / 4;
                double f = TWO_PI * ly.baseCycles * Math.pow(1.93, octave) * (0.8 + 0.4 * r.nextDouble());
                double ang = r.nextDouble(0, TWO_PI);
                double kx = f * Math.cos(ang) * ly.stretchX, ky = f * Math.sin(ang) * ly.stretchY;
                double evolve = r.nextDouble(-1, 1) * ly.evolve * (1 + 0.5 * octave);
                c.set("WB", 0, k, kx);
                c.set("WB", 1, k, ky);
                c.set("WB", 2, k, -(kx * ly.driftX + ky * ly.driftY) + evolve);
                c.set("WB", 3, k, r.nextDouble(0, TWO_PI));
                amps[j] = Math.pow(0.5, octave) * (0.75 + 0.5 * r.nextDouble());
                sumSq += amps[j] * amps[j] / 2;
            }
            double norm = ly.contrast / Math.sqrt(sumSq);
            for (int j = 0; j < per; j++) {
                c.set("VB", l * per + j, l, amps[j] * norm);
            }
            c.set("YB", 1, l, ly.yBias);
            c.set("YB", 3, l, ly.bias);
        }
    }

    private static double[] mix(double[] a, double[] b, double t) {
        return new double[] {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
    }

    private static double[] scale(double[] a, double s) {
        return new double[] {a[0] * s, a[1] * s, a[2] * s};
    }

    /** GRAD [4,3]: colour = top + y * (bottom - top). */
    private static void gradient(Cond c, double[] top, double[] bottom) {
        for (int ch = 0; ch < 3; ch++) {
            c.set("GRAD", 3, ch, top[ch]);
            c.set("GRAD", 1, ch, bottom[ch] - top[ch]);
        }
    }

    private static double angle(SplittableRandom r) {
        return r.nextDouble(-Math.PI, Math.PI);
    }

    /**
     * Fog drifts and rolls (the same speeds as the fog generator); its colour is white-grey with the palette's light
     * weighed in at a third, so morning or dawn fog stays pale and night fog dim; the palette colours the sky.
     */
    private static void fog(Cond c, SplittableRandom r, LookPalette p, double d, boolean overFootage) {
        double a = angle(r);
        double dx = 0.14 * Math.cos(a), dy = 0.04 * Math.sin(a);
        waves(c, r, 0.11,
                new Layer(1.1, dx, dy, 0.5, 1.5, 1, 1, 1.0, (d - 0.5) * 4.2 - 0.7),
                new Layer(0.6, dx * 0.55, dy * 0.55, 0.5, 1.25, 1, 1, 0.6, (d - 0.5) * 4.2));
        double bright = Math.min(1, 0.25 + p.brightness());
        double[] fog = scale(mix(new double[] {0.93, 0.93, 0.94}, p.light, 0.33), bright);
        if (overFootage) {
            gradient(c, scale(fog, 0.92), scale(fog, 0.92));
            c.row("TINT", 0, scale(fog, 0.08));
            c.set("AW", 0, 0, 0.6 * FogLook.PLATE_MAX_ALPHA);
            c.set("AW", 1, 0, 0.4 * FogLook.PLATE_MAX_ALPHA);
            return;
        }
        double[] top = scale(p.top, 0.55), bottom = mix(scale(p.top, 0.55), p.horizon, 0.55);
        gradient(c, top, bottom);
        double[] mid = mix(top, bottom, 0.5);
        c.row("TINT", 0, scale(new double[] {fog[0] - mid[0], fog[1] - mid[1], fog[2] - mid[2]}, 0.6));
        c.row("TINT", 1, scale(new double[] {fog[0] - mid[0], fog[1] - mid[1], fog[2] - mid[2]}, 0.4));
        c.set("AB", 0, 0, 1);
    }

    private static void smoke(Cond c, SplittableRandom r, LookPalette p, double d) {
        double side = r.nextDouble(-0.04, 0.04);
        waves(c, r, 0.16,
                new Layer(1.4, side, -0.09, 0.45, 1.6, 1, 0.7, 2.2, (d - 0.5) * 4 - 1.9),
                new Layer(0.8, side * 0.6, -0.06, 0.35, 1.4, 1, 0.7, 1.6, (d - 0.5) * 4 - 1.2));
        double b = 0.35 + 0.65 * Math.min(1, p.brightness() * 1.6);
        gradient(c, scale(p.light, 0.62 * b), scale(p.light, 0.50 * b));
        c.row("TINT", 0, scale(p.light, 0.22 * b));
        c.row("TINT", 1, scale(p.horizon, 0.10));
        c.set("AW", 0, 0, 0.75);
        c.set("AW", 1, 0, 0.45);
    }

    private static void fire(Cond c, SplittableRandom r, LookPalette p, double d) {
        double side = r.nextDouble(-0.05, 0.05);
        double h = (d - 0.5) * 2.5;       // density raises the flames
        waves(c, r, 0.12,
                new Layer(1.6, side, -0.55, 1.4, 1.9, 1, 0.45, 7.0, -5.2 + h),
                new Layer(2.6, side * 1.3, -0.8, 1.8, 1.6, 1, 0.5, 5.0, -3.4 + h));
        c.set("FW", 0, 0, 0.62);
        c.set("FW", 1, 0, 0.52);
        boolean coldFlame = p == LookPalette.COLD || p == LookPalette.MOONLIGHT || p == LookPalette.NEON;
        if (coldFlame) {
            c.row("RAMP", 0, 2.2, 2.8, 3.4);
            c.row("RB", 0, -1.4, -0.7, 0.0);
        } else {
            c.row("RAMP", 0, 3.4, 2.8, 2.6);
            c.row("RB", 0, 0.0, -0.75, -1.9);
        }
        // the cool, dark red fringe is nearly clear: over footage it reads as heat, not as red smears in the air
        c.set("AK", 0, 0, 3.0);
        c.set("AB", 0, 0, -0.30);
    }

    private static void sky(Cond c, SplittableRandom r, LookPalette p, double d) {
        double dir = r.nextBoolean() ? 1 : -1;
        double v = 0.02 * dir;
        waves(c, r, 0.12,
                new Layer(0.75, v, 0.0, 0.25, 2.0, 1, 1.6, -0.9, (d - 0.5) * 4.5 + 0.2),
                new Layer(1.6, v * 1.2, 0.0, 0.35, 1.6, 1, 1.4, 0.0, 0.0));
        gradient(c, p.top, p.horizon);
        double[] cloud = mix(p.light, p.horizon, 0.3);
        double b = 0.25 + 0.75 * Math.min(1, p.brightness() * 1.5);
        cloud = scale(cloud, b);
        c.row("CB", 0, cloud);
        c.row("CS", 1, scale(cloud, -0.42));
    }

    private static void leaks(Cond c, SplittableRandom r, LookPalette p, double d, double aspect) {
        double side = r.nextBoolean() ? 1 : -1;
        double[] bias = {(d - 0.5) * 3 - 0.6, (d - 0.5) * 3 - 1.0, (d - 0.5) * 3 - 1.4};
        waves(c, r, 0.2,
                new Layer(0.28, 0.0, 0.0, 0.35, 2.6, 1, 1, 0.0, bias[0]),
                new Layer(0.42, 0.0, 0.0, 0.45, 2.4, 1, 1, 0.0, bias[1]),
                new Layer(0.6, 0.0, 0.0, 0.55, 2.2, 1, 1, 0.0, bias[2]));
        // brightest at one edge of the frame, fading across it
        for (int l = 0; l < 3; l++) {
            double k = side * (1.6 + 0.6 * l);
            c.set("YB", 0, l, k);
            c.set("YB", 3, l, bias[l] - (side > 0 ? k * aspect : 0));
        }
        c.row("PC", 0, scale(p.accent1, 0.85));
        c.row("PC", 1, scale(p.accent2, 0.6));
        c.row("PC", 2, scale(p.light, 0.5));
        c.set("AW", 0, 0, 0.85);
        c.set("AW", 1, 0, 0.6);
        c.set("AW", 2, 0, 0.5);
    }

    private static void grain(Cond c, SplittableRandom r, LookPalette p, double d, int iw, int ih, double aspect,
                              double framesPerUnitT) {
        // pixel column, row and frame number as cell coordinates
        c.set("PM", 0, 0, iw / aspect);
        c.set("PM", 1, 1, ih);
        c.set("PM", 2, 2, framesPerUnitT);
        c.set("PM", 3, 2, 0.5);
        int a = 1031 + r.nextInt(0, 64), b = 7919 + r.nextInt(0, 256);
        c.row("HM", 0, 1, 3);
        c.row("HM", 1, a, a + 17);
        c.row("HM", 2, b, b * 3 + 11);
        double[] tint = mix(new double[] {0.5, 0.5, 0.5}, p.light, 0.15);
        c.row("GB", 0, tint);
        c.row("GC", 0, 0.5, 0.5, 0.5);
        c.set("GA", 0, 0, 0.25 + 0.6 * d);
    }

    private static void chroma(Cond c, SplittableRandom r, LookPalette p, double d) {
        LookPalette key = p.isKey() ? p : LookPalette.GREEN;
        waves(c, r, 0.05, new Layer(0.35, 0.0, 0.0, 0.05, 1.2, 1, 1, 0.0, 0.0));
        gradient(c, scale(key.top, 0.92), key.horizon);
        c.row("TINT", 0, scale(key.top, 0.16));
        // marker grid: 4 markers per frame height, drifting like a slow hand-held camera
        double cells = 3.0 + 2.0 * d;
        double rot = r.nextDouble(-0.03, 0.03);
        c.set("PM", 0, 0, cells * Math.cos(rot));
        c.set("PM", 1, 0, cells * Math.sin(rot));
        c.set("PM", 0, 1, -cells * Math.sin(rot));
        c.set("PM", 1, 1, cells * Math.cos(rot));
        c.set("PM", 2, 0, r.nextDouble(-0.05, 0.05) * cells);
        c.set("PM", 2, 1, r.nextDouble(-0.03, 0.03) * cells);
        c.set("PM", 3, 0, r.nextDouble(0, 1));
        c.set("PM", 3, 1, r.nextDouble(0, 1));
        for (int k = 0; k < ElementsModel.SWAY; k++) {
            c.set("SW", 2, k, r.nextDouble(0.3, 1.4));
            c.set("SW", 3, k, r.nextDouble(0, TWO_PI));
            double amp = 0.012 * cells / (1 + k);
            c.set("SV", k, k % 2, amp);
        }
        c.row("MV", 0, 0.022, 0.13, 0.022, 0.13);
        c.set("MS", 0, 0, 70);
        c.row("MC", 0, key.light);
    }

    // ---------------------------------------------------------------- particles

    /** One particle layer. */
    record Cells(double cellsX, double cellsY, double angle, double vx, double vy, double sigmaX, double sigmaY,
                 double swayAmp, double swayFreq, double presence, double twinkle, double twinkleRate,
                 double sizeSpread) {
    }

    /** Fills the cells blocks (PM ... TA) for the given layers. */
    static void cells(Cond c, SplittableRandom r, Cells... layers) {
        boolean sway = c.layout.has("SW");
        for (int l = 0; l < layers.length; l++) {
            Cells ly = layers[l];
            int ux = 2 * l, uy = 2 * l + 1;
            double ca = Math.cos(ly.angle), sa = Math.sin(ly.angle);
            // rotated, scaled coordinates; the layer moves by (vx, vy) heights a second (in the rotated frame)
            c.set("PM", 0, ux, ly.cellsX * ca);
            c.set("PM", 1, ux, ly.cellsX * sa);
            c.set("PM", 0, uy, -ly.cellsY * sa);
            c.set("PM", 1, uy, ly.cellsY * ca);
            c.set("PM", 2, ux, -ly.vx * ly.cellsX);
            c.set("PM", 2, uy, -ly.vy * ly.cellsY);
            c.set("PM", 3, ux, r.nextDouble(0, 1000));
            c.set("PM", 3, uy, r.nextDouble(0, 1000));
            // sway: each layer uses all sway waves with its own amplitudes, horizontally
            for (int k = 0; k < ElementsModel.SWAY && sway; k++) {
                c.set("SV", k, ux, ly.swayAmp * r.nextDouble(-1, 1) / Math.sqrt(ElementsModel.SWAY / 2.0));
                c.set("SV", k, uy, ly.swayAmp * 0.3 * r.nextDouble(-1, 1) / Math.sqrt(ElementsModel.SWAY / 2.0));
            }
            // four integer-keyed hashes per cell: x offset, y offset, presence, phase/size
            for (int j = 0; j < 4; j++) {
                int col = 4 * l + j;
                c.set("HM", ux, col, 1 + r.nextInt(0, 97) * 2);
                c.set("HM", uy, col, 211 + r.nextInt(0, 700));
            }
            double mx = Math.min(0.45, 2.2 * ly.sigmaX), my = Math.min(0.45, 2.2 * ly.sigmaY);
            c.set("OM", 4 * l, ux, 1 - 2 * mx);
            c.set("OM", 4 * l + 1, uy, 1 - 2 * my);
            c.set("OB", 0, ux, mx);
            c.set("OB", 0, uy, my);
            c.set("DM", ux, l, 1 / (ly.sigmaX * ly.sigmaX));
            c.set("DM", uy, l, 1 / (ly.sigmaY * ly.sigmaY));
            c.set("SZ", 4 * l + 3, l, ly.sizeSpread);
            c.set("SZB", 0, l, 1 - ly.sizeSpread / 2);
            c.set("PS", 4 * l + 2, l, 1);
            c.set("PB", 0, l, -(1 - ly.presence));
            c.set("TP", 4 * l + 3, l, TWO_PI * 7);
            c.set("TW", 2, l, ly.twinkleRate);
            c.set("TA", 0, l, ly.twinkle);
        }
        for (int k = 0; k < ElementsModel.SWAY && sway; k++) {
            double f = TWO_PI * r.nextDouble(0.4, 1.2);
            double a = r.nextDouble(0, TWO_PI);
            c.set("SW", 0, k, f * Math.cos(a) * 0.5);
            c.set("SW", 1, k, f * Math.sin(a) * 0.5);
            c.set("SW", 2, k, r.nextDouble(0.4, 1.2) * layers[0].swayFreq);
            c.set("SW", 3, k, r.nextDouble(0, TWO_PI));
        }
    }

    private static void snow(Cond c, SplittableRandom r, LookPalette p, double d) {
        double wind = r.nextDouble(-0.25, 0.25);
        double pr = 0.15 + 0.7 * d;
        cells(c, r,
                new Cells(5, 5, wind, 0, 0.20, 0.085, 0.085, 0.35, 1.0, pr * 0.7, 0, 0, 0.9),
                new Cells(10, 10, wind, 0, 0.13, 0.075, 0.075, 0.3, 1.0, pr * 0.85, 0, 0, 0.9),
                new Cells(19, 19, wind, 0, 0.08, 0.07, 0.07, 0.25, 1.0, pr, 0, 0, 0.9));
        double[] col = mix(p.light, new double[] {1, 1, 1}, 0.5);
        for (int l = 0; l < 3; l++) {
            c.row("COL", l, scale(col, new double[] {0.95, 0.8, 0.6}[l]));
        }
        c.set("AW", 0, 0, 0.95);
        c.set("AW", 1, 0, 0.8);
        c.set("AW", 2, 0, 0.6);
    }

    private static void rain(Cond c, SplittableRandom r, LookPalette p, double d) {
        double slant = r.nextDouble(-0.22, 0.22);
        double pr = 0.2 + 0.7 * d;
        cells(c, r,
                new Cells(26, 1.3, slant, 0, 2.4, 0.06, 0.1, 0, 1, pr * 0.6, 0, 0, 0.5),
                new Cells(42, 1.8, slant, 0, 1.9, 0.06, 0.09, 0, 1, pr * 0.75, 0, 0, 0.5),
                new Cells(68, 2.6, slant, 0, 1.4, 0.06, 0.08, 0, 1, pr * 0.9, 0, 0, 0.5));
        // streaks a little lighter than the light and nearly opaque on their core, so that rain reads over a bright
        // scene too (at 0.8/0.6/0.45 it all but vanished over a daylight landscape)
        double[] col = mix(mix(p.light, p.horizon, 0.2), new double[] {1, 1, 1}, 0.3);
        for (int l = 0; l < 3; l++) {
            c.row("COL", l, scale(col, new double[] {0.95, 0.82, 0.68}[l]));
        }
        c.set("AW", 0, 0, 1.0);
        c.set("AW", 1, 0, 0.85);
        c.set("AW", 2, 0, 0.7);
    }

    private static void dust(Cond c, SplittableRandom r, LookPalette p, double d) {
        double a = angle(r);
        double vx = 0.025 * Math.cos(a), vy = 0.02 * Math.sin(a);
        // motes big and many enough to read at a glance (at 0.05 and presence 0.37 they all but vanished in the
        // gallery, over black and over a landscape)
        double pr = 0.25 + 0.6 * d;
        cells(c, r,
                new Cells(6, 6, 0, vx, vy, 0.08, 0.08, 0.45, 0.5, pr * 0.8, 0.7, 2.2, 0.8),
                new Cells(12, 12, 0, vx * 0.6, vy * 0.6, 0.07, 0.07, 0.4, 0.5, pr, 0.7, 3.0, 0.8));
        c.row("COL", 0, scale(mix(p.light, p.accent1, 0.3), 1.0));
        c.row("COL", 1, scale(mix(p.light, p.accent1, 0.3), 0.75));
        c.set("AW", 0, 0, 1.0);
        c.set("AW", 1, 0, 0.75);
    }

    private static void starfield(Cond c, SplittableRandom r, LookPalette p, double d) {
        LookPalette sky = p.brightness() > 0.3 ? LookPalette.NIGHT : p;   // stars need a dark sky
        waves(c, r, 0.1, new Layer(0.5, 0.002, 0.0, 0.02, 1.8, 1, 0.6, 0.0, -1.0));
        gradient(c, scale(sky.top, 0.8), scale(sky.horizon, 0.9));
        c.row("TINT", 0, scale(sky.accent1, 0.10));
        double a = angle(r);
        double vx = 0.004 * Math.cos(a), vy = 0.002 * Math.sin(a);
        double pr = 0.2 + 0.6 * d;
        cells(c, r,
                new Cells(8, 8, 0, vx, vy, 0.035, 0.035, 0, 1, pr * 0.45, 0.25, 2.0, 0.8),
                new Cells(16, 16, 0, vx * 0.7, vy * 0.7, 0.04, 0.04, 0, 1, pr * 0.6, 0.35, 3.5, 0.8),
                new Cells(30, 30, 0, vx * 0.5, vy * 0.5, 0.05, 0.05, 0, 1, pr * 0.8, 0.45, 5.0, 0.8));
        double[] star = mix(sky.light, new double[] {1, 1, 1}, 0.6);
        c.row("COL", 0, scale(star, 1.3));
        c.row("COL", 1, scale(star, 0.9));
        c.row("COL", 2, scale(star, 0.6));
    }

    private static void bokeh(Cond c, SplittableRandom r, LookPalette p, double d) {
        double a = angle(r);
        double vx = 0.03 * Math.cos(a), vy = 0.02 * Math.sin(a);
        double pr = 0.25 + 0.55 * d;
        cells(c, r,
                new Cells(2.6, 2.6, 0, vx, vy, 0.24, 0.24, 0.25, 0.3, pr * 0.8, 0.12, 1.0, 0.5),
                new Cells(4.8, 4.8, 0, vx * 0.7, vy * 0.7, 0.2, 0.2, 0.2, 0.3, pr, 0.15, 1.4, 0.5));
        // discs: radius sigma (r2 = 1 at the rim), soft edges; anywhere in the cell that keeps the disc inside
        c.row("SH", 0, 12, 9);
        double[] margin = {0.29, 0.25};
        for (int l = 0; l < 2; l++) {
            c.set("OM", 4 * l, 2 * l, 1 - 2 * margin[l]);
            c.set("OM", 4 * l + 1, 2 * l + 1, 1 - 2 * margin[l]);
            c.set("OB", 0, 2 * l, margin[l]);
            c.set("OB", 0, 2 * l + 1, margin[l]);
        }
        for (int l = 0; l < 2; l++) {
            c.set("HS", 4 * l + 3, l, 1);
            c.row("CA", l, scale(p.accent1, 1.0));
            c.row("CD", l, new double[] {p.accent2[0] - p.accent1[0], p.accent2[1] - p.accent1[1],
                    p.accent2[2] - p.accent1[2]});
        }
        c.set("AW", 0, 0, 0.7);
        c.set("AW", 1, 0, 0.5);
    }
}
