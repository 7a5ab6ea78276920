package io.github.stem4d.lock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link AnalysisLock}. Build with {@link #builder()}; {@link #defaults()} gives
 * the default lock shared with the original Python tools.
 *
 * @param path the record file R; the guard file is {@code path + ".guard"} in the same directory.
 *     Default {@code <java.io.tmpdir>/4dllm_analysis.lock}
 * @param staleLimit how old a record's timestamp and modification time must both be before a
 *     holder that cannot be proved alive is taken over; a time more than this in the future counts
 *     as stale too (clock skew). Default 1 hour
 * @param heartbeatPeriod how often the holder refreshes its timestamp; the period used is
 *     {@link #effectiveHeartbeatPeriod()}. Default 60 seconds
 * @param degradedModeAllowed whether the lock may run without OS file locks on file systems where
 *     they are unreliable (NFS, CIFS/SMB, FUSE) instead of failing. Default {@code false}
 * @param degradedModeForced whether to run without OS file locks on every file system; for tests
 *     of degraded mode. Default {@code false}
 * @param providerName the name of the {@link LockProvider} to use. Default {@code "file"}
 * @param releaseOnShutdown whether each lease installs a JVM shutdown hook that releases it. An
 *     application that must stop other work before releasing (such as a child process) turns it
 *     off and releases in its own hook. Default {@code true}
 */
public record LockOptions(
        Path path,
        Duration staleLimit,
        Duration heartbeatPeriod,
        boolean degradedModeAllowed,
        boolean degradedModeForced,
        String providerName,
        boolean releaseOnShutdown) {

    /** File name of the default record, shared with the original Python tools. */
    public static final String DEFAULT_FILE_NAME = "4dllm_analysis.lock";
    /** Default stale limit: 1 hour. */
    public static final Duration DEFAULT_STALE_LIMIT = Duration.ofHours(1);
    /** Default heartbeat period: 60 seconds. */
    public static final Duration DEFAULT_HEARTBEAT_PERIOD = Duration.ofSeconds(60);
    /** Name of the built-in provider that locks a local file. */
    public static final String FILE_PROVIDER = "file";

    /** Validates the settings. */
    public LockOptions {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(staleLimit, "staleLimit");
        Objects.requireNonNull(heartbeatPeriod, "heartbeatPeriod");
        Objects.requireNonNull(providerName, "providerName");
        if (path.getFileName() == null) {
            throw new IllegalArgumentException("path must name a file, got '" + path + "'");
        }
        if (staleLimit.isNegative() || staleLimit.isZero()) {
            throw new IllegalArgumentException("staleLimit must be positive, got " + staleLimit);
        }
        if (heartbeatPeriod.isNegative() || heartbeatPeriod.isZero()) {
            throw new IllegalArgumentException("heartbeatPeriod must be positive, got " + heartbeatPeriod);
        }
        if (providerName.isBlank()) {
            throw new IllegalArgumentException("providerName must not be blank, got '" + providerName + "'");
        }
    }

    /**
     * Returns the default settings.
     *
     * @return the defaults
     */
    public static LockOptions defaults() {
        return builder().build();
    }

    /**
     * Returns the default record path, {@code <java.io.tmpdir>/4dllm_analysis.lock}.
     *
     * @return the path
     */
    public static Path defaultPath() {
        return Path.of(System.getProperty("java.io.tmpdir"), DEFAULT_FILE_NAME);
    }

    /**
     * Starts a builder with the default settings.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from these settings.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder()
                .path(path)
                .staleLimit(staleLimit)
                .heartbeatPeriod(heartbeatPeriod)
                .degradedModeAllowed(degradedModeAllowed)
                .degradedModeForced(degradedModeForced)
                .providerName(providerName)
                .releaseOnShutdown(releaseOnShutdown);
    }

    /**
     * Returns the heartbeat period in use: the smaller of {@link #heartbeatPeriod()} and a tenth of
     * {@link #staleLimit()}, and at least one millisecond.
     *
     * @return the period
     */
    public Duration effectiveHeartbeatPeriod() {
        Duration tenth = staleLimit.dividedBy(10);
        Duration period = heartbeatPeriod.compareTo(tenth) <= 0 ? heartbeatPeriod : tenth;
        return period.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : period;
    }

    /**
     * Returns the guard file G, {@code path + ".guard"}.
     *
     * @return the guard path
     */
    public Path guardPath() {
        return path.resolveSibling(path.getFileName() + ".guard");
    }

    /** Mutable builder of {@link LockOptions}; not thread-safe. */
    public static final class Builder {
        private Path path = defaultPath();
        private Duration staleLimit = DEFAULT_STALE_LIMIT;
        private Duration heartbeatPeriod = DEFAULT_HEARTBEAT_PERIOD;
        private boolean degradedModeAllowed;
        private boolean degradedModeForced;
        private String providerName = FILE_PROVIDER;
        private boolean releaseOnShutdown = true;

        private Builder() {
        }

        /**
         * Sets the record path.
         *
         * @param value the path of R
         * @return this builder
         */
        public Builder path(Path value) {
            this.path = value;
            return this;
        }

        /**
         * Sets the stale limit.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder staleLimit(Duration value) {
            this.staleLimit = value;
            return this;
        }

        /**
         * Sets the heartbeat period.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder heartbeatPeriod(Duration value) {
            this.heartbeatPeriod = value;
            return this;
        }

        /**
         * Allows degraded mode on file systems without reliable OS file locks.
         *
         * @param value {@code true} to allow it
         * @return this builder
         */
        public Builder degradedModeAllowed(boolean value) {
            this.degradedModeAllowed = value;
            return this;
        }

        /**
         * Forces degraded mode on every file system.
         *
         * @param value {@code true} to force it
         * @return this builder
         */
        public Builder degradedModeForced(boolean value) {
            this.degradedModeForced = value;
            return this;
        }

        /**
         * Selects the lock provider by name.
         *
         * @param value the provider name, {@code "file"} for the built-in one
         * @return this builder
         */
        public Builder providerName(String value) {
            this.providerName = value;
            return this;
        }

        /**
         * Sets whether each lease installs a shutdown hook that releases it.
         *
         * @param value {@code false} when the application releases in its own hook
         * @return this builder
         */
        public Builder releaseOnShutdown(boolean value) {
            this.releaseOnShutdown = value;
            return this;
        }

        /**
         * Builds and validates the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException if a value is invalid
         * @throws NullPointerException if a value is missing
         */
        public LockOptions build() {
            return new LockOptions(path, staleLimit, heartbeatPeriod, degradedModeAllowed, degradedModeForced,
                    providerName, releaseOnShutdown);
        }
    }
}
