package io.github.stem4d.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.synthetic.SyntheticFormat;
import io.github.stem4d.io.synthetic.SyntheticScanGenerator;
import io.github.stem4d.io.synthetic.SyntheticScanSpec;
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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code stem4d analyze} and {@code stem4d generate} in this JVM on generated files. */
class AnalyzeCommandTest {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private Path scan;

    @BeforeEach
    void setUp() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        scan = temp.resolve("cli_scan.npy");
        SyntheticScanGenerator.generate(new SyntheticScanSpec(new ScanShape(5, 5), new FrameShape(32, 32), 3, 2,
                PixelType.UINT16, SyntheticFormat.NPY), scan, false);
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

    @Test
    void analyzePrintsSummaryOnStdout() {
        int exit = run("analyze", scan.toString(), "--k", "3", "--features", "binned-pattern", "--out",
                temp.resolve("results").toString(), "--lock-file", temp.resolve("lock").toString(), "--threads", "2");

        assertEquals(0, exit, stderr());
        assertTrue(out.toString().contains("Clusters (K=3): sizes"), out.toString());
        assertTrue(out.toString().contains("Outputs: " + temp.resolve("results").resolve("cli_scan")), out.toString());
        assertTrue(stderr().contains("] 100.0% done"), "progress ends at 100 %: " + stderr());
    }

