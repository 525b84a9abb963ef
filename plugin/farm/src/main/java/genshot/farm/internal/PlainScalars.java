package genshot.farm.internal;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;

/**
 * When a manifest's string is written without quotes: as Jackson's default decides (keywords such as {@code on} and
 * {@code null}, plain numbers, characters YAML reserves), and besides never when it starts with a digit, a sign or a
 * dot. YAML 1.1 readers, kubectl's among them, read {@code 1e3}, {@code 0x1f}, {@code 1_000} or {@code 1:20} as
 * numbers, and a Job whose name or label value became a number is refused by the API server.
 */
public final class PlainScalars extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean needToQuoteValue(String value) {
        if (!value.isEmpty()) {
            char c = value.charAt(0);
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                return true;
            }
        }
        return super.needToQuoteValue(value);
    }
}
