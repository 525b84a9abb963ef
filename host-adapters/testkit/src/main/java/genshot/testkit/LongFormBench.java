package genshot.testkit;

import genshot.api.HostAdapter;
import genshot.api.HostProject;
import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.timeline.GapSlot;
import genshot.timeline.Rate;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The long-form benchmark of a host adapter: for each size, a {@link LongForm} project is read (parse: the file's
 * bytes to a project and its timeline), then its gaps are listed, a take is inserted into the middle gap of V1 and the
 * project is serialized and written beside the original (insert+save, the file written as the core writes it: a
 * temporary file moved into place). Prints per size the median of the runs with min-max, for parse, insert+save and
 * total, the heap the read project keeps (live heap after a full GC with the project held, and its ratio to the file)
 * and the bytes allocated per run. One warm-up run per size precedes the measured runs; the first (cold) total is
 * printed too.
 */
public final class LongFormBench {

    private LongFormBench() {
    }

    /**
     * Runs the benchmark. {@code args}: the number of measured runs (default 7), then the sizes in clips (default 1000
     * 5000 20000). {@code make CLIPS FILE} writes a project; {@code once FILE} reads it, inserts a take and saves it
     * beside it once (run with a small {@code -Xmx} to find the smallest heap the adapter works in).
     */
    public static void run(String host, HostAdapter adapter, BiFunction<Path, Integer, Path> generator, String ext,
                           String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("make")) {
            // make a project once (the generator needs far more heap than the adapter)
            System.out.println(generator.apply(Path.of(args[2]).toAbsolutePath(), Integer.parseInt(args[1])));
            return;
        }
        if (args.length == 2 && args[0].equals("once")) {
            // one read, insert and save of a made project, in whatever heap -Xmx gives: the smallest heap that works
            Path file = Path.of(args[1]).toAbsolutePath();
            Path take = Files.write(file.resolveSibling("take.mp4"), new byte[200_000]);
            HostProject p = adapter.read(file, Files.readAllBytes(file));
            insertAndSave(p, take, file.resolveSibling("out." + ext));
            System.out.printf("%s: read, insert and save of %d bytes worked with -Xmx%dm%n", host, Files.size(file),
                    Runtime.getRuntime().maxMemory() >> 20);
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int[] sizes = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1000, 5000, 20000};
        Path dir = Files.createTempDirectory("genshot-longform-");
        try {
            Path take = dir.resolve("take.mp4");
            byte[] takeBytes = new byte[200_000];
            for (int i = 0; i < takeBytes.length; i++) {
                takeBytes[i] = (byte) (i * 31 + (i >> 9));
            }
            Files.write(take, takeBytes);
            System.out.printf("%s long-form benchmark, Java %s, %d runs per size (median [min-max])%n", host,
                    Runtime.version(), runs);
            System.out.printf("%-7s %9s %22s %22s %22s %10s %7s %10s %s%n", "clips", "file KB", "parse ms",
                    "insert+save ms", "total ms", "live MB", "x file", "alloc MB", "cold total ms");
            for (int clips : sizes) {
                Path file = generator.apply(dir.resolve("long-" + clips + "." + ext), clips);
                byte[] content = Files.readAllBytes(file);
                List<Double> parse = new ArrayList<>();
                List<Double> save = new ArrayList<>();
                List<Double> total = new ArrayList<>();
                List<Double> alloc = new ArrayList<>();
                double cold = 0;
                for (int r = 0; r <= runs; r++) {
                    long a0 = allocated();
                    long t0 = System.nanoTime();
                    HostProject p = adapter.read(file, Files.readAllBytes(file));
                    p.timeline();
                    long t1 = System.nanoTime();
                    insertAndSave(p, take, dir.resolve("out." + ext));
                    long t2 = System.nanoTime();
                    long a1 = allocated();
                    if (r == 0) {
                        cold = (t2 - t0) / 1e6;
                        continue;
                    }
                    parse.add((t1 - t0) / 1e6);
                    save.add((t2 - t1) / 1e6);
                    total.add((t2 - t0) / 1e6);
                    alloc.add((a1 - a0) / 1e6);
                }
                long live = live(adapter, file, content);
                System.out.printf("%-7d %9d %22s %22s %22s %10.1f %7.1f %10s %.0f%n", clips, content.length / 1024,
                        stat(parse), stat(save), stat(total), live / 1e6, (double) live / content.length,
                        String.format("%.0f", median(alloc)), cold);
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * One long-form project, made once, and the operation a benchmark times (JMH's {@code LongFormJmh} of each adapter):
     * read the file's bytes into a project, list its gaps, insert a take into the middle gap of V1, serialize and write
     * it beside the original as the core writes it (a temporary file moved into place).
     */
    public static final class Workload implements AutoCloseable {
        private final HostAdapter adapter;
        private final Path dir;
        private final Path file;
        private final Path take;
        private final Path out;

        public Workload(HostAdapter adapter, BiFunction<Path, Integer, Path> generator, String ext, int clips)
                throws IOException {
            this.adapter = adapter;
            dir = Files.createTempDirectory("genshot-longform-");
            file = generator.apply(dir.resolve("long-" + clips + "." + ext), clips);
            take = Files.write(dir.resolve("take.mp4"), new byte[200_000]);
            out = dir.resolve("out." + ext);
        }

        /** The project file's size in bytes. */
        public long fileBytes() throws IOException {
            return Files.size(file);
        }

        /** Parse, insert and save once; returns the project (for the benchmark's blackhole). */
        public HostProject parseInsertSave() throws IOException {
            HostProject p = adapter.read(file, Files.readAllBytes(file));
            insertAndSave(p, take, out);
            return p;
        }

        @Override
        public void close() throws IOException {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void insertAndSave(HostProject p, Path take, Path out) throws IOException {
        List<GapSlot> gaps = p.timeline().gaps().stream().filter(g -> g.track().equals("V1")
                && g.position() == GapSlot.Position.INTERIOR).toList();
        GapSlot g = gaps.get(gaps.size() / 2);
        Rate rate = p.timeline().rate();
        p.insert(new InsertRequest(take, new MediaInfo(1920, 1080, rate, g.range().duration(), false,
                Files.size(take)), g.track(), g.range(), "shot 1"));
        byte[] bytes = p.serialize();
        Path part = out.resolveSibling(out.getFileName() + ".part");
        Files.write(part, bytes);
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Heap a read project keeps: live heap with it held minus live heap without. */
    private static long live(HostAdapter adapter, Path file, byte[] content) {
        long before = usedAfterGc();
        HostProject p = adapter.read(file, content.clone());
        p.timeline();
        long with = usedAfterGc();
        if (p.timeline().tracks().isEmpty()) {
            System.out.print("");
        }
        return Math.max(0, with - before);
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int k = 0; k < 3; k++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String stat(List<Double> v) {
        return String.format("%.0f [%.0f-%.0f]", median(v), v.stream().mapToDouble(d -> d).min().orElse(0),
                v.stream().mapToDouble(d -> d).max().orElse(0));
    }
}
