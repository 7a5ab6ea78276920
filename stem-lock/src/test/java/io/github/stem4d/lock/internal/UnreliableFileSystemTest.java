package io.github.stem4d.lock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.lock.LockConfigurationException;
import io.github.stem4d.lock.LockOptions;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory reported as NFS: the lock fails closed unless degraded mode is allowed. The type is
 * injected because no network file system is mounted where the tests run.
 */
class UnreliableFileSystemTest {

    @TempDir
    Path directory;

    @Test
    void nfsFailsClosedByDefault() {
        LockOptions options = LockOptions.builder().path(directory.resolve("analysis.lock")).build();
        LockConfigurationException error = assertThrows(LockConfigurationException.class,
                () -> FileLockEngine.resolve(options, path -> "nfs4"));
        assertTrue(error.getMessage().contains("'nfs4'"), error.getMessage());
        assertTrue(error.getMessage().contains("degraded mode"), error.getMessage());
        assertFalse(error.getMessage().contains("held"), error.getMessage());
        assertFalse(Files.exists(directory.resolve("analysis.lock.guard")));
    }

    @Test
    void nfsDegradedRunsWithoutOsLock() throws Exception {
        LockOptions options = LockOptions.builder().path(directory.resolve("analysis.lock"))
                .degradedModeAllowed(true).build();
        FileLockEngine engine = FileLockEngine.resolve(options, path -> "nfs");
        assertTrue(engine.degraded());
        try (FileLease lease = engine.tryAcquire("nfs-job", "scan")) {
            assertTrue(lease.isValid());
            assertTrue(Files.exists(directory.resolve("analysis.lock")));
            // A degraded lease keeps no channel on the guard file, so this probe cannot disturb it.
            try (FileChannel channel = FileChannel.open(directory.resolve("analysis.lock.guard"),
                    StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock probe = channel.tryLock();
                assertTrue(probe != null, "degraded mode must not take an OS lock");
                probe.release();
            }
        }
        assertFalse(Files.exists(directory.resolve("analysis.lock")));
    }

    @Test
    void localFileSystemIsNotDegraded() {
        LockOptions options = LockOptions.builder().path(directory.resolve("analysis.lock"))
                .degradedModeAllowed(true).build();
        assertEquals(false, FileLockEngine.resolve(options, path -> "ext4").degraded());
        assertEquals(true, FileLockEngine.resolve(options.toBuilder().degradedModeForced(true).build(),
                path -> "ext4").degraded());
    }
}
