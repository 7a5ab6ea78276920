package io.github.stem4d.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.stem4d.lock.AnalysisLock;
import io.github.stem4d.lock.LockLease;
import io.github.stem4d.lock.LockOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stem4d lock status}: text, JSON and exit codes. */
class LockStatusCommandTest {

    @TempDir
    Path directory;

    private Path lockFile() {
        return directory.resolve("analysis.lock");
    }

    private LockLease hold(String job, String scan) throws Exception {
        return AnalysisLock.open(LockOptions.builder().path(lockFile()).build()).tryAcquire(job, scan);
    }

    @Test
    void freeLockExitsZero() {
        LockCliRunner.Result result = LockCliRunner.run("lock", "status", "--lock-file", lockFile().toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("is free"), result.out());
        assertEquals("", result.err());
    }

    @Test
    void heldLockExits75AndNamesJob() throws Exception {
        try (LockLease lease = hold("status-job", "scan-7.h5")) {
            LockCliRunner.Result result = LockCliRunner.run("lock", "status", "--lock-file", lockFile().toString());
            assertEquals(75, result.exitCode(), result.err());
            assertTrue(result.out().contains("is held by job 'status-job'"), result.out());
            assertTrue(result.out().contains("scan-7.h5"), result.out());
            assertTrue(result.out().contains("pid:        " + ProcessHandle.current().pid()), result.out());
            assertTrue(result.out().contains("alive"), result.out());
            assertTrue(lease.isValid());
        }
    }

    @Test
    void jsonOutputParses() throws Exception {
        try (LockLease lease = hold("json-job", "scan-j")) {
            LockCliRunner.Result result = LockCliRunner.run("lock", "status", "--json", "--lock-file",
                    lockFile().toString());
            assertEquals(75, result.exitCode(), result.err());
            JsonNode json = new ObjectMapper().readTree(result.out());
            assertEquals("held", json.get("state").asText());
            assertTrue(json.get("held").asBoolean());
            assertEquals("json-job", json.get("holder").get("job_id").asText());
            assertEquals("scan-j", json.get("holder").get("scan_identifier").asText());
            assertEquals("alive", json.get("holder").get("liveness").asText());
            assertEquals(ProcessHandle.current().pid(), json.get("holder").get("pid").asLong());
            assertEquals(lease.generation(), json.get("holder").get("generation").asLong());
        }
        LockCliRunner.Result free = LockCliRunner.run("lock", "status", "--json", "--lock-file", lockFile().toString());
        assertEquals(0, free.exitCode());
        JsonNode json = new ObjectMapper().readTree(free.out());
        assertEquals("free", json.get("state").asText());
        assertTrue(json.get("holder").isNull());
    }

    @Test
    void staleRecordCountsAsFree() throws Exception {
        double old = Instant.now().getEpochSecond() - 7200;
        Files.writeString(lockFile(), "{\"job_id\": \"old-job\", \"scan_identifier\": \"s\", \"timestamp\": " + old + "}");
        Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minusSeconds(7200)));
        LockCliRunner.Result result = LockCliRunner.run("lock", "status", "--lock-file", lockFile().toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("stale"), result.out());
        assertTrue(result.out().contains("old-job"), result.out());

        LockCliRunner.Result longer = LockCliRunner.run("lock", "status", "--stale-after", "3h", "--lock-file",
                lockFile().toString());
        assertEquals(75, longer.exitCode(), longer.out());
        assertTrue(longer.out().contains("unknown"), longer.out());
    }

    @Test
    void garbageRecordsAreReportedNotCrashed() throws Exception {
        String[] records = {
            "\u0000\u0001not json{",
            "{\"job_id\": 7, \"scan_identifier\": [], \"timestamp\": \"soon\"}",
            "{\"job_id\": \"j\", \"scan_identifier\": \"s\", \"timestamp\": 1e308, \"pid\": -5}",
            "{\"job_id\": \"j\", \"scan_identifier\": \"s\", \"timestamp\": -1e300}",
            "[1, 2, 3]",
        };
        for (String record : records) {
            Files.writeString(lockFile(), record);
            Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minusSeconds(60)));

            LockCliRunner.Result text = LockCliRunner.run("lock", "status", "--lock-file", lockFile().toString());
            LockCliRunner.Result json = LockCliRunner.run("lock", "status", "--json", "--lock-file",
                    lockFile().toString());

            assertTrue(text.exitCode() == 0 || text.exitCode() == 75, record + ": " + text.exitCode() + " " + text.err());
            assertEquals(text.exitCode(), json.exitCode(), record + ": " + json.err());
            String state = new ObjectMapper().readTree(json.out()).get("state").asText();
            if (text.exitCode() == 75) {
                assertEquals("held", state, record);
            } else {
                assertTrue(java.util.Set.of("free", "dead", "stale").contains(state), record + ": " + state);
            }
        }
    }

    @Test
    void symlinkIsFailureNotHeld() throws Exception {
        Files.createSymbolicLink(lockFile(), directory.resolve("elsewhere"));
        LockCliRunner.Result result = LockCliRunner.run("lock", "status", "--lock-file", lockFile().toString());
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("symbolic link"), result.err());
        assertEquals("", result.out());
    }

    @Test
    void invalidArgumentsExitTwo() {
        assertEquals(2, LockCliRunner.run("lock", "status", "--stale-after", "soon").exitCode());
        assertEquals(2, LockCliRunner.run("lock", "status", "--no-such-option").exitCode());
        LockCliRunner.Result bare = LockCliRunner.run("lock");
        assertEquals(2, bare.exitCode());
        assertTrue(bare.err().contains("status"), bare.err());
    }
}
