package io.github.stem4d.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original Python lock manager on the same file: it creates the record exclusively with
 * three keys, deletes it to release, treats it as stale after 3600 s, and keeps no guard file.
 */
@Tag("process")
class PythonCompatibilityProcessTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** The Python tool's protocol, reduced to the calls it makes on the lock file. */
    private static final String PYTHON_LOCK_MANAGER = String.join("\n",
            "import json, os, sys, time",
            "mode, path, job = sys.argv[1], sys.argv[2], sys.argv[3]",
            "def acquire():",
            "    try:",
            "        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)",
            "    except FileExistsError:",
            "        with open(path) as f:",
            "            data = json.load(f)",
            "        if time.time() - data['timestamp'] > 3600:",
            "            os.remove(path)",
            "            return acquire()",
            "        print('DENIED ' + data['job_id'])",
            "        return",
            "    with os.fdopen(fd, 'w') as f:",
            "        json.dump({'job_id': job, 'scan_identifier': 'py-scan', 'timestamp': time.time()}, f)",
            "    print('ACQUIRED')",
            "if mode == 'acquire':",
            "    acquire()",
            "elif mode == 'release':",
            "    os.remove(path)",
            "    print('RELEASED')",
            "");

    @TempDir
    Path directory;

    private Path record() {
        return directory.resolve("4dllm_analysis.lock");
    }

    private AnalysisLock lock() {
        return AnalysisLock.open(LockOptions.builder().path(record()).build());
    }

    @Test
    void freshPythonRecordIsHonoured() throws Exception {
        LockFiles.writePythonRecord(record(), "py-job", "py-scan.h5", LockFiles.now());
        LockHolder holder = lock().holder().orElseThrow();
        assertEquals("py-job", holder.jobId());
        assertEquals(LockHolder.Liveness.UNKNOWN, holder.liveness());
        assertEquals(null, holder.pid());

        LockDeniedException denied = assertThrows(LockDeniedException.class, () -> lock().tryAcquire("java", "s"));
        assertEquals("py-job", denied.holder().jobId());
        assertTrue(denied.getMessage().contains("py-scan.h5"), denied.getMessage());
        assertEquals("py-job", LockFiles.readJson(record()).get("job_id").asText());
    }

    @Test
    void oldPythonRecordIsTakenOver() throws Exception {
        LockFiles.writePythonRecord(record(), "old-py-job", "py-scan.h5", LockFiles.now() - 4000);
        LockFiles.ageFile(record(), Duration.ofSeconds(4000));
        assertEquals(LockHolder.Liveness.STALE, lock().holder().orElseThrow().liveness());
        try (LockLease lease = lock().tryAcquire("java-job", "s")) {
            assertEquals("java-job", LockFiles.readJson(record()).get("job_id").asText());
        }
        assertFalse(Files.exists(record()));
    }

    @Test
    void oldTimestampWithFreshFileIsHonoured() throws Exception {
        LockFiles.writePythonRecord(record(), "rewritten-job", "py-scan.h5", LockFiles.now() - 4000);
        LockDeniedException denied = assertThrows(LockDeniedException.class, () -> lock().tryAcquire("java", "s"));
        assertEquals("rewritten-job", denied.holder().jobId());
    }

    @Test
    void exclusiveCreateFailsWhileJavaHolds() throws Exception {
        try (LockLease lease = lock().tryAcquire("java-job", "s")) {
            assertThrows(FileAlreadyExistsException.class, () -> LockFiles.writePythonRecord(record(), "py", "s",
                    LockFiles.now()));
            assertThrows(FileAlreadyExistsException.class, () -> Files.newByteChannel(record(),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close());
            assertEquals(lease.holder().ownerToken(), LockFiles.token(record()));
        }
        LockFiles.writePythonRecord(record(), "py-after", "s", LockFiles.now());
        assertEquals("py-after", lock().holder().orElseThrow().jobId());
    }

    @Test
    void realPythonProtocolAgainstJava() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed");

        try (LockLease lease = lock().tryAcquire("java-job", "s")) {
            assertEquals(List.of("DENIED java-job"), python("acquire", "py-job"));
            assertEquals(lease.holder().ownerToken(), LockFiles.token(record()));
        }

        assertEquals(List.of("ACQUIRED"), python("acquire", "py-job"));
        LockDeniedException denied = assertThrows(LockDeniedException.class, () -> lock().tryAcquire("java", "s"));
        assertEquals("py-job", denied.holder().jobId());
        assertEquals(List.of("RELEASED"), python("release", "py-job"));
        try (LockLease lease = lock().tryAcquire("java-job", "s")) {
            assertTrue(lease.isValid());
        }
    }

    private List<String> python(String mode, String job) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PYTHON.toString(), "-c", PYTHON_LOCK_MANAGER, mode, record().toString(),
                job).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        return new ArrayList<>(output.lines().toList());
    }
}
