package genshot.host.openshot.internal;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The titles of the X11 windows of some processes, through Xlib (JNA's {@code com.sun.jna.platform.unix.X11}): the
 * {@code _NET_WM_NAME} (UTF8_STRING) of every window whose {@code _NET_WM_PID} is one of them. Qt sets both on each
 * top-level window. Windows come from the window manager's {@code _NET_CLIENT_LIST} when it has one, else (no window
 * manager, as under Xvfb) from the window tree walked from the root with {@code XQueryTree}; a window that has a
 * {@code _NET_WM_PID} is a client window and its children are not visited.
 *
 * <p>Nothing here may end the process or stall the caller: Xlib's default error handler exits the process on any
 * protocol error (a window that vanishes between listing and reading gives {@code BadWindow}), so an error handler that
 * only counts is installed for the time of a read (and the previous one put back; errors of other connections in this
 * process still go to it). The walk stops at its deadline. A missing libX11 or JNA native, or a display that cannot be
 * opened, gives no titles.
 */
final class X11Titles {
    /** Windows deeper than this below the root are not visited (window-manager frames add one or two levels). */
    static final int MAX_DEPTH = 6;
    /** Bytes of a title read at most. */
    private static final int MAX_TITLE_LONGS = 1024;

    /** One read at a time in this process: the error handler is global to Xlib. */
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile Pointer current;
    private static volatile X11.XErrorHandler previous;
    private static volatile int errors;
    /** Kept reachable: Xlib holds a pointer to it. */
    private static final X11.XErrorHandler COUNTING = (display, event) -> {
        Pointer mine = current;
        if (mine != null && display != null && mine.equals(display.getPointer())) {
            errors++;
            return 0;
        }
        X11.XErrorHandler other = previous;
        return other != null ? other.apply(display, event) : 0;
    };

    private X11Titles() {
    }

    /**
     * {@code XInternAtom} with its {@code Bool} as an int: JNA passes a Java {@code true} as -1, which Xlib puts into
     * the request's one-byte field as 0xff, and the server answers BadValue (X11's binding declares a boolean).
     */
    interface Atoms extends Library {
        Atoms INSTANCE = Native.load("X11", Atoms.class);

        X11.Atom XInternAtom(X11.Display display, String name, int onlyIfExists);
    }

