package genshot.cli.internal;

import genshot.api.Benchmarks;
import genshot.api.CancelledException;
import genshot.api.Genshot;
import genshot.api.GenshotException;
import genshot.api.Panel;
import genshot.api.Problem;
import genshot.diffusion.ModelPacks;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import java.io.PrintWriter;
import java.nio.file.Path;
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
@Command(name = "genshot", scope = CommandLine.ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = GenshotCommand.Version.class,
        description = "Generate shots into the gaps of a Kdenlive or OpenShot timeline, with local models.",
        footerHeading = "%nExamples:%n",
        footer = {"  genshot gaps film.kdenlive",
                "  genshot fill film.kdenlive --gap V1:1 -g fog -p \"thick morning fog\" --seed 7",
                "  genshot fill --help   (every command says what it takes, with examples)"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "1:a problem (one line on standard error: what, where, what to do)",
                "2:bad usage (a missing, unknown or contradictory option, a value of the wrong form)",
                "3:an internal error (a bug in genshot)", "4:status: an editor's save dropped a take",
                "130:cancelled (Ctrl-C); nothing was changed"})
public final class GenshotCommand {
    /**
     * The commands, in the order the help lists them. They are added to the command line by {@link #commandLine}:
     * all of them, or only the one the arguments name (picocli reads the annotations of every command it is given,
     * and loads their classes: a tenth of a second or more of a start-up that would be spent on commands not run).
     */
    static final java.util.List<Class<?>> COMMANDS = java.util.List.of(GapsCommand.class, FillCommand.class,
            TakesCommand.class, UseCommand.class, UndoCommand.class, StatusCommand.class, PlanCommand.class,
            RenderCommand.class, ApplyCommand.class, FarmCommand.class, GeneratorsCommand.class, BenchCommand.class,
            PanelCommand.class, ModelsCommand.class, CommandLine.HelpCommand.class);

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
        // the workflow also plans, renders and applies many shots (genshot plan, render, apply)
        services.put(genshot.api.ShotPlans.class, genshot instanceof genshot.api.ShotPlans p ? p : null);
        services.put(Supplier.class, panel);
        services.put(Benchmarks.class, benchmarks);
        CommandLine cl = commandLine(new Factory(services), args.length > 0 ? args[0] : null);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof CancelledException) {
                err.println("genshot: cancelled; the project was not changed");
                return CANCELLED;
            }
            if (ex instanceof GenshotException g) {
                err.println("genshot: " + oneLine(g.problem()));
                return isUsage(g.problem().code()) ? USAGE : PROBLEM;
            }
            err.println("genshot: internal error: " + flat(String.valueOf(ex), 400)
                    + " (please report it; set GENSHOT_DEBUG=1 for details)");
            if (System.getenv("GENSHOT_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, argv) -> {
            // one line saying what is wrong, then where to look: the command's help, with its example
            CommandLine where = ex.getCommandLine();
            String name = where.getCommandSpec().qualifiedName();
            err.println(name + ": " + prose(ex.getMessage(), 400));
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                err.println("Did you mean: " + String.join(" or ", u.getSuggestions().stream()
                        .map(x -> name + " " + x).toList()) + "?");
            }
            err.println("See '" + name + " --help' for what it takes, with an example.");
            return USAGE;
        });
        if (args.length == 0) {
            cl.usage(err);
            return USAGE;
        }
        return cl.execute(args);
    }

    /**
     * The command line: the top command and, when {@code first} (the first argument) is exactly one command's name,
     * only that command; otherwise (no argument, an option, {@code help}, a name that is not a command: the help,
     * the version and picocli's "did you mean" need them) every command.
     */
    static CommandLine commandLine(CommandLine.IFactory factory, String first) {
        CommandLine cl = new CommandLine(new GenshotCommand(), factory);
        Class<?> only = null;
        for (Class<?> c : COMMANDS) {
            if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(first)) {
                only = c;
            }
        }
        for (Class<?> c : COMMANDS) {
            if (only == null || c == only) {
                cl.addSubcommand(new CommandLine(c, factory));
            }
        }
        return cl;
    }

    /**
     * Whether a problem is bad usage (exit status 2) rather than a problem with the project or the machine: codes
     * starting with {@code usage.}, a generator parameter that does not exist or has a value of the wrong form
     * ({@code parameter.unknown}, {@code parameter.invalid}, and a generator's own {@code <generator>.parameter}), a
     * generator or device name that is not one genshot knows.
     */
    static boolean isUsage(String code) {
        return code != null && (code.startsWith("usage.") || code.startsWith("parameter.")
                || code.endsWith(".parameter") || code.equals("generator.unknown") || code.equals("device.unknown"));
    }

    /**
     * A problem as the one line the CLI promises, whatever it carries: line breaks and other control characters become
     * spaces, and each part is cut to a length a terminal line can hold (the parts come from damaged files too).
     */
    static String oneLine(Problem p) {
        return new Problem(p.code(), prose(p.message(), 400), p.file() == null ? null : flat(p.file(), 300),
                p.place() == null ? null : flat(p.place(), 160), p.hint() == null ? null : prose(p.hint(), 500))
                .oneLine();
    }

    /**
     * A range as genshot shows it everywhere: {@code 50+25 (00:00:02:00+00:00:01:00)}, start and length in frames
     * (as {@code --range} takes them) and the same as timecode; frames alone when the rate is not known.
     */
    static String range(TimeRange r, Rate rate) {
        return rate == null ? r.toString() : r.text(rate);
    }

    /** The project's frame rate, or null when it cannot be read now (the output then shows frames only). */
    static Rate rateOf(Genshot genshot, Path project) {
        try {
            return genshot.open(project).timeline().rate();
        } catch (RuntimeException unreadable) {
            return null;
        }
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
