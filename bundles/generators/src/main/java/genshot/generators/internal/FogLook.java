package genshot.generators.internal;

import genshot.api.GenshotException;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fog's look for one shot: palette, density and speed from the parameters (or hints in the prompt), and the
 * seed-derived waves, packed into the model's {@code cond} input.
 */
record FogLook(String palette, double density, double speed, float[] cond) {

    static final String DEFAULT_PALETTE = "neutral";
    static final double DEFAULT_DENSITY = 0.5;
    static final double DEFAULT_SPEED = 1.0;

    /** Base colour (top), change towards the bottom, near-layer tint, far-layer tint. */
    private static final Map<String, float[][]> PALETTES = Map.of(
            "neutral", new float[][] {{0.30f, 0.31f, 0.33f}, {0.10f, 0.10f, 0.10f}, {0.38f, 0.38f, 0.38f}, {0.20f, 0.20f, 0.21f}},
            "dawn", new float[][] {{0.30f, 0.21f, 0.30f}, {0.24f, 0.15f, 0.00f}, {0.40f, 0.33f, 0.26f}, {0.20f, 0.15f, 0.14f}},
            "night", new float[][] {{0.02f, 0.03f, 0.07f}, {0.03f, 0.04f, 0.06f}, {0.16f, 0.19f, 0.26f}, {0.10f, 0.12f, 0.18f}});

    static String palettes() {
        return "neutral, dawn, night";
    }

    /**
     * @throws GenshotException {@code parameter.invalid} for a value out of range
     */
    static FogLook of(long seed, String prompt, Map<String, String> params) {
        String p = prompt.toLowerCase(Locale.ROOT);
        String palette = params.get("palette");
        if (palette == null) {
            palette = hasWord(p, "dawn", "sunrise", "sunset", "dusk", "morning", "warm") ? "dawn"
                    : hasWord(p, "night", "dark", "moon", "moonlit", "midnight") ? "night" : DEFAULT_PALETTE;
        }
        palette = palette.trim().toLowerCase(Locale.ROOT);
        if (!PALETTES.containsKey(palette)) {
            throw GenshotException.of("parameter.invalid", "The fog has no palette '" + palette + "'", null,
                    "parameter palette", "use one of " + palettes());
        }
        double density;
        if (params.containsKey("density")) {
            density = number(params, "density", 0, 1);
        } else {
            density = hasWord(p, "thick", "dense", "heavy", "pea-soup") ? 0.8
                    : hasWord(p, "thin", "light", "wisps", "wispy", "haze", "hazy", "faint") ? 0.25 : DEFAULT_DENSITY;
        }
        double speed = params.containsKey("speed") ? number(params, "speed", 0, 20) : DEFAULT_SPEED;
        return new FogLook(palette, density, speed, cond(seed, PALETTES.get(palette), density));
    }

    private static boolean hasWord(String text, String... words) {
        for (String w : text.split("[^\\p{L}\\p{N}-]+")) {
            for (String x : words) {
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

    /** Packs the model's {@code cond}; all randomness comes from the seed (SplittableRandom is specified). */
    static float[] cond(long seed, float[][] pal, double density) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] c = new float[FogModel.COND];
        double twoPi = 2 * Math.PI;
        // Prevailing drift (heights per second at speed 1): mostly sideways, a little vertical.
        double drift = r.nextDouble(-Math.PI, Math.PI);
        double dx = Math.cos(drift), dy = 0.35 * Math.sin(drift);

        // Warp: slow, large waves that bend the fog's coordinates.
        for (int k = 0; k < FogModel.WARP; k++) {
            double ang = r.nextDouble(0, twoPi);
            double f = twoPi * (0.35 + 1.2 * r.nextDouble());
            double kx = f * Math.cos(ang), ky = f * Math.sin(ang);
            double omega = -(kx * dx + ky * dy) * 0.02 + r.nextDouble(-0.25, 0.25);
            set(c, FogModel.WA, FogModel.WARP, 0, k, kx);
            set(c, FogModel.WA, FogModel.WARP, 1, k, ky);
            set(c, FogModel.WA, FogModel.WARP, 2, k, omega);
            set(c, FogModel.WA, FogModel.WARP, 3, k, r.nextDouble(0, twoPi));
            double amp = 0.09 / Math.sqrt(FogModel.WARP / 2.0) / (0.6 + f / twoPi);
            double a = r.nextDouble(0, twoPi);
            set(c, FogModel.VA, 4, k, 0, amp * Math.cos(a));
            set(c, FogModel.VA, 4, k, 1, amp * Math.sin(a));
        }

        // Fog: per layer 4 octaves of 4 waves; layer 0 near (finer, faster), layer 1 far (broader, slower).
        int perLayer = FogModel.WAVES / FogModel.LAYERS;
        for (int layer = 0; layer < FogModel.LAYERS; layer++) {
            double base = layer == 0 ? 1.1 : 0.6;            // cycles per frame height, lowest octave
            double v = layer == 0 ? 0.045 : 0.025;           // drift, heights per second
            double contrast = layer == 0 ? 1.35 : 1.15;      // sigmoid slope on unit-variance noise
            double sumSq = 0;
            double[] amps = new double[perLayer];
            for (int j = 0; j < perLayer; j++) {
                int k = layer * perLayer + j;
                int octave = j / 4;
                double f = twoPi * base * Math.pow(1.93, octave) * (0.8 + 0.4 * r.nextDouble());
                double ang = r.nextDouble(0, twoPi);
                double kx = f * Math.cos(ang), ky = f * Math.sin(ang);
                double evolve = r.nextDouble(-0.35, 0.35) * (1 + 0.5 * octave);
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

        // Colour: base + y * gradient; tints per layer (x and t rows stay 0).
        for (int ch = 0; ch < 3; ch++) {
            set(c, FogModel.GRAD, 3, 1, ch, pal[1][ch]);
            set(c, FogModel.GRAD, 3, 3, ch, pal[0][ch]);
            set(c, FogModel.TINT, 3, 0, ch, pal[2][ch]);
            set(c, FogModel.TINT, 3, 1, ch, pal[3][ch]);
        }
        return c;
    }

    private static void set(float[] c, int offset, int cols, int row, int col, double v) {
        c[offset + row * cols + col] = (float) v;
    }
}
