package genshot.diffusion.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Nanoseconds per phase of a generation, accumulated; not thread-safe (one per run). */
final class Timings {
    final Map<String, Long> nanos = new LinkedHashMap<>();

    void add(String phase, long start) {
        nanos.merge(phase, System.nanoTime() - start, Long::sum);
    }

    long get(String phase) {
        return nanos.getOrDefault(phase, 0L);
    }
}
