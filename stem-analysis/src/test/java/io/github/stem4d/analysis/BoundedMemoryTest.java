package io.github.stem4d.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the pipeline on a scan twice the size of the heap, in a separate JVM with -Xmx256m. */
class BoundedMemoryTest {

    @TempDir
    Path folder;

    @Test
    void scanLargerThanHeapAnalysed() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = folder.resolve("child.log");
        Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), BoundedMemoryMain.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "child JVM did not finish within 5 minutes: " + output);
        assertEquals(0, process.exitValue(), "child JVM failed: " + output);
        assertTrue(output.contains("OK 2048 2"), output);
    }
}
