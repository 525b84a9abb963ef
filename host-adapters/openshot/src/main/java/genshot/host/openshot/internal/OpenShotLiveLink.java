package genshot.host.openshot.internal;

import genshot.api.EditorProcess;
import genshot.api.LiveLink;
import genshot.api.LiveSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The running openshot-qt (2.6.1), seen from outside: it has no IPC and does not watch its file (HOST-OPENSHOT §7), so
 * this link only finds it and tells whether it holds unsaved changes; it can neither reload nor save.
 *
 * <ul>
 * <li>Processes: this user's {@code python3 /usr/bin/openshot-qt [project.osp]} (or {@code .../openshot_qt/launch.py}),
 * from {@code /proc}.</li>
 * <li>The file a process has open: the {@code .osp} on its command line (made absolute against its working folder)
 * whose name the window shows, else the newest entry of that name in {@code recent_projects} of its own
 * {@code $HOME/.openshot_qt/openshot.settings} (openshot-qt appends every project it opens or saves).</li>
 * <li>The window title, read over X11 ({@link X11Titles}: the {@code _NET_WM_NAME} of the windows whose
 * {@code _NET_WM_PID} is the process), on this process's {@code DISPLAY}, else the editor's:
 * {@code "* sample [HD 720p 25 fps] - OpenShot Video Editor"} ({@link OpenShotTitle}). The leading {@code *} is the
 * only outside sign of unsaved changes.</li>
 * </ul>
 * Sure: the title shows the project's name and the process's file is the project. Maybe: the title shows the name but
 * the file cannot be told, or no title could be read and the command line (else the newest recent project) is the
 * project (then whether it holds unsaved changes is unknown). A window that shows another project is no session.
 */
@Component(service = LiveLink.class, property = "genshot.host=openshot")
public final class OpenShotLiveLink implements LiveLink {

    /** Reads window titles by pid on a display, until a deadline ({@link System#nanoTime()}). */
    @FunctionalInterface
    interface TitleReader {
        Map<Long, List<String>> read(String display, Set<Long> pids, long deadline);
    }

    private final Map<String, String> env;
    private final Supplier<List<EditorProcess>> processes;
    private final TitleReader titles;

    public OpenShotLiveLink() {
        // a lambda, not X11Titles::read: JNA's classes load on the first read, never when the component starts
        this(System.getenv(), () -> EditorProcess.all(OpenShotProcess::isOpenShot),
                (display, pids, deadline) -> X11Titles.read(display, pids, deadline));
    }

    OpenShotLiveLink(Map<String, String> env, Supplier<List<EditorProcess>> processes, TitleReader titles) {
        this.env = Map.copyOf(env);
        this.processes = processes;
        this.titles = titles;
    }

