package genshot.host.kdenlive.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;

/**
 * The user's session bus, as libdbus finds it: {@code DBUS_SESSION_BUS_ADDRESS}, else systemd's
 * {@code $XDG_RUNTIME_DIR/bus}. One connection per address, kept for the life of the process (the panel asks every
 * few seconds) and made again when it drops.
 */
final class SessionBus {
    private static final Object LOCK = new Object();
    private static String openAddress;
    private static DBusConnection open;

    private SessionBus() {
    }

    /** The address of the session bus in this environment, or null when there is none. */
    static String address(Map<String, String> env) {
        String a = env.get("DBUS_SESSION_BUS_ADDRESS");
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        String run = env.get("XDG_RUNTIME_DIR");
        if (run != null && !run.isBlank() && Files.exists(Path.of(run, "bus"))) {
            return "unix:path=" + Path.of(run, "bus");
        }
        return null;
    }

    /**
     * A connection to the bus at {@code address}.
     *
     * @throws DBusException when the bus cannot be reached (no daemon, an abstract socket Java cannot open, refused)
     */
    static DBusConnection connect(String address, int timeoutMillis) throws DBusException {
        DBusConnection stale = null;
        synchronized (LOCK) {
            if (open != null && open.isConnected() && address.equals(openAddress)) {
                return open;
            }
            stale = open;
            open = null;
        }
        closeQuietly(stale);
        // built without the lock held: a bus that never answers keeps only this caller waiting
        DBusConnection c = DBusConnectionBuilder.forAddress(address)
                .withShared(false)
                .receivingThreadConfig().withSignalThreadCount(1).withErrorHandlerThreadCount(1)
                .withMethodCallThreadCount(1).withMethodReturnThreadCount(1).connectionConfig()
                .transportConfig().withTimeout(timeoutMillis)
                .withServiceLoaderClassLoader(DBusConnection.class.getClassLoader()).back()
                .build();
        synchronized (LOCK) {
            if (open != null && open.isConnected() && address.equals(openAddress)) {
                stale = c;
                c = open;
            } else {
                stale = open;
                open = c;
                openAddress = address;
            }
        }
        closeQuietly(stale);
        return c;
    }

    private static void closeQuietly(DBusConnection c) {
        if (c == null) {
            return;
        }
        // closing a connection to a bus that hangs may hang too: never on the caller's thread
        Thread t = new Thread(() -> {
            try {
                c.close();
            } catch (java.io.IOException | RuntimeException ignored) {
                // gone anyway
            }
        }, "genshot-dbus-close");
        t.setDaemon(true);
        t.start();
    }

    /** Drops the kept connection (after a failure, so the next call connects again). */
    static void drop() {
        DBusConnection c;
        synchronized (LOCK) {
            c = open;
            open = null;
        }
        closeQuietly(c);
    }
}
