package io.github.stem4d.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stem4d lock run} in its own JVM: SIGTERM reaches the child and the lock is released. */
@Tag("process")
class LockRunSignalProcessTest {

    @TempDir
    Path directory;

    @Test
    void sigtermStopsChildAndReleasesLock() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs a POSIX kill command and /proc");
        Path lockFile = directory.resolve("analysis.lock");
        Path stderr = directory.resolve("stem4d.err");
        Process stem4d = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                Stem4dCommand.class.getName(),
                "lock", "run", "--lock-file", lockFile.toString(), "--job-id", "signal-job", "--", "sleep", "30"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
        try {
            ProcessHandle sleeper = awaitChild(stem4d, lockFile);
            assertEquals("signal-job", new ObjectMapper().readTree(Files.readString(lockFile)).get("job_id").asText());

            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(stem4d.pid())).inheritIO().start();
            assertTrue(kill.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, kill.exitValue());

            assertTrue(stem4d.waitFor(60, TimeUnit.SECONDS), "stem4d did not exit after SIGTERM: "
                    + Files.readString(stderr));
            assertEquals(143, stem4d.exitValue(), Files.readString(stderr));
            assertFalse(sleeper.isAlive(), "the child survived SIGTERM to stem4d");
            assertFalse(Files.exists(lockFile), "the lock record was not removed");
            assertFalse(guardLocked(directory.resolve("analysis.lock.guard")), "the OS lock is still held");

            LockCliRunner.Result status = LockCliRunner.run("lock", "status", "--lock-file", lockFile.toString());
            assertEquals(0, status.exitCode(), status.out());
        } finally {
            stem4d.descendants().forEach(ProcessHandle::destroyForcibly);
            stem4d.destroyForcibly();
        }
    }

    /** Waits until the lock record exists and {@code sleep} runs under the stem4d process. */
    private static ProcessHandle awaitChild(Process stem4d, Path lockFile) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> sleeper = stem4d.descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("sleep")).orElse(false))
                    .findFirst();
            if (sleeper.isPresent() && Files.exists(lockFile)) {
                return sleeper.get();
            }
            assertTrue(stem4d.isAlive(), "stem4d exited early with " + (stem4d.isAlive() ? "" : stem4d.exitValue()));
            Thread.sleep(100);
        }
        throw new AssertionError("sleep did not start under stem4d within 60 s");
    }

    private static boolean guardLocked(Path guard) throws Exception {
        try (FileChannel channel = FileChannel.open(guard, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        }
    }
}
