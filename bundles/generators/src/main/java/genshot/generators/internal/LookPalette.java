package genshot.generators.internal;

import java.util.List;
import java.util.Locale;

/**
 * Colours for the element looks: sky top, horizon, light (the colour particles and smoke take), two accents (bokeh,
 * light leaks, dust). {@code green} and {@code blue} are the chroma-key colours (top row) and only for the
 * chroma plate. The phrases describe the palette in everyday words for the prompt matcher.
 */
enum LookPalette {
    NEUTRAL("neutral", new double[][] {{0.55, 0.56, 0.58}, {0.72, 0.72, 0.72}, {0.93, 0.93, 0.93}, {1.0, 0.86, 0.62}, {0.72, 0.82, 1.0}},
            "grey", "neutral colours", "plain daylight", "overcast"),
    DAY("day", new double[][] {{0.22, 0.44, 0.82}, {0.66, 0.79, 0.93}, {1.0, 1.0, 1.0}, {1.0, 0.95, 0.8}, {0.6, 0.8, 1.0}},
            "bright day", "blue sky at noon", "sunny afternoon", "clear summer day"),
    DAWN("dawn", new double[][] {{0.36, 0.36, 0.60}, {0.98, 0.70, 0.56}, {1.0, 0.87, 0.80}, {1.0, 0.62, 0.46}, {0.92, 0.58, 0.76}},
            "dawn", "sunrise", "early morning", "daybreak", "first light of the morning"),
    DUSK("dusk", new double[][] {{0.17, 0.14, 0.36}, {0.95, 0.46, 0.30}, {1.0, 0.76, 0.62}, {1.0, 0.46, 0.26}, {0.72, 0.36, 0.62}},
            "dusk", "sunset", "evening twilight", "red evening light"),
    GOLDEN("golden", new double[][] {{0.56, 0.46, 0.31}, {1.0, 0.79, 0.46}, {1.0, 0.89, 0.62}, {1.0, 0.72, 0.32}, {1.0, 0.86, 0.52}},
            "golden hour", "warm golden sunlight", "late afternoon sun", "amber glow"),
    NIGHT("night", new double[][] {{0.01, 0.02, 0.06}, {0.05, 0.07, 0.15}, {0.76, 0.83, 1.0}, {0.52, 0.62, 1.0}, {0.92, 0.82, 0.62}},
            "night", "midnight darkness", "dark night", "pitch black night"),
    MOONLIGHT("moonlight", new double[][] {{0.04, 0.06, 0.15}, {0.22, 0.29, 0.44}, {0.80, 0.88, 1.0}, {0.70, 0.80, 1.0}, {0.90, 0.95, 1.0}},
            "moonlight", "moonlit", "under the full moon", "cold blue night light"),
    NEON("neon", new double[][] {{0.07, 0.02, 0.15}, {0.36, 0.05, 0.42}, {1.0, 0.42, 0.90}, {1.0, 0.20, 0.70}, {0.20, 0.90, 1.0}},
            "neon", "cyberpunk neon signs", "synthwave pink and cyan", "nightclub neon"),
    WARM("warm", new double[][] {{0.46, 0.36, 0.31}, {0.86, 0.66, 0.51}, {1.0, 0.86, 0.66}, {1.0, 0.56, 0.22}, {1.0, 0.80, 0.42}},
            "warm", "cosy candlelight", "orange tungsten light", "fireside warmth"),
    COLD("cold", new double[][] {{0.30, 0.40, 0.51}, {0.70, 0.80, 0.88}, {0.86, 0.93, 1.0}, {0.50, 0.80, 1.0}, {0.72, 0.90, 1.0}},
            "cold", "icy blue", "frozen winter chill", "arctic"),
    GREEN("green", new double[][] {{0.05, 0.69, 0.25}, {0.05, 0.62, 0.22}, {0.88, 0.92, 0.88}, {0, 0, 0}, {0, 0, 0}},
            "green screen", "chroma green"),
    BLUE("blue", new double[][] {{0.05, 0.28, 0.74}, {0.04, 0.25, 0.66}, {0.88, 0.90, 0.95}, {0, 0, 0}, {0, 0, 0}},
            "blue screen", "chroma blue");

    final String id;
    final double[] top;
    final double[] horizon;
    final double[] light;
    final double[] accent1;
    final double[] accent2;
    final List<String> phrases;

    LookPalette(String id, double[][] c, String... phrases) {
        this.id = id;
        this.top = c[0];
        this.horizon = c[1];
        this.light = c[2];
        this.accent1 = c[3];
        this.accent2 = c[4];
        this.phrases = List.of(phrases);
    }

    /** Palettes for the chroma plate (key colours) versus all other looks. */
    boolean isKey() {
        return this == GREEN || this == BLUE;
    }

    /** Mean brightness of the light colour: dims clouds and smoke at night. */
    double brightness() {
        return (horizon[0] + horizon[1] + horizon[2]) / 3;
    }

    static LookPalette byId(String id) {
        String k = id.trim().toLowerCase(Locale.ROOT).replace(' ', '-');
        if (k.equals("golden-hour")) {
            k = "golden";
        }
        for (LookPalette p : values()) {
            if (p.id.equals(k)) {
                return p;
            }
        }
        return null;
    }

    static String ids(boolean key) {
        StringBuilder s = new StringBuilder();
        for (LookPalette p : values()) {
            if (p.isKey() == key) {
                s.append(s.length() == 0 ? "" : ", ").append(p.id);
            }
        }
        return s.toString();
    }
}
