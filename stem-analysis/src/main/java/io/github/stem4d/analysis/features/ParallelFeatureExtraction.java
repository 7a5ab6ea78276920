package io.github.stem4d.analysis.features;

import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes the features of a block of frames on a bounded pool of threads.
 *
 * <p>The block is split into one contiguous range of frames per thread, and each range is
 * computed by its own {@link PreparedExtractor.Worker}. Every frame is computed on its own,
 * with no reduction across frames, so the output is bit-identical for any thread count.
 *
 * <p>The instance owns {@code threads} daemon threads named {@code stem4d-features-<pool>-<n>} and
 * one worker per thread; {@link #close()} stops them. {@link #extractBlock} allocates only
 * the task handles of one call and is serialized: concurrent callers wait for each other.
 */
public final class ParallelFeatureExtraction implements AutoCloseable {

    private static final AtomicInteger POOL_COUNT = new AtomicInteger();

    private final PreparedExtractor prepared;
    private final int pixelsPerFrame;
    private final int dimension;
    private final PreparedExtractor.Worker[] workers;
    private final ExecutorService pool;
    private final Future<?>[] pending;
    private final int[] nonFiniteCounts;
    private boolean closed;

    /**
     * Creates the pool and one worker per thread.
     *
     * @param prepared extractor bound to the frame shape of the scan
     * @param threads number of threads, at least 1
     * @throws IllegalArgumentException if {@code threads} is below 1
     * @throws NullPointerException if {@code prepared} is null
     */
    public ParallelFeatureExtraction(PreparedExtractor prepared, int threads) {
        this.prepared = Objects.requireNonNull(prepared, "prepared");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.pixelsPerFrame = prepared.frameShape().pixelCount();
        this.dimension = prepared.dimension();

        this.workers = new PreparedExtractor.Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = prepared.newWorker();
        }
        this.pending = new Future<?>[threads];
        this.nonFiniteCounts = new int[threads];
        this.pool = Executors.newFixedThreadPool(threads, new NamedDaemonThreads());
    }

    /** Returns the extractor this instance runs. */
    public PreparedExtractor prepared() {
        return prepared;
    }

    /** Returns the number of threads of the pool. */
    public int threads() {
        return workers.length;
    }

    /**
     * Computes the features of {@code frameCount} consecutive frames and waits for all of them.
     *
     * <p>An interrupt does not stop the block: the method still waits for every frame and returns
     * with the thread's interrupt flag set, so the caller's cancellation check detects it.
     *
     * <p>Frame {@code f} starts at index {@code f * rows * cols} of {@code frames} (row-major,
     * det_y then det_x); its D features go to row {@code featureOffsetRows + f} of the row-major
     * N x D matrix {@code features}.
     *
     * @param frames row-major frames, at least {@code frameCount * rows * cols} values
     * @param frameCount number of frames to compute, 0 or more
     * @param features receives the features; must have room for {@code (featureOffsetRows + frameCount) * D} values
     * @param featureOffsetRows first feature row written
     * @return the number of frames that contained NaN or infinite values, which the extractor replaced by its documented rule
     * @throws IllegalArgumentException if a count, an offset or a buffer length does not fit
     * @throws IllegalStateException if the instance is closed
     * @throws RuntimeException the first exception a worker threw, after every range has ended;
     *     the features of the block are then incomplete
     */
    public synchronized int extractBlock(float[] frames, int frameCount, double[] features, int featureOffsetRows) {
        checkBlock(frames, frameCount, features, featureOffsetRows);
        if (frameCount == 0) {
            return 0;
        }

        int tasks = Math.min(workers.length, frameCount);
        for (int t = 0; t < tasks; t++) {
            int first = (int) ((long) frameCount * t / tasks);
            int end = (int) ((long) frameCount * (t + 1) / tasks);
            int slot = t;
            nonFiniteCounts[slot] = 0;
            pending[slot] = pool.submit(() -> {
                nonFiniteCounts[slot] = extractRange(workers[slot], frames, first, end, features, featureOffsetRows);
            });
        }

        return awaitAll(tasks);
    }

    /**
     * Stops the pool threads and waits up to 10 seconds for them to end, so no feature thread
     * outlives the call; calls after this fail. Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int extractRange(PreparedExtractor.Worker worker, float[] frames, int first, int end,
            double[] features, int featureOffsetRows) {
        int nonFinite = 0;
        for (int f = first; f < end; f++) {
            if (worker.extract(frames, f * pixelsPerFrame, features, (featureOffsetRows + f) * dimension)) {
                nonFinite++;
            }
        }
        return nonFinite;
    }

    /**
     * Waits for every task, even after a failure or an interrupt, so that no task of this block
     * still uses a worker when the next block starts. Tasks do not check for interrupts, and a
     * block takes a fraction of a second, so the wait is short.
     */
    private int awaitAll(int tasks) {
        Throwable failure = null;
        boolean interrupted = false;
        for (int t = 0; t < tasks; t++) {
            while (true) {
                try {
                    pending[t].get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
            pending[t] = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }

        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw new IllegalStateException("feature extraction failed: " + failure, failure);
        }
        int total = 0;
        for (int t = 0; t < tasks; t++) {
            total += nonFiniteCounts[t];
        }
        return total;
    }

    private void checkBlock(float[] frames, int frameCount, double[] features, int featureOffsetRows) {
        if (closed) {
            throw new IllegalStateException("ParallelFeatureExtraction is closed; create a new one");
        }
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(features, "features");
        if (frameCount < 0) {
            throw new IllegalArgumentException("frameCount must be 0 or more, got " + frameCount);
        }
        if (featureOffsetRows < 0) {
            throw new IllegalArgumentException("featureOffsetRows must be 0 or more, got " + featureOffsetRows);
        }
        long pixelsNeeded = (long) frameCount * pixelsPerFrame;
        if (pixelsNeeded > frames.length) {
            throw new IllegalArgumentException("frames has " + frames.length + " values but " + frameCount
                    + " frames of " + prepared.frameShape() + " need " + pixelsNeeded);
        }
        long featuresNeeded = ((long) featureOffsetRows + frameCount) * dimension;
        if (featuresNeeded > features.length) {
            throw new IllegalArgumentException("features has " + features.length + " values but rows "
                    + featureOffsetRows + " to " + (featureOffsetRows + frameCount - 1) + " of " + dimension
                    + " features need " + featuresNeeded);
        }
    }

    /** Creates the pool's daemon threads, so a pool that was not closed does not keep the JVM running. */
    private static final class NamedDaemonThreads implements ThreadFactory {
        private final int poolId = POOL_COUNT.incrementAndGet();
        private final AtomicInteger threadCount = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "stem4d-features-" + poolId + "-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
