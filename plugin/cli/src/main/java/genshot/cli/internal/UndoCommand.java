package genshot.cli.internal;

import genshot.api.Genshot;
import genshot.api.UndoResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "undo",
        footer = {"  genshot undo film.kdenlive"},
        description = {"Restore the project as it was before genshot's last insertion.",
        "Refused when the project was changed since (the backups stay in <project>.genshot/backups/)."})
final class UndoCommand implements Callable<Integer> {
    private final Genshot genshot;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "a Kdenlive (.kdenlive) or OpenShot (.osp) project")
    Path project;

    @picocli.CommandLine.Option(names = "--save-in-editor", description = "when the editor that has the project "
            + "open holds unsaved changes, make it save them first (Kdenlive), instead of refusing")
    boolean saveInEditor;

    UndoCommand(Genshot genshot) {
        this.genshot = genshot;
    }

    @Override
    public Integer call() {
        if (saveInEditor) {
            genshot.saveInEditor(project);
        }
        UndoResult r = genshot.undo(project);
        var out = spec.commandLine().getOut();
        out.printf("Restored %s from %s.%n", FillCommand.line(project), FillCommand.line(r.restored()));
        FillCommand.printLive(out, r.live());
        return 0;
    }
}
