package genshot.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The link with a running editor of one host: finds the editors that have a project open, and drives what can be
 * driven (reload, save). One implementation per host adapter. Every call is bounded in time: an editor or a bus that
 * does not answer makes a link report nothing, never stall the caller.
 */
public interface LiveLink {

    /** The host's id, as {@link HostAdapter#host()}. */
    String host();

    /**
     * The running editors of this host that have {@code project} open (or may have: a name match whose folder cannot
     * be told counts). Empty when no editor runs, or none can be reached within {@code within}.
     */
    List<LiveSession> find(Path project, Duration within);

    /**
     * Makes the editor read the project again from disk, so a change genshot saved shows on its timeline and is kept
     * by its next save. Only called when the editor held no unsaved changes a moment before.
     *
     * @return true when the editor reloaded; false when it cannot (the caller then asks the user to reopen)
     */
    default boolean reload(LiveSession session, Duration within) {
        return false;
    }

    /**
     * Makes the editor save the project (its own save, as Ctrl+S), for "save in the editor, then insert".
     *
     * @return true when the save was triggered
     */
    default boolean save(LiveSession session, Duration within) {
        return false;
    }
}
