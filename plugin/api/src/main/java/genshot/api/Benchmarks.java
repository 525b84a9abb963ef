package genshot.api;

import java.util.List;

/** Measures the generators and the encoder, for {@code genshot bench}. */
public interface Benchmarks {

    /**
     * One measurement: a generator making {@code frames} frames at a size, alone and while the encoder runs beside
     * it as in a real fill, and the encoder alone on the frames the generator made.
     *
     * @param generateMillis the generator alone, frames thrown away
     * @param encodeBusyMillis the time the encoder thread spent encoding during the overlapped run
     * @param overlappedMillis wall time of generating and encoding together, as {@code fill} does
     * @param take what the take was encoded to, as a fill would: {@code mp4} (H.264), or with alpha the alpha
     *             format ({@code qtrle}, {@code ffv1}; parameter {@code alphaFormat})
     * @param encoder the encoder that made the take, by name (e.g. {@code ffmpeg 8.0.1 libx264})
     * @param encodeFrames how many of the generator's frames the encode-only runs used (all of them unless they did
     *                     not fit in memory); 0: not measured
     * @param encodeOnlyMillis the encoder alone on those frames, made beforehand (open to finish)
     * @param ffmpegMillis the ffmpeg program on the same frames at the same settings (raw BGR piped in, the
     *                     process timed alone); -1: not measured (no {@code ffmpeg} on the PATH, or a take with alpha)
     * @param generateCpuMillis processor time of the whole process (every thread, native ones included) while the
     *                          generator ran alone; -1: not known (since 1.5)
     * @param encodeOnlyCpuMillis the same for the encoder alone; -1: not known (since 1.5)
     * @param overlappedCpuMillis the same for the overlapped run; -1: not known (since 1.5)
     * @param cores the processors the process could use (since 1.5)
     */
    record Row(String generator, int width, int height, int frames, long generateMillis, long encodeBusyMillis,
               long overlappedMillis, String take, String encoder, int encodeFrames, long encodeOnlyMillis,
               long ffmpegMillis, long generateCpuMillis, long encodeOnlyCpuMillis, long overlappedCpuMillis,
               int cores) {
        /** Without the processor times (1.4's row). */
        public Row(String generator, int width, int height, int frames, long generateMillis, long encodeBusyMillis,
                   long overlappedMillis, String take, String encoder, int encodeFrames, long encodeOnlyMillis,
                   long ffmpegMillis) {
            this(generator, width, height, frames, generateMillis, encodeBusyMillis, overlappedMillis, take, encoder,
                    encodeFrames, encodeOnlyMillis, ffmpegMillis, -1, -1, -1, 1);
        }

        /** Without the encode-only figures. */
        public Row(String generator, int width, int height, int frames, long generateMillis, long encodeBusyMillis,
                   long overlappedMillis, String take) {
            this(generator, width, height, frames, generateMillis, encodeBusyMillis, overlappedMillis, take, "", 0, 0,
                    -1);
        }

        public double generateFps() {
            return frames * 1000.0 / Math.max(1, generateMillis);
        }

        public double overlappedFps() {
            return frames * 1000.0 / Math.max(1, overlappedMillis);
        }

        /** Frames/s of the encoder alone; 0 when not measured. */
        public double encodeOnlyFps() {
            return encodeFrames == 0 ? 0 : encodeFrames * 1000.0 / Math.max(1, encodeOnlyMillis);
        }

        /** Frames/s of the ffmpeg program on the same frames; 0 when not measured. */
        public double ffmpegFps() {
            return ffmpegMillis < 0 || encodeFrames == 0 ? 0 : encodeFrames * 1000.0 / Math.max(1, ffmpegMillis);
        }

        /**
         * The overlapped fill's wall time over generating and then encoding alone ({@code generate + encode-only},
         * encode-only scaled to all frames): below 1 the overlap saves time; 0 when not measured.
         */
        public double overlapRatio() {
            if (encodeFrames == 0) {
                return 0;
            }
            double encodeAll = encodeOnlyMillis * (double) frames / encodeFrames;
            return overlappedMillis / Math.max(1.0, generateMillis + encodeAll);
        }

        /**
         * The lowest {@link #overlapRatio()} this machine allows for this work, estimated from the processor times:
         * an overlapped run takes at least as long as the longer of the two alone, and at least the processor time
         * both need together spread over every core ({@code max(gen, enc, (cpuGen + cpuEnc) / cores) / (gen + enc)}).
         * A generator and an encoder that each keep every core busy cannot overlap at all (floor 1); the goal of
         * 0.7 needs work that leaves cores idle. 0 when not measured.
         */
        public double overlapFloor() {
            if (encodeFrames == 0 || generateCpuMillis < 0 || encodeOnlyCpuMillis < 0) {
                return 0;
            }
            double scale = (double) frames / encodeFrames;
            double encodeAll = encodeOnlyMillis * scale;
            double cpu = generateCpuMillis + encodeOnlyCpuMillis * scale;
            double least = Math.max(Math.max(generateMillis, encodeAll), cpu / Math.max(1, cores));
            return least / Math.max(1.0, generateMillis + encodeAll);
        }

        /** Processor time over wall time of the generator alone (2.0: two cores busy); 0 when not measured. */
        public double generateCores() {
            return generateCpuMillis < 0 ? 0 : generateCpuMillis / (double) Math.max(1, generateMillis);
        }

        /** Processor time over wall time of the encoder alone; 0 when not measured. */
        public double encodeOnlyCores() {
            return encodeOnlyCpuMillis < 0 || encodeFrames == 0 ? 0
                    : encodeOnlyCpuMillis / (double) Math.max(1, encodeOnlyMillis);
        }

        /** Processor time over wall time of the overlapped run; 0 when not measured. */
        public double overlappedCores() {
            return overlappedCpuMillis < 0 ? 0 : overlappedCpuMillis / (double) Math.max(1, overlappedMillis);
        }

        /**
         * One row of the same measurement made several times: each time the median of the runs' (the upper middle
         * one of an even count), the rest from the first run. Since 1.6.
         *
         * @throws IllegalArgumentException when {@code runs} is empty or its rows measure different things
         */
        public static Row median(List<Row> runs) {
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("no runs");
            }
            Row a = runs.get(0);
            for (Row r : runs) {
                if (!r.generator.equals(a.generator) || r.width != a.width || r.height != a.height
                        || r.frames != a.frames) {
                    throw new IllegalArgumentException(r.generator + " " + r.width + "x" + r.height + " is not "
                            + a.generator + " " + a.width + "x" + a.height);
                }
            }
            return new Row(a.generator, a.width, a.height, a.frames, median(runs, Row::generateMillis),
                    median(runs, Row::encodeBusyMillis), median(runs, Row::overlappedMillis), a.take, a.encoder,
                    a.encodeFrames, median(runs, Row::encodeOnlyMillis), median(runs, Row::ffmpegMillis),
                    median(runs, Row::generateCpuMillis), median(runs, Row::encodeOnlyCpuMillis),
                    median(runs, Row::overlappedCpuMillis), a.cores);
        }

