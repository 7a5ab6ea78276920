package io.github.stem4d.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Degraded mode (no OS file lock), forced by its option on a local file system. */
@Tag("process")
class LockDegradedModeProcessTest {

    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private Path record() {
        return directory.resolve("analysis.lock");
    }

    private AnalysisLock degradedLock(Duration stale) {
        return AnalysisLock.open(LockOptions.builder().path(record()).staleLimit(stale)
                .heartbeatPeriod(Duration.ofMillis(200)).degradedModeForced(true).build());
    }

    @Test
    void degradedLeaseHoldsNoOsLock() throws Exception {
        AnalysisLock lock = degradedLock(Duration.ofHours(1));
        try (LockLease lease = lock.tryAcquire("degraded-job", "scan")) {
            assertEquals("degraded-job", LockFiles.readJson(record()).get("job_id").asText());
            assertEquals(1, lease.generation());
            // The lease keeps no channel on the guard file, so this probe cannot disturb it.
            assertFalse(LockFiles.guardLockedElsewhere(directory.resolve("analysis.lock.guard")));
            assertThrows(LockDeniedException.class, () -> lock.tryAcquire("second", "scan"));
        }
        assertFalse(Files.exists(record()));
        try (LockLease lease = lock.tryAcquire("again", "scan")) {
            assertEquals(2, lease.generation());
        }
    }

    @Test
    void degradedKilledHolderTakenOver() throws Exception {
        try (JvmProcess holder = JvmProcess.start(directory, "hold", "path=" + record(), "job=degraded-holder",
                "degraded=true")) {
            holder.expect(STEP, "ACQUIRED");
            AnalysisLock lock = degradedLock(Duration.ofHours(1));
            LockDeniedException denied = assertThrows(LockDeniedException.class, () -> lock.tryAcquire("me", "s"));
            assertEquals("degraded-holder", denied.holder().jobId());
            assertEquals(LockHolder.Liveness.ALIVE, denied.holder().liveness());

            holder.process().destroyForcibly();
            assertTrue(holder.process().waitFor(30, TimeUnit.SECONDS));
            try (LockLease lease = lock.tryAcquire("me", "s")) {
                assertEquals(2, lease.generation());
            }
        }
    }

    @Test
    void degradedStaleRecordBroken() throws Exception {
        String fresh = "{\"job_id\":\"remote\",\"scan_identifier\":\"s\",\"timestamp\":" + LockFiles.now()
                + ",\"host\":\"elsewhere\"}";
        Files.writeString(record(), fresh);
        AnalysisLock lock = degradedLock(Duration.ofSeconds(30));
        assertThrows(LockDeniedException.class, () -> lock.tryAcquire("me", "s"));
        assertEquals(fresh, Files.readString(record()));

        Files.writeString(record(), "{\"job_id\":\"remote\",\"scan_identifier\":\"s\",\"timestamp\":"
                + (LockFiles.now() - 120) + ",\"host\":\"elsewhere\"}");
        LockFiles.ageFile(record(), Duration.ofSeconds(120));
        try (LockLease lease = lock.tryAcquire("me", "s")) {
            assertEquals("me", LockFiles.readJson(record()).get("job_id").asText());
        }
        assertEquals(List.of("analysis.lock.guard"), LockFiles.names(directory), "no moved-aside record remains");
    }

    @Test
    void degradedTakeoverRaceLeavesOneValidLease() throws Exception {
        int jvms = LockFiles.stress() ? 8 : 4;
        try (JvmProcess doomed = JvmProcess.start(directory, "hold", "path=" + record(), "job=doomed",
                "degraded=true")) {
            doomed.expect(STEP, "ACQUIRED");
            doomed.process().destroyForcibly();
            assertTrue(doomed.process().waitFor(30, TimeUnit.SECONDS));
        }

        List<JvmProcess> processes = new ArrayList<>();
        try {
            for (int i = 0; i < jvms; i++) {
                processes.add(JvmProcess.start(directory, "race", "path=" + record(), "job=racer-" + i,
                        "degraded=true", "stale=2000", "heartbeat=200"));
            }
            for (JvmProcess process : processes) {
                process.expect(STEP, "READY");
            }
            for (JvmProcess process : processes) {
                process.send("go");
            }
            List<JvmProcess> winners = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (JvmProcess process : processes) {
                String line = process.expect(STEP, "WON", "DENIED");
                if (line.startsWith("WON ")) {
                    winners.add(process);
                    tokens.add(line.substring(4));
                }
            }
            assertFalse(winners.isEmpty(), "nobody took over the dead holder's record");

            // Without an OS lock a second winner is possible inside the window noted in the engine.
            // Its heartbeat then reports the lease lost, so wait for a few heartbeats.
            Thread.sleep(1500);
            String current = LockFiles.token(record());
            int valid = 0;
            for (int i = 0; i < winners.size(); i++) {
                winners.get(i).send("valid");
                String answer = winners.get(i).expect(STEP, "VALID");
                if (answer.equals("VALID true")) {
                    valid++;
                    assertEquals(tokens.get(i), current, "a valid lease must own the record");
                }
            }
            assertEquals(1, valid, "winners " + tokens);
        } finally {
            processes.forEach(JvmProcess::close);
        }
    }
}
