package io.github.stem4d.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock inside one JVM: acquisition, the record, release, generations, waiting and loss. */
class AnalysisLockTest {

    @TempDir
    Path directory;

    private AnalysisLock lock(Duration stale, Duration heartbeat) {
        return AnalysisLock.open(LockOptions.builder()
                .path(directory.resolve("analysis.lock"))
                .staleLimit(stale)
                .heartbeatPeriod(heartbeat)
                .build());
    }

    private AnalysisLock lock() {
        return lock(Duration.ofHours(1), Duration.ofSeconds(60));
    }

    @Test
    void defaultOptionsMatchDocumentedValues() {
        LockOptions defaults = LockOptions.defaults();
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "4dllm_analysis.lock"), defaults.path());
        assertEquals(Duration.ofHours(1), defaults.staleLimit());
        assertEquals(Duration.ofSeconds(60), defaults.heartbeatPeriod());
        assertFalse(defaults.degradedModeAllowed());
        assertEquals("file", defaults.providerName());
        assertTrue(defaults.releaseOnShutdown());
        assertEquals(Duration.ofSeconds(60), defaults.effectiveHeartbeatPeriod());
        assertEquals(LockOptions.defaults().path(), AnalysisLock.atDefaultPath().options().path());
    }

    @Test
    void heartbeatIsAtMostTenthOfStaleLimit() {
        LockOptions options = LockOptions.builder().staleLimit(Duration.ofSeconds(2))
                .heartbeatPeriod(Duration.ofSeconds(60)).build();
        assertEquals(Duration.ofMillis(200), options.effectiveHeartbeatPeriod());
    }

    @Test
    void optionsRejectInvalidValues() {
        IllegalArgumentException stale = assertThrows(IllegalArgumentException.class,
                () -> LockOptions.builder().staleLimit(Duration.ZERO).build());
        assertTrue(stale.getMessage().contains("staleLimit"), stale.getMessage());
        IllegalArgumentException heartbeat = assertThrows(IllegalArgumentException.class,
                () -> LockOptions.builder().heartbeatPeriod(Duration.ofSeconds(-1)).build());
        assertTrue(heartbeat.getMessage().contains("heartbeatPeriod"), heartbeat.getMessage());
    }

    @Test
    void acquirePublishesCompleteRecord() throws Exception {
        Path record = directory.resolve("analysis.lock");
        try (LockLease lease = lock().tryAcquire("job-1", "scan-a.h5")) {
            JsonNode json = LockFiles.readJson(record);
            assertEquals("job-1", json.get("job_id").asText());
            assertEquals("scan-a.h5", json.get("scan_identifier").asText());
            assertTrue(json.get("timestamp").isDouble(), json.toString());
            String text = Files.readString(record);
            assertTrue(text.matches("(?s).*\"timestamp\":\\d{10}\\.\\d+,.*"), "not a plain decimal: " + text);
            assertTrue(Math.abs(json.get("timestamp").asDouble() - LockFiles.now()) < 60, json.toString());
            assertTrue(json.get("acquired_at").asText().endsWith("Z"), json.toString());
            assertEquals(lease.holder().ownerToken(), json.get("owner_token").asText());
            assertEquals(ProcessHandle.current().pid(), json.get("pid").asLong());
            assertTrue(json.has("process_start"), json.toString());
            assertTrue(json.has("host"), json.toString());
            assertEquals(1, json.get("generation").asLong());
            assertEquals(1, json.get("version").asInt());
            if (LockFiles.linux()) {
                assertEquals(LockFiles.bootId(), json.get("boot_id").asText());
                assertEquals(LockFiles.startTicks(ProcessHandle.current().pid()), json.get("process_start").asLong());
            }
            assertTrue(lease.isValid());
            assertEquals(Optional.empty(), lease.lostReason());
            assertTrue(Files.exists(directory.resolve("analysis.lock.guard")));
        }
        assertFalse(Files.exists(record));
        assertTrue(Files.exists(directory.resolve("analysis.lock.guard")), "the guard file is never deleted");
        assertEquals(List.of("analysis.lock.guard"), LockFiles.names(directory));
    }

    @Test
    void generationGrowsWithEachAcquisition() throws Exception {
        AnalysisLock lock = lock();
        List<Long> generations = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (LockLease lease = lock.tryAcquire("job-" + i, "scan")) {
                generations.add(lease.generation());
            }
        }
        assertEquals(List.of(1L, 2L, 3L), generations);
        assertEquals("3", Files.readString(directory.resolve("analysis.lock.guard")).trim());
    }

    @Test
    void secondAcquisitionInSameJvmIsDenied() throws Exception {
        AnalysisLock lock = lock();
        try (LockLease first = lock.tryAcquire("first-job", "scan-1")) {
            LockDeniedException denied = assertThrows(LockDeniedException.class,
                    () -> lock.tryAcquire("second-job", "scan-2"));
            assertEquals("first-job", denied.holder().jobId());
            assertEquals(LockHolder.Liveness.ALIVE, denied.holder().liveness());
            String message = denied.getMessage();
            assertTrue(message.contains("first-job"), message);
            assertTrue(message.contains("scan-1"), message);
            assertTrue(message.contains("pid " + ProcessHandle.current().pid()), message);
            assertTrue(message.contains("host '"), message);
            assertTrue(message.contains("stem4d lock status"), message);
            assertTrue(message.contains("Wait"), message);
            assertTrue(first.isValid(), "a denied request must not disturb the holder");
        }
        try (LockLease again = lock.tryAcquire("second-job", "scan-2")) {
            assertEquals("second-job", again.holder().jobId());
        }
    }

    @Test
    void holderReportsAliveHolderAndEmptyWhenFree() throws Exception {
        AnalysisLock lock = lock();
        assertEquals(Optional.empty(), lock.holder());
        try (LockLease lease = lock.tryAcquire("job-h", "scan-h")) {
            LockHolder holder = lock.holder().orElseThrow();
            assertEquals("job-h", holder.jobId());
            assertEquals(LockHolder.Liveness.ALIVE, holder.liveness());
            assertTrue(lease.isValid(), "reading the holder must not drop the OS lock");
            assertTrue(lock.holder().isPresent());
        }
        assertEquals(Optional.empty(), lock.holder());
    }

    @Test
    void releaseOnExceptionRemovesRecord() throws Exception {
        AnalysisLock lock = lock();
        Path record = directory.resolve("analysis.lock");
        assertThrows(IllegalStateException.class, () -> {
            try (LockLease lease = lock.tryAcquire("failing-job", "scan")) {
                assertTrue(Files.exists(record));
                throw new IllegalStateException("analysis failed");
            }
        });
        assertFalse(Files.exists(record));
        try (LockLease lease = lock.tryAcquire("next-job", "scan")) {
            assertEquals(2, lease.generation());
        }
    }

    @Test
    void closeIsIdempotent() throws Exception {
        LockLease lease = lock().tryAcquire("job", "scan");
        lease.close();
        lease.close();
        assertFalse(lease.isValid());
        assertEquals(Optional.empty(), lease.lostReason());
    }

    @Test
    void acquireWaitsForRelease() throws Exception {
        AnalysisLock lock = lock();
        LockLease first = lock.tryAcquire("first", "scan");
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            first.close();
        });
        releaser.start();
        try (LockLease second = lock.acquire("second", "scan", Duration.ofSeconds(30))) {
            assertEquals("second", second.holder().jobId());
            assertFalse(first.isValid());
        }
        releaser.join();
    }

    @Test
    void acquireTimesOutWithHolderNamed() throws Exception {
        AnalysisLock lock = lock();
        try (LockLease first = lock.tryAcquire("slow-job", "scan")) {
            long start = System.nanoTime();
            LockDeniedException denied = assertThrows(LockDeniedException.class,
                    () -> lock.acquire("waiting-job", "scan", Duration.ofMillis(400)));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 350, "waited " + waited + " ms");
            assertEquals("slow-job", denied.holder().jobId());
        }
    }

    @Test
    void acquireStopsWhenInterrupted() throws Exception {
        AnalysisLock lock = lock();
        try (LockLease first = lock.tryAcquire("holder", "scan")) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    lock.acquire("waiter", "scan", Duration.ofMinutes(5)).close();
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            waiter.start();
            Thread.sleep(300);
            waiter.interrupt();
            waiter.join(10_000);
            assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
            assertTrue(first.isValid());
        }
    }

    @Test
    void interruptedThreadStillAcquiresAndReleases() throws Exception {
        AnalysisLock lock = lock();
        Path record = directory.resolve("analysis.lock");
        Thread.currentThread().interrupt();
        try {
            LockLease lease = lock.tryAcquire("interrupted-job", "scan");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
            assertTrue(lease.isValid());
            lease.close();
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertFalse(Files.exists(record));
    }

    @Test
    void heartbeatRefreshesTimestamp() throws Exception {
        Path record = directory.resolve("analysis.lock");
        try (LockLease lease = lock(Duration.ofSeconds(2), Duration.ofMillis(100)).tryAcquire("beating", "scan")) {
            double first = LockFiles.readJson(record).get("timestamp").asDouble();
            Thread.sleep(700);
            double later = LockFiles.readJson(record).get("timestamp").asDouble();
            assertTrue(later > first, "timestamp " + first + " was not refreshed: " + later);
            assertEquals(lease.holder().ownerToken(), LockFiles.token(record));
            assertEquals(lease.generation(), LockFiles.readJson(record).get("generation").asLong());
        }
    }

    @Test
    void replacedRecordMarksLeaseLost() throws Exception {
        Path record = directory.resolve("analysis.lock");
        LockLease lease = lock(Duration.ofSeconds(2), Duration.ofMillis(100)).tryAcquire("victim", "scan");
        CountDownLatch lost = new CountDownLatch(1);
        AtomicReference<String> reason = new AtomicReference<>();
        lease.onLost(text -> {
            reason.set(text);
            lost.countDown();
        });
        Path other = directory.resolve("other.json");
        Files.writeString(other, "{\"job_id\":\"intruder\",\"scan_identifier\":\"x\",\"timestamp\":"
                + LockFiles.now() + ",\"owner_token\":\"someone-else\"}");
        Files.move(other, record, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertTrue(lost.await(10, TimeUnit.SECONDS), "the heartbeat did not report the loss");
        assertTrue(reason.get().contains("intruder"), reason.get());
        assertFalse(lease.isValid());
        assertEquals(Optional.of(reason.get()), lease.lostReason());
        Thread.sleep(300);
        assertEquals("someone-else", LockFiles.token(record), "the heartbeat must not overwrite another owner");

        lease.close();
        assertEquals("someone-else", LockFiles.token(record), "release deletes only our own record");
        AtomicReference<String> late = new AtomicReference<>();
        lease.onLost(late::set);
        assertEquals(reason.get(), late.get(), "a listener added after the loss is called at once");
    }

    @Test
    void deletedRecordMarksLeaseLost() throws Exception {
        Path record = directory.resolve("analysis.lock");
        try (LockLease lease = lock(Duration.ofSeconds(2), Duration.ofMillis(100)).tryAcquire("victim", "scan")) {
            Files.delete(record);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lease.isValid() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(lease.isValid());
            assertTrue(lease.lostReason().orElseThrow().contains("deleted"), lease.lostReason().toString());
            assertFalse(Files.exists(record), "the heartbeat must not recreate a record after a loss");
        }
    }

    @Test
    void unknownKeysAreIgnoredOnRead() throws Exception {
        Path record = directory.resolve("analysis.lock");
        Files.writeString(record, "{\"job_id\":\"other\",\"scan_identifier\":\"s\",\"timestamp\":" + LockFiles.now()
                + ",\"future_field\":{\"nested\":[1,2]},\"priority\":\"high\"}");
        LockHolder holder = lock().holder().orElseThrow();
        assertTrue(holder.readable());
        assertEquals("other", holder.jobId());
        assertEquals(LockHolder.Liveness.UNKNOWN, holder.liveness());
        LockDeniedException denied = assertThrows(LockDeniedException.class, () -> lock().tryAcquire("me", "s"));
        assertEquals("other", denied.holder().jobId());
    }

    @Test
    void describeNamesHeldTimeAndHeartbeat() throws Exception {
        try (LockLease lease = lock().tryAcquire("timed-job", "scan-t")) {
            Thread.sleep(50);
            LockHolder holder = lease.holder();
            assertTrue(holder.heldFor().isPresent());
            assertTrue(holder.heldFor().get().compareTo(Duration.ofMillis(40)) >= 0, holder.heldFor().toString());
            String text = holder.describe();
            assertTrue(text.startsWith("job 'timed-job' (scan 'scan-t') for "), text);
            assertTrue(text.contains("(last heartbeat "), text);
            assertTrue(text.endsWith(", alive"), text);
        }
        LockHolder python = new LockHolder("py", "s", LockFiles.now() - 30, null, null, null, null, null, null,
                null, null, Duration.ofSeconds(30), LockHolder.Liveness.UNKNOWN, true);
        assertEquals(Optional.empty(), python.heldFor());
        assertEquals("job 'py' (scan 's') for 30.0s, unknown", python.describe());
    }

    @Test
    void futureTimestampBeyondStaleLimitIsStale() throws Exception {
        Path record = directory.resolve("analysis.lock");
        LockFiles.writePythonRecord(record, "skewed-job", "scan", LockFiles.now() + 86_400);
        LockFiles.ageFile(record, Duration.ofMinutes(2));

        try (LockLease lease = lock(Duration.ofMinutes(1), Duration.ofSeconds(6)).tryAcquire("me", "scan")) {
            assertEquals("me", LockFiles.readJson(record).get("job_id").asText());
        }
    }

    @Test
    void futureTimestampWithinStaleLimitIsHonoured() throws Exception {
        Path record = directory.resolve("analysis.lock");
        LockFiles.writePythonRecord(record, "skewed-job", "scan", LockFiles.now() + 30);
        LockFiles.ageFile(record, Duration.ofMinutes(2));

        LockDeniedException denied = assertThrows(LockDeniedException.class,
                () -> lock(Duration.ofMinutes(1), Duration.ofSeconds(6)).tryAcquire("me", "scan"));

        assertEquals("skewed-job", denied.holder().jobId());
    }

    @Test
    void blankJobIdIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> lock().tryAcquire(" ", "scan"));
        assertTrue(error.getMessage().contains("jobId"), error.getMessage());
    }

    @Test
    void holderAgeGrowsWithRecordAge() throws Exception {
        Path record = directory.resolve("analysis.lock");
        LockFiles.writePythonRecord(record, "old-job", "scan", LockFiles.now() - 90);
        LockHolder holder = lock().holder().orElseThrow();
        assertTrue(holder.age().compareTo(Duration.ofSeconds(89)) >= 0, holder.age().toString());
        assertTrue(holder.age().compareTo(Duration.ofSeconds(120)) < 0, holder.age().toString());
        assertNotEquals(LockHolder.Liveness.ALIVE, holder.liveness());
    }
}
