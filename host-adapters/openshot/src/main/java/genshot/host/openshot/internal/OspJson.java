package genshot.host.openshot.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import genshot.api.GenshotException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON as openshot-qt reads and writes it. Reading keeps every key in its order and every float as the exact
 * decimal that was written; writing reproduces Python's {@code json.dumps(data, ensure_ascii=False, indent=N)}
 * (openshot-qt 2.6 uses {@code indent=1}): the same separators, string escapes and float spelling
 * ({@code 2.0}, {@code 1e-05}, {@code 1.5e+16}), so a file written by openshot-qt comes back byte for byte.
 */
final class OspJson {

    /** How the read file was laid out: indent width (-1 = on one line, Python's default separators), final newline. */
    record Style(int indent, boolean finalNewline) {
        static final Style OPENSHOT = new Style(1, false);
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private OspJson() {
    }

    /** Parses a project; invalid or truncated JSON is the problem {@code project.corrupt} with line and column. */
    static JsonNode parse(byte[] content, Path file) {
        try {
            JsonNode n = MAPPER.readTree(content);
            if (n == null || n.isMissingNode()) {
                throw GenshotException.of("project.corrupt", "The project file holds no JSON", file, "line 1, column 1",
                        "Restore a backup or save the project again in OpenShot");
            }
            return n;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String place = at == null ? null : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new GenshotException(new genshot.api.Problem("project.corrupt", "The project file is not valid JSON: "
                    + e.getOriginalMessage(), file.toString(), place,
                    "The file is damaged or was cut short; restore a backup or save the project again in OpenShot"), e);
        } catch (IOException e) {
            throw GenshotException.of("project.corrupt", "The project file cannot be read: " + e.getMessage(), file, null,
                    "Restore a backup or save the project again in OpenShot");
        }
    }

    /** The layout of {@code content}: the indent of its first key, and whether it ends with a newline. */
    static Style styleOf(byte[] content) {
        String t = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.UTF_8);
        int brace = t.indexOf('{');
        boolean nl = content.length > 0 && content[content.length - 1] == '\n';
        if (brace < 0 || brace + 1 >= t.length() || t.charAt(brace + 1) != '\n') {
            return new Style(-1, nl);
        }
        int k = brace + 2;
        while (k < t.length() && t.charAt(k) == ' ') {
            k++;
        }
        return new Style(k - brace - 2, nl);
    }

    static byte[] write(JsonNode root, Style style) {
        StringBuilder b = new StringBuilder(1 << 16);
        write(root, style.indent(), 0, b);
        if (style.finalNewline()) {
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode n, int indent, int depth, StringBuilder b) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                if (n.isEmpty()) {
                    b.append("{}");
                    return;
                }
                b.append('{');
                Iterator<Map.Entry<String, JsonNode>> it = n.fields();
                boolean first = true;
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    separator(b, indent, depth + 1, first);
                    first = false;
                    string(e.getKey(), b);
                    b.append(": ");
                    write(e.getValue(), indent, depth + 1, b);
                }
                close(b, indent, depth, '}');
            }
            case ARRAY -> {
                if (n.isEmpty()) {
                    b.append("[]");
                    return;
                }
                b.append('[');
                for (int i = 0; i < n.size(); i++) {
                    separator(b, indent, depth + 1, i == 0);
                    write(n.get(i), indent, depth + 1, b);
                }
                close(b, indent, depth, ']');
            }
            case STRING -> string(n.textValue(), b);
            case BOOLEAN -> b.append(n.booleanValue() ? "true" : "false");
            case NULL -> b.append("null");
            case NUMBER -> number(n, b);
            default -> throw new IllegalStateException("cannot write a " + n.getNodeType() + " node");
        }
    }

    private static void separator(StringBuilder b, int indent, int depth, boolean first) {
        if (indent < 0) {
            if (!first) {
                b.append(", ");
            }
            return;
        }
        if (!first) {
            b.append(',');
        }
        b.append('\n');
        b.append(" ".repeat(indent * depth));
    }

    private static void close(StringBuilder b, int indent, int depth, char c) {
        if (indent >= 0) {
            b.append('\n').append(" ".repeat(indent * depth));
        }
        b.append(c);
    }

    private static void number(JsonNode n, StringBuilder b) {
        if (n.isIntegralNumber()) {
            b.append(n.bigIntegerValue());
        } else if (n.isBigDecimal()) {
            b.append(pythonFloat(n.decimalValue()));
        } else {
            b.append(pythonFloat(n.doubleValue()));
        }
    }

    /** A double as Python's {@code repr(float)} spells it. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        return pythonFloat(new BigDecimal(Double.toString(d)));
    }

    /** A decimal (already the shortest digits, as Python wrote it) in Python's float spelling. */
    static String pythonFloat(BigDecimal v) {
        if (v.signum() == 0) {
            return "0.0";
        }
        BigDecimal s = v.stripTrailingZeros();
        String digits = s.unscaledValue().abs().toString();
        int exp = digits.length() - s.scale() - 1; // v = d.ddd x 10^exp
        String sign = s.signum() < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            StringBuilder m = new StringBuilder(sign).append(digits.charAt(0));
            if (digits.length() > 1) {
                m.append('.').append(digits, 1, digits.length());
            }
            m.append('e').append(exp < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exp));
            if (e.length() < 2) {
                m.append('0');
            }
            return m.append(e).toString();
        }
        String plain = s.abs().toPlainString();
        if (plain.indexOf('.') < 0) {
            plain += ".0";
        }
        return sign + plain;
    }

    /** A string as Python's json module escapes it with {@code ensure_ascii=False}. */
    static void string(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
