package io.github.stem4d.lock;

import java.util.Optional;

/**
 * Service provider of an analysis lock implementation, found with {@link java.util.ServiceLoader}
 * and chosen by {@link LockOptions#providerName()}.
 *
 * <p>The built-in provider is named {@code "file"}. Another implementation (a database row, a
 * ZooKeeper node) registers itself with
 * {@code @AutoService(LockProvider.class)} or a {@code META-INF/services} entry. Implementations
 * must be thread-safe and must have a public no-argument constructor.
 */
public interface LockProvider {

    /**
     * Returns the name that selects this provider.
     *
     * @return a short lower-case name such as {@code "file"}
     */
    String name();

    /**
     * Acquires the lock at once or throws.
     *
     * @param options the settings
     * @param jobId the job that requests the lock
     * @param scanIdentifier the scan the job analyses
     * @return the held lease
     * @throws LockDeniedException if another job holds the lock
     * @throws LockConfigurationException if the lock cannot work with these settings
     * @throws LockException if the lock could not be checked or created for another reason
     */
    LockLease tryAcquire(LockOptions options, String jobId, String scanIdentifier) throws LockDeniedException;

    /**
     * Reads the current holder without changing anything.
     *
     * @param options the settings
     * @return the holder, or empty when no record exists
     * @throws LockConfigurationException if the lock cannot work with these settings
     * @throws LockException if the record could not be read
     */
    Optional<LockHolder> holder(LockOptions options);
}
