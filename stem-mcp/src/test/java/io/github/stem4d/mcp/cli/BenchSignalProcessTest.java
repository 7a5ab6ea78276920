package io.github.stem4d.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stem4d bench} in its own JVM: SIGTERM in the middle of a run deletes its scan folder and releases the lock. */
@Tag("process")
class BenchSignalProcessTest {

    @TempDir
    Path directory;

    @Test
    void sigtermDeletesBenchFolder() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs a POSIX kill command and /proc");
        Path workDir = Files.createDirectory(directory.resolve("work"));
        Path lockFile = directory.resolve("analysis.lock");
        Path stderr = directory.resolve("stem4d.err");
        Process stem4d = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                Stem4dCommand.class.getName(),
                "bench", "--scan-shape", "32x32", "--detector", "64", "--k", "3", "--threads", "1",
                "--repeat", "1000", "--no-write", "--work-dir", workDir.toString(),
                "--lock-file", lockFile.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
        try {
            awaitFirstRun(stem4d, stderr);

            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(stem4d.pid())).inheritIO().start();
            assertTrue(kill.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, kill.exitValue());

            assertTrue(stem4d.waitFor(60, TimeUnit.SECONDS), "stem4d did not exit after SIGTERM: "
                    + Files.readString(stderr));
            assertEquals(143, stem4d.exitValue(), Files.readString(stderr));
            try (Stream<Path> left = Files.list(workDir)) {
                assertEquals(List.of(), left.toList(), "bench folder left after SIGTERM");
            }
            assertFalse(Files.exists(lockFile), "the lock record was not removed");
        } finally {
            stem4d.destroyForcibly();
        }
    }

    /** Waits until the first analysis run has started, so the scan file exists. */
    private static void awaitFirstRun(Process stem4d, Path stderr) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(stderr) && Files.readString(stderr).contains("run 2 of")) {
                return;
            }
            assertTrue(stem4d.isAlive(), "stem4d exited early: " + Files.readString(stderr));
            Thread.sleep(50);
        }
        throw new AssertionError("the second bench run did not start within 60 s: " + Files.readString(stderr));
    }
}
