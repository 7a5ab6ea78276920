package io.github.stem4d.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads of one JVM, and a reader polling the record during rapid heartbeats. */
class LockThreadsTest {

    @TempDir
    Path directory;

    /** Winners and errors of threads that all call {@code tryAcquire} at the same moment. */
    record Outcome(List<LockLease> winners, List<Throwable> errors) {
    }

    /** Releases {@code threads} threads together on {@code tryAcquire}; winners keep their leases. */
    static Outcome race(AnalysisLock lock, int threads) throws InterruptedException {
        List<LockLease> winners = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String job = "thread-job-" + i;
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    winners.add(lock.tryAcquire(job, "scan"));
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            thread.start();
            started.add(thread);
        }
        assertTrue(ready.await(30, TimeUnit.SECONDS));
        go.countDown();
        for (Thread thread : started) {
            thread.join(60_000);
        }
        return new Outcome(List.copyOf(winners), List.copyOf(errors));
    }

    @Test
    void fiftyThreadsOneWinsOthersSeeHeld() throws Exception {
        AnalysisLock lock = AnalysisLock.open(LockOptions.builder().path(directory.resolve("analysis.lock")).build());
        Outcome outcome = race(lock, 50);
        try {
            assertEquals(1, outcome.winners().size());
            assertEquals(49, outcome.errors().size());
            String winner = outcome.winners().get(0).holder().jobId();
            for (Throwable error : outcome.errors()) {
                assertEquals(LockDeniedException.class, error.getClass(), String.valueOf(error));
                assertEquals(winner, ((LockDeniedException) error).holder().jobId());
                assertTrue(error.getMessage().contains("is held by job '" + winner + "'"), error.getMessage());
            }
            assertTrue(outcome.winners().get(0).isValid());
        } finally {
            outcome.winners().forEach(LockLease::close);
        }
        try (LockLease lease = lock.tryAcquire("after-race", "scan")) {
            assertEquals(2, lease.generation());
        }
    }

    @Test
    void threadsTakingTurnsNeverOverlap() throws Exception {
        AnalysisLock lock = AnalysisLock.open(LockOptions.builder().path(directory.resolve("analysis.lock")).build());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    try (LockLease lease = lock.acquire("worker", "scan", Duration.ofMinutes(2))) {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        inside.decrementAndGet();
                        completed.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        assertEquals(160, completed.get());
        assertEquals(0, overlaps.get());
    }

    @Test
    void readerParsesEveryReadDuringRapidHeartbeats() throws Exception {
        Path record = directory.resolve("analysis.lock");
        // A 100 ms stale limit gives a heartbeat every 10 ms.
        AnalysisLock lock = AnalysisLock.open(LockOptions.builder().path(record)
                .staleLimit(Duration.ofMillis(100)).heartbeatPeriod(Duration.ofMillis(10)).build());
        try (LockLease lease = lock.tryAcquire("busy-job", "scan")) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger reads = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            java.util.Set<Double> timestamps = Collections.synchronizedSet(new java.util.HashSet<>());
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        byte[] bytes = Files.readAllBytes(record);
                        var json = LockFiles.JSON.readTree(bytes);
                        if (!"busy-job".equals(json.get("job_id").asText())) {
                            failures.add("wrong job in " + new String(bytes));
                        }
                        timestamps.add(json.get("timestamp").asDouble());
                        reads.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
            reader.start();
            Thread.sleep(3000);
            stop.set(true);
            reader.join(10_000);

            assertEquals(List.of(), failures);
            assertTrue(reads.get() > 100, "only " + reads.get() + " reads");
            assertTrue(timestamps.size() > 20, "only " + timestamps.size() + " heartbeats seen");
            assertTrue(lease.isValid());
        }
        assertEquals(List.of("analysis.lock.guard"), LockFiles.names(directory), "no temporary files remain");
    }
}
