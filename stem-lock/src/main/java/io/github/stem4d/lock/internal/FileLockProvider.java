package io.github.stem4d.lock.internal;

import com.google.auto.service.AutoService;
import io.github.stem4d.lock.LockDeniedException;
import io.github.stem4d.lock.LockHolder;
import io.github.stem4d.lock.LockLease;
import io.github.stem4d.lock.LockOptions;
import io.github.stem4d.lock.LockProvider;
import java.util.Optional;

/**
 * The built-in lock provider, named {@code "file"}: a JSON record file guarded by an OS file lock
 * on a sibling {@code .guard} file. Stateless and thread-safe.
 */
@AutoService(LockProvider.class)
public final class FileLockProvider implements LockProvider {

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public FileLockProvider() {
    }

    @Override
    public String name() {
        return LockOptions.FILE_PROVIDER;
    }

    @Override
    public LockLease tryAcquire(LockOptions options, String jobId, String scanIdentifier) throws LockDeniedException {
        return FileLockEngine.resolve(options).tryAcquire(jobId, scanIdentifier);
    }

    @Override
    public Optional<LockHolder> holder(LockOptions options) {
        return FileLockEngine.resolve(options).holder();
    }
}
