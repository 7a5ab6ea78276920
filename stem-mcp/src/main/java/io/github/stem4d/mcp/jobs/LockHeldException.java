package io.github.stem4d.mcp.jobs;

import java.util.Optional;

/** Raised when a job cannot start because another job holds the analysis lock. */
public class LockHeldException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient JobLock.Holder holder;

    /**
     * Creates the exception.
     *
     * @param message names the holder and what to do
     * @param holder the holder, or null when the record could not be read
     */
    public LockHeldException(String message, JobLock.Holder holder) {
        super(message);
        this.holder = holder;
    }

    /** Returns the holder when it is known. */
    public Optional<JobLock.Holder> holder() {
        return Optional.ofNullable(holder);
    }
}
