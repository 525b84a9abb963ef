package genshot.generators.internal;

import genshot.api.GenshotException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fog's look for one shot: palette, colour, density and speed from the parameters (or words in the prompt),
 * and the seed-derived waves, packed into the model's {@code cond} input, either as an opaque plate (fog over its
 * own sky) or as a plate with alpha to lay over footage (fog colour, density as alpha).
 *
 * <p>Time-of-day words pick the palette, which sets the light of the sky and only nudges the fog: morning fog is
 * white-grey, sunset fog warm, night fog dim blue-grey. Colour words (pink, blue, golden...) or the {@code colour}
 * parameter tint the fog itself, weighed {@value #COLOUR_WEIGHT} against the palette's own fog colour.
 */
record FogLook(String palette, String colour, double density, double speed, float[] opaque, float[] plate) {

    static final String DEFAULT_PALETTE = "neutral";
    static final double DEFAULT_DENSITY = 0.5;
    static final double DEFAULT_SPEED = 1.0;
    /** How much a colour word counts against the palette's own fog colour. */
    static final double COLOUR_WEIGHT = 0.8;
    /** The most a plate over footage covers it: even the thickest fog lets a trace of the scene through. */
    static final double PLATE_MAX_ALPHA = 0.94;
    /** Share of the near (finer, faster) layer in the fog's cover; the far layer has the rest. */
    private static final double NEAR = 0.6;

    /** Sky top, sky bottom, fog colour. */
    private static final Map<String, double[][]> PALETTES = new LinkedHashMap<>();
    /** Colour words and their colours (the names the {@code colour} parameter takes). */
    private static final Map<String, double[]> COLOURS = new LinkedHashMap<>();

    static {
        PALETTES.put("neutral", new double[][] {{0.34, 0.35, 0.37}, {0.46, 0.46, 0.47}, {0.84, 0.85, 0.86}});
        PALETTES.put("morning", new double[][] {{0.55, 0.58, 0.62}, {0.68, 0.69, 0.70}, {0.93, 0.93, 0.93}});
        PALETTES.put("dawn", new double[][] {{0.44, 0.45, 0.55}, {0.76, 0.64, 0.58}, {0.93, 0.89, 0.86}});
        PALETTES.put("dusk", new double[][] {{0.26, 0.22, 0.34}, {0.74, 0.46, 0.34}, {0.93, 0.76, 0.62}});
        PALETTES.put("night", new double[][] {{0.02, 0.03, 0.07}, {0.06, 0.08, 0.13}, {0.36, 0.41, 0.52}});

        COLOURS.put("white", new double[] {1.00, 1.00, 1.00});
        COLOURS.put("grey", new double[] {0.80, 0.80, 0.82});
        COLOURS.put("gray", new double[] {0.80, 0.80, 0.82});
        COLOURS.put("pink", new double[] {1.00, 0.58, 0.76});
        COLOURS.put("rose", new double[] {1.00, 0.55, 0.66});
        COLOURS.put("magenta", new double[] {1.00, 0.35, 0.90});
        COLOURS.put("purple", new double[] {0.66, 0.45, 1.00});
        COLOURS.put("violet", new double[] {0.66, 0.45, 1.00});
        COLOURS.put("blue", new double[] {0.50, 0.66, 1.00});
        COLOURS.put("cyan", new double[] {0.45, 0.92, 1.00});
        COLOURS.put("teal", new double[] {0.40, 0.85, 0.82});
        COLOURS.put("green", new double[] {0.52, 1.00, 0.55});
        COLOURS.put("yellow", new double[] {1.00, 0.94, 0.50});
        COLOURS.put("golden", new double[] {1.00, 0.80, 0.45});
        COLOURS.put("gold", new double[] {1.00, 0.80, 0.45});
        COLOURS.put("amber", new double[] {1.00, 0.72, 0.35});
        COLOURS.put("orange", new double[] {1.00, 0.62, 0.32});
        COLOURS.put("red", new double[] {1.00, 0.34, 0.30});
        COLOURS.put("crimson", new double[] {0.95, 0.25, 0.32});
        COLOURS.put("brown", new double[] {0.80, 0.62, 0.45});
        COLOURS.put("sepia", new double[] {0.86, 0.72, 0.54});
        COLOURS.put("warm", new double[] {1.00, 0.84, 0.66});
        COLOURS.put("cold", new double[] {0.76, 0.88, 1.00});
        COLOURS.put("icy", new double[] {0.76, 0.88, 1.00});
        COLOURS.put("toxic", new double[] {0.72, 1.00, 0.35});
    }

    static String palettes() {
        return String.join(", ", PALETTES.keySet());
    }

    static String colours() {
        return String.join(", ", COLOURS.keySet());
    }

    /**
     * @throws GenshotException {@code parameter.invalid} for a value out of range
     */
    static FogLook of(long seed, String prompt, Map<String, String> params) {
        String[] words = prompt.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}-]+");
        String palette = params.get("palette");
        if (palette == null) {
            palette = hasWord(words, "night", "dark", "moon", "moonlit", "midnight", "nocturnal") ? "night"
                    : hasWord(words, "sunset", "dusk", "evening", "twilight") ? "dusk"
                    : hasWord(words, "dawn", "sunrise", "daybreak") ? "dawn"
                    : hasWord(words, "morning", "daylight", "day") ? "morning" : DEFAULT_PALETTE;
        }
        palette = palette.trim().toLowerCase(Locale.ROOT);
        if (!PALETTES.containsKey(palette)) {
            throw GenshotException.of("parameter.invalid", "The fog has no palette '" + palette + "'", null,
                    "parameter palette", "use one of " + palettes());
        }
        String colour = params.get("colour");
        double[] tint;
        if (colour != null && !colour.isBlank()) {
            colour = colour.trim().toLowerCase(Locale.ROOT);
            tint = colour(colour);
        } else {
            colour = "";
            tint = null;
            for (String w : words) {
                if (COLOURS.containsKey(w)) {
                    colour = w;         // the first colour word counts
                    tint = COLOURS.get(w);
                    break;
                }
            }
        }
        double density;
        if (params.containsKey("density")) {
            density = number(params, "density", 0, 1);
        } else {
            density = hasWord(words, "thick", "dense", "heavy", "pea-soup", "soupy") ? 0.8
                    : hasWord(words, "thin", "light", "wisps", "wispy", "haze", "hazy", "faint") ? 0.3 : DEFAULT_DENSITY;
        }
        double speed = params.containsKey("speed") ? number(params, "speed", 0, 20) : DEFAULT_SPEED;
        double[][] pal = colours(PALETTES.get(palette), tint);
        return new FogLook(palette, colour, density, speed, cond(seed, pal, density, false),
                cond(seed, pal, density, true));
    }

    /** A colour name or {@code #rrggbb}. */
    private static double[] colour(String v) {
        double[] c = COLOURS.get(v);
        if (c != null) {
            return c;
        }
        if (v.matches("#[0-9a-f]{6}")) {
            int rgb = Integer.parseInt(v.substring(1), 16);
            return new double[] {(rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0, (rgb & 255) / 255.0};
        }
        throw GenshotException.of("parameter.invalid", "The fog has no colour '" + v + "'", null,
                "parameter colour", "use #rrggbb or one of " + colours());
    }

    /**
     * The palette with a colour weighed in: the fog takes the colour at the fog's own brightness (its brightest
     * channel), {@value #COLOUR_WEIGHT} of it against the palette's fog; the sky leans a little towards it.
     */
    static double[][] colours(double[][] pal, double[] tint) {
        if (tint == null) {
            return pal;
        }
        double[] fog = pal[2];
        double bright = Math.max(fog[0], Math.max(fog[1], fog[2]));
        double peak = Math.max(1e-6, Math.max(tint[0], Math.max(tint[1], tint[2])));
        double[][] out = new double[3][3];
        for (int ch = 0; ch < 3; ch++) {
            double t = tint[ch] / peak * bright;
            out[2][ch] = fog[ch] + (t - fog[ch]) * COLOUR_WEIGHT;
            for (int row = 0; row < 2; row++) {
                double sky = pal[row][ch];
                double skyBright = Math.max(pal[row][0], Math.max(pal[row][1], pal[row][2]));
                out[row][ch] = sky + (tint[ch] / peak * skyBright - sky) * 0.35;
            }
        }
        return out;
    }

    private static boolean hasWord(String[] words, String... wanted) {
        for (String w : words) {
            for (String x : wanted) {
                if (w.equals(x)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double number(Map<String, String> params, String name, double min, double max) {
        String v = params.get(name).trim();
        try {
            double d = Double.parseDouble(v);
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GenshotException.of("parameter.invalid", "The fog's " + name + " must be a number from " + fmt(min)
                + " to " + fmt(max) + ", got '" + v + "'", null, "parameter " + name, "e.g. --param " + name + "="
                + fmt((min + max) / 2));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * Packs the model's {@code cond}; all randomness comes from the seed (SplittableRandom is specified), so the
     * opaque and the plate cond of one seed have the same waves.
     *
     * @param pal sky top, sky bottom, fog colour
     * @param plate a plate over footage: fog colour with density as alpha; otherwise fog over its own sky, opaque
     */
    static float[] cond(long seed, double[][] pal, double density, boolean plate) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] c = new float[FogModel.COND];
        double twoPi = 2 * Math.PI;
        // Prevailing drift (heights per second at speed 1): mostly sideways, a little vertical.
        double drift = r.nextDouble(-Math.PI, Math.PI);
        double dx = Math.cos(drift), dy = 0.35 * Math.sin(drift);

        // Warp: slow, large waves that bend the fog's coordinates; they travel with the drift and churn, so the
        // fog rolls rather than slides.
        for (int k = 0; k < FogModel.WARP; k++) {
            double ang = r.nextDouble(0, twoPi);
            double f = twoPi * (0.35 + 1.2 * r.nextDouble());
            double kx = f * Math.cos(ang), ky = f * Math.sin(ang);
            double omega = -(kx * dx + ky * dy) * 0.07 + r.nextDouble(-0.6, 0.6);
            set(c, FogModel.WA, FogModel.WARP, 0, k, kx);
            set(c, FogModel.WA, FogModel.WARP, 1, k, ky);
            set(c, FogModel.WA, FogModel.WARP, 2, k, omega);
            set(c, FogModel.WA, FogModel.WARP, 3, k, r.nextDouble(0, twoPi));
            double amp = 0.11 / Math.sqrt(FogModel.WARP / 2.0) / (0.6 + f / twoPi);
            double a = r.nextDouble(0, twoPi);
            set(c, FogModel.VA, 4, k, 0, amp * Math.cos(a));
            set(c, FogModel.VA, 4, k, 1, amp * Math.sin(a));
        }

        // Fog: per layer 4 octaves of 4 waves; layer 0 near (finer, faster), layer 1 far (broader, slower).
        int perLayer = FogModel.WAVES / FogModel.LAYERS;
        for (int layer = 0; layer < FogModel.LAYERS; layer++) {
            double base = layer == 0 ? 1.1 : 0.6;            // cycles per frame height, lowest octave
            double v = layer == 0 ? 0.14 : 0.075;            // drift, heights per second
            double contrast = layer == 0 ? 1.5 : 1.25;       // sigmoid slope on unit-variance noise
            double sumSq = 0;
            double[] amps = new double[perLayer];
            for (int j = 0; j < perLayer; j++) {
                int k = layer * perLayer + j;
                int octave = j / 4;
                double f = twoPi * base * Math.pow(1.93, octave) * (0.8 + 0.4 * r.nextDouble());
                double ang = r.nextDouble(0, twoPi);
                double kx = f * Math.cos(ang), ky = f * Math.sin(ang);
                double evolve = r.nextDouble(-0.5, 0.5) * (1 + 0.5 * octave);
                set(c, FogModel.WB, FogModel.WAVES, 0, k, kx);
                set(c, FogModel.WB, FogModel.WAVES, 1, k, ky);
                set(c, FogModel.WB, FogModel.WAVES, 2, k, -(kx * dx + ky * dy) * v + evolve);
                set(c, FogModel.WB, FogModel.WAVES, 3, k, r.nextDouble(0, twoPi));
                amps[j] = Math.pow(0.45, octave) * (0.75 + 0.5 * r.nextDouble());
                sumSq += amps[j] * amps[j] / 2;
            }
            double norm = contrast / Math.sqrt(sumSq);       // unit variance per layer, times contrast
            for (int j = 0; j < perLayer; j++) {
                set(c, FogModel.VB, FogModel.LAYERS, layer * perLayer + j, layer, amps[j] * norm);
            }
            // density 0 -> sparse wisps, 1 -> almost solid; a little denser towards the ground (y = 1)
            double ground = layer == 0 ? 1.0 : 0.6;
            set(c, FogModel.YB, FogModel.LAYERS, 1, layer, ground);
            set(c, FogModel.YB, FogModel.LAYERS, 3, layer, (density - 0.5) * 4.2 - ground / 2 + (layer == 0 ? -0.2 : 0.3));
        }

        // Colour (GRAD: base + y * gradient, TINT: per layer; x and t rows stay 0) and alpha (fourth column).
        double[] top = pal[0], bottom = pal[1], fog = pal[2];
        for (int ch = 0; ch < 3; ch++) {
            if (plate) {
                // straight colour: the fog's own, the near layer a touch brighter than the far
                set(c, FogModel.GRAD, 4, 3, ch, fog[ch] * 0.92);
                set(c, FogModel.TINT, 4, 0, ch, fog[ch] * 0.08);
            } else {
                // over its sky: full cover (both layers at 1) reaches the fog colour at mid-height
                double mid = (top[ch] + bottom[ch]) / 2;
                set(c, FogModel.GRAD, 4, 1, ch, bottom[ch] - top[ch]);
                set(c, FogModel.GRAD, 4, 3, ch, top[ch]);
                set(c, FogModel.TINT, 4, 0, ch, (fog[ch] - mid) * NEAR);
                set(c, FogModel.TINT, 4, 1, ch, (fog[ch] - mid) * (1 - NEAR));
            }
        }
        if (plate) {
            set(c, FogModel.TINT, 4, 0, 3, NEAR * PLATE_MAX_ALPHA);
            set(c, FogModel.TINT, 4, 1, 3, (1 - NEAR) * PLATE_MAX_ALPHA);
        } else {
            set(c, FogModel.GRAD, 4, 3, 3, 1);
        }
        return c;
    }

    private static void set(float[] c, int offset, int cols, int row, int col, double v) {
        c[offset + row * cols + col] = (float) v;
    }
}
