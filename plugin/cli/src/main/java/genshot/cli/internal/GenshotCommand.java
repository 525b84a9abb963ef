package genshot.cli.internal;

import genshot.api.CancelledException;
import genshot.api.Genshot;
import genshot.api.GenshotException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top command; exit status 0 on success, 1 for a problem, 2 for bad usage, 130 when cancelled. */
@Command(name = "genshot", mixinStandardHelpOptions = true, versionProvider = GenshotCommand.Version.class,
        description = "Generate shots into the gaps of a Kdenlive timeline, with local models.",
        subcommands = {GapsCommand.class, FillCommand.class, TakesCommand.class, UseCommand.class, UndoCommand.class,
                GeneratorsCommand.class,
                CommandLine.HelpCommand.class})
public final class GenshotCommand {
    static final int PROBLEM = 1;
    static final int CANCELLED = 130;

    static int run(Genshot genshot, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new GenshotCommand(), new Factory(genshot));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof CancelledException) {
                err.println("genshot: cancelled; the project was not changed");
                return CANCELLED;
            }
            if (ex instanceof GenshotException g) {
                err.println("genshot: " + g.problem().oneLine());
                return PROBLEM;
            }
            err.println("genshot: internal error: " + ex + " (please report it; set GENSHOT_DEBUG=1 for details)");
            if (System.getenv("GENSHOT_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return 3;
        });
        if (args.length == 0) {
            cl.usage(err);
            return 2;
        }
        return cl.execute(args);
    }

    /** Builds commands with the workflow service handed in (picocli instantiates them reflectively otherwise). */
    private record Factory(Genshot genshot) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (var c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Genshot.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(genshot));
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