    /**
     * The titles of the windows of {@code pids} on {@code display}, by pid (a pid without windows is absent). Empty
     * when the display cannot be opened, Xlib is not there, or the deadline ({@link System#nanoTime()}) passes first.
     */
    static Map<Long, List<String>> read(String display, Set<Long> pids, long deadline) {
        if (display == null || display.isBlank() || pids.isEmpty()) {
            return Map.of();
        }
        try {
            if (!LOCK.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return Map.of();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        try {
            return readLocked(display, pids, deadline);
        } catch (LinkageError | RuntimeException e) {
            // no libX11, no JNA native for this platform, or JNA not resolved in this framework
            return Map.of();
        } finally {
            LOCK.unlock();
        }
    }

    private static Map<Long, List<String>> readLocked(String display, Set<Long> pids, long deadline) {
        X11 x = X11.INSTANCE;
        X11.Display d = x.XOpenDisplay(display);
        if (d == null) {
            return Map.of();
        }
        current = d.getPointer();
        errors = 0;
        X11.XErrorHandler before = x.XSetErrorHandler(COUNTING);
        previous = before == COUNTING ? null : before;
        try {
            Walk w = new Walk(x, d, pids, deadline);
            if (w.pidAtom == null) {
                return Map.of(); // no program on this display ever set a _NET_WM_PID
            }
            X11.Window root = x.XDefaultRootWindow(d);
            List<X11.Window> clients = w.clientList(root);
            if (clients != null) {
                for (X11.Window c : clients) {
                    w.visit(c, MAX_DEPTH);
                }
            }
            if (w.found.isEmpty()) {
                w.visit(root, 0);
            }
            return w.found;
        } finally {
            x.XSync(d, false);
            x.XSetErrorHandler(previous);
            current = null;
            previous = null;
            x.XCloseDisplay(d);
        }
    }

    /** Loads JNA's native part and libX11 (what the first read would otherwise spend its time on). */
    static void load() {
        X11 x = X11.INSTANCE;
        Atoms a = Atoms.INSTANCE;
        if (x == null || a == null) {
            throw new IllegalStateException("no libX11");
        }
    }

    /** Errors Xlib reported on the last read (for tests). */
    static int lastErrors() {
        return errors;
    }

    private static final class Walk {
        final X11 x;
        final X11.Display d;
        final Set<Long> pids;
        final long deadline;
        final X11.Atom pidAtom;
        final X11.Atom nameAtom;
        final X11.Atom utf8;
        final X11.Atom clientList;
        final Map<Long, List<String>> found = new LinkedHashMap<>();

        Walk(X11 x, X11.Display d, Set<Long> pids, long deadline) {
            this.x = x;
            this.d = d;
            this.pids = pids;
            this.deadline = deadline;
            pidAtom = atom("_NET_WM_PID");
            nameAtom = atom("_NET_WM_NAME");
            utf8 = atom("UTF8_STRING");
            clientList = atom("_NET_CLIENT_LIST");
        }

        private X11.Atom atom(String name) {
            X11.Atom a = Atoms.INSTANCE.XInternAtom(d, name, 1);
            return a == null || a.longValue() == 0 ? null : a;
        }

        /** The window manager's client windows, or null when there is none. */
        List<X11.Window> clientList(X11.Window root) {
            if (clientList == null) {
                return null;
            }
            Prop p = property(root, clientList, X11.XA_WINDOW, 1 << 16);
            if (p == null || p.format != 32) {
                return null;
            }
            List<X11.Window> out = new ArrayList<>();
            for (int i = 0; i < p.items; i++) {
                out.add(new X11.Window(p.data.getNativeLong((long) i * Native.LONG_SIZE).longValue()));
            }
            return out;
        }

        void visit(X11.Window w, int depth) {
            if (System.nanoTime() > deadline) {
                return;
            }
            Long pid = pid(w);
            if (pid != null) {
                if (pids.contains(pid)) {
                    String title = title(w);
                    if (title != null) {
                        found.computeIfAbsent(pid, k -> new ArrayList<>()).add(title);
                    }
                }
                return; // a client window: its children are the program's own
            }
            if (depth >= MAX_DEPTH) {
                return;
            }
            for (X11.Window c : children(w)) {
                visit(c, depth + 1);
                if (System.nanoTime() > deadline) {
                    return;
                }
            }
        }

        private Long pid(X11.Window w) {
            Prop p = property(w, pidAtom, X11.XA_CARDINAL, 1);
            if (p == null || p.format != 32 || p.items < 1) {
                return null;
            }
            return p.data.getNativeLong(0).longValue() & 0xffffffffL;
        }

        private String title(X11.Window w) {
            if (nameAtom == null || utf8 == null) {
                return null;
            }
            Prop p = property(w, nameAtom, utf8, MAX_TITLE_LONGS);
            if (p == null || p.format != 8) {
                return null;
            }
            return new String(p.data.getByteArray(0, (int) p.items), StandardCharsets.UTF_8);
        }

        private List<X11.Window> children(X11.Window w) {
            X11.WindowByReference root = new X11.WindowByReference();
            X11.WindowByReference parent = new X11.WindowByReference();
            PointerByReference list = new PointerByReference();
            IntByReference n = new IntByReference();
            if (x.XQueryTree(d, w, root, parent, list, n) == 0) {
                return List.of(); // BadWindow: it went away
            }
            Pointer p = list.getValue();
            if (p == null) {
                return List.of();
            }
            try {
                List<X11.Window> out = new ArrayList<>(n.getValue());
                for (int i = 0; i < n.getValue(); i++) {
                    out.add(new X11.Window(p.getNativeLong((long) i * Native.LONG_SIZE).longValue()));
                }
                return out;
            } finally {
                x.XFree(p);
            }
        }

        /** A property's items (format 32 items are C longs), or null when absent, of another type, or on error. */
        private Prop property(X11.Window w, X11.Atom name, X11.Atom type, int longs) {
            X11.AtomByReference actualType = new X11.AtomByReference();
            IntByReference format = new IntByReference();
            NativeLongByReference items = new NativeLongByReference();
            NativeLongByReference after = new NativeLongByReference();
            PointerByReference data = new PointerByReference();
            int status = x.XGetWindowProperty(d, w, name, new NativeLong(0), new NativeLong(longs), false, type,
                    actualType, format, items, after, data);
            Pointer p = data.getValue();
            if (status != 0 || p == null) {
                if (p != null) {
                    x.XFree(p);
                }
                return null;
            }
            long n = items.getValue().longValue();
            X11.Atom actual = actualType.getValue();
            if (actual == null || actual.longValue() != type.longValue() || n <= 0) {
                x.XFree(p);
                return null;
            }
            // copy out, then free what Xlib allocated
            int size = format.getValue() == 32 ? Native.LONG_SIZE : format.getValue() / 8;
            Memory copy = new Memory(Math.max(1, n * size));
            copy.write(0, p.getByteArray(0, (int) (n * size)), 0, (int) (n * size));
            x.XFree(p);
            return new Prop(copy, format.getValue(), n);
        }
    }

    private record Prop(Pointer data, int format, long items) {
    }
}
