package genshot.testkit;

import genshot.api.GenshotException;
import genshot.api.HostAdapter;
import genshot.api.HostProject;
import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.api.Problem;
import genshot.timeline.Clip;
import genshot.timeline.GapSlot;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Seeded mutation fuzzing of a host adapter over its golden projects, in process (thousands of mutants a minute).
 *
 * <p>Each mutant is a golden project changed by one {@link Mutator} (chosen, like everything else, from a random
 * generator seeded by the run's seed and the mutant's number, so that one mutant can be made again alone). The adapter
 * must either refuse it when reading, or read it and take a fill of one of its gaps:
 * <ul>
 * <li><b>a refusal</b> is a {@link GenshotException} whose problem has a code, names the mutant's file, says where and
 * what to do, and prints on one line of at most {@link #MAX_LINE} characters; any other throwable (a
 * {@code NumberFormatException}, a {@code StackOverflowError}...) is a failure;</li>
 * <li><b>a project that reads</b> lists its gaps; its warnings follow the same rules; a take inserted over its first gap
 * (on an unlocked video track) is accepted, serialized, and read again with a clip exactly there; an insertion refused
 * on purpose (an unknown track) changes nothing; and the project serialized without an edit reads again. A refusal
 * there would be one "after the work is done": a take generated for nothing;</li>
 * <li><b>no writes</b>: the mutant file keeps its bytes and no other file appears beside it.</li>
 * </ul>
 */
public final class ProjectFuzzer {

    /** The longest problem line a terminal shows whole, as {@code Problem.oneLine()} gives it. */
    public static final int MAX_LINE = 300;

    private static final Pattern CODE = Pattern.compile("[a-z]+(\\.[a-z]+(-[a-z]+)*)+");

    /** One way of damaging a project: a name (for the figures and to reproduce) and the change. */
    public interface Mutator {
        String name();

        /** A damaged copy of {@code original}; may return it unchanged when it finds nothing to change. */
        byte[] mutate(byte[] original, SplittableRandom random);

