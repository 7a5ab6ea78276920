package io.github.stem4d.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Many JVMs on one lock: acquire/release loops with an occupancy marker, and the race to take
 * over a dead holder. Routine runs use small counts; {@code -Dstem4d.stress=true} runs the full
 * ones (8 JVMs x 200 loops; 16 JVMs plus 50 threads).
 */
@Tag("process")
class LockStressProcessTest {

    private static final Duration STEP = Duration.ofMinutes(5);

    @TempDir
    Path directory;

    @Test
    void jvmLoopsCountExactlyWithoutOverlap() throws Exception {
        int jvms = LockFiles.stress() ? 8 : 4;
        int loops = LockFiles.stress() ? 200 : 50;
        Path work = Files.createDirectory(directory.resolve("work"));
        Path record = directory.resolve("analysis.lock");
        List<JvmProcess> processes = new ArrayList<>();
        try {
            for (int i = 0; i < jvms; i++) {
                processes.add(JvmProcess.start(directory, "loop", "path=" + record, "job=looper-" + i,
                        "count=" + loops, "dir=" + work));
            }
            for (JvmProcess process : processes) {
                assertEquals("DONE " + loops + " overlaps=0", process.expect(STEP, "DONE"));
                assertEquals(0, process.waitFor(STEP));
            }
        } finally {
            processes.forEach(JvmProcess::close);
        }
        assertEquals(Integer.toString(jvms * loops), Files.readString(work.resolve("counter")).trim());
        assertEquals(Integer.toString(jvms * loops),
                Files.readString(directory.resolve("analysis.lock.guard")).trim(), "one generation per acquisition");
        assertTrue(Files.notExists(record));
    }

    @Test
    void staleTakeoverRaceHasExactlyOneWinner() throws Exception {
        int jvms = LockFiles.stress() ? 16 : 4;
        int threads = LockFiles.stress() ? 50 : 20;
        Path record = directory.resolve("analysis.lock");
        String deadToken;
        try (JvmProcess doomed = JvmProcess.start(directory, "hold", "path=" + record, "job=doomed")) {
            deadToken = doomed.expect(STEP, "ACQUIRED").split(" ")[2];
            doomed.process().destroyForcibly();
            assertTrue(doomed.process().waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(deadToken, LockFiles.token(record));

        List<JvmProcess> processes = new ArrayList<>();
        LockThreadsTest.Outcome outcome = null;
        try {
            for (int i = 0; i < jvms; i++) {
                processes.add(JvmProcess.start(directory, "race", "path=" + record, "job=racer-" + i));
            }
            for (JvmProcess process : processes) {
                process.expect(STEP, "READY");
            }
            for (JvmProcess process : processes) {
                process.send("go");
            }
            AnalysisLock lock = AnalysisLock.open(LockOptions.builder().path(record).build());
            outcome = LockThreadsTest.race(lock, threads);

            List<String> tokens = new ArrayList<>();
            outcome.winners().forEach(lease -> tokens.add(lease.holder().ownerToken()));
            for (Throwable error : outcome.errors()) {
                assertEquals(LockDeniedException.class, error.getClass(), String.valueOf(error));
            }
            int deniedJvms = 0;
            for (JvmProcess process : processes) {
                String line = process.expect(STEP, "WON", "DENIED");
                if (line.startsWith("WON ")) {
                    tokens.add(line.substring(4));
                } else {
                    deniedJvms++;
                }
            }
            assertEquals(1, tokens.size(), "winners: " + tokens);
            assertEquals(jvms + threads - 1, deniedJvms + outcome.errors().size());

            String winner = tokens.get(0);
            for (int check = 0; check < 5; check++) {
                assertEquals(winner, LockFiles.token(record), "the record changed after the race");
                Thread.sleep(200);
            }
        } finally {
            processes.forEach(JvmProcess::close);
            if (outcome != null) {
                outcome.winners().forEach(LockLease::close);
            }
        }
    }
}
