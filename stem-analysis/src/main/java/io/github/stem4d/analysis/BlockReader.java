package io.github.stem4d.analysis;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.ScanDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a scan in consecutive blocks of frames on one background thread, one block ahead of
 * the consumer (double buffering): while the caller processes the block returned by
 * {@link #next()}, the other buffer is being filled.
 *
 * <p>Only the reader thread calls {@link ScanDataset#readFrames}, one call at a time, and
 * {@link #close()} waits for a read in flight, so the dataset may be closed afterwards. The two
 * buffers hold {@code blockFrames} frames each. Not thread-safe: one consumer thread.
 */
final class BlockReader implements AutoCloseable {

    /** Work done on the reader thread right after a block is read, in block order. */
    @FunctionalInterface
    interface AfterRead {
        void accept(float[] frames, long firstFrame, int count);
    }

    /** A filled buffer: {@code count} frames starting at {@code firstFrame}. */
    record Block(float[] frames, long firstFrame, int count) {
    }

    private static final AtomicInteger THREAD_COUNT = new AtomicInteger();

    private final ScanDataset dataset;
    private final int blockFrames;
    private final int pixels;
    private final long frameCount;
    private final AfterRead afterRead;
    private final float[][] buffers;
    private final ExecutorService executor;
    private Future<Block> pending;
    private long pendingFirst;
    private int pendingCount;
    private long nextFirst;
    private int nextBuffer;
    private long busyNanos;

    BlockReader(ScanDataset dataset, int blockFrames, AfterRead afterRead) {
        this.dataset = dataset;
        this.blockFrames = blockFrames;
        this.pixels = dataset.frameShape().pixelCount();
        this.frameCount = dataset.frameCount();
        this.afterRead = afterRead;
        this.buffers = new float[2][Math.multiplyExact(blockFrames, pixels)];
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "stem4d-reader-" + THREAD_COUNT.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        submitNext();
    }

    /**
     * Returns the next block, or null after the last one. The buffer of the block returned by
     * the previous call is refilled from now on, so the caller must be done with it.
     *
     * @throws IOException if reading failed
     */
    Block next() throws IOException {
        if (pending == null) {
            return null;
        }
        Block block;
        try {
            block = pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for frames");
        } catch (ExecutionException e) {
            pending = null;
            throw readFailure(e.getCause());
        }
        pending = null;
        submitNext();
        return block;
    }

    /**
     * Wraps a failure of the reader thread in an exception that names the frames being read. An
     * IOException stays an IOException (an {@link InvalidScanException} keeps its type and path)
     * and a RuntimeException thrown by the dataset becomes an IOException, because it comes from
     * the scan reader and the caller can only report it. Errors pass through unchanged.
     */
    private IOException readFailure(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        Throwable reason = cause instanceof UncheckedIOException unchecked ? unchecked.getCause() : cause;
        String message = "reading frames " + pendingFirst + " to " + (pendingFirst + pendingCount - 1) + " of "
                + frameCount + " failed: " + reason;
        if (reason instanceof InvalidScanException invalid) {
            return new InvalidScanException(invalid.path(), message, invalid);
        }
        return new IOException(message, reason);
    }

    /** Returns the time the reader thread spent reading and in {@link AfterRead}, in nanoseconds. */
    long busyNanos() {
        return busyNanos;
    }

    private void submitNext() {
        if (nextFirst >= frameCount) {
            return;
        }
        long first = nextFirst;
        int count = (int) Math.min(blockFrames, frameCount - first);
        float[] buffer = buffers[nextBuffer];
        nextFirst += count;
        nextBuffer ^= 1;
        pendingFirst = first;
        pendingCount = count;
        pending = executor.submit(() -> {
            long start = System.nanoTime();
            try {
                dataset.readFrames(first, count, buffer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            afterRead.accept(buffer, first, count);
            busyNanos += System.nanoTime() - start;
            return new Block(buffer, first, count);
        });
    }

    /** Waits for a read in flight, then stops the reader thread. */
    @Override
    public void close() {
        if (pending != null) {
            try {
                pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | CancellationException e) {
                // The caller is already leaving, usually because of an earlier failure; this
                // read's outcome no longer matters.
            }
            pending = null;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
