package genshot.cli.internal;

import genshot.api.Benchmarks;
import genshot.api.CancelledException;
import genshot.api.Genshot;
import genshot.api.GenshotException;
import genshot.api.Panel;
import genshot.api.Problem;
import genshot.diffusion.ModelPacks;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top command; exit status 0 on success, 1 for a problem, 2 for bad usage (picocli's own checks and problems whose
 * code starts with {@code usage.}), 3 for an internal error, 130 when cancelled. A problem is printed as one line.
 */
@Command(name = "genshot", mixinStandardHelpOptions = true, versionProvider = GenshotCommand.Version.class,
        description = "Generate shots into the gaps of a Kdenlive timeline, with local models.",
        subcommands = {GapsCommand.class, FillCommand.class, TakesCommand.class, UseCommand.class, UndoCommand.class, StatusCommand.class,
                GeneratorsCommand.class, BenchCommand.class, PanelCommand.class, ModelsCommand.class,
                CommandLine.HelpCommand.class})
public final class GenshotCommand {
    static final int PROBLEM = 1;
    static final int USAGE = 2;
    static final int INTERNAL = 3;
    static final int CANCELLED = 130;

    static int run(Genshot genshot, String[] args, PrintWriter out, PrintWriter err) {
        return run(genshot, () -> null, null, args, out, err);
    }

    /**
     * @param panel the panel service, or null when it is not installed (asked each time: it may come and go)
     * @param benchmarks the benchmark service, or null
     */
    static int run(Genshot genshot, Supplier<Panel> panel, Benchmarks benchmarks, String[] args, PrintWriter out,
                   PrintWriter err) {
        return run(genshot, panel, benchmarks, null, args, out, err);
    }

    /** @param packs the diffusion model packs service, or null when it is not installed */
    static int run(Genshot genshot, Supplier<Panel> panel, Benchmarks benchmarks, ModelPacks packs, String[] args,
                   PrintWriter out, PrintWriter err) {
        Map<Class<?>, Object> services = new HashMap<>();
        services.put(ModelPacks.class, packs);
        services.put(Genshot.class, genshot);
        services.put(Supplier.class, panel);
        services.put(Benchmarks.class, benchmarks);
        CommandLine cl = new CommandLine(new GenshotCommand(), new Factory(services));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof CancelledException) {
                err.println("genshot: cancelled; the project was not changed");
                return CANCELLED;
            }
            if (ex instanceof GenshotException g) {
                err.println("genshot: " + oneLine(g.problem()));
                String code = g.problem().code();
                return code != null && code.startsWith("usage.") ? USAGE : PROBLEM;
            }
            err.println("genshot: internal error: " + flat(String.valueOf(ex), 400)
                    + " (please report it; set GENSHOT_DEBUG=1 for details)");
            if (System.getenv("GENSHOT_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return INTERNAL;
        });
        if (args.length == 0) {
            cl.usage(err);
            return USAGE;
        }
        return cl.execute(args);
    }

    /**
     * A problem as the one line the CLI promises, whatever it carries: line breaks and other control characters become
     * spaces, and each part is cut to a length a terminal line can hold (the parts come from damaged files too).
     */
    static String oneLine(Problem p) {
        return new Problem(p.code(), prose(p.message(), 400), p.file() == null ? null : flat(p.file(), 300),
                p.place() == null ? null : flat(p.place(), 160), p.hint() == null ? null : prose(p.hint(), 300))
                .oneLine();
    }

    /** Words on one line: each run of line breaks and other control characters one space, cut to {@code max}. */
    static String prose(String s, int max) {
        if (s == null) {
            return "";
        }
        return flat(s.replaceAll("[\\p{Cntrl}\u2028\u2029]+", " "), max);
    }

    /**
     * {@code s} on one line, cut to {@code max} characters: line breaks and other control characters are written as
     * escapes (backslash-n, backslash-u and four hex digits), so a name that holds one is shown as it is, unambiguously.
     */
    static String flat(String s, int max) {
        if (s == null) {
            return "";
        }
        String e = Problem.escape(s);
        StringBuilder b = new StringBuilder(e.length() > max ? e.substring(0, max + 1) : e);
        if (b.length() <= max) {
            return b.toString();
        }
        int cut = max - 3;
        if (Character.isHighSurrogate(b.charAt(cut - 1))) {
            cut--;
        }
        return b.substring(0, cut) + "...";
    }

    /**
     * Builds commands with the services they take in their constructor (by parameter type; a missing optional
     * service is passed as null), others the usual way.
     */
    private record Factory(Map<Class<?>, Object> services) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (var c : cls.getDeclaredConstructors()) {
                Class<?>[] types = c.getParameterTypes();
                if (types.length > 0 && Arrays.stream(types).allMatch(services::containsKey)) {
                    Object[] args = Arrays.stream(types).map(services::get).toArray();
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(args));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GenshotCommand.class.getPackage().getImplementationVersion();
            return new String[] {"genshot " + (v == null ? versionFromBundle() : v)};
        }

        private static String versionFromBundle() {
            try (var in = GenshotCommand.class.getResourceAsStream("/META-INF/MANIFEST.MF")) {
                if (in != null) {
                    String bv = new java.util.jar.Manifest(in).getMainAttributes().getValue("Bundle-Version");
                    if (bv != null) {
                        return bv;
                    }
                }
            } catch (java.io.IOException ignored) {
                // fall through
            }
            return "dev";
        }
    }
}
