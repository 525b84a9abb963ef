package genshot.api;

import java.util.List;

/** Measures the generators and the encoder, for {@code genshot bench}. */
public interface Benchmarks {

    /**
     * One measurement: a generator making {@code frames} frames at a size, alone and while the encoder runs beside
     * it as in a real fill.
     *
     * @param generateMillis the generator alone, frames thrown away
     * @param encodeBusyMillis the time the encoder thread spent encoding during the overlapped run
     * @param overlappedMillis wall time of generating and encoding together, as {@code fill} does
     * @param take what the take was encoded to, as a fill would: {@code mp4} (H.264), or with alpha the alpha
     *             format ({@code qtrle}, {@code ffv1}; parameter {@code alphaFormat})
     */
    record Row(String generator, int width, int height, int frames, long generateMillis, long encodeBusyMillis,
               long overlappedMillis, String take) {
        public double generateFps() {
            return frames * 1000.0 / Math.max(1, generateMillis);
        }

        public double overlappedFps() {
            return frames * 1000.0 / Math.max(1, overlappedMillis);
        }
    }

    /**
     * Runs each generator at each size ({@code {width, height}}) for {@code frames} frames. Bridge gets two
     * synthetic neighbour clips with known motion. {@code parameters} go to every generator (e.g. {@code look=snow}).
     */
    List<Row> run(List<String> generators, List<int[]> sizes, int frames, java.util.Map<String, String> parameters,
                  Progress progress, Cancellation cancel);
}
