package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our WordPiece against the reference: Hugging Face's Rust tokenizers (through DJL, tests only) loading the same
 * tokenizer.json, and a few ids checked by hand in the vocabulary.
 */
class WordPieceTokenizerTest {

    static String json;
    static WordPieceTokenizer ours;

    @BeforeAll
    static void load() {
        json = new String(MiniLmEncoder.read(MiniLmEncoder.DIR + MiniLmEncoder.TOKENIZER), StandardCharsets.UTF_8);
        ours = new WordPieceTokenizer(json, MiniLmEncoder.MAX_TOKENS);
    }

    @Test
    void wellKnownIds() {
        assertEquals(30522, ours.vocabularySize());
        assertArrayEquals(new long[] {101, 7592, 2088, 102}, ours.encode("Hello world"));
        assertArrayEquals(new long[] {101, 7592, 1010, 2088, 999, 102}, ours.encode("HELLO, world!"));
        assertArrayEquals(new long[] {101, 19204, 3989, 102}, ours.encode("tokenization"));
        assertArrayEquals(new long[] {101, 6440, 11094, 9666, 102}, ours.encode("dawn  mist\tfog"));
        assertArrayEquals(new long[] {101, 102}, ours.encode(""));
    }

    @Test
    void sameIdsAsTheReferenceTokenizer() throws Exception {
        List<String> texts = List.of(
                "thick mist rolling over a lake at dawn",
                "Café crème, naïve façade — “quoted” text… and ½ price!",
                "snow-flakes & rain: 12,5 mm/h; e-mail me@example.com",
                "日本語のテキスト and 中文 mixed",
                "Ünïcödé ÀÉÎÕÜ ßtraße ﬁne ligatures",
                "tabs\tand\nnewlines\r\nand\u00a0no-break spaces",
                "supercalifragilisticexpialidocious antidisestablishmentarianism",
                "emoji 🌫️🔥❄️ and symbols ©®™ §¶ ±×÷",
                "a".repeat(120) + " long word",
                "words ".repeat(200));
        try (InputStream in = new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
             HuggingFaceTokenizer ref = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false",
                     "truncation", "true", "maxLength", Integer.toString(MiniLmEncoder.MAX_TOKENS)))) {
            for (String t : texts) {
                Encoding e = ref.encode(t);
                assertArrayEquals(e.getIds(), ours.encode(t), t);
            }
        }
    }

    @Test
    void truncatesToTheMaximumWithSepLast() {
        long[] ids = ours.encode("fog ".repeat(500));
        assertEquals(MiniLmEncoder.MAX_TOKENS, ids.length);
        assertEquals(101, ids[0]);
        assertEquals(102, ids[ids.length - 1]);
        assertEquals(9666, ids[1]);
    }
}
