package io.github.stem4d.lock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paths the lock cannot use: links, directories, FIFOs, missing or read-only directories. */
class LockPathConfigurationTest {

    private static final Duration NO_HANG = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    private AnalysisLock lockAt(Path record) {
        return AnalysisLock.open(LockOptions.builder().path(record).build());
    }

    /** Asserts that both acquisition and status report a configuration error naming the file. */
    private LockConfigurationException assertConfigurationError(Path record, Path offending, String problem) {
        AnalysisLock lock = lockAt(record);
        LockConfigurationException error = assertTimeoutPreemptively(NO_HANG,
                () -> assertThrows(LockConfigurationException.class, () -> lock.tryAcquire("job", "scan")));
        assertTrue(error.getMessage().contains(offending.toString()), error.getMessage());
        assertTrue(error.getMessage().contains(problem), error.getMessage());
        assertFalse(error.getMessage().contains("held by"), error.getMessage());
        LockConfigurationException statusError = assertTimeoutPreemptively(NO_HANG,
                () -> assertThrows(LockConfigurationException.class, lock::holder));
        assertTrue(statusError.getMessage().contains(problem), statusError.getMessage());
        return error;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"analysis.lock", "analysis.lock.guard"})
    void liveSymlinkIsRefusedAndTargetUnchanged(String linkName) throws Exception {
        Path target = directory.resolve("precious.txt");
        Files.writeString(target, "do not touch");
        FileTime modified = FileTime.from(Instant.now().minusSeconds(600));
        Files.setLastModifiedTime(target, modified);
        Files.createSymbolicLink(directory.resolve(linkName), target);

        assertConfigurationError(directory.resolve("analysis.lock"), directory.resolve(linkName), "symbolic link");

        assertEquals("do not touch", Files.readString(target));
        assertEquals(modified, Files.getLastModifiedTime(target));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"analysis.lock", "analysis.lock.guard"})
    void danglingSymlinkIsRefusedAndTargetNotCreated(String linkName) throws Exception {
        Path target = directory.resolve("missing-target");
        Files.createSymbolicLink(directory.resolve(linkName), target);

        assertConfigurationError(directory.resolve("analysis.lock"), directory.resolve(linkName), "symbolic link");

        assertFalse(Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"analysis.lock", "analysis.lock.guard"})
    void directoryIsRefused(String name) throws Exception {
        Files.createDirectory(directory.resolve(name));
        assertConfigurationError(directory.resolve("analysis.lock"), directory.resolve(name), "is a directory");
        assertTrue(Files.isDirectory(directory.resolve(name)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"analysis.lock", "analysis.lock.guard"})
    void fifoIsRefusedWithoutHanging(String name) throws Exception {
        Path fifo = directory.resolve(name);
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e);
            return;
        }
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS));
        assumeTrue(mkfifo.exitValue() == 0, "mkfifo failed");

        assertConfigurationError(directory.resolve("analysis.lock"), fifo, "FIFO");
        assertTrue(Files.exists(fifo));
        assertFalse(Files.isRegularFile(fifo));
    }

    @Test
    void missingDirectoryIsConfigurationError() {
        Path record = directory.resolve("absent").resolve("analysis.lock");
        LockConfigurationException error = assertThrows(LockConfigurationException.class,
                () -> lockAt(record).tryAcquire("job", "scan"));
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
        assertFalse(Files.exists(directory.resolve("absent")));
    }

    @Test
    void parentThatIsFileIsConfigurationError() throws Exception {
        Path file = directory.resolve("plain-file");
        Files.writeString(file, "content");
        LockConfigurationException error = assertThrows(LockConfigurationException.class,
                () -> lockAt(file.resolve("analysis.lock")).tryAcquire("job", "scan"));
        assertTrue(error.getMessage().contains("cannot be created"), error.getMessage());
        assertTrue(error.getMessage().contains("not a directory"), error.getMessage());
        assertEquals("content", Files.readString(file));
    }

    @Test
    void readOnlyDirectoryWithoutGuardSaysCannotCreate() throws Exception {
        Path locked = Files.createDirectory(directory.resolve("read-only"));
        assertReadOnlyFailure(locked);
    }

    @Test
    void readOnlyDirectoryWithGuardSaysCannotCreate() throws Exception {
        Path locked = Files.createDirectory(directory.resolve("read-only"));
        Files.writeString(locked.resolve("analysis.lock.guard"), "4\n");
        assertReadOnlyFailure(locked);
    }

    /**
     * Makes the directory read-only (chmod for normal users; {@code chattr +i} for root, who
     * ignores permission bits), then checks the error and that no file was left behind.
     */
    private void assertReadOnlyFailure(Path locked) throws Exception {
        List<String> before = LockFiles.names(locked);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            assumeTrue(run("chattr", "+i", locked.toString()) == 0,
                    "running as root and chattr +i is not available, so no directory is read-only for this user");
        } else {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        try {
            AnalysisLock lock = lockAt(locked.resolve("analysis.lock"));
            LockConfigurationException error = assertThrows(LockConfigurationException.class,
                    () -> lock.tryAcquire("job", "scan"));
            assertTrue(error.getMessage().contains("cannot be created"), error.getMessage());
            assertTrue(error.getMessage().contains("writable"), error.getMessage());
            assertFalse(error.getMessage().contains("held"), error.getMessage());
            assertEquals(before, LockFiles.names(locked), "no temporary or record file is left behind");
        } finally {
            if (root) {
                run("chattr", "-i", locked.toString());
            } else {
                Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        // The same lock works once the directory is writable again.
        try (LockLease lease = lockAt(locked.resolve("analysis.lock")).tryAcquire("job", "scan")) {
            assertTrue(lease.isValid());
        }
    }

    private static int run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void recordBytesAreUnchangedByRefusal() throws Exception {
        Path target = directory.resolve("target.json");
        byte[] content = "{\"job_id\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(target, content);
        Files.createSymbolicLink(directory.resolve("analysis.lock"), target);
        AnalysisLock lock = lockAt(directory.resolve("analysis.lock"));
        assertThrows(LockConfigurationException.class, () -> lock.tryAcquire("job", "scan"));
        assertArrayEquals(content, Files.readAllBytes(target));
        assertFalse(Files.exists(directory.resolve("analysis.lock.guard")), "nothing is created after a refusal");
    }
}