    @Test
    @SuppressWarnings("unchecked")
    void analyzeJsonIsSummary() throws Exception {
        int exit = run("analyze", scan.toString(), "--k", "2", "--json", "--out", temp.resolve("results").toString(),
                "--lock-file", temp.resolve("lock").toString());

        assertEquals(0, exit, stderr());
        Map<String, Object> summary = new ObjectMapper().readValue(out.toString(), Map.class);
        assertEquals(2, ((Map<String, Object>) summary.get("clusters")).get("k"));
        Path folder = Path.of((String) summary.get("output_directory"));
        assertTrue(Files.isRegularFile(folder.resolve("summary.json")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void featureOptionsReachExtractor() throws Exception {
        int exit = run("analyze", scan.toString(), "--k", "2", "--features", "binned-pattern", "-F", "grid=4x8",
                "--feature-option", "center=detector", "--json", "--out", temp.resolve("results").toString(),
                "--lock-file", temp.resolve("lock").toString());

        assertEquals(0, exit, stderr());
        Map<String, Object> summary = new ObjectMapper().readValue(out.toString(), Map.class);
        assertEquals(32, ((Map<String, Object>) summary.get("pca")).get("feature_dimension"), "4 x 8 grid cells");
    }

    @Test
    void unknownFeatureOptionFailsWithAllowedNames() {
        int exit = run("analyze", scan.toString(), "--k", "2", "--features", "binned-pattern", "-F", "gird=4",
                "--out", temp.resolve("results").toString(), "--lock-file", temp.resolve("lock").toString());

        assertEquals(1, exit);
        assertTrue(stderr().contains("gird"), stderr());
        assertTrue(stderr().contains("grid"), "lists the accepted names: " + stderr());
        assertFalse(stderr().contains("\tat io.github"), "no stack trace on the console: " + stderr());
    }

    @Test
    void kAboveFrameCountIsUsageErrorBeforeAnyJob() {
        Path results = temp.resolve("results");

        int exit = run("analyze", scan.toString(), "--k", "26", "--out", results.toString(), "--lock-file",
                temp.resolve("lock").toString());

        assertEquals(Stem4dCommand.EXIT_USAGE, exit);
        assertTrue(stderr().contains("--k 26 exceeds the 25 frames"), stderr());
        assertFalse(Files.exists(results), "no job folder");
    }

    @Test
    void heldLockExits75NamingHolder() throws Exception {
        Path lockFile = temp.resolve("held.lock");
        AnalysisLock lock = AnalysisLock.open(LockOptions.builder().path(lockFile).build());
        try (LockLease lease = lock.tryAcquire("cli-holder", "other_scan.h5")) {
            int exit = run("analyze", scan.toString(), "--k", "2", "--out", temp.resolve("results").toString(),
                    "--lock-file", lockFile.toString());

            assertEquals(Stem4dCommand.EXIT_LOCK_HELD, exit);
            assertTrue(stderr().contains("cli-holder"), stderr());
            assertTrue(lease.isValid());
        }
        assertEquals("", out.toString(), "nothing on stdout when denied");
    }

    @Test
    void missingFileFails() {
        int exit = run("analyze", temp.resolve("absent.npy").toString(), "--lock-file", temp.resolve("lock").toString());
        assertEquals(1, exit);
        assertTrue(stderr().contains("scan file not found"), stderr());
    }

    @Test
    void invalidKIsUsageError() {
        int exit = run("analyze", scan.toString(), "--k", "0", "--lock-file", temp.resolve("lock").toString());
        assertEquals(Stem4dCommand.EXIT_USAGE, exit);
        assertTrue(stderr().contains("k must be at least 1, got 0"), stderr());
    }

    @Test
    void unknownFeaturesIsUsageErrorBeforeAnyJob() {
        Path results = temp.resolve("results");
        int exit = run("analyze", scan.toString(), "--features", "nonsense", "--out", results.toString(),
                "--lock-file", temp.resolve("lock").toString());

        assertEquals(Stem4dCommand.EXIT_USAGE, exit);
        assertTrue(stderr().contains("unknown feature extractor 'nonsense'; available: "), stderr());
        assertTrue(stderr().contains("polar-harmonics"), stderr());
        assertFalse(Files.exists(results), "no job folder for a rejected command");
    }

    @Test
    void folderScanAndFileOutRejected() throws Exception {
        int folderExit = run("analyze", temp.toString(), "--lock-file", temp.resolve("lock").toString());
        assertEquals(1, folderExit);
        assertTrue(stderr().contains(temp.toAbsolutePath() + " is a folder; pass the scan file inside it"), stderr());

        Path file = Files.writeString(temp.resolve("not_a_folder"), "x");
        int fileExit = run("analyze", scan.toString(), "--out", file.toString(), "--lock-file",
                temp.resolve("lock").toString());
        assertEquals(Stem4dCommand.EXIT_USAGE, fileExit);
        assertTrue(stderr().contains("--out " + file.toAbsolutePath() + " is a file; pass a folder"), stderr());
    }

    @Test
    void generateRejectsHugeScanBeforeWriting() {
        Path file = temp.resolve("huge.npy");
        int exit = run("generate", "--out", file.toString(), "--scan-shape", "1000000x1000000");

        assertEquals(Stem4dCommand.EXIT_USAGE, exit);
        assertTrue(stderr().contains("probe positions; the generator accepts at most"), stderr());
        assertFalse(Files.exists(file));
    }

    @Test
    void generateWritesScanAndLabels() {
        Path file = temp.resolve("gen.mib");
        int exit = run("generate", "--out", file.toString(), "--scan-shape", "3x4", "--detector", "32", "--regions", "2");

        assertEquals(0, exit, stderr());
        assertTrue(Files.isRegularFile(file));
        assertTrue(Files.isRegularFile(temp.resolve("gen.labels.npy")));
        assertTrue(Files.isRegularFile(temp.resolve("gen.hdr")));
        assertTrue(out.toString().contains("region 1: amorphous ring"), out.toString());
        assertEquals(1, run("generate", "--out", file.toString(), "--scan-shape", "3x4", "--detector", "32"),
                "an existing file is kept without --force");
    }

    @Test
    void generateRejectsHdf5() {
        int exit = run("generate", "--out", temp.resolve("gen.h5").toString());
        assertEquals(Stem4dCommand.EXIT_USAGE, exit);
        assertTrue(stderr().contains("cannot be written frame by frame"), stderr());
    }
}
