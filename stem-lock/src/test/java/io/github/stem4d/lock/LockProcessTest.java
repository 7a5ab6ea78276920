package io.github.stem4d.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock between separate JVMs: denial, kill -9, SIGSTOP, long jobs, PID reuse and release paths. */
@Tag("process")
class LockProcessTest {

    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private Path record() {
        return directory.resolve("analysis.lock");
    }

    private String pathArg() {
        return "path=" + record();
    }

    private AnalysisLock lock(Duration stale, Duration heartbeat) {
        return AnalysisLock.open(LockOptions.builder().path(record()).staleLimit(stale).heartbeatPeriod(heartbeat)
                .build());
    }

    @Test
    void secondJvmDeniedThenSucceedsAfterRelease() throws Exception {
        try (JvmProcess first = JvmProcess.start(directory, "hold", pathArg(), "job=first-job", "scan=s1.h5")) {
            first.expect(STEP, "ACQUIRED");
            try (JvmProcess second = JvmProcess.start(directory, "hold", pathArg(), "job=second-job")) {
                assertEquals("DENIED first-job", second.expect(STEP, "DENIED", "ACQUIRED"));
                assertEquals(75, second.waitFor(STEP));
            }
            first.send("release");
            first.expect(STEP, "RELEASED");
            try (JvmProcess third = JvmProcess.start(directory, "hold", pathArg(), "job=third-job")) {
                assertTrue(third.expect(STEP, "DENIED", "ACQUIRED").startsWith("ACQUIRED 2 "));
                third.send("release");
                third.expect(STEP, "RELEASED");
            }
        }
    }

