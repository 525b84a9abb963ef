package genshot.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GenshotException;
import genshot.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The script {@code genshot farm slurm} writes, read back as sbatch and bash read it, and the checks before it. */
class SlurmTest {

    /** A folder name with what shells and sbatch's reader treat specially: quotes, $, `, %, #, *, !, unicode. */
    static final String ODD = "plan 'one' \"two\" $HOME `x` 100% #3 *! é 🎬";

    @TempDir
    Path dir;

    /** A plan folder with {@code shots} shots in its plan file. */
    static Path plan(Path parent, String name, int shots) throws Exception {
        Path plan = parent.resolve(name);
        Files.createDirectories(plan);
        StringBuilder b = new StringBuilder("{\"shots\":[");
        for (int i = 0; i < shots; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":\"s").append(String.format("%02d", i + 1)).append("\"}");
        }
        Files.writeString(plan.resolve("plan.json"), b.append("]}").toString());
        return plan;
    }

    /** A stand-in for genshot that writes the arguments it was given, NUL-separated, to {@code $ARGV_OUT}. */
    static Path recordingGenshot(Path parent) throws Exception {
        Path bin = parent.resolve("bin 'b' \"c\" ü");
        Files.createDirectories(bin);
        Path exe = bin.resolve("gen shot");
        Files.writeString(exe, "#!/bin/bash\nprintf '%s\\0' \"$0\" \"$@\" > \"$ARGV_OUT\"\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return exe;
    }

    @Test
    void sbatchLinesReadBackAsWritten() throws Exception {
        Path plan = plan(dir, ODD, 5);
        Path genshot = recordingGenshot(dir);
        Slurm.Script s = new Slurm().write(new Slurm.Job(plan, 3, "gpu,batch", "a100:2", "1-12:30",
                genshot.toString(), null));
        assertEquals(plan.resolve("slurm.sbatch"), s.file());
        assertEquals(Files.readString(s.file()), s.text());
        assertEquals(5, s.shots());
        assertEquals(List.of(), s.notes());
        assertTrue(s.text().startsWith("#!/bin/bash\n"), s.text());
        Map<String, String> o = sbatchOptions(s.text());
        assertEquals(List.of("--job-name", "--array", "--output", "--partition", "--gpus-per-task", "--time"),
                List.copyOf(o.keySet()), s.text());
        assertEquals("genshot-" + ODD, o.get("--job-name"));
        assertEquals("0-2", o.get("--array"));
        // sbatch replaces %A and %a and turns %% into %
        assertEquals(plan.resolve("logs").toString().replace("%", "%%") + "/slurm-%A_%a.out", o.get("--output"));
        assertEquals("gpu,batch", o.get("--partition"));
        assertEquals("a100:2", o.get("--gpus-per-task"));
        assertEquals("1-12:30", o.get("--time"));
        assertTrue(Files.isDirectory(plan.resolve("logs")));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.file())));
        try (var files = Files.list(plan)) {
            assertEquals(List.of("logs", "plan.json", "slurm.sbatch"), files.map(f -> f.getFileName().toString())
                    .sorted().toList(), "no temporary file left");
        }

        Map<String, String> plain = sbatchOptions(new Slurm().write(new Slurm.Job(plan(dir, "plain", 2), 1, null,
                null, null, "/opt/genshot/bin/genshot", null)).text());
        assertEquals(Map.of("--job-name", "genshot-plain", "--array", "0-0", "--output",
                dir.resolve("plain/logs").toString() + "/slurm-%A_%a.out"), plain);
    }

    @Test
    void theBodyRunsGenshotRenderWithEveryWordIntact() throws Exception {
        Path plan = plan(dir, ODD, 5);
        Path genshot = recordingGenshot(dir);
        Slurm.Script s = new Slurm().write(new Slurm.Job(plan, 3, null, null, null, genshot.toString(), null));
        Path argv = dir.resolve("argv");
        Tools.Result r = Tools.run(List.of("bash", s.file().toString()), dir, Duration.ofSeconds(20),
                Map.of("SLURM_ARRAY_TASK_ID", "2", "ARGV_OUT", argv.toString()));
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(List.of(genshot.toString(), "render", plan.toString(), "--shard", "2/3", "--no-progress"),
                nulSeparated(Files.readAllBytes(argv)));

        // run outside Slurm, the script says so instead of rendering shard "/3"
        Files.delete(argv);
        r = Tools.run(List.of("bash", s.file().toString()), dir, Duration.ofSeconds(20), Map.of("ARGV_OUT",
                argv.toString()));
        assertTrue(r.exitCode() != 0);
        assertTrue(r.stderr().contains("submit this script with sbatch"), r.stderr());
        assertFalse(Files.exists(argv));
    }

    @Test
    void genshotComesFromTheSystemPropertyUnlessGiven() throws Exception {
        Path plan = plan(dir, "p", 2);
        String before = System.getProperty(Slurm.COMMAND_PROPERTY);
        try {
            System.setProperty(Slurm.COMMAND_PROPERTY, "/opt/gen shot/bin/genshot");
            assertTrue(new Slurm().write(Slurm.Job.of(plan, 2)).text()
                    .contains("\nexec '/opt/gen shot/bin/genshot' render " + plan + " --shard "));
            assertTrue(new Slurm().write(new Slurm.Job(plan, 2, null, null, null, "genshot", null)).text()
                    .contains("\nexec genshot render "));
            System.clearProperty(Slurm.COMMAND_PROPERTY);
            GenshotException e = assertThrows(GenshotException.class, () -> new Slurm().write(Slurm.Job.of(plan, 2)));
            assertEquals("usage.genshot", e.problem().code());
            assertTrue(e.problem().hint().contains("--genshot"), e.problem().hint());
        } finally {
            if (before == null) {
                System.clearProperty(Slurm.COMMAND_PROPERTY);
            } else {
                System.setProperty(Slurm.COMMAND_PROPERTY, before);
            }
        }
    }

    @Test
    void timeLimitsInSlurmsForms() {
        for (String ok : new String[] {"90", "0", "5:30", "2:00:00", "100:59:59", "1-12", "1-0:30", "3-23:59:59"}) {
            Slurm.checkTime(ok);
        }
        for (String bad : new String[] {"", "1h", "1:60", "1:2:60", "1:60:00", "1-24", "1-2:60", "-5", "1.5",
                "1:2:3:4", "1-2-3", " 90", "UNLIMITED"}) {
            GenshotException e = assertThrows(GenshotException.class, () -> Slurm.checkTime(bad), bad);
            assertEquals("usage.time", e.problem().code());
            assertTrue(e.problem().message().contains("MM:SS, HH:MM:SS, D-HH"), e.problem().message());
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path plan = plan(dir, "p", 4);
        Map<String, Slurm.Job> bad = new LinkedHashMap<>();
        bad.put("usage.shards", new Slurm.Job(plan, 0, null, null, null, "genshot", null));
        bad.put("usage.tasks", new Slurm.Job(plan, 3, null, null, null, "genshot", List.of(1, 3)));
        bad.put("usage.partition", new Slurm.Job(plan, 3, "gpu;rm -rf", null, null, "genshot", null));
        bad.put("usage.gpus", new Slurm.Job(plan, 3, null, "0", null, "genshot", null));
        bad.put("usage.time", new Slurm.Job(plan, 3, null, null, "2h", "genshot", null));
        bad.put("plan.missing", new Slurm.Job(dir.resolve("nowhere"), 3, null, null, null, "genshot", null));
        for (var e : bad.entrySet()) {
            GenshotException x = assertThrows(GenshotException.class, () -> new Slurm().write(e.getValue()),
                    e.getKey());
            assertEquals(e.getKey(), x.problem().code(), x.getMessage());
            assertTrue(x.problem().hint() != null && !x.problem().hint().isBlank(), x.getMessage());
        }
        assertFalse(Files.exists(plan.resolve("slurm.sbatch")));
        assertFalse(Files.exists(plan.resolve("logs")));

        for (String name : new String[] {"back\\slash", "line\nbreak"}) {
            Path p = plan(dir, name, 2);
            GenshotException x = assertThrows(GenshotException.class, () -> new Slurm().write(
                    new Slurm.Job(p, 2, null, null, null, "genshot", null)));
            assertEquals("slurm.path", x.problem().code());
            assertFalse(Files.exists(p.resolve("slurm.sbatch")));
        }
    }

    @Test
    void moreShardsThanShotsIsAllowedAndSaid() throws Exception {
        Slurm.Script s = new Slurm().write(new Slurm.Job(plan(dir, "p", 2), 5, null, null, null, "genshot", null));
        assertEquals("0-4", sbatchOptions(s.text()).get("--array"));
        assertEquals(List.of("5 shards for 2 shots: 3 tasks will have nothing to render (--shards 2 is enough)"),
                s.notes());
    }

    @Test
    void someTasksOnly() throws Exception {
        Slurm.Script s = new Slurm().write(new Slurm.Job(plan(dir, "p", 9), 6, null, null, null, "genshot",
                List.of(4, 1, 4)));
        assertEquals("1,4", sbatchOptions(s.text()).get("--array"));
        assertTrue(s.text().contains("--shard \"${SLURM_ARRAY_TASK_ID:?"), s.text());
        assertTrue(s.text().contains("}/6\" --no-progress\n"), s.text());
    }

    @Test
    void noSbatchSaysWhatToDo() throws Exception {
        Path plan = plan(dir, "p", 2);
        GenshotException e = assertThrows(GenshotException.class, () -> new Slurm(dir.resolve("no-sbatch").toString(),
                Map.of()).submit(new Slurm.Job(plan, 2, null, null, null, "genshot", null)));
        assertEquals("slurm.missing", e.problem().code());
        assertTrue(e.problem().hint().contains("install Slurm's client"), e.problem().hint());
        assertTrue(e.problem().hint().contains("genshot render " + plan + " --shard I/N"), e.problem().hint());
    }

    private static List<String> nulSeparated(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return Arrays.asList(s.substring(0, s.length() - 1).split("\0", -1));
    }

    /**
     * The {@code #SBATCH} options of a script as sbatch's reader takes them: the first word after {@code #SBATCH},
     * where quotes (single or double) group, a backslash takes the next character as it is (inside quotes too), and
     * an unquoted {@code #} ends the line.
     */
    static Map<String, String> sbatchOptions(String script) {
        Map<String, String> o = new LinkedHashMap<>();
        for (String line : script.split("\n")) {
            if (!line.startsWith("#SBATCH ")) {
                continue;
            }
            String s = line.substring("#SBATCH ".length()).stripLeading();
            StringBuilder arg = new StringBuilder();
            char quote = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    arg.append(s.charAt(++i));
                } else if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        arg.append(c);
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (Character.isWhitespace(c) || c == '#') {
                    break;
                } else {
                    arg.append(c);
                }
            }
            String a = arg.toString();
            int eq = a.indexOf('=');
            o.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "" : a.substring(eq + 1));
        }
        return o;
    }
}
