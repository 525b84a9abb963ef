package genshot.api;

import genshot.timeline.TimeRange;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A project as the live link and the journal see it: the editors that have it open, and genshot's insertions that an
 * editor's save dropped since.
 *
 * @param project the project file
 * @param host the host's id
 * @param sessions the running editors that have it open (empty: not open in an editor, or none could be reached)
 * @param dropped genshot insertions no longer in the project although genshot did not take them out
 * @param linkOff true when the live link is switched off ({@code GENSHOT_LIVE=off})
 */
public record LiveState(Path project, String host, List<LiveSession> sessions, List<Dropped> dropped,
                        boolean linkOff) {
    public LiveState {
        sessions = List.copyOf(sessions);
        dropped = List.copyOf(dropped);
    }

    /**
     * An insertion that a later save, not genshot, took out of the project.
     *
     * @param take the take's id
     * @param track its track
     * @param range its range
     * @param insertedAt when genshot inserted it
     * @param droppedBy when the project file was last written (the save that dropped it, or a later one)
     * @param free whether the range is still free, so the take can go back as it was
     * @param restore the command that puts it back
     */
    public record Dropped(String take, String track, TimeRange range, Instant insertedAt, Instant droppedBy,
                          boolean free, String restore) {
    }

    /** Whether any editor has unsaved changes in the project. */
    public boolean unsaved() {
        return sessions.stream().anyMatch(s -> Boolean.TRUE.equals(s.unsaved()));
    }

    /** One line for a header: "Kdenlive 22.12.3: open, saved", "OpenShot 2.6.1: open — reopen after Insert". */
    public String headline() {
        if (linkOff) {
            return "live link off (GENSHOT_LIVE=off)";
        }
        if (sessions.isEmpty()) {
            return "not open in an editor";
        }
        StringBuilder b = new StringBuilder();
        for (LiveSession s : sessions) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(s.describe());
            if (!s.canReload()) {
                b.append(" \u2014 reopen after Insert");
            }
        }
        return b.toString();
    }
}
