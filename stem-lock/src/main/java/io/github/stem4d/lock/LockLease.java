package io.github.stem4d.lock;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * A held analysis lock; close it to release the lock.
 *
 * <p>Use with try-with-resources. {@link #close()} is idempotent and thread-safe, and a JVM
 * shutdown hook closes the lease if the process exits first (unless
 * {@link LockOptions#releaseOnShutdown()} is off). A heartbeat thread refreshes the record while
 * the lease is open; if it finds the OS lock gone or the record replaced by someone else, the
 * lease becomes lost: {@link #isValid()} returns {@code false} and the listeners given to
 * {@link #onLost(Consumer)} are called once with the reason.
 */
public interface LockLease extends AutoCloseable {

    /**
     * Returns the record this lease published, as of its latest heartbeat.
     *
     * @return the holder, with liveness {@code ALIVE}
     */
    LockHolder holder();

    /**
     * Returns the fencing token of this lease. It is a counter that grows with every acquisition of
     * the same lock file, so a resource can reject writes from an older lease. In degraded mode it
     * may repeat under contention.
     *
     * @return the generation, at least 1
     */
    long generation();

    /**
     * Returns whether the lease is still held, that is neither closed nor lost.
     *
     * @return {@code true} while held
     */
    boolean isValid();

    /**
     * Returns why the lease was lost, if it was.
     *
     * @return the reason, or empty while held or after a normal close
     */
    Optional<String> lostReason();

    /**
     * Registers a listener called once, on the heartbeat thread, when the lease is lost; it is
     * called at once if the lease is already lost. Listeners must return quickly.
     *
     * @param listener receives the reason
     * @return this lease
     */
    LockLease onLost(Consumer<String> listener);

    /**
     * Releases the lock: stops the heartbeat, deletes the record if it still carries this
     * lease's token, and releases the OS lock. Idempotent and thread-safe. A second caller waits
     * until the first has released the lock. Errors are logged, not thrown.
     */
    @Override
    void close();
}
