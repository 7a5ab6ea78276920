package io.github.stem4d.io.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class DecodePoolTest {

    @Test
    void runsEveryTaskOnce() {
        try (DecodePool pool = new DecodePool(3)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(100);
            AtomicIntegerArray workers = new AtomicIntegerArray(3);
            assertNull(pool.run(100, (index, worker) -> {
                runs.incrementAndGet(index);
                workers.incrementAndGet(worker);
            }));
            for (int i = 0; i < 100; i++) {
                assertEquals(1, runs.get(i), "runs of task " + i);
            }
            assertEquals(100, workers.get(0) + workers.get(1) + workers.get(2), "tasks over all workers");
        }
    }

    @Test
    void returnsLowestFailedTask() {
        try (DecodePool pool = new DecodePool(1)) {
            IllegalStateException third = new IllegalStateException("task 3");
            DecodePool.Failure failure = pool.run(10, (index, worker) -> {
                if (index == 3) {
                    throw third;
                }
                if (index > 3) {
                    throw new AssertionError("task " + index + " ran after task 3 failed");
                }
            });
            assertEquals(3, failure.index());
            assertSame(third, failure.error());
        }
    }

    @Test
    void closedPoolRejectsRun() {
        DecodePool pool = new DecodePool(2);
        pool.close();
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> pool.run(2, (index, worker) -> { }));
        assertTrue(error.getMessage().contains("closed"), error.getMessage());
    }

    @Test
    void threadsPropertyMustBePositive() {
        String old = System.getProperty(DecodePool.THREADS_PROPERTY);
        try {
            System.setProperty(DecodePool.THREADS_PROPERTY, "3");
            assertEquals(3, DecodePool.defaultWorkers());
            System.setProperty(DecodePool.THREADS_PROPERTY, "0");
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, DecodePool::defaultWorkers);
            assertTrue(error.getMessage().contains("got '0'"), error.getMessage());
            System.clearProperty(DecodePool.THREADS_PROPERTY);
            assertTrue(DecodePool.defaultWorkers() >= 1);
        } finally {
            if (old == null) {
                System.clearProperty(DecodePool.THREADS_PROPERTY);
            } else {
                System.setProperty(DecodePool.THREADS_PROPERTY, old);
            }
        }
    }

    @Test
    void closeDuringRunDoesNotHang() throws Exception {
        for (int attempt = 0; attempt < 300; attempt++) {
            DecodePool pool = new DecodePool(2);
            pool.run(2, (index, worker) -> { });
            java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    pool.run(2, (index, worker) -> { });
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            pool.close();
            reader.join(5_000);

            assertTrue(!reader.isAlive(), "run still waits 5 s after close, attempt " + attempt);
            if (outcome.get() != null) {
                assertTrue(outcome.get() instanceof IllegalStateException, outcome.get().toString());
            }
        }
    }
}
