package genshot.panel.internal;

import genshot.api.Genshot;
import genshot.api.GenshotException;
import genshot.api.MediaDecoder;
import genshot.api.Panel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code genshot panel}: starts JavaFX, shows the panel and blocks until its window is closed, then ends JavaFX
 * ({@code Platform.exit}: otherwise its thread keeps the JVM alive after the framework stops).
 *
 * <p>Two system properties serve unattended runs (CI screenshots): {@code genshot.panel.screenshot} names a PNG to
 * write once the project is shown and nothing is left loading, and {@code genshot.panel.closeAfterScreenshot=true}
 * closes the window after writing it.
 */
@Component(service = Panel.class)
public final class PanelComponent implements Panel {
    static final String SCREENSHOT = "genshot.panel.screenshot";
    static final String CLOSE_AFTER_SCREENSHOT = "genshot.panel.closeAfterScreenshot";
    private static final AtomicBoolean EXITED = new AtomicBoolean();
    /** The window's size when it opens. */
    static final int WIDTH = 1200;
    static final int HEIGHT = 760;

    @Reference
    Genshot genshot;

    @Reference
    MediaDecoder decoder;

    /** Set by the launcher when it started JavaFX's toolkit ahead of the bundles: see {@link #awaitEarlyToolkit}. */
    static final String EARLY = "genshot.fx.early";

    /** A view built ahead, with its scene styled and laid out at the window's size. */
    private record Prepared(PanelView view, Scene scene) {
    }

    /** FX thread only: the view built ahead until {@link #show} takes it; {@code claimed} once show has begun. */
    private Prepared prepared;
    private boolean claimed;
    private volatile boolean preparing;

    /**
     * When the launcher started the toolkit early for {@code genshot panel}, builds the view on the FX thread now,
     * while the command line is still reading its arguments (the other core): {@link #show} then finds its nodes
     * made and styled, and the window only has to lay out and draw.
     */
    @Activate
    void activate() {
        if (System.getProperty(EARLY) != null && !EXITED.get()) {
            preparing = true;
            Thread t = new Thread(this::prepareAhead, "genshot-panel-prepare");
            t.setDaemon(true);
            t.start();
        }
    }

    @Deactivate
    void deactivate() {
        if (preparing) {
            try {
                Platform.runLater(() -> {
                    claimed = true;
                    if (prepared != null) {
                        prepared.view().dispose();
                        prepared = null;
                    }
                });
            } catch (IllegalStateException toolkitGone) {
                // nothing runs any more: nothing to release
            }
        }
    }

    private void prepareAhead() {
        try {
            awaitEarlyToolkit();
            Platform.runLater(() -> {
                if (claimed) {
                    return;
                }
                PanelView v = null;
                try {
                    v = PanelView.ahead(genshot, decoder);
                    Scene scene = v.scene(WIDTH, HEIGHT);
                    // the styles (and the controls' skins they create) and the layout, which show() would do first
                    v.root().applyCss();
                    v.root().resize(WIDTH, HEIGHT);
                    v.root().layout();
                    prepared = new Prepared(v, scene);
                } catch (RuntimeException e) {
                    // show() builds it again, and says what is wrong if it fails again
                    if (v != null) {
                        v.dispose();
                    }
                }
            });
        } catch (RuntimeException noToolkit) {
            // no toolkit (no display): show() reports it as it would have anyway
        }
    }

    /** On the FX thread: the view built ahead, if it is ready; from now on none is built ahead. */
    private Prepared takePrepared() {
        claimed = true;
        Prepared p = prepared;
        prepared = null;
        return p;
    }

