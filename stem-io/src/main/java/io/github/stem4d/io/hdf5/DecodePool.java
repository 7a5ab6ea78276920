package io.github.stem4d.io.hdf5;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the tasks of one read on the calling thread and up to {@code workers - 1} daemon threads
 * that the pool owns. Tasks are numbered, and every worker takes the next number until none
 * is left, so at most {@code workers} tasks run at once. The threads start on first use, end
 * after 30 idle seconds, and stop when the pool is closed.
 *
 * <p>Thread safety: {@link #run} is called by one thread at a time, as the datasets that own a
 * pool are read by one thread at a time. {@link #close} may be called from any thread.
 */
final class DecodePool implements AutoCloseable {

    /** Thread name prefix, followed by a number. */
    static final String THREAD_PREFIX = "stem4d-hdf5-decode-";

    /** Seconds after which an idle thread ends; the next read starts it again. */
    private static final long IDLE_SECONDS = 30;

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final int workers;
    private ExecutorService executor;
    private volatile boolean closed;

    /** Creates a pool that runs at most {@code workers} tasks at once, the caller included. */
    DecodePool(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.workers = workers;
    }

    /** System property that sets the number of decoding threads per dataset, the caller included. */
    static final String THREADS_PROPERTY = "stem4d.hdf5.threads";

    /** Upper bound of the default worker count. */
    private static final int MAX_DEFAULT_WORKERS = 8;

    /**
     * Returns the worker count: the positive integer in system property {@value #THREADS_PROPERTY},
     * else one per available processor, at most {@value #MAX_DEFAULT_WORKERS}.
     *
     * @throws IllegalArgumentException if the property is set but is not a positive integer
     */
    static int defaultWorkers() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value != null && !value.isBlank()) {
            try {
                int workers = Integer.parseInt(value.trim());
                if (workers >= 1) {
                    return workers;
                }
            } catch (NumberFormatException e) {
                // Reported below with the value.
            }
            throw new IllegalArgumentException("system property " + THREADS_PROPERTY + " must be a positive"
                    + " integer (decoding threads per HDF5 dataset), got '" + value + "'");
        }
        return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, Runtime.getRuntime().availableProcessors()));
    }

    /** Returns the maximum number of tasks that run at once, which is also the number of worker ids. */
    int workers() {
        return workers;
    }

    /** The body of the tasks of one {@link #run} call. */
    @FunctionalInterface
    interface Task {
        /** Runs task {@code index} on worker {@code worker}, a number from 0 to {@code workers() - 1} (0 is the caller). */
        void run(int index, int worker) throws Exception;
    }

    /**
     * Runs tasks {@code 0} to {@code count - 1} and returns when all have finished. After a task
     * fails, the workers start no further task. Errors and exceptions of tasks alike are
     * returned, not thrown.
     *
     * @return the failure of the lowest-numbered task that failed, or null when none failed
     * @throws IllegalStateException if the pool is closed
     */
    Failure run(int count, Task task) {
        if (closed) {
            throw new IllegalStateException("the HDF5 decode pool is closed");
        }

        Failure[] failures = new Failure[count];
        AtomicInteger next = new AtomicInteger();
        int helpers = Math.min(workers, count) - 1;
        List<Future<?>> running = new ArrayList<>(helpers);
        for (int h = 1; h <= helpers; h++) {
            int worker = h;
            ExecutorService helpersExecutor = executor();
            if (helpersExecutor == null) {
                // Closed by another thread: the caller runs the remaining tasks alone.
                break;
            }
            try {
                running.add(helpersExecutor.submit(() -> work(count, task, worker, next, failures)));
            } catch (RejectedExecutionException e) {
                break;
            }
        }
        work(count, task, 0, next, failures);

        boolean interrupted = false;
        for (Future<?> future : running) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    // The helpers write into the caller's arrays, so the caller waits for them anyway.
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("an HDF5 decode thread failed outside its task", e.getCause());
                } catch (CancellationException e) {
                    // close() cancels the helpers that had not started, so they never touch the caller's arrays.
                    throw new IllegalStateException("the HDF5 decode pool was closed during a read", e);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }

        for (Failure failure : failures) {
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    private static void work(int count, Task task, int worker, AtomicInteger next, Failure[] failures) {
        int index;
        while ((index = next.getAndIncrement()) < count) {
            try {
                task.run(index, worker);
            } catch (Throwable e) {
                // The dataset rethrows an Error as it is and wraps any other failure.
                failures[index] = new Failure(index, e);
                next.set(count);
            }
        }
    }

    /** Returns the executor, started on first use, or null once the pool is closed. */
    private synchronized ExecutorService executor() {
        if (closed) {
            return null;
        }
        if (executor == null) {
            ThreadFactory factory = runnable -> {
                Thread thread = new Thread(runnable, THREAD_PREFIX + THREAD_NUMBER.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
            ThreadPoolExecutor pool = new ThreadPoolExecutor(workers - 1, workers - 1, IDLE_SECONDS, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), factory);
            // Idle threads end on their own, so a dataset that is never closed does not keep them.
            pool.allowCoreThreadTimeOut(true);
            executor = pool;
        }
        return executor;
    }

    /** Stops the threads; waits up to one second for them to end. */
    @Override
    public void close() {
        closed = true;
        ExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running != null) {
            // A helper that never started would leave its run() waiting forever, so cancel it.
            for (Runnable notStarted : running.shutdownNow()) {
                if (notStarted instanceof Future<?> future) {
                    future.cancel(false);
                }
            }
            try {
                running.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The failure of task {@code index}. */
    record Failure(int index, Throwable error) {
    }
}