    @Test
    void killNineHolderIsNoticedAtOnce() throws Exception {
        String deadToken;
        try (JvmProcess holder = JvmProcess.start(directory, "hold", pathArg(), "job=doomed")) {
            deadToken = holder.expect(STEP, "ACQUIRED").split(" ")[2];
            holder.process().destroyForcibly();
            assertTrue(holder.process().waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(record()), "kill -9 leaves the record behind");
        assertEquals(deadToken, LockFiles.token(record()));

        AnalysisLock lock = lock(Duration.ofHours(1), Duration.ofSeconds(60));
        assertEquals(LockHolder.Liveness.DEAD, lock.holder().orElseThrow().liveness());
        long start = System.nanoTime();
        try (LockLease lease = lock.tryAcquire("survivor", "scan")) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 10_000, "took " + millis + " ms");
            assertEquals(2, lease.generation());
            assertNotEquals(deadToken, LockFiles.token(record()));
        }
    }

    @Test
    void killNineHolderNextJvmAcquires() throws Exception {
        try (JvmProcess holder = JvmProcess.start(directory, "hold", pathArg(), "job=doomed")) {
            holder.expect(STEP, "ACQUIRED");
            holder.process().destroyForcibly();
            assertTrue(holder.process().waitFor(30, TimeUnit.SECONDS));
        }
        try (JvmProcess next = JvmProcess.start(directory, "hold", pathArg(), "job=next")) {
            assertTrue(next.expect(STEP, "DENIED", "ACQUIRED").startsWith("ACQUIRED 2 "));
            next.send("release");
            next.expect(STEP, "RELEASED");
        }
    }

    @Test
    void garbageRecordWithHeldGuardDenies() throws Exception {
        try (JvmProcess holder = JvmProcess.start(directory, "hold", pathArg(), "job=guard-owner", "stale=2000",
                "heartbeat=200")) {
            holder.expect(STEP, "ACQUIRED");
            Path garbage = directory.resolve("garbage.tmp");
            Files.write(garbage, new byte[] {0, 1, 2, (byte) 0xff});
            Files.move(garbage, record(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            AnalysisLock lock = lock(Duration.ofSeconds(2), Duration.ofMillis(200));
            LockDeniedException denied = assertThrows(LockDeniedException.class, () -> lock.tryAcquire("me", "s"));
            assertEquals(LockHolder.Liveness.ALIVE, denied.holder().liveness());
            assertFalse(denied.holder().readable());
            assertEquals(LockHolder.Liveness.ALIVE, lock.holder().orElseThrow().liveness());

            // The holder's heartbeat finds a record that is not its own and reports the loss.
            String lost = holder.expect(STEP, "LOST");
            assertTrue(lost.contains("replaced"), lost);
            assertTrue(Files.exists(record()));
            holder.send("valid");
            assertEquals("VALID false", holder.expect(STEP, "VALID"));
        }
    }

    @Test
    void stoppedHolderStillDeniesOthers() throws Exception {
        assumeTrue(LockFiles.linux(), "SIGSTOP needs a POSIX kill command");
        try (JvmProcess holder = JvmProcess.start(directory, "hold", pathArg(), "job=sleeper", "stale=2000",
                "heartbeat=200")) {
            String token = holder.expect(STEP, "ACQUIRED").split(" ")[2];
            assertEquals(0, signal("STOP", holder.pid()));
            try {
                // Longer than both the heartbeat period and the stale limit.
                Thread.sleep(3000);
                AnalysisLock lock = lock(Duration.ofSeconds(2), Duration.ofMillis(200));
                LockDeniedException denied = assertThrows(LockDeniedException.class,
                        () -> lock.tryAcquire("intruder", "scan"));
                assertEquals("sleeper", denied.holder().jobId());
                assertEquals(LockHolder.Liveness.ALIVE, denied.holder().liveness());
                assertEquals(token, LockFiles.token(record()));
            } finally {
                assertEquals(0, signal("CONT", holder.pid()));
            }
            holder.send("valid");
            assertEquals("VALID true", holder.expect(STEP, "VALID", "LOST"));
            holder.send("release");
            holder.expect(STEP, "RELEASED");
        }
    }

    @Test
    void anotherJvmStillDeniedAfterThreadRace() throws Exception {
        AnalysisLock lock = lock(Duration.ofHours(1), Duration.ofSeconds(60));
        LockThreadsTest.Outcome outcome = LockThreadsTest.race(lock, 50);
        try {
            assertEquals(1, outcome.winners().size());
            try (JvmProcess other = JvmProcess.start(directory, "hold", pathArg(), "job=outsider")) {
                assertEquals("DENIED " + outcome.winners().get(0).holder().jobId(),
                        other.expect(STEP, "DENIED", "ACQUIRED"));
                assertEquals(75, other.waitFor(STEP));
            }
        } finally {
            outcome.winners().forEach(LockLease::close);
        }
    }

    @Test
    void longJobNeverTakenOver() throws Exception {
        long jobMillis = LockFiles.stress() ? 10_000 : 5_000;
        try (JvmProcess holder = JvmProcess.start(directory, "hold", pathArg(), "job=long-job", "stale=2000",
                "heartbeat=200")) {
            String token = holder.expect(STEP, "ACQUIRED").split(" ")[2];
            AnalysisLock lock = lock(Duration.ofSeconds(2), Duration.ofMillis(200));
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(jobMillis);
            int attempts = 0;
            double maxAge = 0;
            while (System.nanoTime() < end) {
                LockDeniedException denied = assertThrows(LockDeniedException.class,
                        () -> lock.tryAcquire("contender", "scan"));
                assertEquals("long-job", denied.holder().jobId());
                double age = LockFiles.now() - LockFiles.readJson(record()).get("timestamp").asDouble();
                maxAge = Math.max(maxAge, age);
                assertEquals(token, LockFiles.token(record()));
                attempts++;
                Thread.sleep(250);
            }
            assertTrue(attempts >= 10, "only " + attempts + " attempts");
            // A reader that only checks the timestamp, like the Python tool, never finds it stale.
            assertTrue(maxAge < 2.0, "the timestamp reached an age of " + maxAge + " s");
            holder.send("valid");
            assertEquals("VALID true", holder.expect(STEP, "VALID", "LOST"));
            holder.send("release");
            holder.expect(STEP, "RELEASED");
        }
    }

    @Test
    void reusedPidTakenOver() throws Exception {
        assumeTrue(LockFiles.linux(), "process start times are read from /proc");
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            long ticks = LockFiles.startTicks(sleeper.pid());
            writeLocalRecord("live-job", sleeper.pid(), ticks, LockFiles.now());
            AnalysisLock lock = lock(Duration.ofHours(1), Duration.ofSeconds(60));
            assertEquals(LockHolder.Liveness.ALIVE, lock.holder().orElseThrow().liveness());
            LockDeniedException denied = assertThrows(LockDeniedException.class, () -> lock.tryAcquire("me", "s"));
            assertEquals("live-job", denied.holder().jobId());

            Files.delete(record());
            writeLocalRecord("reused-pid-job", sleeper.pid(), ticks + 12_345, LockFiles.now());
            assertEquals(LockHolder.Liveness.DEAD, lock.holder().orElseThrow().liveness());
            try (LockLease lease = lock.tryAcquire("me", "s")) {
                assertEquals("me", LockFiles.readJson(record()).get("job_id").asText());
            }
        } finally {
            sleeper.destroyForcibly();
            sleeper.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deadLocalPidTakenOver() throws Exception {
        assumeTrue(LockFiles.linux(), "process start times are read from /proc");
        Process finished = new ProcessBuilder("true").start();
        assertTrue(finished.waitFor(10, TimeUnit.SECONDS));
        writeLocalRecord("gone-job", finished.pid(), 1, LockFiles.now());
        AnalysisLock lock = lock(Duration.ofHours(1), Duration.ofSeconds(60));
        try (LockLease lease = lock.tryAcquire("me", "s")) {
            assertTrue(lease.isValid());
        }
    }

    @Test
    void foreignHostFreshRecordIsNotTakenOver() throws Exception {
        String json = foreignRecord(LockFiles.now());
        Files.writeString(record(), json);
        AnalysisLock lock = lock(Duration.ofSeconds(30), Duration.ofSeconds(3));
        LockDeniedException denied = assertThrows(LockDeniedException.class, () -> lock.tryAcquire("me", "s"));
        assertEquals("remote-job", denied.holder().jobId());
        assertEquals(LockHolder.Liveness.UNKNOWN, denied.holder().liveness());
        assertTrue(denied.getMessage().contains("some-other-host"), denied.getMessage());
        assertEquals(json, Files.readString(record()));

        // Once both its timestamp and the file are older than the limit, it is stale.
        Files.writeString(record(), foreignRecord(LockFiles.now() - 60));
        LockFiles.ageFile(record(), Duration.ofSeconds(60));
        assertEquals(LockHolder.Liveness.STALE, lock.holder().orElseThrow().liveness());
        try (LockLease lease = lock.tryAcquire("me", "s")) {
            assertEquals("me", LockFiles.readJson(record()).get("job_id").asText());
        }
    }

    private static String foreignRecord(double timestamp) {
        return "{\"job_id\":\"remote-job\",\"scan_identifier\":\"s\",\"timestamp\":" + timestamp
                + ",\"pid\":1,\"process_start\":5,\"host\":\"some-other-host\",\"boot_id\":\"other-boot\"}";
    }

    private void writeLocalRecord(String job, long pid, long startTicks, double timestamp) throws Exception {
        String json = "{\"job_id\":\"" + job + "\",\"scan_identifier\":\"s\",\"timestamp\":" + timestamp
                + ",\"pid\":" + pid + ",\"process_start\":" + startTicks + ",\"host\":\"" + LockFiles.hostName()
                + "\",\"boot_id\":\"" + LockFiles.bootId() + "\"}";
        Files.writeString(record(), json);
    }

    @Test
    void releaseOnSuccessRemovesRecordAndUnlocksGuard() throws Exception {
        try (JvmProcess holder = JvmProcess.start(directory, "hold", pathArg(), "job=ok-job")) {
            holder.expect(STEP, "ACQUIRED");
            assertTrue(LockFiles.guardLockedElsewhere(directory.resolve("analysis.lock.guard")));
            holder.send("release");
            holder.expect(STEP, "RELEASED");
            assertTrue(holder.process().isAlive());
            assertFalse(Files.exists(record()));
            assertFalse(LockFiles.guardLockedElsewhere(directory.resolve("analysis.lock.guard")));
            holder.closeInput();
            assertEquals(0, holder.waitFor(STEP));
        }
    }

    @Test
    void releaseOnExceptionInOtherJvm() throws Exception {
        try (JvmProcess holder = JvmProcess.start(directory, "throw", pathArg(), "job=failing-job")) {
            holder.expect(STEP, "ACQUIRED");
            assertEquals(1, holder.waitFor(STEP));
            assertTrue(holder.stderrText().contains("job failed on purpose"), holder.stderrText());
        }
        assertReleased();
    }

    @Test
    void releaseOnSystemExit() throws Exception {
        try (JvmProcess holder = JvmProcess.start(directory, "exit", pathArg(), "job=exiting-job")) {
            holder.expect(STEP, "ACQUIRED");
            assertEquals(3, holder.waitFor(STEP));
        }
        assertReleased();
    }

    @Test
    void releaseOnSigterm() throws Exception {
        assumeTrue(LockFiles.linux(), "needs a POSIX kill command");
        try (JvmProcess holder = JvmProcess.start(directory, "hold", pathArg(), "job=terminated-job")) {
            holder.expect(STEP, "ACQUIRED");
            assertTrue(Files.exists(record()));
            assertEquals(0, signal("TERM", holder.pid()));
            assertEquals(143, holder.waitFor(STEP));
        }
        assertReleased();
    }

    private void assertReleased() throws Exception {
        assertFalse(Files.exists(record()), "the record was not removed");
        assertFalse(LockFiles.guardLockedElsewhere(directory.resolve("analysis.lock.guard")));
        assertEquals(java.util.List.of("analysis.lock.guard"), LockFiles.names(directory).stream()
                .filter(name -> !name.endsWith(".err")).toList());
    }

    static int signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS));
        return kill.exitValue();
    }
}
