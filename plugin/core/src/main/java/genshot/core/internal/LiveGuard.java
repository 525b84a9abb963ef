package genshot.core.internal;

import genshot.api.GenshotException;
import genshot.api.LiveLink;
import genshot.api.LiveSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every write goes through here: before it, refuse while an editor holds unsaved changes in the project (its next save
 * would drop genshot's change, or genshot's write would drop its changes); after it, make the editor reload, or say
 * plainly that it must reopen the project.
 *
 * <p>Looking for editors is bounded: each link gets {@link #findWithin()} (default 450 ms, {@code
 * GENSHOT_LIVE_TIMEOUT_MS}); a link that does not answer in time counts as no editor. {@code GENSHOT_LIVE=off} switches
 * the link off (genshot then works on the file alone, as before the live link existed).
 */
final class LiveGuard {
    private static final ExecutorService FINDERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "genshot-live");
        t.setDaemon(true);
        return t;
    });
    /** How long an editor gets to reload before genshot says it did not. */
    static final Duration RELOAD_WITHIN = Duration.ofSeconds(10);
    /** How long an editor's own save gets to reach the file. */
    static final Duration SAVE_WITHIN = Duration.ofSeconds(20);

    private final Supplier<List<LiveLink>> links;

    LiveGuard(Supplier<List<LiveLink>> links) {
        this.links = links;
    }

    /** Whether the user switched the live link off ({@code GENSHOT_LIVE=off}, also {@code 0}, {@code false}). */
    static boolean off() {
        String v = System.getenv("GENSHOT_LIVE");
        return v != null && List.of("off", "0", "false", "no").contains(v.trim().toLowerCase(Locale.ROOT));
    }

    static Duration findWithin() {
        String v = System.getenv("GENSHOT_LIVE_TIMEOUT_MS");
        if (v != null) {
            try {
                return Duration.ofMillis(Math.max(50, Long.parseLong(v.trim())));
            } catch (NumberFormatException ignored) {
                // the default below
            }
        }
        return Duration.ofMillis(450);
    }

    /** The editors of {@code host} that have the project open; empty when off or when none answers in time. */
    List<LiveSession> sessions(String host, Path project) {
        if (off()) {
            return List.of();
        }
        Duration within = findWithin();
        List<Future<List<LiveSession>>> asked = new ArrayList<>();
        for (LiveLink l : links.get()) {
            if (l.host().equals(host)) {
                asked.add(FINDERS.submit(() -> l.find(project, within)));
            }
        }
        long until = System.nanoTime() + within.toNanos() + 50_000_000L;
        List<LiveSession> out = new ArrayList<>();
        for (Future<List<LiveSession>> f : asked) {
            try {
                out.addAll(f.get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
            } catch (Exception e) {
                // a link that fails or does not answer in time counts as no editor
                f.cancel(true);
            }
        }
        return out;
    }

    /**
     * Refuses ({@code host.unsaved}) when an editor holds unsaved changes in the project.
     *
     * @param again what the user does after saving ("Insert again", "run the command again")
     * @return the editors found, for {@link #afterWrite}
     */
    List<LiveSession> beforeWrite(String host, Path project, String again) {
        List<LiveSession> found = sessions(host, project);
        for (LiveSession s : found) {
            if (Boolean.TRUE.equals(s.unsaved())) {
                throw unsaved(s, project, again);
            }
        }
        return found;
    }

    static GenshotException unsaved(LiveSession s, Path project, String again) {
        String editor = s.editorName();
        return GenshotException.of("host.unsaved", editor + " has unsaved changes in " + project.getFileName()
                + " (" + s.evidence() + ")", project, null, "save them there, then " + again
                + (s.canSave() ? " (or let genshot save them first: --save-in-editor)" : "")
                + "; nothing was written");
    }

    /** After a write: each editor reloads, or the user is told to reopen. One sentence per editor. */
    List<String> afterWrite(String host, Path project, List<LiveSession> before) {
        List<String> said = new ArrayList<>();
        if (off()) {
            said.add("The live link is off (GENSHOT_LIVE=off): if an editor has " + project.getFileName() + " open,"
                    + " reopen it there before you save, or its save drops the shot");
            return said;
        }
        if (before.isEmpty()) {
            return said;
        }
        List<LiveLink> all = links.get();
        String name = project.getFileName().toString();
        for (LiveSession s : before) {
            String editor = s.editorName();
            LiveLink link = all.stream().filter(l -> l.host().equals(s.host())).findFirst().orElse(null);
            if (link != null && s.canReload()) {
                boolean reloaded;
                try {
                    reloaded = link.reload(s, RELOAD_WITHIN);
                } catch (RuntimeException e) {
                    reloaded = false;
                }
                said.add(reloaded ? editor + " reloaded " + name
                        : editor + " did not reload " + name + ": reopen it there now (File > Revert), before you"
                                + " save in " + editor + ", or its save drops the shot (genshot status shows it)");
            } else {
                said.add(editor + " has " + name + " open and cannot reload it: reopen it there now (File > Recent"
                        + " Projects), because its next save or autosave from the window open now drops the shot"
                        + " (genshot status shows it and puts it back)");
            }
        }
        return said;
    }

    /** Makes the editor that holds unsaved changes save them, and waits for the file to change. */
    void saveInEditor(String host, Path project, byte[] current) {
        for (LiveSession s : sessions(host, project)) {
            if (!Boolean.TRUE.equals(s.unsaved())) {
                continue;
            }
            String editor = s.editorName();
            LiveLink link = links.get().stream().filter(l -> l.host().equals(s.host())).findFirst().orElse(null);
            if (link == null || !s.canSave() || !link.save(s, SAVE_WITHIN)) {
                throw GenshotException.of("host.cannot-save", "genshot cannot make " + editor + " save "
                        + project.getFileName(), project, null, "save it there (Ctrl+S), then try again");
            }
            long until = System.nanoTime() + SAVE_WITHIN.toNanos();
            while (System.nanoTime() < until) {
                if (changed(project, current) && !stillUnsaved(host, project)) {
                    return;
                }
                sleep(200);
            }
            throw GenshotException.of("host.cannot-save", editor + " did not save " + project.getFileName()
                    + " within " + SAVE_WITHIN.toSeconds() + " s", project, null,
                    "look for a dialog in " + editor + ", save there, then try again");
        }
    }

    private boolean stillUnsaved(String host, Path project) {
        return sessions(host, project).stream().anyMatch(s -> Boolean.TRUE.equals(s.unsaved()));
    }

    private static boolean changed(Path project, byte[] before) {
        try {
            return !java.util.Arrays.equals(Files.readAllBytes(project), before);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GenshotException.of("cancelled", "Cancelled", null, null, null);
        }
    }
}
