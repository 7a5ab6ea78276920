package io.github.stem4d.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The exclusive analysis lock: at most one job at a time, across threads, class loaders and
 * processes of one machine, holds it.
 *
 * <pre>{@code
 * AnalysisLock lock = AnalysisLock.atDefaultPath();
 * try (LockLease lease = lock.tryAcquire(jobId, scanIdentifier)) {
 *     runAnalysis(lease.generation());
 * }
 * }</pre>
 *
 * <p>The built-in provider keeps a JSON record at {@link LockOptions#path()} and an OS file lock
 * on a guard file beside it; see {@link LockProvider} for other implementations. Instances are
 * immutable and thread-safe; they hold no resources, only leases do.
 */
public final class AnalysisLock {

    private static final System.Logger LOG = System.getLogger(AnalysisLock.class.getName());
    private static final Duration FIRST_POLL = Duration.ofMillis(100);
    private static final Duration MAX_POLL = Duration.ofSeconds(1);

    private final LockOptions options;
    private final LockProvider provider;

    private AnalysisLock(LockOptions options, LockProvider provider) {
        this.options = options;
        this.provider = provider;
    }

    /**
     * Opens the lock with the default settings, at {@code <java.io.tmpdir>/4dllm_analysis.lock}.
     *
     * @return the lock
     */
    public static AnalysisLock atDefaultPath() {
        return open(LockOptions.defaults());
    }

    /**
     * Opens the lock with the given settings and the provider they name. Nothing is created or
     * locked until a job acquires it.
     *
     * @param options the settings
     * @return the lock
     * @throws LockConfigurationException if no provider has {@link LockOptions#providerName()};
     *     the message lists the providers found
     */
    public static AnalysisLock open(LockOptions options) {
        Objects.requireNonNull(options, "options");
        return new AnalysisLock(options, findProvider(options.providerName()));
    }

    /**
     * Returns the names of the lock providers that load, in ServiceLoader order.
     *
     * @return the names, for example {@code [file]}
     */
    public static List<String> providerNames() {
        List<String> names = new ArrayList<>();
        for (LockProvider provider : loadProviders()) {
            names.add(provider.name());
        }
        return names;
    }

    /**
     * Returns the settings of this lock.
     *
     * @return the settings
     */
    public LockOptions options() {
        return options;
    }

    /**
     * Acquires the lock at once, or denies at once when another job holds it.
     *
     * @param jobId the job that requests the lock, not blank
     * @param scanIdentifier the scan the job analyses
     * @return the held lease; close it to release the lock
     * @throws LockDeniedException if another job holds the lock; the message names it
     * @throws LockConfigurationException if the lock cannot work at the configured path
     * @throws LockException if the lock could not be checked or created for another reason
     */
    public LockLease tryAcquire(String jobId, String scanIdentifier) throws LockDeniedException {
        validate(jobId, scanIdentifier);
        return provider.tryAcquire(options, jobId, scanIdentifier);
    }

    /**
     * Acquires the lock, polling while another job holds it, for up to {@code timeout}.
     *
     * <p>Polls start every 100 ms and slow down to once a second.
     *
     * @param jobId the job that requests the lock, not blank
     * @param scanIdentifier the scan the job analyses
     * @param timeout how long to wait; zero behaves like {@link #tryAcquire}
     * @return the held lease
     * @throws LockDeniedException if the lock is still held when the timeout expires
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws LockConfigurationException if the lock cannot work at the configured path
     * @throws LockException if the lock could not be checked or created for another reason
     */
    public LockLease acquire(String jobId, String scanIdentifier, Duration timeout)
            throws LockDeniedException, InterruptedException {
        validate(jobId, scanIdentifier);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }

        long deadline = System.nanoTime() + saturatedNanos(timeout);
        Duration pause = FIRST_POLL;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while waiting for the analysis lock " + options.path());
            }
            try {
                return provider.tryAcquire(options, jobId, scanIdentifier);
            } catch (LockDeniedException denied) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw denied;
                }
                LOG.log(System.Logger.Level.DEBUG, "Job {0} waits for the analysis lock held by {1}",
                        jobId, denied.holder().describe());
                Thread.sleep(Math.max(1, Math.min(pause.toMillis(), remaining / 1_000_000)));
                pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
            }
        }
    }

    /**
     * Reads the current holder without changing anything. Tolerates garbage: an unreadable
     * record is returned with {@link LockHolder#readable()} {@code false}.
     *
     * @return the holder with a liveness verdict, or empty when there is no record
     * @throws LockConfigurationException if the lock cannot work at the configured path
     * @throws LockException if the record could not be read
     */
    public Optional<LockHolder> holder() {
        return provider.holder(options);
    }

    private static void validate(String jobId, String scanIdentifier) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(scanIdentifier, "scanIdentifier");
        if (jobId.isBlank()) {
            throw new IllegalArgumentException("jobId must not be blank, got '" + jobId + "'");
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    private static LockProvider findProvider(String name) {
        List<String> found = new ArrayList<>();
        LockProvider chosen = null;
        for (LockProvider provider : loadProviders()) {
            found.add(provider.name());
            if (chosen == null && provider.name().equals(name)) {
                chosen = provider;
            }
        }
        if (chosen == null) {
            throw new LockConfigurationException(null, "No lock provider is named '" + name + "'; found: "
                    + found + ". Use one of those names, or add the jar that provides '" + name
                    + "' to the class path.", null);
        }
        return chosen;
    }

    private static List<LockProvider> loadProviders() {
        List<LockProvider> providers = new ArrayList<>();
        var iterator = ServiceLoader.load(LockProvider.class, AnalysisLock.class.getClassLoader()).iterator();
        // A broken provider is skipped; the bound stops a loader that keeps failing on the same entry.
        for (int failures = 0; failures < 100; ) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                providers.add(iterator.next());
            } catch (ServiceConfigurationError e) {
                failures++;
                LOG.log(System.Logger.Level.WARNING, "A lock provider failed to load and is skipped: " + e.getMessage(), e);
            }
        }
        return providers;
    }
}
