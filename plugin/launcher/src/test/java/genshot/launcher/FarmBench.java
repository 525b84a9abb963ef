package genshot.launcher;

import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Item;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.SlurmCluster;
import genshot.testkit.Tools;
import genshot.timeline.Rate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Wall time of rendering a plan of six shots: one process ({@code genshot render PLAN}) against three shards on a
 * real one-node Slurm cluster ({@code genshot farm slurm PLAN --shards 3 --wait}, the cluster started here as
 * {@code SlurmFarmIT} does; root only) and against three {@code genshot render --shard i/3} processes started at once
 * on this machine. Runs are interleaved; each figure is the median (min-max) in seconds. A benchmark, not a test:
 *
 * <pre>
 *   mvn -o -q -pl plugin/launcher dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 *   java -Druns=5 -cp plugin/launcher/target/test-classes:$(cat plugin/launcher/target/bench.cp) \
 *       genshot.launcher.FarmBench [generator [WxH [frames per shot]]]
 * </pre>
 * (from the repository root, after {@code mvn package}; default {@code fog 640x360 25}).
 */
public final class FarmBench {
    private FarmBench() {
    }

    public static void main(String[] args) throws Exception {
        String generator = args.length > 0 ? args[0] : "fog";
        String[] size = (args.length > 1 ? args[1] : "640x360").split("x");
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        int runs = Integer.getInteger("runs", 5);
        int w = Integer.parseInt(size[0]);
        int h = Integer.parseInt(size[1]);
        Path dir = Files.createTempDirectory("genshot-farm-bench");
        Media a = ProjectFixtures.pattern(dir.resolve("a.mp4"), "testsrc2", Rate.FPS_25, w, h, 60, false, 0);
        List<Item> items = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            items.add(Item.clip(a, k * 5, 20));
            items.add(Item.blank(frames));
        }
        items.add(Item.clip(a, 40, 20));
        Path project = ProjectFixtures.project(Rate.FPS_25, w, h).video(items.toArray(Item[]::new))
                .write(dir.resolve("film.kdenlive"));
        Path plan = dir.resolve("film.plan");
        Path genshot = Path.of(System.getProperty("genshot.repoRoot", ".")).resolve("bin/genshot").toAbsolutePath();
        run(Map.of(), genshot.toString(), "plan", project.toString(), "--all", "-g", generator, "-p", "morning fog",
                "--seed", "1", "--out", plan.toString(), "--no-progress");

        SlurmCluster cluster = SlurmCluster.available() ? SlurmCluster.start() : null;
        Map<String, List<Double>> times = new LinkedHashMap<>();
        try {
            for (int r = 0; r < runs; r++) {
                time(times, "one process (render PLAN)", plan, () -> run(Map.of(), genshot.toString(), "render",
                        plan.toString(), "--no-progress"));
                if (cluster != null) {
                    java.time.Instant submitted = java.time.Instant.now();
                    time(times, "3 shards on Slurm (farm slurm --shards 3 --wait)", plan, () -> run(cluster.env(),
                            genshot.toString(), "farm", "slurm", plan.toString(), "--shards", "3", "--wait"));
                    if (Boolean.getBoolean("verbose")) {
                        // when each task started and ended, from the shard reports (seconds after the submission)
                        for (int i = 0; i < 3; i++) {
                            var report = FillEndToEndIT.JSON.readTree(plan.resolve("shards/" + i + "-of-3.json")
                                    .toFile());
                            System.out.printf("    shard %d: %.1f-%.1f s%n", i, seconds(submitted,
                                    report.get("started").asText()), seconds(submitted, report.get("finished").asText()));
                        }
                    }
                }
                time(times, "3 local processes (render --shard i/3)", plan, () -> {
                    List<Process> ps = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        ps.add(new ProcessBuilder(genshot.toString(), "render", plan.toString(), "--shard", i + "/3",
                                "--no-progress").redirectErrorStream(true).redirectOutput(
                                ProcessBuilder.Redirect.DISCARD).start());
                    }
                    for (Process p : ps) {
                        if (p.waitFor() != 0) {
                            throw new IllegalStateException("a shard failed");
                        }
                    }
                });
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
        System.out.printf("plan of 6 shots, %s %dx%d, %d frames each, %d interleaved runs, %d cores%n", generator, w, h,
                frames, runs, Runtime.getRuntime().availableProcessors());
        double one = median(times.values().iterator().next());
        times.forEach((name, t) -> System.out.printf("  %-50s %6.2f s (%.2f-%.2f)  %.2fx%n", name, median(t),
                t.stream().min(Double::compare).orElseThrow(), t.stream().max(Double::compare).orElseThrow(),
                one / median(t)));
    }

    interface Work {
        void run() throws Exception;
    }

    private static void time(Map<String, List<Double>> times, String name, Path plan, Work work) throws Exception {
        clean(plan);
        long t0 = System.nanoTime();
        work.run();
        times.computeIfAbsent(name, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e9);
    }

    /** Removes the takes, reports and logs of the previous run: the next renders everything again. */
    private static void clean(Path plan) throws Exception {
        for (String sub : List.of("takes", "shards", "logs")) {
            Path d = plan.resolve(sub);
            if (Files.exists(d)) {
                try (Stream<Path> s = Files.walk(d)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static void run(Map<String, String> env, String... cmd) {
        Tools.run(List.of(cmd), null, Duration.ofMinutes(20), env).requireSuccess();
    }

    private static double seconds(java.time.Instant from, String to) {
        return Duration.between(from, java.time.Instant.parse(to)).toMillis() / 1000.0;
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
