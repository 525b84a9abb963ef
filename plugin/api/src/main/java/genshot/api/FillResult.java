package genshot.api;

import genshot.timeline.TimeRange;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a fill did.
 *
 * @param phaseMillis wall time per phase ("read", "generate+encode", "save"...)
 */
public record FillResult(Path project, Path take, Path sidecar, Path backup, String host, String track,
                         TimeRange range, long seed, String generator, String device, Map<String, Long> phaseMillis) {
    public FillResult {
        phaseMillis = Map.copyOf(phaseMillis);
    }
}