    /**
     * When an openshot-qt runs, loads JNA and libX11 in the background as the component starts, so that the first
     * {@link #find} of a short-lived {@code genshot} process spends its time budget on the X server, not on loading.
     */
    @Activate
    void activate() {
        Thread t = new Thread(() -> {
            try {
                if (!processes.get().isEmpty()) {
                    X11Titles.load();
                }
            } catch (RuntimeException | LinkageError e) {
                // find() reports no titles then
            }
        }, "genshot-openshot-x11");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public String host() {
        return OpenShotAdapter.HOST;
    }

    @Override
    public List<LiveSession> find(Path project, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            List<EditorProcess> editors = processes.get();
            if (editors.isEmpty()) {
                return List.of();
            }
            return match(project, editors, mainTitles(editors, deadline));
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    /**
     * The main-window title of each editor that has one: on this process's {@code DISPLAY} (else the editor's), then,
     * for editors not found there, on the editor's own {@code DISPLAY} when it differs.
     */
    Map<Long, OpenShotTitle> mainTitles(List<EditorProcess> editors, long deadline) {
        Map<Long, OpenShotTitle> out = new LinkedHashMap<>();
        String own = blankToNull(env.get("DISPLAY"));
        Map<String, Set<Long>> first = new LinkedHashMap<>();
        for (EditorProcess e : editors) {
            String d = own != null ? own : blankToNull(e.env().get("DISPLAY"));
            if (d != null) {
                first.computeIfAbsent(d, k -> new LinkedHashSet<>()).add(e.pid());
            }
        }
        first.forEach((display, pids) -> collect(display, pids, deadline, out));
        if (own != null) {
            Map<String, Set<Long>> second = new LinkedHashMap<>();
            for (EditorProcess e : editors) {
                String d = blankToNull(e.env().get("DISPLAY"));
                if (!out.containsKey(e.pid()) && d != null && !d.equals(own)) {
                    second.computeIfAbsent(d, k -> new LinkedHashSet<>()).add(e.pid());
                }
            }
            second.forEach((display, pids) -> collect(display, pids, deadline, out));
        }
        return out;
    }

    private void collect(String display, Set<Long> pids, long deadline, Map<Long, OpenShotTitle> out) {
        if (System.nanoTime() >= deadline) {
            return;
        }
        titles.read(display, pids, deadline).forEach((pid, list) -> {
            for (String t : list) {
                Optional<OpenShotTitle> parsed = OpenShotTitle.parse(t);
                if (parsed.isPresent()) {
                    out.putIfAbsent(pid, parsed.get());
                    return;
                }
            }
        });
    }

    /** The editors that have {@code project} open, surely or maybe, given their main-window titles by pid. */
    List<LiveSession> match(Path project, List<EditorProcess> editors, Map<Long, OpenShotTitle> titlesByPid) {
        String stem = OpenShotTitle.stem(project);
        List<LiveSession> out = new ArrayList<>();
        for (EditorProcess e : editors) {
            String version = OpenShotProcess.version(e);
            String editor = "OpenShot" + (version == null ? "" : " " + version);
            OpenShotTitle title = titlesByPid.get(e.pid());
            List<Path> commandLine = OpenShotProcess.commandLineProjects(e);
            if (title == null) {
                // no window seen (no display, not mapped yet, another machine's X server): the process alone
                List<Path> recent = commandLine.isEmpty() ? OpenShotProcess.recentProjects(e) : List.of();
                Path opened = !commandLine.isEmpty() ? commandLine.get(0)
                        : recent.isEmpty() ? null : recent.get(recent.size() - 1);
                if (opened != null && EditorProcess.sameFile(opened, project)) {
                    out.add(new LiveSession(host(), editor, e.pid(), opened, LiveSession.Sureness.MAYBE,
                            (commandLine.isEmpty() ? "newest recent project" : "command line")
                                    + " only, no window title could be read", null, false, false));
                }
                continue;
            }
            if (!title.name().equals(stem)) {
                continue; // it shows another project (or "Untitled Project")
            }
            Optional<Path> onCommandLine = commandLine.stream().filter(f -> OpenShotTitle.stem(f).equals(stem))
                    .findFirst();
            if (onCommandLine.isPresent()) {
                if (EditorProcess.sameFile(onCommandLine.get(), project)) {
                    out.add(new LiveSession(host(), editor, e.pid(), onCommandLine.get(), LiveSession.Sureness.SURE,
                            "window title and command line", title.unsaved(), false, false));
                }
                continue; // else: another file of the same name
            }
            List<Path> recent = OpenShotProcess.recentProjects(e);
            Path named = null;
            for (int i = recent.size() - 1; i >= 0 && named == null; i--) {
                if (OpenShotTitle.stem(recent.get(i)).equals(stem)) {
                    named = recent.get(i);
                }
            }
            boolean newest = named != null && named.equals(recent.get(recent.size() - 1));
            // several openshot-qt with one HOME write one settings file: its newest entry may be another one's
            boolean alone = editors.stream().filter(o -> o.pid() != e.pid())
                    .noneMatch(o -> EditorProcess.sameFile(OpenShotProcess.settingsFile(o),
                            OpenShotProcess.settingsFile(e)));
            boolean reliable = newest || alone;
            if (named != null && reliable && EditorProcess.sameFile(named, project)) {
                out.add(new LiveSession(host(), editor, e.pid(), named, LiveSession.Sureness.SURE,
                        "window title and recent projects", title.unsaved(), false, false));
            } else if (named == null || !(newest && alone)) {
                out.add(new LiveSession(host(), editor, e.pid(), project, LiveSession.Sureness.MAYBE,
                        "window title only: a project named " + stem + ", folder unknown", title.unsaved(), false,
                        false));
            }
            // else: its newest recent project, its own, is another file of the same name
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
