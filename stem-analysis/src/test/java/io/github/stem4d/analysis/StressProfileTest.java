package io.github.stem4d.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.stem4d.analysis.kmeans.ClusterAgreement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality checks on a 64 x 64 synthetic scan made by the shared generator (numpy and h5py
 * under /usr/bin/python3). Runs only with {@code -Dstem4d.stress=true}; takes minutes and about
 * 1 GB of temporary disk.
 */
@EnabledIfSystemProperty(named = "stem4d.stress", matches = "true")
class StressProfileTest {

    private static final System.Logger LOG = System.getLogger(StressProfileTest.class.getName());

    @TempDir
    static Path folder;

    private static Path scan;
    private static int[] truth;

    @BeforeAll
    static void generateScan() throws IOException, InterruptedException {
        Path generator = SharedData.tool("gen4dstem.py");
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(python.toFile().canExecute(), "no /usr/bin/python3");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import numpy, h5py").inheritIO().start();
        assumeTrue(probe.waitFor() == 0, "python3 lacks numpy or h5py (package python3-h5py)");

        Process process = new ProcessBuilder(python.toString(), generator.toString(), "--scan", "64", "64",
                "--seed", "0", "--name", "synth64", "--out", folder.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("generator.log").toFile()).start();
        assertTrue(process.waitFor(30, TimeUnit.MINUTES), "generator did not finish within 30 minutes");
        assertEquals(0, process.exitValue(), "generator failed; see " + folder.resolve("generator.log"));
        scan = folder.resolve("synth64.h5");
        truth = NpyArray.read(folder.resolve("synth64_labels.npy")).asInts();
    }

    private static AnalysisResult analyze(AnalysisSettings settings) throws IOException {
        try (JhdfScanDataset dataset = new JhdfScanDataset(scan, "/data")) {
            return new ScanAnalyzer(settings, ProgressListener.NONE, CancellationToken.NONE).analyze("synth64", dataset);
        }
    }

    @Test
    void polarHarmonicsFindsFourPhasesOnGeneratedScan() throws IOException {
        AnalysisResult result = analyze(AnalysisSettings.builder().features("polar-harmonics").k(4).build());

        int[] merged = truth.clone();
        for (int i = 0; i < merged.length; i++) {
            merged[i] = merged[i] == 4 ? 2 : merged[i];
        }
        double ari = ClusterAgreement.adjustedRandIndex(merged, result.kmeans().labels());
        LOG.log(System.Logger.Level.INFO, "64x64 polar-harmonics K=4: ARI " + ari + ", timings " + result.timings());
        assertTrue(ari >= 0.99, "adjusted Rand index " + ari + " below 0.99");
    }

    @Test
    void binnedPatternFindsFiveClassesOnGeneratedScan() throws IOException {
        AnalysisResult result = analyze(AnalysisSettings.builder().features("binned-pattern").k(5)
                .clusterMeanPatterns(false).build());

        double ari = ClusterAgreement.adjustedRandIndex(truth, result.kmeans().labels());
        LOG.log(System.Logger.Level.INFO, "64x64 binned-pattern K=5: ARI " + ari + ", timings " + result.timings());
        assertTrue(ari >= 0.99, "adjusted Rand index " + ari + " below 0.99");
    }

    @Test
    void threadCountDoesNotChangeLabelsOnGeneratedScan() throws IOException {
        AnalysisSettings one = AnalysisSettings.builder().features("polar-harmonics").k(5).threads(1)
                .clusterMeanPatterns(false).build();

        AnalysisResult first = analyze(one);
        AnalysisResult second = analyze(one.toBuilder().threads(4).blockFrames(100).build());

        assertArrayEquals(first.features(), second.features());
        assertArrayEquals(first.kmeans().labels(), second.kmeans().labels());
    }
}
