package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.onnx.internal.OrtOnnxService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The prompt picks look, palette, motion and density through the real MiniLM encoder (no word lists of ours). */
class PromptMatcherTest {

    static MiniLmEncoder encoder;
    static PromptMatcher matcher;

    @BeforeAll
    static void start() {
        OrtOnnxService onnx = new OrtOnnxService();
        onnx.activate();
        encoder = new MiniLmEncoder(onnx);
        matcher = new PromptMatcher(encoder::embed);
    }

    @AfterAll
    static void stop() {
        encoder.close();
    }

    @Test
    void mistOverALakeAtDawnIsSlowDenseFogInDawnColours() {
        PromptMatcher.Choice c = matcher.choose("thick mist rolling over a lake at dawn");
        assertEquals(ElementsLook.FOG, c.look(), c.scores().toString());
        assertEquals(LookPalette.DAWN, c.palette(), c.scores().toString());
        assertNotNull(c.speed(), c.scores().toString());
        assertTrue(c.speed() < 1, "slow: " + c.speed());
        assertNotNull(c.density(), c.scores().toString());
        assertTrue(c.density() > 0.5, "thick: " + c.density());
    }

    /** Paraphrases that share no phrase with the look's descriptions. */
    @ParameterizedTest
    @CsvSource({
            "a murky haze hangs over the swamp, fog",
            "grey vapour drifting through the valley, fog",
            "a cigarette's smoke curling towards the ceiling, smoke",
            "a bonfire blazing in the dark, fire",
            "flakes of snow tumbling from a winter sky, snow",
            "a wet evening with drops pouring down, rain",
            "tiny particles glinting in a shaft of sunlight, dust",
            "the night sky full of twinkling stars, starfield",
            "white puffy clouds on a summer afternoon, sky",
            "defocused lights of a city street at night, bokeh",
            "an orange flare burning across old film, leaks",
            "the texture of grainy old celluloid, grain",
            "a bright green backdrop for keying, chroma",
    })
    void paraphrasesPickTheLook(String prompt, String look) {
        PromptMatcher.Choice c = matcher.choose(prompt);
        assertEquals(look, c.look().id, prompt + " -> " + c.scores());
    }

    @ParameterizedTest
    @CsvSource({
            "fog at daybreak, dawn",
            "snow falling under a full moon, moonlight",
            "smoke in a cyberpunk club with neon lights, neon",
            "clouds at sunset, dusk",
    })
    void paletteFromTheWords(String prompt, String palette) {
        PromptMatcher.Choice c = matcher.choose(prompt);
        assertNotNull(c.palette(), prompt + " -> " + c.scores());
        assertEquals(palette, c.palette().id, prompt + " -> " + c.scores());
    }

    /**
     * Words that name the subject are not colours: "sky" used to pick dusk (through "red evening sky") and any
     * "lights" neon, so "clouds drifting across the sky" came out as a sunset and christmas lights as cyberpunk.
     */
    @ParameterizedTest
    @CsvSource({
            "clouds drifting across the sky, dusk",
            "a blue sky with white clouds, dusk",
            "defocused christmas lights, neon",
    })
    void subjectWordsPickNoPalette(String prompt, String notPalette) {
        PromptMatcher.Choice c = matcher.choose(prompt);
        assertTrue(c.palette() == null || !c.palette().id.equals(notPalette), prompt + " -> " + c.scores());
    }

    @Test
    void motionFromTheWords() {
        PromptMatcher.Choice violent = matcher.choose("a raging storm of snow");
        assertNotNull(violent.speed(), violent.scores().toString());
        assertTrue(violent.speed() > 1.5, violent.scores().toString());
        PromptMatcher.Choice gentle = matcher.choose("snow drifting down gently");
        assertNotNull(gentle.speed(), gentle.scores().toString());
        assertTrue(gentle.speed() < 1, gentle.scores().toString());
    }

    @Test
    void blueScreenIsTheBlueKey() {
        PromptMatcher.Choice c = matcher.choose("a blue screen for compositing");
        assertEquals(ElementsLook.CHROMA, c.look(), c.scores().toString());
        assertEquals(LookPalette.BLUE, c.key(), c.scores().toString());
        assertEquals(LookPalette.GREEN, matcher.choose("green screen plate").key());
    }

    @Test
    void aPlainPromptSaysNothingAboutPaletteOrMotion() {
        PromptMatcher.Choice c = matcher.choose("fog");
        assertEquals(ElementsLook.FOG, c.look());
        assertNull(c.palette(), c.scores().toString());
        assertNull(c.speed(), c.scores().toString());
    }

    @Test
    void embeddingsAreUnitLengthAndMeaningful() {
        float[] a = encoder.embed("thick mist rolling over a lake");
        assertEquals(MiniLmEncoder.DIM, a.length);
        assertEquals(1.0, MiniLmEncoder.cosine(a, a), 1e-4);
        double near = MiniLmEncoder.cosine(a, encoder.embed("fog over the water"));
        double far = MiniLmEncoder.cosine(a, encoder.embed("a spreadsheet of quarterly tax figures"));
        assertTrue(near > far + 0.3, near + " vs " + far);
    }
}
