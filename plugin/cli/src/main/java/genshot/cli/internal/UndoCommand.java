package genshot.cli.internal;

import genshot.api.Genshot;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "undo", description = {"Restore the project as it was before genshot's last insertion.",
        "Refused when the project was changed since (the backups stay in <project>.genshot/backups/)."})
final class UndoCommand implements Callable<Integer> {
    private final Genshot genshot;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "a .kdenlive project")
    Path project;

    UndoCommand(Genshot genshot) {
        this.genshot = genshot;
    }

    @Override
    public Integer call() {
        Path restored = genshot.undo(project);
        spec.commandLine().getOut().printf("Restored %s from %s.%n", project, restored);
        return 0;
    }
}
