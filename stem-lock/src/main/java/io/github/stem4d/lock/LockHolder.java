package io.github.stem4d.lock;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * The job that holds (or last held) the analysis lock, as read from the JSON record, with its age
 * and a liveness verdict.
 *
 * <p>Fields that the record does not contain are {@code null}; records written by the original
 * Python tools contain only {@code job_id}, {@code scan_identifier} and {@code timestamp}. A
 * record that could not be parsed is reported with {@code readable == false}, job and scan
 * {@code "unknown"} and the file's modification time as its timestamp.
 *
 * @param jobId the {@code job_id} of the holder
 * @param scanIdentifier the {@code scan_identifier} the holder analyses
 * @param timestamp the last heartbeat, {@code timestamp}, in seconds since the epoch
 * @param acquiredAt when the lock was acquired, {@code acquired_at}, ISO-8601 UTC, or {@code null}
 * @param ownerToken the random {@code owner_token} of the lease, or {@code null}
 * @param pid the process id of the holder, or {@code null}
 * @param processStart the holder's process start time, {@code process_start}: clock ticks since
 *     boot on Linux, epoch milliseconds elsewhere, or {@code null}
 * @param host the host name of the holder, or {@code null}
 * @param bootId the Linux boot id of the holder's host, or {@code null}
 * @param generation the fencing counter of the lease, or {@code null}
 * @param version the record format version, or {@code null}
 * @param age the time since the last heartbeat, {@code timestamp}, when the record was read
 *     (negative values are clamped to zero); see {@link #heldFor()} for the time since acquisition
 * @param liveness the verdict on the holder when the record was read
 * @param readable whether the record was valid JSON with the expected field types
 */
public record LockHolder(
        String jobId,
        String scanIdentifier,
        double timestamp,
        String acquiredAt,
        String ownerToken,
        Long pid,
        Long processStart,
        String host,
        String bootId,
        Long generation,
        Integer version,
        Duration age,
        Liveness liveness,
        boolean readable) {

    /** The verdict on whether the holder still runs. */
    public enum Liveness {
        /** The holder holds the OS lock, or its process is proved to run. */
        ALIVE,
        /** The holder's process is proved gone (same host and boot, pid dead or reused), or the record is unreadable while no process holds the OS lock. */
        DEAD,
        /** The holder cannot be proved alive, and both its timestamp and the file are older than the stale limit. */
        STALE,
        /** The holder cannot be proved alive or dead, and its record is fresh (another host, or a writer without the guard file). */
        UNKNOWN
    }

    /** Validates the fields; nullable fields are documented on the record. */
    public LockHolder {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(scanIdentifier, "scanIdentifier");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(liveness, "liveness");
        if (!Double.isFinite(timestamp)) {
            throw new IllegalArgumentException("timestamp must be a finite number of seconds, got " + timestamp);
        }
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
    }

    /**
     * Returns {@link #timestamp()} as an instant.
     *
     * @return the last heartbeat
     */
    public Instant timestampInstant() {
        long seconds = (long) Math.floor(timestamp);
        long nanos = Math.round((timestamp - seconds) * 1e9);
        return Instant.ofEpochSecond(seconds, Math.min(nanos, 999_999_999L));
    }

    /**
     * Returns a copy with another verdict.
     *
     * @param newLiveness the verdict
     * @return the copy
     */
    public LockHolder withLiveness(Liveness newLiveness) {
        return new LockHolder(jobId, scanIdentifier, timestamp, acquiredAt, ownerToken, pid, processStart,
                host, bootId, generation, version, age, newLiveness, readable);
    }

    /**
     * Returns how long the holder has held the lock, from {@code acquired_at}.
     *
     * @return the duration, or empty when the record has no parseable {@code acquired_at} (records
     *     of the Python tools, whose {@code timestamp} is the acquisition time, have none)
     */
    public Optional<Duration> heldFor() {
        if (acquiredAt == null) {
            return Optional.empty();
        }
        try {
            Duration held = Duration.between(Instant.parse(acquiredAt), Instant.now());
            return Optional.of(held.isNegative() ? Duration.ZERO : held);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Describes the holder in one line for messages, for example
     * {@code job 'j1' (scan 'a.h5') for 3m 12s (last heartbeat 2.1s ago), host 'node1', pid 4242, alive}.
     *
     * @return the description
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (!readable) {
            text.append("an unreadable record");
        } else {
            text.append("job '").append(jobId).append("' (scan '").append(scanIdentifier).append("')");
        }
        Optional<Duration> held = heldFor();
        if (held.isPresent()) {
            text.append(" for ").append(LockDurations.format(held.get()))
                    .append(" (last heartbeat ").append(LockDurations.format(age)).append(" ago)");
        } else {
            text.append(" for ").append(LockDurations.format(age));
        }
        if (host != null) {
            text.append(", host '").append(host).append('\'');
        }
        if (pid != null) {
            text.append(", pid ").append(pid);
        }
        text.append(", ").append(liveness.name().toLowerCase(java.util.Locale.ROOT));
        return text.toString();
    }
}
