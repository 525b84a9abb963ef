package genshot.api;

import genshot.timeline.TimeRange;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a fill did.
 *
 * @param phaseMillis wall time per phase, in the order they ran ("read", "generate+encode", "insert+save", "live link", "total")
 * @param live what the live link did with the editors that have the project open ("Kdenlive reloaded
 *        sample.kdenlive"), one sentence each; empty when no editor has it open
 */
public record FillResult(Path project, Path take, Path sidecar, Path backup, String host, String track,
                         TimeRange range, long seed, String generator, String device, Map<String, Long> phaseMillis,
                         java.util.List<String> live) {
    public FillResult {
        phaseMillis = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phaseMillis));
        live = java.util.List.copyOf(live);
    }
}
