package genshot.host.kdenlive.internal;

import genshot.api.EditorProcess;
import genshot.api.LiveLink;
import genshot.api.LiveSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;
import org.osgi.service.component.annotations.Component;

/**
 * The running Kdenlive, over the user's session D-Bus (HOST-KDENLIVE.md §4.4a; verified with Kdenlive 22.12.3).
 *
 * <ul>
 * <li>Every Kdenlive registers {@code org.kde.kdenlive-<pid>}. Its main window {@code /kdenlive/MainWindow_1} has the
 * Qt property {@code windowTitle}, {@code "<project name> [*]/ <profile>"}: the project's name without folder or
 * extension. Which file it is comes from the process: the {@code .kdenlive} file on its command line (made absolute
 * against its working folder), else the newest entry of its recent files ({@code kdenliverc}, {@code [Recent Files]}).
 * A window that shows the name but whose file cannot be told counts as <em>maybe</em> open.</li>
 * <li>Unsaved changes: the action {@code file_save} is enabled exactly when the document is modified.</li>
 * <li>Reload: triggering {@code file_revert} on an unmodified document reads the file again, with no dialog.</li>
 * <li>Save: triggering {@code file_save}.</li>
 * </ul>
 * Kdenlive 23.04 and later are expected to keep these names (KXmlGui actions and Qt's D-Bus export are unchanged
 * there); that was not run here.
 */
@Component(service = LiveLink.class, property = "genshot.host=kdenlive")
public final class KdenliveLiveLink implements LiveLink {
    static final String SERVICE_PREFIX = "org.kde.kdenlive";
    static final String WINDOW = "/kdenlive/MainWindow_1";
    static final String ACTIONS = WINDOW + "/actions/";
    static final String QWIDGET = "org.qtproject.Qt.QWidget";
    static final String QACTION = "org.qtproject.Qt.QAction";
    static final String QAPP = "org.qtproject.Qt.QCoreApplication";

    /** A Qt action exported on the bus. */
    @DBusInterfaceName(QACTION)
    public interface QAction extends DBusInterface {
        void trigger();
    }

    private final Map<String, String> env;

    public KdenliveLiveLink() {
        this(System.getenv());
    }

