package io.github.stem4d.lock.internal;

import io.github.stem4d.lock.LockException;
import io.github.stem4d.lock.LockHolder;
import io.github.stem4d.lock.LockLease;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A lease of the file lock: the open, locked guard channel (absent in degraded mode), the
 * published record, the heartbeat and the shutdown hook. Thread-safe.
 */
final class FileLease implements LockLease {

    private static final System.Logger LOG = System.getLogger(FileLease.class.getName());
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final int SETTLE_RETRIES = 4;
    private static final long SETTLE_PAUSE_MILLIS = 25;

    private final FileLockEngine engine;
    private final FileChannel guardChannel;
    private final FileLock osLock;
    private final String registryValue;
    private final String token;
    private final long generation;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<Consumer<String>> listeners = new ArrayList<>();
    private final ScheduledExecutorService heartbeat;
    private final Thread shutdownHook;
    private volatile Thread heartbeatThread;
    private volatile LockRecord current;
    private volatile String lostReason;
    private int failedBeats;

    FileLease(FileLockEngine engine, LockRecord published, FileChannel guardChannel, FileLock osLock,
            String registryValue) {
        this.engine = engine;
        this.current = published;
        this.guardChannel = guardChannel;
        this.osLock = osLock;
        this.registryValue = registryValue;
        this.token = Objects.requireNonNull(published.ownerToken());
        this.generation = published.generation();

        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "stem4d-lock-heartbeat-" + published.jobId());
            thread.setDaemon(true);
            heartbeatThread = thread;
            return thread;
        });
        long period = engine.options().effectiveHeartbeatPeriod().toNanos();
        heartbeat.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.NANOSECONDS);

        if (engine.options().releaseOnShutdown()) {
            shutdownHook = new Thread(this::close, "stem4d-lock-release-" + published.jobId());
            try {
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                heartbeat.shutdownNow();
                throw shuttingDown;
            }
        } else {
            shutdownHook = null;
        }
    }

    @Override
    public LockHolder holder() {
        return current.toHolder(LockHolder.Liveness.ALIVE);
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public boolean isValid() {
        return !closed.get() && lostReason == null && (osLock == null || osLock.isValid());
    }

    @Override
    public Optional<String> lostReason() {
        return Optional.ofNullable(lostReason);
    }

    @Override
    public LockLease onLost(Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        String reason;
        synchronized (listeners) {
            reason = lostReason;
            if (reason == null) {
                listeners.add(listener);
            }
        }
        if (reason != null) {
            listener.accept(reason);
        }
        return this;
    }

    /** Checks the OS lock and our token in R, then rewrites R with a fresh timestamp. */
    private void beat() {
        if (closed.get() || lostReason != null) {
            return;
        }
        try {
            if (osLock != null && !osLock.isValid()) {
                lose("the OS lock on " + engine.guard() + " is no longer held (its channel was closed)");
                return;
            }
            Optional<FileLockEngine.RecordSnapshot> snapshot = readOwnRecordSettled();
            if (snapshot.isEmpty()) {
                lose("the record " + engine.record() + " was deleted by another process");
                return;
            }
            Optional<LockRecord> content = snapshot.get().record();
            if (content.isEmpty() || !token.equals(content.get().ownerToken())) {
                lose("the record " + engine.record() + " was replaced by "
                        + snapshot.get().toHolder(LockHolder.Liveness.UNKNOWN).describe());
                return;
            }
            LockRecord refreshed = current.withTimestamp(LockRecord.now());
            engine.replaceOwnRecord(refreshed);
            current = refreshed;
            failedBeats = 0;
        } catch (InterruptedException e) {
            // close() stops the heartbeat without interrupting it, so only shutdownNow() gets here.
            Thread.currentThread().interrupt();
        } catch (IOException | LockException e) {
            failedBeats++;
            if (failedBeats == 1 || failedBeats % 10 == 0) {
                LOG.log(System.Logger.Level.WARNING, "Heartbeat " + failedBeats + " of job " + current.jobId()
                        + " on " + engine.record() + " failed; retrying every "
                        + engine.options().effectiveHeartbeatPeriod(), e);
            }
        }
    }

    /**
     * Reads R, and reads again a few times over 100 ms while it is missing or not ours. A
     * contender that moves a record aside to re-check it restores a fresh one within that time, so
     * a single read could report a loss that is not one.
     */
    private Optional<FileLockEngine.RecordSnapshot> readOwnRecordSettled() throws InterruptedException {
        Optional<FileLockEngine.RecordSnapshot> snapshot = engine.readRecord();
        for (int retry = 0; retry < SETTLE_RETRIES && !carriesToken(snapshot); retry++) {
            Thread.sleep(SETTLE_PAUSE_MILLIS);
            snapshot = engine.readRecord();
        }
        return snapshot;
    }

    private boolean carriesToken(Optional<FileLockEngine.RecordSnapshot> snapshot) {
        return snapshot.flatMap(FileLockEngine.RecordSnapshot::record)
                .map(content -> token.equals(content.ownerToken()))
                .orElse(false);
    }

    private void lose(String reason) {
        List<Consumer<String>> toCall;
        synchronized (listeners) {
            if (lostReason != null) {
                return;
            }
            lostReason = reason;
            toCall = List.copyOf(listeners);
            listeners.clear();
        }
        heartbeat.shutdown();
        LOG.log(System.Logger.Level.WARNING, "Job {0} lost the analysis lock: {1}", current.jobId(), reason);
        for (Consumer<String> listener : toCall) {
            try {
                listener.accept(reason);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A lost-lease listener of job " + current.jobId() + " failed", e);
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            awaitRelease();
            return;
        }
        // Interrupts would close file channels mid-operation, so the release runs uninterrupted.
        boolean interrupted = Thread.interrupted();
        try {
            heartbeat.shutdown();
            if (Thread.currentThread() != heartbeatThread) {
                try {
                    if (!heartbeat.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                        LOG.log(System.Logger.Level.WARNING, "The heartbeat of job {0} did not stop within {1} s",
                                current.jobId(), CLOSE_WAIT_SECONDS);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            try {
                engine.deleteRecordIfOwned(token);
            } catch (IOException | LockException e) {
                LOG.log(System.Logger.Level.WARNING, "Deleting the record " + engine.record() + " of job "
                        + current.jobId() + " failed; the next request will judge it dead", e);
            }
            if (guardChannel != null) {
                try {
                    if (osLock.isValid()) {
                        osLock.release();
                    }
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Releasing the OS lock failed; closing the channel releases it", e);
                }
                try {
                    guardChannel.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Closing the guard file " + engine.guard() + " failed", e);
                }
            }
            System.getProperties().remove(engine.registryKey(), registryValue);
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // The JVM is shutting down; the hook finds the lease closed.
                }
            }
            LOG.log(System.Logger.Level.DEBUG, "Job {0} released the analysis lock {1}", current.jobId(),
                    engine.record());
        } finally {
            released.countDown();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits until the thread that closes the lease has released the lock, so that every caller of
     * {@link #close()} returns after the release, as a shutdown hook racing a main thread needs.
     */
    private void awaitRelease() {
        if (Thread.currentThread() == heartbeatThread) {
            return;
        }
        try {
            if (!released.await(2 * CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "The release of job {0} did not finish within {1} s",
                        current.jobId(), 2 * CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LockLease[" + engine.record() + ", job " + current.jobId() + ", generation " + generation
                + (isValid() ? ", held]" : ", released]");
    }
}
