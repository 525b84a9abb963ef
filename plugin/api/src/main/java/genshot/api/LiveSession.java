package genshot.api;

import java.nio.file.Path;

/**
 * An editor that has a project open, as a {@link LiveLink} sees it at one moment.
 *
 * @param host the host's id ("kdenlive", "openshot")
 * @param editor the editor as a person names it, with its version when known ("Kdenlive 22.12.3")
 * @param pid the editor's process id
 * @param project the project file the editor has open (as the link found it)
 * @param sure how sure the link is that this editor has <em>this</em> project open
 * @param evidence what the link went by ("window title and command line")
 * @param unsaved whether the editor holds unsaved changes: {@code TRUE}, {@code FALSE}, or null when it cannot tell
 * @param canReload whether genshot can make the editor reload the project from disk
 * @param canSave whether genshot can make the editor save the project
 */
public record LiveSession(String host, String editor, long pid, Path project, Sureness sure, String evidence,
                          Boolean unsaved, boolean canReload, boolean canSave) {

    /** How sure a link is that an editor has the project open. "Maybe open" counts as open. */
    public enum Sureness {
        /** The editor's own words (window title) and where it opened the file from (process, recent files) agree. */
        SURE,
        /** The editor shows a project of this name, but where it was opened from could not be told. */
        MAYBE
    }

    /** The editor's name without its version: "Kdenlive". */
    public String editorName() {
        int sp = editor.indexOf(' ');
        return sp > 0 ? editor.substring(0, sp) : editor;
    }

    /** "Kdenlive 22.12.3: open, saved", "OpenShot 2.6.1: open, unsaved changes". */
    public String describe() {
        String state = unsaved == null ? "open" : unsaved ? "open, unsaved changes" : "open, saved";
        return editor + ": " + state + (sure == Sureness.MAYBE ? " (maybe: " + evidence + ")" : "");
    }
}
