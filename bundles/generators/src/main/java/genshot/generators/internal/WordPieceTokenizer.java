package genshot.generators.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT's uncased WordPiece tokenizer as Hugging Face's {@code tokenizer.json} describes it (BertNormalizer with
 * lower-casing and accent stripping, BertPreTokenizer, WordPiece with {@code ##} continuations, {@code [CLS] ...
 * [SEP]}), in plain Java, with right truncation to a maximum length.
 */
final class WordPieceTokenizer {

    private final Map<String, Integer> vocab;
    private final int unk;
    private final int cls;
    private final int sep;
    private final int maxCharsPerWord;
    private final int maxLength;

    /** @param tokenizerJson the text of a {@code tokenizer.json} with a WordPiece model */
    WordPieceTokenizer(String tokenizerJson, int maxLength) {
        Object root = new Json(tokenizerJson).value();
        Map<?, ?> model = (Map<?, ?>) ((Map<?, ?>) root).get("model");
        if (model == null || !"WordPiece".equals(model.get("type"))) {
            throw new IllegalArgumentException("the tokenizer is not a WordPiece tokenizer");
        }
        Map<?, ?> v = (Map<?, ?>) model.get("vocab");
        vocab = new HashMap<>(v.size() * 2);
        for (Map.Entry<?, ?> e : v.entrySet()) {
            vocab.put((String) e.getKey(), ((Number) e.getValue()).intValue());
        }
        unk = id((String) model.get("unk_token"));
        cls = id("[CLS]");
        sep = id("[SEP]");
        Object mc = model.get("max_input_chars_per_word");
        maxCharsPerWord = mc == null ? 100 : ((Number) mc).intValue();
        if (maxLength < 2) {
            throw new IllegalArgumentException("max length " + maxLength);
        }
        this.maxLength = maxLength;
    }

    private int id(String token) {
        Integer i = vocab.get(token);
        if (i == null) {
            throw new IllegalArgumentException("the vocabulary lacks " + token);
        }
        return i;
    }

    int vocabularySize() {
        return vocab.size();
    }

    /** Token ids with [CLS] and [SEP], at most {@code maxLength} of them. */
    long[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        for (String word : preTokenize(normalize(text))) {
            wordPiece(word, ids);
            if (ids.size() >= maxLength - 2) {
                break;
            }
        }
        int n = Math.min(ids.size(), maxLength - 2);
        long[] out = new long[n + 2];
        out[0] = cls;
        for (int i = 0; i < n; i++) {
            out[i + 1] = ids.get(i);
        }
        out[n + 1] = sep;
        return out;
    }

    /** BertNormalizer: clean text, space around CJK, lower case, strip accents. */
    static String normalize(String text) {
        StringBuilder s = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            if (isWhitespace(cp)) {
                s.append(' ');
            } else if (isCjk(cp)) {
                s.append(' ').appendCodePoint(cp).append(' ');
            } else {
                s.appendCodePoint(cp);
            }
        });
        String lower = s.toString().toLowerCase(java.util.Locale.ROOT);
        String nfd = Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        nfd.codePoints().forEach(cp -> {
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** BertPreTokenizer: split on whitespace, and every punctuation character is a word of its own. */
    static List<String> preTokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (isWhitespace(cp)) {
                flush(w, words);
            } else if (isPunctuation(cp)) {
                flush(w, words);
                words.add(new String(Character.toChars(cp)));
            } else {
                w.appendCodePoint(cp);
            }
        });
        flush(w, words);
        return words;
    }

    private static void flush(StringBuilder w, List<String> words) {
        if (w.length() > 0) {
            words.add(w.toString());
            w.setLength(0);
        }
    }

    /** Greedy longest-match-first; a word that cannot be split is one [UNK]. */
    private void wordPiece(String word, List<Integer> out) {
        if (word.codePointCount(0, word.length()) > maxCharsPerWord) {
            out.add(unk);
            return;
        }
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String sub = (start > 0 ? "##" : "") + word.substring(start, end);
                found = vocab.get(sub);
                if (found != null) {
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found == null) {
                out.add(unk);
                return;
            }
            pieces.add(found);
            start = end;
        }
        out.addAll(pieces);
    }

    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE
                || t == Character.SURROGATE || t == Character.UNASSIGNED;
    }

    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** A minimal JSON reader (objects, arrays, strings, numbers, literals): enough for tokenizer.json. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    i += 4;
                    return Boolean.TRUE;
                case 'f':
                    i += 5;
                    return Boolean.FALSE;
                case 'n':
                    i += 4;
                    return null;
                default:
                    return number();
            }
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new HashMap<>();
            i++;
            ws();
            if (s.charAt(i) == '}') {
                i++;
                return m;
            }
            while (true) {
                ws();
                String k = string();
                ws();
                expect(':');
                m.put(k, value());
                ws();
                if (s.charAt(i) == ',') {
                    i++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> a = new ArrayList<>();
            i++;
            ws();
            if (s.charAt(i) == ']') {
                i++;
                return a;
            }
            while (true) {
                a.add(value());
                ws();
                if (s.charAt(i) == ',') {
                    i++;
                } else {
                    expect(']');
                    return a;
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("JSON: expected '" + c + "' at " + i);
            }
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        private Number number() {
            int st = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String t = s.substring(st, i);
            if (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0) {
                return Double.parseDouble(t);
            }
            return Long.parseLong(t);
        }
    }
}
