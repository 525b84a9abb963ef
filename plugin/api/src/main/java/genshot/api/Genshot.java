package genshot.api;

import java.nio.file.Path;
import java.util.List;

/** The whole workflow, as the CLI and the panel use it. */
public interface Genshot {

    /** Reads a project with the adapter for its host and lists its gaps. */
    ProjectSummary open(Path project);

    /** The generators installed. */
    List<GeneratorInfo> generators();

    /**
     * Generates a take for a gap (or part of it) and keeps it beside the project with its sidecar; the project
     * itself is not touched. Everything is checked before generation starts, so an impossible request writes
     * nothing.
     */
    Take generate(FillRequest request, Progress progress, Cancellation cancel);

    /**
     * Puts a take into its range on its track, which must still be free: keeps a backup of the project, saves
     * atomically, and records the insertion in the project's journal (for {@link #undo}).
     */
    FillResult insert(Path project, Take take);

    /**
     * Swaps the take that sits in {@code take}'s range on its track (put there by genshot) for {@code take}, in
     * place: same backup, atomic save and journal entry as {@link #insert}.
     */
    FillResult replace(Path project, Take take);

    /** {@link #generate} then {@link #insert}: what {@code genshot fill} does. */
    FillResult fill(FillRequest request, Progress progress, Cancellation cancel);

    /** Every take kept for this project, oldest first. */
    List<Take> takes(Path project);

    /**
     * Restores the project as it was before genshot's last insertion, if the project is still exactly as genshot
     * saved it (otherwise refuses and names the backup to open by hand). The state undone is kept as a backup too.
     *
     * @return the backup that was restored, and what the live link did
     */
    UndoResult undo(Path project);

    /**
     * Whether the project's journal holds an insertion or replacement of genshot's not yet undone: what {@link #undo}
     * would restore (it still refuses when the project changed since, and says why). Reads the journal only.
     *
     * @since 1.7.0
     */
    default boolean canUndo(Path project) {
        return true;
    }

    /**
     * The editors that have the project open (with unsaved changes or not) and genshot's insertions that an editor's
     * save dropped since. Bounded in time: a bus or an editor that does not answer counts as no editor.
     */
    LiveState live(Path project);

    /**
     * Makes the editor that holds unsaved changes in {@code project} save them (its own save), and waits until the
     * file on disk has changed: "Save in Kdenlive and insert". Does nothing when no editor holds unsaved changes.
     *
     * @throws GenshotException ({@code host.cannot-save}) when the editor cannot be made to save, or its save did not
     *         reach the file in time
     */
    void saveInEditor(Path project);
}
