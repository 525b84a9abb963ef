package genshot.generators.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Chooses look, palette, motion and density from a free-text prompt with a sentence encoder: the whole prompt is
 * compared with several phrasings of every look; its words and word pairs are compared with short descriptors of
 * palettes, motion and density, which win when similar enough. The descriptors' embeddings are computed once.
 */
final class PromptMatcher {

    /** A descriptor group: the value it stands for and its phrases. */
    record Group(String value, List<String> phrases) {
    }

    /** What the prompt asked for; null fields: the prompt said nothing about it. */
    record Choice(ElementsLook look, double lookScore, LookPalette palette, LookPalette key, Double speed,
                  Double density, Map<String, Double> scores) {
    }

    /** A word or word pair must be at least this similar to a descriptor to count. */
    static final double WORD_THRESHOLD = 0.62;

    static final List<Group> MOTION = List.of(
            new Group("0.45", List.of("slow", "slowly", "rolling", "lazy", "creeping", "drifting", "gentle", "calm",
                    "still", "peaceful", "soft", "languid", "floating")),
            new Group("1.8", List.of("fast", "quick", "rushing", "racing", "brisk", "windy", "swirling")),
            new Group("2.8", List.of("violent", "raging", "furious", "stormy", "wild", "roaring", "fierce",
                    "chaotic", "howling")));

    static final List<Group> DENSITY = List.of(
            new Group("0.85", List.of("thick", "dense", "heavy", "pea soup", "opaque", "lots of", "many",
                    "torrential", "blizzard", "downpour", "pouring")),
            new Group("0.25", List.of("thin", "light", "sparse", "wispy", "faint", "a few", "scattered", "subtle",
                    "delicate", "fine")));

    private static final Set<String> STOP = Set.of("a", "an", "the", "of", "in", "on", "at", "over", "with", "and",
            "to", "by", "into", "from", "for", "under", "is", "are", "some", "its", "it", "as", "like");

    private final Function<String, float[]> encoder;
    private final Map<String, float[]> cache = new LinkedHashMap<>();

    PromptMatcher(Function<String, float[]> encoder) {
        this.encoder = encoder;
    }

    private synchronized float[] embed(String text) {
        return cache.computeIfAbsent(text, encoder);
    }

    /** Embeds every descriptor now (so that the first shot does not pay for it). */
    void warm() {
        for (ElementsLook l : ElementsLook.values()) {
            l.phrases.forEach(this::embed);
        }
        for (LookPalette p : LookPalette.values()) {
            p.phrases.forEach(this::embed);
        }
        MOTION.forEach(g -> g.phrases().forEach(this::embed));
        DENSITY.forEach(g -> g.phrases().forEach(this::embed));
    }

    Choice choose(String prompt) {
        String text = prompt == null ? "" : prompt.trim();
        Map<String, Double> scores = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return new Choice(null, 0, null, null, null, null, scores);
        }
        float[] whole = embed(text);
        ElementsLook best = null;
        double bestScore = -2;
        for (ElementsLook l : ElementsLook.values()) {
            double s = -2;
            for (String ph : l.phrases) {
                s = Math.max(s, MiniLmEncoder.cosine(whole, embed(ph)));
            }
            scores.put("look." + l.id, s);
            if (s > bestScore) {
                bestScore = s;
                best = l;
            }
        }
        List<float[]> parts = new ArrayList<>();
        for (String p : parts(text)) {
            parts.add(embed(p));
        }
        LookPalette palette = null;
        double palScore = WORD_THRESHOLD;
        LookPalette key = null;
        double keyScore = -2;
        for (LookPalette p : LookPalette.values()) {
            double s = -2;
            for (String ph : p.phrases) {
                float[] e = embed(ph);
                for (float[] part : parts) {
                    s = Math.max(s, MiniLmEncoder.cosine(part, e));
                }
                if (p.isKey()) {
                    s = Math.max(s, MiniLmEncoder.cosine(whole, e));
                }
            }
            scores.put("palette." + p.id, s);
            if (p.isKey()) {
                if (s > keyScore) {
                    keyScore = s;
                    key = p;
                }
            } else if (s > palScore) {
                palScore = s;
                palette = p;
            }
        }
        String speed = group(MOTION, parts, scores, "speed.");
        String density = group(DENSITY, parts, scores, "density.");
        return new Choice(best, bestScore, palette, key, speed == null ? null : Double.valueOf(speed),
                density == null ? null : Double.valueOf(density), scores);
    }

    private String group(List<Group> groups, List<float[]> parts, Map<String, Double> scores, String prefix) {
        String value = null;
        double best = WORD_THRESHOLD;
        for (Group g : groups) {
            double s = -2;
            for (String ph : g.phrases()) {
                float[] e = embed(ph);
                for (float[] part : parts) {
                    s = Math.max(s, MiniLmEncoder.cosine(part, e));
                }
            }
            scores.put(prefix + g.value(), s);
            if (s > best) {
                best = s;
                value = g.value();
            }
        }
        return value;
    }

    /** The prompt's content words and neighbouring word pairs. */
    static List<String> parts(String text) {
        String[] w = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}'-]+");
        List<String> words = new ArrayList<>();
        for (String x : w) {
            if (!x.isEmpty()) {
                words.add(x);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (!STOP.contains(words.get(i))) {
                out.add(words.get(i));
            }
            if (i + 1 < words.size()) {
                out.add(words.get(i) + " " + words.get(i + 1));
            }
        }
        return out;
    }
}
