package io.github.stem4d.mcp.jobs;

import io.github.stem4d.lock.AnalysisLock;
import io.github.stem4d.lock.LockDeniedException;
import io.github.stem4d.lock.LockHolder;
import io.github.stem4d.lock.LockLease;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@link JobLock} on the file-based {@link AnalysisLock} of {@code stem-lock}. */
public final class AnalysisLockJobLock implements JobLock {

    private final AnalysisLock lock;

    /** Wraps {@code lock}. */
    public AnalysisLockJobLock(AnalysisLock lock) {
        this.lock = lock;
    }

    /** Returns the wrapped lock. */
    public AnalysisLock analysisLock() {
        return lock;
    }

    @Override
    public Lease tryAcquire(String jobId, String scanIdentifier) throws LockHeldException {
        try {
            LockLease lease = lock.tryAcquire(jobId, scanIdentifier);
            return new Lease() {
                @Override
                public void onLost(Runnable action) {
                    lease.onLost(reason -> action.run());
                }

                @Override
                public void close() {
                    lease.close();
                }
            };
        } catch (LockDeniedException e) {
            throw new LockHeldException(e.getMessage(), toHolder(e.holder()));
        }
    }

    @Override
    public Optional<Holder> holder() {
        return lock.holder().map(AnalysisLockJobLock::toHolder);
    }

    /** Returns the path of the lock record. */
    public java.nio.file.Path path() {
        return lock.options().path();
    }

    static Holder toHolder(LockHolder holder) {
        Duration heldFor = holder.age();
        if (holder.acquiredAt() != null) {
            try {
                heldFor = Duration.between(Instant.parse(holder.acquiredAt()), Instant.now());
            } catch (DateTimeParseException e) {
                // Records written by other tools may carry another time format, so the heartbeat age is used instead.
            }
        }
        return new Holder(holder.jobId(), holder.scanIdentifier(), heldFor.isNegative() ? Duration.ZERO : heldFor,
                holder.describe());
    }
}
