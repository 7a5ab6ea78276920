package io.github.stem4d.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.stem4d.lock.AnalysisLock;
import io.github.stem4d.lock.LockLease;
import io.github.stem4d.lock.LockOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stem4d lock run} in this JVM: exit codes, environment, denial and waiting. */
class LockRunCommandTest {

    @TempDir
    Path directory;

    private Path lockFile() {
        return directory.resolve("analysis.lock");
    }

    @Test
    void childExitCodeIsReturned() {
        LockCliRunner.Result result = LockCliRunner.run("lock", "run", "--lock-file", lockFile().toString(), "--",
                "sh", "-c", "exit 7");
        assertEquals(7, result.exitCode(), result.err());
        assertFalse(Files.exists(lockFile()), "the lock is released after the command");
    }

    @Test
    void childRunsWhileLockHeld() throws Exception {
        Path copy = directory.resolve("copy.json");
        Path environment = directory.resolve("env.txt");
        LockCliRunner.Result result = LockCliRunner.run("lock", "run", "--lock-file", lockFile().toString(),
                "--job-id", "run-job", "--scan", "scan-r.h5", "--",
                "sh", "-c", "cat \"$STEM4D_LOCK_FILE\" > " + copy + "; echo \"$STEM4D_LOCK_JOB_ID $STEM4D_LOCK_GENERATION\" > "
                        + environment);
        assertEquals(0, result.exitCode(), result.err());
        var record = new ObjectMapper().readTree(Files.readString(copy));
        assertEquals("run-job", record.get("job_id").asText());
        assertEquals("scan-r.h5", record.get("scan_identifier").asText());
        assertEquals("run-job 1", Files.readString(environment).trim());
        assertFalse(Files.exists(lockFile()));
    }

    @Test
    void deniedRunExits75AndNamesHolder() throws Exception {
        Path marker = directory.resolve("ran");
        try (LockLease lease = AnalysisLock.open(LockOptions.builder().path(lockFile()).build())
                .tryAcquire("busy-job", "busy-scan")) {
            LockCliRunner.Result result = LockCliRunner.run("lock", "run", "--lock-file", lockFile().toString(), "--",
                    "touch", marker.toString());
            assertEquals(75, result.exitCode());
            assertTrue(result.err().contains("busy-job"), result.err());
            assertTrue(result.err().contains("busy-scan"), result.err());
            assertFalse(Files.exists(marker), "the command must not run without the lock");

            LockCliRunner.Result custom = LockCliRunner.run("lock", "run", "--conflict-exit-code", "9", "--lock-file",
                    lockFile().toString(), "--", "touch", marker.toString());
            assertEquals(9, custom.exitCode());
            assertFalse(Files.exists(marker));
            assertTrue(lease.isValid());
        }
    }

    @Test
    void waitOptionWaitsForRelease() throws Exception {
        LockLease lease = AnalysisLock.open(LockOptions.builder().path(lockFile()).build()).tryAcquire("short", "s");
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lease.close();
        });
        releaser.start();
        LockCliRunner.Result result = LockCliRunner.run("lock", "run", "--wait", "30s", "--lock-file",
                lockFile().toString(), "--", "true");
        releaser.join();
        assertEquals(0, result.exitCode(), result.err());
    }

    @Test
    void missingCommandCannotStart() {
        LockCliRunner.Result result = LockCliRunner.run("lock", "run", "--lock-file", lockFile().toString(), "--",
                directory.resolve("no-such-program").toString());
        assertEquals(127, result.exitCode());
        assertTrue(result.err().contains("cannot start"), result.err());
        assertTrue(result.err().contains("command not found"), result.err());
        assertFalse(Files.exists(lockFile()));
    }

    @Test
    void unknownBareCommandExits127() {
        LockCliRunner.Result result = LockCliRunner.run("lock", "run", "--lock-file", lockFile().toString(), "--",
                "stem4d-no-such-program-xyz");

        assertEquals(127, result.exitCode());
        assertTrue(result.err().contains("'stem4d-no-such-program-xyz': command not found"), result.err());
    }

    @Test
    void nonExecutableCommandExits126() throws Exception {
        Path script = Files.writeString(directory.resolve("not-executable.sh"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        LockCliRunner.Result result = LockCliRunner.run("lock", "run", "--lock-file", lockFile().toString(), "--",
                script.toString());

        assertEquals(126, result.exitCode());
        assertTrue(result.err().contains("cannot start"), result.err());
        assertFalse(Files.exists(lockFile()));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, LockCliRunner.run("lock", "run", "--lock-file", lockFile().toString()).exitCode());
        assertEquals(2, LockCliRunner.run("lock", "run", "--conflict-exit-code", "0", "--", "true").exitCode());
        assertEquals(2, LockCliRunner.run("lock", "run", "--conflict-exit-code", "300", "--", "true").exitCode());
        assertEquals(2, LockCliRunner.run("lock", "run", "--wait", "later", "--", "true").exitCode());
    }

    @Test
    void helpMentionsSigkillLimit() {
        LockCliRunner.Result result = LockCliRunner.run("lock", "run", "--help");
        assertEquals(0, result.exitCode());
        String help = result.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("Unlike flock(1), COMMAND cannot inherit the lock"), help);
        assertTrue(help.contains("SIGKILL"), help);
    }
}
