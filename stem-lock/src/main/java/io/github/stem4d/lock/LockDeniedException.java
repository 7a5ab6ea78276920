package io.github.stem4d.lock;

import java.util.Objects;

/**
 * Checked exception thrown when the analysis lock is held by another job. It carries that job's
 * {@link LockHolder}.
 *
 * <p>The message names the job, the scan, how long it has held the lock, the host and pid when
 * known, and what to do: wait, run {@code stem4d lock status}, or delete the record of a holder
 * that is provably dead.
 */
public class LockDeniedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient LockHolder holder;

    /**
     * Creates the exception for a holder.
     *
     * @param message the full message
     * @param holder the current holder
     */
    public LockDeniedException(String message, LockHolder holder) {
        super(message);
        this.holder = Objects.requireNonNull(holder, "holder");
    }

    /**
     * Returns the job that holds the lock.
     *
     * @return the holder, never {@code null}
     */
    public LockHolder holder() {
        return holder;
    }
}
