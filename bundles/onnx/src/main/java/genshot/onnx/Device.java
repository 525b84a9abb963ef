package genshot.onnx;

import genshot.api.GenshotException;
import java.util.Locale;

/**
 * A device as the user writes it: {@code cpu}, {@code cuda} or {@code cuda:N}.
 *
 * @param kind {@code "cpu"} or {@code "cuda"}
 * @param index the GPU number (0 for {@code cpu})
 */
public record Device(String kind, int index) {

    public static final Device CPU = new Device("cpu", 0);

    /** @throws GenshotException {@code device.unknown} for anything else */
    public static Device parse(String text) {
        String t = text == null ? "cpu" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda") || t.equals("gpu")) {
            return new Device("cuda", 0);
        }
        if (t.startsWith("cuda:")) {
            try {
                int n = Integer.parseInt(t.substring(5));
                if (n >= 0) {
                    return new Device("cuda", n);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw GenshotException.of("device.unknown", "'" + text + "' is not a device genshot knows", null, null,
                "use --device cpu, --device cuda or --device cuda:N");
    }

    public boolean isCuda() {
        return kind.equals("cuda");
    }

    @Override
    public String toString() {
        return isCuda() ? "cuda:" + index : "cpu";
    }
}
