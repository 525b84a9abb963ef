package genshot.generators.internal;

import java.util.List;
import java.util.Locale;

/**
 * The looks of the {@code elements} generator: each is one ONNX graph ({@code <id>.onnx}), rendered at most
 * {@link #maxInternalWidth} pixels wide and upscaled. Looks with {@link #alpha} are plates to composite over other
 * footage; the others fill the frame. The phrases describe the look in everyday words; the prompt is matched
 * against them with a sentence encoder.
 */
enum ElementsLook {
    FOG("fog", "Drifting fog", false, 320, 2, "neutral",
            "thick fog drifting", "mist rolling over a lake", "morning haze", "misty atmosphere",
            "low clouds of vapour hanging in the air", "foggy moor", "murky fog bank"),
    SMOKE("smoke", "Rising smoke", true, 320, 2, "neutral",
            "smoke rising", "wisps of smoke curling upwards", "a smoky room", "plume of smoke from a chimney",
            "incense smoke", "billowing grey smoke", "smoke from a fire"),
    FIRE("fire", "Fire", true, 384, 2, "neutral",
            "fire", "roaring flames", "a burning blaze", "campfire flames flickering", "inferno",
            "flames licking upwards", "wall of fire"),
    SNOW("snow", "Falling snow", true, 384, 3, "neutral",
            "snow falling", "snowflakes drifting down", "a blizzard", "winter snowfall", "snowstorm",
            "gentle flurries of snow", "snowy winter night"),
    RAIN("rain", "Rain", true, 480, 3, "neutral",
            "rain falling", "heavy downpour", "a rainy day", "raindrops streaking down", "storm with pouring rain",
            "drizzle", "rainstorm at night"),
    DUST("dust", "Dust motes", true, 384, 2, "golden",
            "dust motes floating in a sunbeam", "dust particles in the light", "floating specks of dust",
            "pollen drifting in the air", "dusty attic with light shafts", "particles floating in the air"),
    STARFIELD("starfield", "Starfield", false, 640, 3, "night",
            "stars in the night sky", "a starfield", "outer space full of stars", "the milky way",
            "twinkling stars", "galaxy and cosmos", "deep space"),
    SKY("sky", "Clouds and sky", false, 320, 2, "day",
            "clouds in the sky", "a blue sky with white clouds", "clouds drifting across the sky",
            "cloudy sky timelapse", "fluffy cumulus clouds", "overcast sky", "sunset sky with clouds"),
    BOKEH("bokeh", "Bokeh", true, 384, 2, "warm",
            "bokeh", "out of focus city lights", "blurry background lights", "defocused christmas lights",
            "soft circles of light", "glowing bokeh balls", "blurred fairy lights"),
    LEAKS("leaks", "Light leaks", true, 256, 3, "warm",
            "light leaks", "film light leak", "lens flare glow", "warm light bleeding into the frame",
            "vintage film burn", "sun flare washing over the image", "analogue light leak overlay"),
    GRAIN("grain", "Film grain", true, 960, 0, "neutral",
            "film grain", "grainy old film", "noise overlay", "analogue film texture", "16mm grain",
            "vintage grainy look", "static noise"),
    CHROMA("chroma", "Chroma key plate", false, 640, 1, "green",
            "green screen", "chroma key background", "blue screen", "green screen with tracking markers",
            "keying backdrop", "a chroma key plate for compositing", "bluescreen studio wall");

    final String id;
    final String title;
    final boolean alpha;
    final int maxInternalWidth;
    /** Wave layers (noise looks) or particle layers (particle looks). */
    final int layers;
    /** The palette when neither the parameters nor the prompt choose one. */
    final String defaultPalette;
    final List<String> phrases;

    ElementsLook(String id, String title, boolean alpha, int maxInternalWidth, int layers, String defaultPalette,
                 String... phrases) {
        this.id = id;
        this.title = title;
        this.alpha = alpha;
        this.maxInternalWidth = maxInternalWidth;
        this.layers = layers;
        this.defaultPalette = defaultPalette;
        this.phrases = List.of(phrases);
    }

    String file() {
        return id + ".onnx";
    }

    String resource() {
        return ElementsModel.DIR + file();
    }

    /**
     * Full-frame looks that become a plate with alpha when footage lies under the shot (fog: its density lets the
     * scene through); the other full-frame looks (sky, starfield, chroma) are backgrounds and stay opaque.
     */
    boolean alphaOverFootage() {
        return this == FOG;
    }

    /** Particle looks (sums of soft sprites in moving cells) rather than noise fields. */
    boolean particles() {
        return this == SNOW || this == RAIN || this == DUST || this == STARFIELD || this == BOKEH;
    }

    /** The blocks of this look's cond. */
    ElementsModel.Layout layout() {
        ElementsModel.Layout l = new ElementsModel.Layout();
        switch (this) {
            // AW/AB: alpha = density · AW + AB (opaque: 0 and 1; over footage: the density)
            case FOG -> l.waves(layers).add("GRAD", 4, 3).add("TINT", layers, 3).add("AW", layers, 1).add("AB", 1, 1);
            case SMOKE -> l.waves(layers).add("GRAD", 4, 3).add("TINT", layers, 3).add("AW", layers, 1);
            case FIRE -> l.waves(layers).add("FW", layers, 1).add("RAMP", 1, 3).add("RB", 1, 3).add("AK", 1, 1)
                    .add("AB", 1, 1);
            case SKY -> l.waves(layers).add("GRAD", 4, 3).add("CS", layers, 3).add("CB", 1, 3);
            case LEAKS -> l.waves(layers).add("PC", layers, 3).add("AW", layers, 1);
            case GRAIN -> l.add("PM", 4, 3).add("HM", 3, 2).add("GC", 1, 3).add("GB", 1, 3).add("GA", 1, 1);
            // uneven lighting on a backdrop is broad: two octaves, no warp (the markers need the resolution)
            case CHROMA -> l.waves(layers, 0, 8).add("GRAD", 4, 3).add("TINT", layers, 3).add("PM", 4, 2)
                    .add("SW", 4, ElementsModel.SWAY).add("SV", ElementsModel.SWAY, 2).add("MV", 1, 4)
                    .add("MS", 1, 1).add("MC", 1, 3);
            case SNOW, RAIN, DUST -> l.cells(layers).add("COL", layers, 3).add("AW", layers, 1);
            // the nebula is a faint, smooth background: two octaves, no warp; stars drift without swaying
            case STARFIELD -> l.waves(1, 0, 8).cells(layers, false).add("GRAD", 4, 3).add("TINT", 1, 3).add("COL", layers, 3);
            case BOKEH -> l.cells(layers).add("SH", 1, layers).add("HS", 4 * layers, layers).add("CA", layers, 3)
                    .add("CD", layers, 3).add("AW", layers, 1);
            default -> throw new IllegalStateException(name());
        }
        return l;
    }

    static ElementsLook byId(String id) {
        String k = id.trim().toLowerCase(Locale.ROOT);
        for (ElementsLook l : values()) {
            if (l.id.equals(k)) {
                return l;
            }
        }
        return null;
    }

    static String ids() {
        StringBuilder s = new StringBuilder();
        for (ElementsLook l : values()) {
            s.append(s.length() == 0 ? "" : ", ").append(l.id);
        }
        return s.toString();
    }
}