    @Override
    public int show(Path project) {
        if (EXITED.get()) {
            throw GenshotException.of("panel.once", "The panel was already shown and closed in this run", null, null,
                    "run genshot panel again");
        }
        // the project's first read begins now, on threads of its own, while the window is made
        PanelView.Preload early = project == null ? null : PanelView.Preload.start(genshot, project);
        String screenshot = System.getProperty(SCREENSHOT);
        boolean closeAfter = Boolean.getBoolean(CLOSE_AFTER_SCREENSHOT);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<PanelView> view = new AtomicReference<>();
        AtomicBoolean shotFailed = new AtomicBoolean();
        Runnable start = () -> {
            try {
                Thread.currentThread().setUncaughtExceptionHandler((t, e) -> {
                    PanelView v = view.get();
                    if (v != null) {
                        v.say(Messages.of(e));
                    }
                });
                Platform.setImplicitExit(false);
                long built0 = System.nanoTime();
                Prepared ready = takePrepared();
                PanelView v = ready != null ? ready.view() : new PanelView(genshot, decoder);
                view.set(v);
                Stage stage = new Stage();
                stage.setScene(ready != null ? ready.scene() : v.scene(WIDTH, HEIGHT));
                stage.setMinWidth(900);
                stage.setMinHeight(560);
                stage.titleProperty().bind(v.titleProperty());
                stage.setOnHidden(e -> closed.countDown());
                boolean debug = System.getenv("GENSHOT_DEBUG") != null;
                if (debug) {
                    // what the panel shows, in order, with the time since it opened the project
                    long t0 = System.nanoTime();
                    v.onEvent(e -> System.err.printf("genshot: panel %s shown after %d ms%n", e,
                            (System.nanoTime() - t0) / 1_000_000));
                }
                // the project, its takes and the generators load on their own threads while the window shows
                v.open(project, early);
                long shown0 = System.nanoTime();
                stage.show();
                if (debug) {
                    System.err.printf("genshot: panel built in %d ms%s, its window shown in %d ms%n",
                            (shown0 - built0) / 1_000_000, ready != null ? " (made ahead while genshot started)"
                                    : "", (System.nanoTime() - shown0) / 1_000_000);
                }
                if (screenshot != null) {
                    screenshotWhenSettled(v, stage, Path.of(screenshot), closeAfter, shotFailed);
                }
            } catch (Throwable t) {
                failure.set(t);
                closed.countDown();
            }
        };
        try {
            try {
                Platform.startup(start);
            } catch (IllegalStateException alreadyRunning) {
                // the launcher started the toolkit while the bundles started (genshot.launcher.EarlyToolkit)
                awaitEarlyToolkit();
                if (System.getenv("GENSHOT_DEBUG") != null && System.getProperty(EARLY) != null) {
                    System.err.println("genshot: panel on the toolkit the launcher started early");
                }
                Platform.runLater(start);
            }
        } catch (RuntimeException | Error noDisplay) {
            EXITED.set(true);
            throw GenshotException.of("panel.no-display", "The panel cannot open a window: " + noDisplay.getMessage(),
                    null, null, "run it on a desktop session, or under xvfb-run");
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            PanelView v = view.get();
            if (v != null) {
                v.dispose();
            }
            EXITED.set(true);
            Platform.exit();
        }
        if (failure.get() != null) {
            Throwable f = failure.get();
            if (f instanceof GenshotException g) {
                throw g;
            }
            throw GenshotException.of("panel.failed", "The panel could not start: " + f, null, null,
                    "please report it");
        }
        return shotFailed.get() ? 1 : 0;
    }

    /**
     * Waits for the toolkit the launcher started early ({@value #EARLY} is {@code starting}, then {@code started} or
     * {@code failed: <why>}); a failure is the panel's own: no display.
     */
    private static void awaitEarlyToolkit() {
        long until = System.nanoTime() + 60_000_000_000L;
        String state = System.getProperty(EARLY);
        while ("starting".equals(state) && System.nanoTime() < until) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            state = System.getProperty(EARLY);
        }
        if (state != null && !state.equals("started")) {
            throw new IllegalStateException(state.startsWith("failed: ") ? state.substring(8)
                    : "the toolkit did not start within a minute");
        }
    }

    /** Waits until the project is shown and nothing is loading (at most 30 s), then writes the PNG. */
    private static void screenshotWhenSettled(PanelView v, Stage stage, Path png, boolean close, AtomicBoolean failed) {
        AtomicBoolean taken = new AtomicBoolean();
        Runnable shoot = () -> {
            if (!taken.compareAndSet(false, true)) {
                return;
            }
            // two more pulses so the last results are laid out and drawn
            Platform.runLater(() -> Platform.runLater(() -> {
                try {
                    v.snapshot(png);
                    System.err.println("genshot: panel screenshot written to " + png.toAbsolutePath());
                } catch (Exception e) {
                    failed.set(true);
                    System.err.println("genshot: cannot write the screenshot " + png + ": " + e.getMessage());
                }
                if (close) {
                    stage.close();
                }
            }));
        };
        Thread timer = new Thread(() -> {
            long until = System.currentTimeMillis() + 30_000;
            try {
                Thread.sleep(500);
                while (System.currentTimeMillis() < until && !taken.get()) {
                    CountDownLatch settled = new CountDownLatch(1);
                    Platform.runLater(() -> v.whenIdle(settled::countDown));
                    if (settled.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                        Thread.sleep(300);
                        CountDownLatch still = new CountDownLatch(1);
                        Platform.runLater(() -> v.whenIdle(still::countDown));
                        if (still.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                            break;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Platform.runLater(shoot);
        }, "genshot-panel-screenshot");
        timer.setDaemon(true);
        timer.start();
    }
}
