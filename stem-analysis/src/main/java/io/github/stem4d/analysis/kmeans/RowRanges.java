package io.github.stem4d.analysis.kmeans;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a body over contiguous ranges of rows on a bounded pool; the calling thread takes the
 * first range. Bodies must only write state owned by their own rows, so results do not depend
 * on the number of threads; reductions are left to the caller, in row order.
 */
final class RowRanges implements AutoCloseable {

    /** Fewer rows than this per range are not worth a task hand-off. */
    private static final int MIN_ROWS_PER_RANGE = 256;

    private static final AtomicInteger POOL_COUNT = new AtomicInteger();

    /** Work on rows {@code [from, to)}. */
    @FunctionalInterface
    interface Body {
        void run(int from, int to);
    }

    private final int rows;
    private final int ranges;
    private final ExecutorService pool;

    RowRanges(int threads, int rows) {
        this.rows = rows;
        this.ranges = Math.max(1, Math.min(threads, rows / MIN_ROWS_PER_RANGE));
        if (ranges > 1) {
            int poolId = POOL_COUNT.incrementAndGet();
            AtomicInteger threadCount = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(ranges - 1, task -> {
                Thread thread = new Thread(task, "stem4d-kmeans-" + poolId + "-" + threadCount.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        } else {
            this.pool = null;
        }
    }

    /** Runs {@code body} over all rows and returns when every range is done. */
    void run(Body body) {
        if (pool == null) {
            body.run(0, rows);
            return;
        }
        List<Future<?>> pending = new ArrayList<>(ranges - 1);
        for (int r = 1; r < ranges; r++) {
            int from = (int) ((long) rows * r / ranges);
            int to = (int) ((long) rows * (r + 1) / ranges);
            pending.add(pool.submit(() -> body.run(from, to)));
        }
        RuntimeException failure = null;
        try {
            body.run(0, (int) ((long) rows / ranges));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> future : pending) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pending.forEach(f -> f.cancel(true));
                throw new CancellationException("k-means was interrupted");
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime
                            ? runtime : new IllegalStateException("k-means worker failed", e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
