package genshot.diffusion.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import genshot.api.GenshotException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer in plain Java, read from a diffusers {@code tokenizer/} folder
 * ({@code vocab.json}, {@code merges.txt}, optionally {@code special_tokens_map.json} and
 * {@code tokenizer_config.json}). Text is NFC-normalised, whitespace collapsed and lower-cased (ftfy's mojibake
 * repair and HTML unescaping are not done), split with CLIP's pattern, mapped to byte characters and merged with
 * {@code </w>} marking the end of a word. Every sequence is {@code maxLength} ids: BOS, the tokens (truncated),
 * EOS, then the pad id.
 */
public final class ClipTokenizer {

    static final String BOS = "<|startoftext|>";
    static final String EOS = "<|endoftext|>";
    static final Pattern SPLIT = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final Map<String, Integer> vocab;
    private final Map<String, Integer> ranks;
    private final char[] byteChars = byteToUnicode();
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();
    private final int bos;
    private final int eos;
    private final int pad;
    private final int maxLength;

    ClipTokenizer(Map<String, Integer> vocab, List<String[]> merges, String padToken, int maxLength) {
        this.vocab = vocab;
        this.ranks = new HashMap<>(merges.size() * 2);
        for (int i = 0; i < merges.size(); i++) {
            ranks.putIfAbsent(merges.get(i)[0] + ' ' + merges.get(i)[1], i);
        }
        this.bos = id(BOS);
        this.eos = id(EOS);
        Integer p = padToken == null ? null : vocab.get(padToken);
        this.pad = p == null ? eos : p;
        this.maxLength = maxLength;
    }

    private int id(String token) {
        Integer i = vocab.get(token);
        if (i == null) {
            throw new IllegalArgumentException("the vocabulary lacks " + token);
        }
        return i;
    }

    /**
     * Reads a diffusers tokenizer folder.
     *
     * @throws GenshotException {@code pack.tokenizer} when a file is missing or unreadable
     */
    public static ClipTokenizer read(Path dir) {
        ObjectMapper json = new ObjectMapper();
        Path vocabFile = dir.resolve("vocab.json");
        Path mergesFile = dir.resolve("merges.txt");
        try {
            Map<String, Integer> vocab = new HashMap<>(100_000);
            json.readTree(vocabFile.toFile()).fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
            List<String[]> merges = new ArrayList<>(50_000);
            for (String line : Files.readAllLines(mergesFile, StandardCharsets.UTF_8)) {
                if (line.startsWith("#version") || line.isBlank()) {
                    continue;
                }
                String[] pair = line.split(" ");
                if (pair.length == 2) {
                    merges.add(pair);
                }
            }
            String padToken = EOS;
            Path special = dir.resolve("special_tokens_map.json");
            if (Files.isRegularFile(special)) {
                JsonNode p = json.readTree(special.toFile()).path("pad_token");
                if (p.isTextual()) {
                    padToken = p.asText();
                } else if (p.has("content")) {
                    padToken = p.get("content").asText();
                }
            }
            int max = 77;
            Path config = dir.resolve("tokenizer_config.json");
            if (Files.isRegularFile(config)) {
                JsonNode m = json.readTree(config.toFile()).path("model_max_length");
                if (m.isInt() && m.asInt() > 2 && m.asInt() <= 4096) {
                    max = m.asInt();
                }
            }
            return new ClipTokenizer(vocab, merges, padToken, max);
        } catch (IOException | RuntimeException e) {
            throw GenshotException.of("pack.tokenizer", "Cannot read the CLIP tokenizer (" + e.getMessage() + ")",
                    dir, null, "the tokenizer folder needs vocab.json and merges.txt from the same export");
        }
    }

    public int maxLength() {
        return maxLength;
    }

    public int padId() {
        return pad;
    }

    /** The ids without BOS, EOS or padding. */
    public int[] tokens(String text) {
        String t = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFC);
        t = SPACES.matcher(t).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
        int[] out = new int[16];
        int n = 0;
        Matcher m = SPLIT.matcher(t);
        while (m.find()) {
            String piece = m.group();
            int[] ids;
            if (piece.equals(BOS) || piece.equals(EOS)) {
                ids = new int[] {piece.equals(BOS) ? bos : eos};
            } else {
                ids = cache.computeIfAbsent(piece, this::bpe);
            }
            if (n + ids.length > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + ids.length));
            }
            System.arraycopy(ids, 0, out, n, ids.length);
            n += ids.length;
        }
        return Arrays.copyOf(out, n);
    }

    /** {@code maxLength} ids: BOS, the tokens (truncated to fit), EOS, pad. */
    public int[] encode(String text) {
        int[] tok = tokens(text);
        int[] ids = new int[maxLength];
        Arrays.fill(ids, pad);
        ids[0] = bos;
        int n = Math.min(tok.length, maxLength - 2);
        System.arraycopy(tok, 0, ids, 1, n);
        ids[n + 1] = eos;
        return ids;
    }

    private int[] bpe(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        List<String> word = new ArrayList<>(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            String c = String.valueOf(byteChars[bytes[i] & 0xff]);
            word.add(i == bytes.length - 1 ? c + "</w>" : c);
        }
        while (word.size() > 1) {
            int best = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer r = ranks.get(word.get(i) + ' ' + word.get(i + 1));
                if (r != null && r < best) {
                    best = r;
                    first = word.get(i);
                    second = word.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            List<String> merged = new ArrayList<>(word.size());
            for (int i = 0; i < word.size(); i++) {
                if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i++;
                } else {
                    merged.add(word.get(i));
                }
            }
            word = merged;
        }
        int[] ids = new int[word.size()];
        for (int i = 0; i < ids.length; i++) {
            Integer id = vocab.get(word.get(i));
            ids[i] = id == null ? eos : id;
        }
        return ids;
    }

    /** GPT-2's reversible byte to printable character table. */
    static char[] byteToUnicode() {
        char[] table = new char[256];
        boolean[] direct = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            direct[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            direct[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            direct[b] = true;
        }
        int n = 0;
        for (int b = 0; b < 256; b++) {
            table[b] = direct[b] ? (char) b : (char) (256 + n++);
        }
        return table;
    }
}
