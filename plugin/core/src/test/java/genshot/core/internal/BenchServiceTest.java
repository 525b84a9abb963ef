package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Benchmarks;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.generators.internal.SlugGenerator;
import genshot.media.internal.HumbleMediaEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark runs the real generator and encoder; figures are printed by genshot bench, not asserted. */
class BenchServiceTest {

    @Test
    void measuresEachGeneratorAtEachSize() {
        BenchService bench = new BenchService(List.of(new SlugGenerator()), new HumbleMediaEncoder());
        List<Benchmarks.Row> rows = bench.run(List.of("slug"), List.of(new int[] {64, 36}, new int[] {128, 72}), 6,
                java.util.Map.of(), Progress.NONE, () -> false);
        assertEquals(2, rows.size());
        assertEquals(List.of(64, 128), rows.stream().map(Benchmarks.Row::width).toList());
        for (Benchmarks.Row r : rows) {
            assertEquals("slug", r.generator());
            assertEquals(6, r.frames());
            assertTrue(r.overlappedMillis() >= 0 && r.generateFps() > 0 && r.overlappedFps() > 0, r.toString());
        }
    }

    @Test
    void theEncoderAloneAndTheFfmpegProgramAreMeasuredOnTheGeneratorsFrames() {
        BenchService bench = new BenchService(List.of(new SlugGenerator(), new SlugPlate()), new HumbleMediaEncoder());
        List<Benchmarks.Row> rows = bench.run(List.of("slug", "slug-plate"), List.of(new int[] {64, 36}), 5,
                java.util.Map.of(), Progress.NONE, () -> false);
        for (Benchmarks.Row r : rows) {
            assertEquals(5, r.encodeFrames(), "all frames fit in memory: " + r);
            assertTrue(r.encodeOnlyFps() > 0 && r.overlapRatio() > 0, r.toString());
            assertEquals("humble-video 0.3.0 libx264", r.encoder());
            // processor times of the process (clock ticks: a tiny run may read 0), known on Linux
            assertTrue(r.generateCpuMillis() >= 0 && r.encodeOnlyCpuMillis() >= 0 && r.overlappedCpuMillis() >= 0,
                    r.toString());
            assertEquals(Runtime.getRuntime().availableProcessors(), r.cores());
            assertTrue(r.overlapFloor() > 0, "a floor wherever the encoder alone was measured: " + r);
        }
        assertEquals(-1, rows.get(1).ffmpegMillis(), "no ffmpeg figure for a take with alpha");
        if (onPath("ffmpeg")) {
            assertTrue(rows.get(0).ffmpegMillis() >= 0 && rows.get(0).ffmpegFps() > 0, rows.get(0).toString());
        } else {
            assertEquals(-1, rows.get(0).ffmpegMillis());
        }
    }

