package genshot.api;

import java.util.Map;

/**
 * What a generator reports after a shot: the device it really ran on and anything else needed to
 * make the same frames again.
 */
public record ShotResult(String device, Map<String, String> details) {
    public ShotResult {
        details = Map.copyOf(details);
    }
}