    KdenliveLiveLink(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public String host() {
        return KdenliveAdapter.HOST;
    }

    @Override
    public List<LiveSession> find(Path project, Duration within) {
        String address = SessionBus.address(env);
        if (address == null) {
            return List.of();
        }
        // bounded on a thread of its own: a bus or a Kdenlive that does not answer must not hold the caller
        java.util.concurrent.FutureTask<List<LiveSession>> task = new java.util.concurrent.FutureTask<>(
                () -> findOn(address, project, within));
        Thread t = new Thread(task, "genshot-kdenlive-find");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(within.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            debug("no answer from the session bus " + address + " within " + within, null);
            task.cancel(true);
            SessionBus.drop();
            return List.of();
        } catch (java.util.concurrent.ExecutionException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private List<LiveSession> findOn(String address, Path project, Duration within) {
        try {
            DBusConnection bus = SessionBus.connect(address, (int) Math.max(50, within.toMillis()));
            DBus daemon = bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class, false);
            List<Window> windows = new ArrayList<>();
            for (String name : daemon.ListNames()) {
                if (name.equals(SERVICE_PREFIX) || name.startsWith(SERVICE_PREFIX + "-")) {
                    window(bus, daemon, name).ifPresent(windows::add);
                }
            }
            return match(project, windows);
        } catch (DBusException | RuntimeException e) {
            debug("looking for Kdenlive on " + address, e);
            SessionBus.drop();
            return List.of();
        }
    }

    /** What one Kdenlive shows: its process, title, version and whether it holds unsaved changes. */
    record Window(String service, long pid, String title, String version, Boolean modified, EditorProcess process) {
    }

    private Optional<Window> window(DBusConnection bus, DBus daemon, String service) {
        long pid;
        try {
            UInt32 p = daemon.GetConnectionUnixProcessID(service);
            pid = p.longValue();
        } catch (RuntimeException e) {
            String tail = service.substring(service.lastIndexOf('-') + 1);
            pid = tail.chars().allMatch(Character::isDigit) && !tail.isEmpty() ? Long.parseLong(tail) : -1;
        }
        String title = property(bus, service, WINDOW, QWIDGET, "windowTitle");
        if (title == null) {
            return Optional.empty();
        }
        String version = property(bus, service, "/MainApplication", QAPP, "applicationVersion");
        Object enabled = property(bus, service, ACTIONS + "file_save", QACTION, "enabled");
        Boolean modified = enabled instanceof Boolean b ? b : null;
        EditorProcess process = pid > 0 ? EditorProcess.of(pid).orElse(null) : null;
        return Optional.of(new Window(service, pid, title, version, modified, process));
    }

    @SuppressWarnings("unchecked")
    private static <T> T property(DBusConnection bus, String service, String path, String iface, String name) {
        try {
            Properties p = bus.getRemoteObject(service, path, Properties.class, false);
            return (T) p.Get(iface, name);
        } catch (DBusException | DBusExecutionException | ClassCastException e) {
            return null;
        }
    }

    /** The windows that have {@code project} open, surely or maybe; windows showing another file are left out. */
    List<LiveSession> match(Path project, List<Window> windows) {
        String stem = KdenliveTitle.stem(project);
        List<Window> named = windows.stream().filter(w -> stem.equals(KdenliveTitle.projectName(w.title()))).toList();
        List<LiveSession> out = new ArrayList<>();
        for (Window w : named) {
            String editor = "Kdenlive" + (w.version() == null || w.version().isBlank() ? "" : " " + w.version());
            Path opened = w.process() == null ? null : KdenliveTitle.openedFile(w.process(), stem);
            String shared = named.size() > 1 ? "; " + named.size() + " Kdenlive windows show a project named " + stem
                    : "";
            if (opened != null && EditorProcess.sameFile(opened, project)) {
                out.add(new LiveSession(host(), editor, w.pid(), opened, LiveSession.Sureness.SURE,
                        "window title and " + (KdenliveTitle.onCommandLine(w.process(), opened) ? "command line"
                                : "recent files") + shared, w.modified(), true, true));
            } else if (opened == null) {
                out.add(new LiveSession(host(), editor, w.pid(), project, LiveSession.Sureness.MAYBE,
                        "window title only: a project named " + stem + ", folder unknown" + shared, w.modified(), true,
                        true));
            }
            // else: that window has another file of the same name open
        }
        // while a dialog is up Kdenlive's window title is empty: the command line alone tells which project it has
        for (Window w : windows) {
            if (!KdenliveTitle.projectName(w.title()).isEmpty() || w.process() == null) {
                continue;
            }
            Path opened = KdenliveTitle.openedFile(w.process(), stem);
            if (opened != null && KdenliveTitle.onCommandLine(w.process(), opened)
                    && EditorProcess.sameFile(opened, project)) {
                String editor = "Kdenlive" + (w.version() == null || w.version().isBlank() ? "" : " " + w.version());
                out.add(new LiveSession(host(), editor, w.pid(), opened, LiveSession.Sureness.SURE,
                        "command line; its window title is empty (a dialog is open?)", w.modified(), true, true));
            }
        }
        return out;
    }

    /** With {@code GENSHOT_DEBUG} set, what went wrong on the bus goes to standard error. */
    private void debug(String what, Throwable e) {
        if (env.get("GENSHOT_DEBUG") != null) {
            System.err.println("genshot: live link: " + what + (e == null ? "" : ": " + e));
        }
    }

    @Override
    public boolean reload(LiveSession session, Duration within) {
        return act(session, "file_revert", within, true);
    }

    @Override
    public boolean save(LiveSession session, Duration within) {
        return act(session, "file_save", within, false);
    }

    /** Triggers an action of the Kdenlive that {@code session} found; a reload only on an unmodified document. */
    private boolean act(LiveSession session, String action, Duration within, boolean onlyUnmodified) {
        String address = SessionBus.address(env);
        if (address == null) {
            return false;
        }
        String service = SERVICE_PREFIX + "-" + session.pid();
        long until = System.nanoTime() + within.toNanos();
        try {
            DBusConnection bus = SessionBus.connect(address, (int) Math.min(5000, within.toMillis()));
            String title = property(bus, service, WINDOW, QWIDGET, "windowTitle");
            if (title == null) {
                return false;
            }
            if (onlyUnmodified && !Boolean.FALSE.equals(property(bus, service, ACTIONS + "file_save", QACTION,
                    "enabled"))) {
                debug("Kdenlive " + action + ": the document is modified, not reloading", null);
                return false; // modified meanwhile: a revert would ask to discard the user's changes
            }
            // on a thread of its own: a dialog Kdenlive opens keeps the call from returning until someone closes it
            QAction qa = bus.getRemoteObject(service, ACTIONS + action, QAction.class, false);
            java.util.concurrent.FutureTask<Void> call = new java.util.concurrent.FutureTask<>(() -> {
                qa.trigger();
                return null;
            });
            Thread t = new Thread(call, "genshot-kdenlive-" + action);
            t.setDaemon(true);
            t.start();
            try {
                call.get(Math.max(1, until - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                debug("Kdenlive " + action + ": no answer within " + within + " (a dialog is open?)", null);
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                debug("Kdenlive " + action, e.getCause());
                return false;
            }
            if (!onlyUnmodified) {
                return true;
            }
            // the reload is done when the window shows the project again, unmodified
            String last = null;
            while (System.nanoTime() < until) {
                String now = property(bus, service, WINDOW, QWIDGET, "windowTitle");
                last = now;
                if (now != null && KdenliveTitle.projectName(now).equals(KdenliveTitle.projectName(title))
                        && Boolean.FALSE.equals(property(bus, service, ACTIONS + "file_save", QACTION, "enabled"))) {
                    return true;
                }
                Thread.sleep(100);
            }
            debug("Kdenlive " + action + ": no unmodified window titled like '" + title + "' within " + within
                    + " (last title: '" + last + "')", null);
            return false;
        } catch (DBusException | RuntimeException e) {
            debug("Kdenlive " + action, e);
            SessionBus.drop();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
