package genshot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Benchmarks.Row#median} and the repeated {@link Benchmarks#run}: each figure the median of the runs. */
class BenchmarksTest {

    private static Benchmarks.Row row(String g, int w, long gen, long fill, long encodeOnly, long cpu) {
        return new Benchmarks.Row(g, w, w / 2, 48, gen, gen / 2, fill, "mp4", "x264", 48, encodeOnly, -1, cpu,
                cpu / 2, cpu * 2, 2);
    }

    @Test
    void eachFigureIsTheMedianOfItsOwnRuns() {
        Benchmarks.Row m = Benchmarks.Row.median(List.of(row("fog", 640, 900, 1400, 300, 10),
                row("fog", 640, 1100, 1000, 200, 30), row("fog", 640, 1000, 1200, 250, 20)));
        assertEquals(1000, m.generateMillis());
        assertEquals(500, m.encodeBusyMillis());
        assertEquals(1200, m.overlappedMillis());
        assertEquals(250, m.encodeOnlyMillis());
        assertEquals(-1, m.ffmpegMillis());
        assertEquals(20, m.generateCpuMillis());
        assertEquals(10, m.encodeOnlyCpuMillis());
        assertEquals(40, m.overlappedCpuMillis());
        assertEquals("x264", m.encoder());
        // an even count: the upper middle one
        assertEquals(1100, Benchmarks.Row.median(List.of(row("fog", 640, 900, 0, 0, 0),
                row("fog", 640, 1100, 0, 0, 0))).generateMillis());
        assertThrows(IllegalArgumentException.class, () -> Benchmarks.Row.median(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Benchmarks.Row.median(List.of(row("fog", 640, 1, 1, 1, 1),
                row("slug", 640, 1, 1, 1, 1))), "different generators are not one measurement");
        assertThrows(IllegalArgumentException.class, () -> Benchmarks.Row.median(List.of(row("fog", 640, 1, 1, 1, 1),
                row("fog", 1280, 1, 1, 1, 1))), "nor different sizes");
    }

    @Test
    void repeatedRunsSweepEverythingOnceARoundAndReportProgressOverAllOfThem() {
        List<String> order = new ArrayList<>();
        long[][] gen = {{900, 5000}, {1100, 7000}, {1000, 6000}};
        Benchmarks sweeps = (ids, sizes, frames, params, progress, cancel) -> {
            int k = order.size();
            order.add("sweep " + k);
            List<Benchmarks.Row> rows = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                progress.report("benchmark", i, sizes.size());
                rows.add(row(ids.get(0), sizes.get(i)[0], gen[k][i], gen[k][i], 1, 1));
            }
            return rows;
        };
        List<Long> done = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        List<Benchmarks.Row> rows = sweeps.run(List.of("fog"), List.of(new int[] {640, 360}, new int[] {1920, 1080}),
                48, 3, Map.of(), (phase, d, t) -> {
                    done.add(d);
                    totals.add(t);
                }, () -> false);
        assertEquals(List.of("sweep 0", "sweep 1", "sweep 2"), order);
        assertEquals(2, rows.size());
        assertEquals(640, rows.get(0).width());
        assertEquals(1000, rows.get(0).generateMillis());
        assertEquals(1920, rows.get(1).width());
        assertEquals(6000, rows.get(1).generateMillis());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), done, "progress counts on across the sweeps");
        assertEquals(List.of(6L, 6L, 6L, 6L, 6L, 6L), totals);
        assertThrows(IllegalArgumentException.class, () -> sweeps.run(List.of("fog"), List.of(), 48, 0, Map.of(),
                Progress.NONE, () -> false));
    }
}