    @Test
    void theFfmpegProgramTakesTheSettingsOfGenshotsTakes() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("ffmpeg") || Boolean.getBoolean("genshot.requireHosts"),
                "ffmpeg is not installed");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bench-ffmpeg");
        try {
            List<genshot.api.Frame> frames = new java.util.ArrayList<>();
            for (int i = 0; i < 7; i++) {
                frames.add(BenchService.texture(64, 36, i * 4, i));
            }
            assertTrue(BenchService.ffmpegMillis(frames, dir.resolve("x.mp4")) >= 0, "ffmpeg ran and succeeded");
            assertTrue(java.nio.file.Files.notExists(dir.resolve("x.mp4")), "its file is removed");
        } finally {
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void platesAreEncodedAsAFillWouldEncodeThem() {
        BenchService bench = new BenchService(List.of(new SlugGenerator(), new SlugPlate()), new HumbleMediaEncoder());
        List<Benchmarks.Row> rows = bench.run(List.of("slug", "slug-plate"), List.of(new int[] {64, 36}), 4,
                java.util.Map.of(), Progress.NONE, () -> false);
        assertEquals(List.of("mp4", "qtrle"), rows.stream().map(Benchmarks.Row::take).toList());
        List<Benchmarks.Row> ffv1 = bench.run(List.of("slug-plate"), List.of(new int[] {64, 36}), 4,
                java.util.Map.of("alphaFormat", "ffv1"), Progress.NONE, () -> false);
        assertEquals("ffv1", ffv1.get(0).take());
    }

    @Test
    void theEncoderIsWarmedByAWholeFillBeforeItIsTimedAlone() {
        // the real encoder, counting what each writer it opens is given: a warm-up fill (not timed), the encoder
        // alone on the kept frames, then the timed fill; without the first, the encode-only figure of a Java encoder
        // timed the JIT compiling it, and its floor came out above what a fill reached
        HumbleMediaEncoder real = new HumbleMediaEncoder();
        List<int[]> writers = new java.util.ArrayList<>();
        List<String> replaced = new java.util.ArrayList<>();
        genshot.api.MediaEncoder counting = new genshot.api.MediaEncoder() {
            @Override
            public genshot.api.VideoWriter open(java.nio.file.Path out, int width, int height,
                                                genshot.timeline.Rate rate) {
                if (java.nio.file.Files.exists(out)) {
                    replaced.add(out.getFileName().toString());
                }
                return count(real.open(out, width, height, rate));
            }

            private genshot.api.VideoWriter count(genshot.api.VideoWriter w) {
                int[] frames = new int[2];
                writers.add(frames);
                return new genshot.api.VideoWriter() {
                    @Override
                    public void accept(genshot.api.Frame f) {
                        frames[0]++;
                        w.accept(f);
                    }

                    @Override
                    public genshot.api.MediaInfo finish() {
                        frames[1] = 1;
                        return w.finish();
                    }

                    @Override
                    public void close() {
                        w.close();
                    }
                };
            }
        };
        BenchService bench = new BenchService(List.of(new SlugGenerator()), counting);
        bench.run(List.of("slug"), List.of(new int[] {64, 36}), 5, java.util.Map.of(), Progress.NONE, () -> false);
        // (the clips around the bench's gap, which the bridge reads, are written first)
        List<String> seen = writers.stream().map(w -> w[0] + (w[1] == 1 ? " finished" : " open")).toList();
        assertEquals(List.of("12 finished", "12 finished"), seen.subList(0, 2), "the neighbours: " + seen);
        // a warm-up fill, then warm-up rounds (encoder alone, fill) until the JIT is quiet, then the timed ones
        int rounds = (seen.size() - 2 - 1 - 2) / 2;
        assertTrue(rounds >= 1 && rounds <= BenchService.WARM_ROUNDS && seen.size() == 2 + 1 + 2 * rounds + 2,
                "warm-up fill, 1 to " + BenchService.WARM_ROUNDS + " warm-up rounds, encoder alone, timed fill: "
                        + seen);
        assertEquals(java.util.Collections.nCopies(seen.size() - 2, "5 finished"), seen.subList(2, seen.size()),
                "every run writes and finishes the whole take: " + seen);
        // each run writes a new file, as a fill writes a new take: replacing a file would time its deletion too
        assertEquals(List.of(), replaced, "files replaced");
    }

    @Test
    void theGeneratorDrawsIntoLentArraysInEveryRunAsInAFill() {
        // a generator that asks to be lent arrays, as the plate generators do: the bench must lend in every run (the
        // generator alone as well as the fills), so that it times the code a fill runs, on one path through it
        List<String> runs = new java.util.ArrayList<>();
        genshot.api.ShotGenerator lending = new genshot.api.ShotGenerator() {
            private final SlugGenerator slug = new SlugGenerator();

            @Override
            public genshot.api.GeneratorInfo info() {
                genshot.api.GeneratorInfo i = slug.info();
                return new genshot.api.GeneratorInfo("lending", i.title(), i.description(), i.model(),
                        i.modelFiles(), i.parameters(), i.devices());
            }

            @Override
            public genshot.api.ShotResult generate(genshot.api.ShotRequest request, genshot.api.ShotSpec spec,
                                                   genshot.api.FrameSink sink, Progress progress,
                                                   genshot.api.Cancellation cancel) {
                int[] lent = new int[2];
                genshot.api.ShotResult r = slug.generate(request, spec, f -> {
                    genshot.api.Frame into = sink.lend(f.index(), f.width(), f.height(), false);
                    lent[into != null ? 0 : 1]++;
                    if (into != null) {
                        System.arraycopy(f.bgr(), 0, into.bgr(), 0, f.bgr().length);
                        sink.accept(into);
                    } else {
                        sink.accept(f);
                    }
                }, progress, cancel);
                runs.add(lent[0] + " lent, " + lent[1] + " not");
                return r;
            }
        };
        BenchService bench = new BenchService(List.of(lending), new HumbleMediaEncoder());
        bench.run(List.of("lending"), List.of(new int[] {64, 36}), 4, java.util.Map.of(), Progress.NONE, () -> false);
        // warm-up fill, each warm-up round's generator alone and fill, then the timed generator alone and fill
        assertTrue(runs.size() >= 5, runs.toString());
        assertEquals(java.util.Collections.nCopies(runs.size(), "4 lent, 0 not"), runs);
    }

    @Test
    void theGeneratorAloneIsLentTheSameArraysEachFrameUntilTheShapeChanges() {
        BenchService.Discard d = new BenchService.Discard();
        genshot.api.Frame a = d.lend(0, 8, 4, true);
        d.accept(a);
        genshot.api.Frame b = d.lend(1, 8, 4, true);
        assertTrue(a.bgr() == b.bgr() && a.alpha() == b.alpha(), "the same arrays");
        assertEquals(1, b.index());
        genshot.api.Frame c = d.lend(2, 8, 4, false);
        assertEquals(null, c.alpha());
        genshot.api.Frame e = d.lend(3, 16, 4, false);
        assertEquals(16 * 4 * 3, e.bgr().length);
    }

    @Test
    void anUnknownGeneratorIsAProblem() {
        BenchService bench = new BenchService(List.of(new SlugGenerator()), new HumbleMediaEncoder());
        GenshotException e = assertThrows(GenshotException.class,
                () -> bench.run(List.of("sora"), List.of(new int[] {64, 36}), 4, java.util.Map.of(), Progress.NONE, () -> false));
        assertEquals("generator.unknown", e.problem().code());
    }

    @Test
    void theBridgeTextureMovesFourPixelsPerFrame() {
        var a = BenchService.texture(64, 8, 0, 0);
        var b = BenchService.texture(64, 8, 4, 1);
        for (int x = 0; x < 60; x++) {
            assertEquals(a.bgr()[x * 3], b.bgr()[(x + 4) * 3], "pixel " + x);
        }
    }
}
