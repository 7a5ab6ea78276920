package io.github.stem4d.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.stem4d.lock.AnalysisLock;
import io.github.stem4d.lock.LockLease;
import io.github.stem4d.lock.LockOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code stem4d bench} in this JVM on small generated scans. */
class BenchCommandTest {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    private int run(String... args) {
        CommandLine commandLine = Stem4dCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        return commandLine.execute(args);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private List<Path> workFolders() throws Exception {
        try (Stream<Path> files = Files.list(temp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("stem4d-bench-")).toList();
        }
    }

    @Test
    void jsonReportHasEveryRunAndStage() throws Exception {
        int exit = run("bench", "--scan-shape", "6x5", "--detector", "32", "--k", "3", "--repeat", "2", "--json",
                "--work-dir", temp.toString(), "--lock-file", temp.resolve("lock").toString());

        assertEquals(0, exit, stderr());
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertEquals(30, report.path("scan").path("frames").asInt());
        assertEquals("[6,5]", report.path("scan").path("scan_shape").toString());
        assertEquals(30L * 32 * 32 * 2, report.path("scan").path("pixel_bytes").asLong());
        assertEquals(2, report.path("runs").size());
        for (JsonNode runReport : report.path("runs")) {
            JsonNode stages = runReport.path("stage_seconds");
            for (String stage : new String[] {"open", "read+features", "pca", "kmeans", "cluster-means", "write",
                "render"}) {
                assertTrue(stages.path(stage).asDouble(-1) >= 0, stage + " in " + stages);
            }
            assertTrue(runReport.path("peak_heap_bytes").asLong() > 0, runReport.toString());
            assertTrue(runReport.path("seconds").asDouble() >= runReport.path("compute_seconds").asDouble(),
                    runReport.toString());
        }
        JsonNode summary = report.path("summary");
        assertTrue(summary.path("min_seconds").asDouble() <= summary.path("median_seconds").asDouble());
        assertTrue(summary.path("median_seconds").asDouble() <= summary.path("max_seconds").asDouble());
        assertEquals(List.of(), workFolders(), "the scan and outputs are deleted without --keep");
        assertTrue(Files.notExists(temp.resolve("lock")), "the lock is released at the end");
    }

    @Test
    void keepOptionKeepsScan() throws Exception {
        int exit = run("bench", "--scan-shape", "4x4", "--detector", "16", "--k", "2", "--no-write", "--keep",
                "--work-dir", temp.toString(), "--lock-file", temp.resolve("lock").toString());

        assertEquals(0, exit, stderr());
        String text = out.toString();
        assertTrue(text.contains("median: "), text);
        assertTrue(text.contains("peak heap used: "), text);
        List<Path> kept = workFolders();
        assertEquals(1, kept.size(), kept.toString());
        assertTrue(Files.exists(kept.get(0).resolve("scan.npy")), "kept scan");
        assertTrue(stderr().contains("kept " + kept.get(0)), stderr());
    }

    @Test
    void heldLockExits75BeforeWritingAnything() throws Exception {
        Path lockFile = temp.resolve("held.lock");
        AnalysisLock lock = AnalysisLock.open(LockOptions.builder().path(lockFile).build());
        try (LockLease lease = lock.tryAcquire("other-job", "other_scan.h5")) {
            int exit = run("bench", "--scan-shape", "4x4", "--detector", "16", "--k", "2", "--work-dir",
                    temp.toString(), "--lock-file", lockFile.toString());

            assertEquals(Stem4dCommand.EXIT_LOCK_HELD, exit, stderr());
            assertTrue(stderr().contains("other-job"), "names the holder: " + stderr());
            assertEquals(List.of(), workFolders(), "no scan written while the lock is held");
        }
    }

    @Test
    void invalidOptionsExit2WithTheValue() {
        assertEquals(CommandLine.ExitCode.USAGE, run("bench", "--repeat", "0", "--lock-file",
                temp.resolve("lock").toString()));
        assertTrue(stderr().contains("--repeat must be at least 1, got 0"), stderr());
        assertEquals(CommandLine.ExitCode.USAGE, run("bench", "--scan-shape", "2x2", "--k", "5", "--lock-file",
                temp.resolve("lock").toString()));
        assertTrue(stderr().contains("--k (5) cannot exceed the number of probe positions (4"), stderr());
    }

    @Test
    void badReaderAndWorkDirRejectedBeforeWriting() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-folder"), "x");

        assertEquals(CommandLine.ExitCode.USAGE, run("bench", "--scan-shape", "8x8", "--detector", "32", "--k", "2",
                "--reader", "bogus", "--work-dir", temp.toString(), "--lock-file", temp.resolve("lock").toString()));
        assertTrue(stderr().contains("--reader 'bogus' is not a known reader or format"), stderr());
        assertEquals(List.of(), workFolders(), "no scan written for an unknown reader");

        assertEquals(CommandLine.ExitCode.USAGE, run("bench", "--scan-shape", "8x8", "--detector", "32", "--k", "2",
                "--work-dir", file.toString(), "--lock-file", temp.resolve("lock").toString()));
        assertTrue(stderr().contains("--work-dir " + file + " exists but is not a directory"), stderr());
    }
}