        static Mutator of(String name, java.util.function.BiFunction<byte[], SplittableRandom, byte[]> f) {
            return new Mutator() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public byte[] mutate(byte[] original, SplittableRandom random) {
                    return f.apply(original, random);
                }
            };
        }
    }

    /** What a run found. */
    public record Figures(String host, long seed, int mutants, int unchanged, int refused, int read, int inserted,
            Map<String, Integer> refusalsByCode, Map<String, Integer> mutantsByMutator, List<String> failures, long millis) {

        /** One paragraph for the test's output. */
        public String summary() {
            return String.format("fuzz %s: seed %d, %d mutants (%d identical to their golden) in %.1f s: %d refused, %d read"
                            + " (%d filled, written and read again); %d failures%n  refusals by code: %s%n  mutants by"
                            + " mutator: %s%s", host, seed, mutants, unchanged, millis / 1000.0, refused, read, inserted,
                    failures.size(), refusalsByCode, mutantsByMutator, failures.isEmpty() ? ""
                            : "\n  " + String.join("\n  ", failures.subList(0, Math.min(failures.size(), 40))));
        }
    }

    private final HostAdapter adapter;
    private final List<Path> goldens;
    private final List<byte[]> goldenBytes = new ArrayList<>();
    private final List<Mutator> mutators;
    private final String extension;

    /**
     * @param adapter the adapter under test
     * @param goldens its golden projects (the seeds of the mutants)
     * @param mutators the ways of damaging them (generic ones: {@link #byteMutators()})
     * @param extension the project file extension, with the dot
     */
    public ProjectFuzzer(HostAdapter adapter, List<Path> goldens, List<Mutator> mutators, String extension) {
        this.adapter = adapter;
        this.goldens = List.copyOf(goldens);
        this.mutators = List.copyOf(mutators);
        this.extension = extension;
        for (Path g : goldens) {
            try {
                goldenBytes.add(Files.readAllBytes(g));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The mutant number {@code index} of a run with {@code seed}: golden, mutator and bytes. */
    public Mutant mutant(long seed, int index) {
        SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        int g = r.nextInt(goldens.size());
        Mutator m = mutators.get(r.nextInt(mutators.size()));
        byte[] original = goldenBytes.get(g);
        byte[] bytes = m.mutate(original.clone(), r);
        return new Mutant(index, goldens.get(g).getFileName().toString(), m.name(), bytes, Arrays.equals(bytes, original));
    }

    /** A damaged project. */
    public record Mutant(int index, String golden, String mutator, byte[] bytes, boolean unchanged) {
        String label() {
            return "#" + index + " " + mutator + " of " + golden;
        }
    }

    /** Runs {@code count} mutants with {@code seed} in {@code dir} (one sub-folder per mutant, deleted after). */
    public Figures run(long seed, int count, Path dir) {
        long t0 = System.nanoTime();
        Map<String, Integer> byCode = new TreeMap<>();
        Map<String, Integer> byMutator = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int refused = 0;
        int read = 0;
        int inserted = 0;
        int unchanged = 0;
        Path take = dir.resolve("take.mp4");
        try {
            Files.createDirectories(dir);
            Files.write(take, "genshot fuzz take placeholder\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < count; i++) {
            Mutant m = mutant(seed, i);
            byMutator.merge(m.mutator(), 1, Integer::sum);
            if (m.unchanged()) {
                unchanged++;
            }
            Path folder = dir.resolve("m" + i);
            Path file = folder.resolve("project" + extension);
            try {
                Files.createDirectories(folder);
                Files.write(file, m.bytes());
                Outcome o = one(m, file, take);
                switch (o.kind) {
                    case REFUSED -> {
                        refused++;
                        byCode.merge(o.code, 1, Integer::sum);
                    }
                    case READ -> read++;
                    case INSERTED -> {
                        read++;
                        inserted++;
                    }
                    default -> failures.add(m.label() + ": " + o.failure);
                }
                if (!Arrays.equals(m.bytes(), Files.readAllBytes(file))) {
                    failures.add(m.label() + ": the project file was written");
                }
                try (Stream<Path> s = Files.list(folder)) {
                    List<Path> extra = s.filter(p -> !p.equals(file)).toList();
                    if (!extra.isEmpty()) {
                        failures.add(m.label() + ": files appeared beside the project: " + extra);
                    }
                }
                deleteTree(folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Figures(adapter.host(), seed, count, unchanged, refused, read, inserted, byCode, byMutator, failures,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private enum Kind { REFUSED, READ, INSERTED, FAILED }

    private record Outcome(Kind kind, String code, String failure) {
        static Outcome failed(String why) {
            return new Outcome(Kind.FAILED, null, why);
        }
    }

    /** Reads one mutant and, when it reads, fills a gap and writes it (in memory). */
    private Outcome one(Mutant m, Path file, Path take) {
        HostProject p;
        try {
            p = adapter.read(file, m.bytes());
        } catch (GenshotException e) {
            String bad = badProblem(e.problem(), file, true);
            return bad == null ? new Outcome(Kind.REFUSED, e.problem().code(), null) : Outcome.failed("refusal " + bad);
        } catch (Throwable t) {
            return Outcome.failed("read threw " + describe(t));
        }
        String stage = "the timeline";
        try {
            Timeline t = p.timeline();
            t.gaps();
            stage = "warnings()";
            for (Problem w : p.warnings()) {
                String bad = badProblem(w, file, false);
                if (bad != null) {
                    return Outcome.failed("warning " + bad);
                }
            }
            stage = "serialize() without an edit";
            byte[] same = p.serialize();
            stage = "reading what serialize() wrote without an edit";
            adapter.read(file, same);
            stage = "a refused insertion";
            GapSlot gap = t.gaps().stream().filter(g -> t.track(g.track()).map(tr -> !tr.locked()).orElse(false))
                    .findFirst().orElse(null);
            TimeRange anyRange = gap == null ? new TimeRange(0, 1) : gap.range();
            MediaInfo info = new MediaInfo(t.width(), t.height(), t.rate(), anyRange.duration(), false, 30);
            try {
                p.insert(new InsertRequest(take, info, "V999", anyRange, "take.mp4"));
                return Outcome.failed("an insertion on track V999 was accepted");
            } catch (GenshotException e) {
                String bad = badProblem(e.problem(), file, false);
                if (bad != null) {
                    return Outcome.failed("insertion refusal " + bad);
                }
            }
            if (!Arrays.equals(same, p.serialize())) {
                return Outcome.failed("a refused insertion changed the document");
            }
            if (gap == null) {
                return new Outcome(Kind.READ, null, null);
            }
            stage = "insert over " + gap.id() + " " + gap.range();
            p.insert(new InsertRequest(take, info, gap.track(), gap.range(), "take.mp4"));
            stage = "serialize() after the insertion";
            byte[] out = p.serialize();
            stage = "reading the filled project again";
            HostProject again = adapter.read(file, out);
            Track track = again.timeline().track(gap.track()).orElse(null);
            if (track == null || !clipAt(again, track, gap.range(), take)) {
                return Outcome.failed("the filled project read again has no take over " + gap.range() + " on " + gap.track());
            }
            return new Outcome(Kind.INSERTED, null, null);
        } catch (Throwable t) {
            return Outcome.failed("accepted when read, then " + stage + " threw " + describe(t));
        }
    }

    private static boolean clipAt(HostProject p, Track track, TimeRange range, Path take) {
        List<TimeRange> ranges = track.itemRanges();
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).equals(range) && track.items().get(i) instanceof Clip c) {
                Path m = p.mediaPath(c);
                return m != null && m.toAbsolutePath().normalize().equals(take.toAbsolutePath().normalize());
            }
        }
        return false;
    }

    /** What is wrong with a problem, or null: code, file, place, hint, one line of at most {@link #MAX_LINE}. */
    private static String badProblem(Problem p, Path file, boolean refusal) {
        String line = p.oneLine();
        String shown = line.length() > 160 ? line.substring(0, 160) + "..." : line;
        if (p.code() == null || !CODE.matcher(p.code()).matches()) {
            return "has no proper code (" + p.code() + "): " + shown;
        }
        if (p.file() == null || !Path.of(p.file()).getFileName().equals(file.getFileName())) {
            return p.code() + " does not name the file: " + shown;
        }
        if (p.message() == null || p.message().isBlank()) {
            return p.code() + " has no message";
        }
        if (refusal && (p.place() == null || p.place().isBlank())) {
            return p.code() + " has no place: " + shown;
        }
        if (refusal && (p.hint() == null || p.hint().isBlank())) {
            return p.code() + " says nothing to do: " + shown;
        }
        if (line.chars().anyMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029 || c == 0x7f)) {
            return p.code() + " is not one line: " + shown.replace("\n", "\\n").replace("\r", "\\r");
        }
        if (line.length() > MAX_LINE) {
            return p.code() + " has " + line.length() + " characters: " + shown;
        }
        return null;
    }

    private static String describe(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        String at = "";
        for (StackTraceElement e : st) {
            if (e.getClassName().startsWith("genshot.") && !e.getClassName().startsWith("genshot.testkit.")) {
                at = " at " + e.getClassName().replaceAll(".*\\.", "") + "." + e.getMethodName() + ":" + e.getLineNumber();
                break;
            }
        }
        String msg = String.valueOf(t.getMessage());
        return t.getClass().getSimpleName() + at + ": " + (msg.length() > 160 ? msg.substring(0, 160) + "..." : msg)
                .replace("\n", "\\n");
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    // ------------------------------------------------------------------ generic byte and text mutators

    /** Values that break numbers and times: huge, negative, not a number, past any bound, not a number at all. */
    public static final String[] ODD_NUMBERS = {"-1", "0", "-0", "1e12", "1e308", "-1e308", "1e-300", "NaN", "Infinity",
        "-Infinity", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999",
        "2147483648", "4294967296", "0.5", "1.0000001", "-99999", "99:99:99.999", "00:00:00:99", "1:2:3:4:5", "1e", "--1",
        "0x10", "", " ", "\u0661\u0662", "3" + "0".repeat(400)};

    /** Strings that break messages and paths: long, with line breaks and control characters, odd Unicode. */
    public static String oddString(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> "x".repeat(1 + r.nextInt(200_000));
            case 1 -> "line one\nline two\r\nthree";
            case 2 -> "\u0007\u0000\u001b[31mred\u001b[0m";
            case 3 -> "\u2028\u2029\u0085 separators";
            case 4 -> "\ud83c\udfac clap \u202e reversed";
            case 5 -> "";
            case 6 -> "../../../../etc/passwd";
            default -> "z".repeat(1_000_000);
        };
    }

    /** Bytes that are not UTF-8, and a NUL. */
    private static final byte[][] BAD_BYTES = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xc3}, {0}, {(byte) 0xe2, (byte) 0x82}};

    /** Mutators that know nothing of the format: cuts, deletions, copies, stray bytes, encodings, junk. */
    public static List<Mutator> byteMutators() {
        List<Mutator> out = new ArrayList<>();
        out.add(Mutator.of("truncate", (b, r) -> Arrays.copyOf(b, r.nextInt(b.length))));
        out.add(Mutator.of("delete-bytes", (b, r) -> {
            int at = r.nextInt(b.length);
            int n = 1 + r.nextInt(Math.min(64, b.length - at));
            return concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + n, b.length));
        }));
        out.add(Mutator.of("flip-byte", (b, r) -> {
            b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            return b;
        }));
        out.add(Mutator.of("bad-utf8", (b, r) -> {
            int at = r.nextInt(b.length);
            return concat(Arrays.copyOf(b, at), BAD_BYTES[r.nextInt(BAD_BYTES.length)], Arrays.copyOfRange(b, at, b.length));
        }));
        out.add(Mutator.of("delete-lines", (b, r) -> lines(b, r, (ls, a, n) -> {
            for (int k = 0; k < n && a < ls.size(); k++) {
                ls.remove(a);
            }
        })));
        out.add(Mutator.of("duplicate-lines", (b, r) -> lines(b, r, (ls, a, n) -> {
            List<String> copy = new ArrayList<>(ls.subList(a, Math.min(ls.size(), a + n)));
            ls.addAll(Math.min(ls.size(), a + n), copy);
        })));
        out.add(Mutator.of("swap-lines", (b, r) -> lines(b, r, (ls, a, n) -> {
            int c = r.nextInt(ls.size());
            String t = ls.get(a);
            ls.set(a, ls.get(c));
            ls.set(c, t);
        })));
        out.add(Mutator.of("odd-number", (b, r) -> {
            String s = new String(b, StandardCharsets.UTF_8);
            java.util.regex.Matcher m = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|\\d\\d:\\d\\d:\\d\\d[.:;]\\d+").matcher(s);
            List<int[]> spans = new ArrayList<>();
            while (m.find()) {
                spans.add(new int[] {m.start(), m.end()});
            }
            if (spans.isEmpty()) {
                return b;
            }
            int[] at = spans.get(r.nextInt(spans.size()));
            return (s.substring(0, at[0]) + ODD_NUMBERS[r.nextInt(ODD_NUMBERS.length)] + s.substring(at[1]))
                    .getBytes(StandardCharsets.UTF_8);
        }));
        out.add(Mutator.of("odd-string", (b, r) -> {
            String s = new String(b, StandardCharsets.UTF_8);
            java.util.regex.Matcher m = Pattern.compile("\"([^\"\\\\<>&]{1,80})\"|>([^<]{1,80})<").matcher(s);
            List<int[]> spans = new ArrayList<>();
            while (m.find()) {
                int g = m.group(1) != null ? 1 : 2;
                spans.add(new int[] {m.start(g), m.end(g)});
            }
            if (spans.isEmpty()) {
                return b;
            }
            int[] at = spans.get(r.nextInt(spans.size()));
            String odd = oddString(r).replace("\"", "").replace("<", "").replace("&", "");
            return (s.substring(0, at[0]) + odd + s.substring(at[1])).getBytes(StandardCharsets.UTF_8);
        }));
        out.add(Mutator.of("byte-order-mark", (b, r) -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, b)));
        out.add(Mutator.of("utf16", (b, r) -> {
            String s = new String(b, StandardCharsets.UTF_8);
            return s.getBytes(switch (r.nextInt(4)) {
                case 0 -> StandardCharsets.UTF_16;
                case 1 -> StandardCharsets.UTF_16LE;
                case 2 -> StandardCharsets.UTF_16BE;
                default -> java.nio.charset.Charset.forName("UTF-32");
            });
        }));
        out.add(Mutator.of("latin1", (b, r) -> new String(b, StandardCharsets.UTF_8).replaceFirst("\"", "\"\u00e9\u00fc")
                .getBytes(StandardCharsets.ISO_8859_1)));
        out.add(Mutator.of("trailing-junk", (b, r) -> concat(b, switch (r.nextInt(4)) {
            case 0 -> "garbage".getBytes(StandardCharsets.UTF_8);
            case 1 -> Arrays.copyOf(b, r.nextInt(b.length));
            case 2 -> "\n\n   \n".getBytes(StandardCharsets.UTF_8);
            default -> new byte[] {0, 0, 0};
        })));
        return out;
    }

    private interface LineEdit {
        void apply(List<String> lines, int at, int n);
    }

    private static byte[] lines(byte[] b, SplittableRandom r, LineEdit edit) {
        List<String> ls = new ArrayList<>(Arrays.asList(new String(b, StandardCharsets.UTF_8).split("\n", -1)));
        if (ls.size() < 2) {
            return b;
        }
        edit.apply(ls, r.nextInt(ls.size()), 1 + r.nextInt(Math.min(8, ls.size())));
        return String.join("\n", ls).getBytes(StandardCharsets.UTF_8);
    }

    /** The byte arrays one after the other. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