        private static long median(List<Row> runs, java.util.function.ToLongFunction<Row> figure) {
            long[] v = runs.stream().mapToLong(figure).sorted().toArray();
            return v[v.length / 2];
        }
    }

    /**
     * Runs each generator at each size ({@code {width, height}}) for {@code frames} frames. Bridge gets two
     * synthetic neighbour clips with known motion. {@code parameters} go to every generator (e.g. {@code look=snow}).
     */
    List<Row> run(List<String> generators, List<int[]> sizes, int frames, java.util.Map<String, String> parameters,
                  Progress progress, Cancellation cancel);

    /**
     * The same {@code runs} times over, each row the {@link Row#median median} of its measurements: the whole set
     * is measured once, then again, so the runs of each generator and size are interleaved with the others'. Since
     * 1.6.
     *
     * @throws IllegalArgumentException when {@code runs} is below 1
     */
    default List<Row> run(List<String> generators, List<int[]> sizes, int frames, int runs,
                          java.util.Map<String, String> parameters, Progress progress, Cancellation cancel) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs " + runs + " must be at least 1");
        }
        List<List<Row>> each = new java.util.ArrayList<>();
        for (int r = 0; r < runs; r++) {
            int round = r;
            List<Row> rows = run(generators, sizes, frames, parameters,
                    (phase, done, total) -> progress.report(phase, round * total + done, runs * total), cancel);
            for (int i = 0; i < rows.size(); i++) {
                if (each.size() <= i) {
                    each.add(new java.util.ArrayList<>());
                }
                each.get(i).add(rows.get(i));
            }
        }
        return each.stream().map(Row::median).toList();
    }
}
