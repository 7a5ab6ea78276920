package io.github.stem4d.mcp.jobs;

import java.time.Duration;
import java.util.Optional;

/** The exclusive analysis lock as the job runner uses it: one lease per job, held for the job's whole life. */
public interface JobLock {

    /**
     * Takes the lock for {@code jobId} without waiting.
     *
     * @throws LockHeldException when another job holds it; the message names that job
     */
    Lease tryAcquire(String jobId, String scanIdentifier) throws LockHeldException;

    /** Returns the current holder, if any. */
    Optional<Holder> holder();

    /** A held lock; closing it releases the lock and is idempotent. */
    interface Lease extends AutoCloseable {

        /** Registers {@code action} to run once if the lease is lost while held (for example taken over). */
        void onLost(Runnable action);

        @Override
        void close();
    }

    /**
     * The job that holds the lock, as read from the lock record.
     *
     * @param jobId the holder's job id
     * @param scanIdentifier the scan it analyses
     * @param heldFor how long it has held the lock (since it was acquired, or since the record's
     *     last heartbeat when the acquisition time is not recorded)
     * @param description one line for people: job, scan, age, host, pid and liveness when known
     */
    record Holder(String jobId, String scanIdentifier, Duration heldFor, String description) {
    }
}
