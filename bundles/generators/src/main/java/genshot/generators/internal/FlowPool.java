package genshot.generators.internal;

import genshot.api.CancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed-size pool of worker threads for row-parallel image work. Every task writes only its own rows, so results
 * do not depend on the number of threads or on scheduling. Calls must not nest.
 */
final class FlowPool implements AutoCloseable {

    /** Work on rows {@code [from, to)}. */
    @FunctionalInterface
    interface Rows {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService exec;

    FlowPool(int threads) {
        this.threads = Math.max(1, threads);
        if (this.threads == 1) {
            exec = null;
        } else {
            AtomicInteger n = new AtomicInteger();
            ThreadFactory tf = r -> {
                Thread t = new Thread(r, "genshot-bridge-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            exec = Executors.newFixedThreadPool(this.threads, tf);
        }
    }

    /** One thread per core, at most 8. */
    static int defaultThreads() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    int threads() {
        return threads;
    }

    /** Runs {@code rows} over {@code [0, n)} split into contiguous chunks, and waits for all of them. */
    void rows(int n, Rows rows) {
        if (n <= 0) {
            return;
        }
        int chunks = Math.min(n, threads * 4);
        if (exec == null || chunks == 1) {
            rows.run(0, n);
            return;
        }
        List<Callable<Void>> tasks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            tasks.add(() -> {
                rows.run(from, to);
                return null;
            });
        }
        try {
            for (Future<Void> f : exec.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(c);
        }
    }

    @Override
    public void close() {
        if (exec != null) {
            exec.shutdownNow();
        }
    }
}
