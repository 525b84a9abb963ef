package genshot.cli.internal;

import genshot.api.Cancellation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Long work that Ctrl-C (SIGINT, SIGTERM: a scheduler cancelling a task) cancels cleanly: the signal sets the
 * cancellation the work checks, and the JVM's exit waits (up to 30 s) until the work has undone what it started.
 */
final class CtrlC {
    private CtrlC() {
    }

    static <T> T run(Function<Cancellation, T> work) {
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancelled.set(true);
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "genshot-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return work.apply(cancelled::get);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it is waiting for us and returns now
            }
        }
    }
}
