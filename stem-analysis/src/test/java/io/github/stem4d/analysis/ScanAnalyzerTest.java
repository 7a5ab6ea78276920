package io.github.stem4d.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.kmeans.ClusterAgreement;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the whole pipeline on the shared 32 x 32 synthetic scan (skipped when it is absent). */
class ScanAnalyzerTest {

    private static final System.Logger LOG = System.getLogger(ScanAnalyzerTest.class.getName());

    private static Path scan;
    private static int[] truth;

    @BeforeAll
    static void locateScan() throws IOException {
        scan = SharedData.reference("synth_small.h5");
        truth = NpyArray.read(SharedData.reference("synth_small_labels.npy")).asInts();
    }

    private static AnalysisResult analyze(AnalysisSettings settings, ProgressListener listener,
            CancellationToken token) throws IOException {
        try (JhdfScanDataset dataset = new JhdfScanDataset(scan, "/data")) {
            return new ScanAnalyzer(settings, listener, token).analyze("synth_small", dataset);
        }
    }

    private static void logRun(String what, AnalysisResult result, double ari) {
        LOG.log(System.Logger.Level.INFO, what + ": ARI " + ari + ", inertia " + result.kmeans().inertia()
                + ", timings " + result.timings());
    }

    @Test
    void polarHarmonicsFindsFourPhasesOnSharedScan() throws IOException {
        AnalysisSettings settings = AnalysisSettings.builder().features("polar-harmonics").k(4).build();

        AnalysisResult result = analyze(settings, ProgressListener.NONE, CancellationToken.NONE);

        int[] merged = truth.clone();
        for (int i = 0; i < merged.length; i++) {
            if (merged[i] == 4) {
                merged[i] = 2;
            }
        }
        double ari = ClusterAgreement.adjustedRandIndex(merged, result.kmeans().labels());
        logRun("polar-harmonics K=4", result, ari);
        assertTrue(ari >= 0.99, "adjusted Rand index " + ari + " below 0.99");

        assertEquals(1024, result.frameCount());
        assertEquals(68, result.featureDimension());
        assertEquals(1024 * 68, result.features().length);
        assertEquals(50, result.pca().componentCount());
        assertEquals(1024 * 50, result.scores().length);
        assertEquals(4, result.clusterMeanPatterns().length);
        assertEquals(256 * 256, result.meanPattern().length);
        assertEquals(0, result.nonFiniteFrames());
        assertEquals(List.of("read+features", "pca", "kmeans", "representatives", "cluster-means"),
                new ArrayList<>(result.timings().keySet()));
    }

    @Test
    void binnedPatternFindsFiveClassesOnSharedScan() throws IOException {
        AnalysisSettings settings = AnalysisSettings.builder().features("binned-pattern").k(5).build();

        AnalysisResult result = analyze(settings, ProgressListener.NONE, CancellationToken.NONE);

        double ari = ClusterAgreement.adjustedRandIndex(truth, result.kmeans().labels());
        logRun("binned-pattern K=5", result, ari);
        assertTrue(ari >= 0.99, "adjusted Rand index " + ari + " below 0.99");
    }

    @Test
    void sumsMatchFramesOnSharedScan() throws IOException {
        AnalysisSettings settings = AnalysisSettings.builder().features("polar-harmonics").k(5)
                .blockFrames(100).representativesPerCluster(3).build();

        AnalysisResult result = analyze(settings, ProgressListener.NONE, CancellationToken.NONE);

        float[] frames = new float[2 * 256 * 256];
        try (JhdfScanDataset dataset = new JhdfScanDataset(scan, "/data")) {
            dataset.readFrames(517, 2, frames);
        }
        VirtualImages images = result.virtualImages();
        double total = 0;
        double brightField = 0;
        double annular = 0;
        for (int p = 0; p < 256 * 256; p++) {
            double distance = Math.hypot(p / 256 - images.centreRow(), p % 256 - images.centreCol());
            total += frames[p];
            brightField += distance <= images.brightFieldRadius() ? frames[p] : 0;
            annular += distance >= images.annularInnerRadius() && distance <= images.annularOuterRadius() ? frames[p] : 0;
        }
        assertEquals(total, images.total()[517], 1e-9 * total);
        assertEquals(brightField, images.brightField()[517], 1e-9 * total);
        assertEquals(annular, images.annularDarkField()[517], 1e-9 * total);

        // The generator puts the beam at (127.5, 127.5) with up to 2 px of drift and a 9 px radius.
        assertEquals(127.5, images.centreRow(), 2.5);
        assertEquals(127.5, images.centreCol(), 2.5);
        assertEquals(9 * 1.25, images.brightFieldRadius(), 1.5);
        assertEquals(127.5 - Math.max(Math.abs(images.centreRow() - 127.5), Math.abs(images.centreCol() - 127.5)),
                images.annularOuterRadius(), 1e-9);

        double meanSum = 0;
        for (float value : result.meanPattern()) {
            meanSum += value;
        }
        double totalSum = 0;
        for (double value : images.total()) {
            totalSum += value;
        }
        assertEquals(totalSum / 1024, meanSum, 1e-5 * meanSum);

        double weighted = 0;
        for (int c = 0; c < result.k(); c++) {
            double clusterSum = 0;
            for (float value : result.clusterMeanPatterns()[c]) {
                clusterSum += value;
            }
            weighted += clusterSum * result.kmeans().clusterSizes()[c];
        }
        assertEquals(totalSum, weighted, 1e-5 * totalSum);

        for (int c = 0; c < result.k(); c++) {
            int[] chosen = result.representativeFrames()[c];
            assertEquals(3, chosen.length);
            for (int i = 0; i < chosen.length; i++) {
                assertEquals(c, result.kmeans().labels()[chosen[i]]);
                if (i > 0) {
                    assertTrue(result.kmeans().squaredDistances()[chosen[i - 1]]
                            <= result.kmeans().squaredDistances()[chosen[i]]);
                }
            }
            for (int frame = 0; frame < 1024; frame++) {
                if (result.kmeans().labels()[frame] == c) {
                    assertTrue(result.kmeans().squaredDistances()[frame]
                            >= result.kmeans().squaredDistances()[chosen[0]], "frame " + frame + " is closer");
                }
            }
        }
        assertEquals("polar-harmonics", result.settings().features());
        assertTrue(result.settings().featureOptions().size() >= 1, "effective options are recorded");
    }

    @Test
    void progressIsMonotonicOnSharedScan() throws IOException {
        List<String> events = new ArrayList<>();
        long[] last = {-1};
        ProgressListener.Stage[] stage = {null};
        ProgressListener listener = (s, done, total) -> {
            if (s != stage[0]) {
                assertTrue(stage[0] == null || s.ordinal() > stage[0].ordinal(), s + " after " + stage[0]);
                stage[0] = s;
                last[0] = -1;
                assertEquals(0, done, "stage " + s + " starts at 0");
            }
            assertTrue(done >= last[0], s + " went back from " + last[0] + " to " + done);
            assertTrue(done <= total, s + " " + done + " beyond " + total);
            last[0] = done;
            events.add(s + " " + done + "/" + total);
        };
        AnalysisSettings settings = AnalysisSettings.builder().features("polar-harmonics").k(5).blockFrames(400).build();

        analyze(settings, listener, CancellationToken.NONE);

        // 400 frames of 256 x 256 exceed the 2^24-value buffer limit, so blocks hold 256 frames.
        assertEquals(List.of("FEATURES 0/1024", "FEATURES 256/1024", "FEATURES 512/1024", "FEATURES 768/1024",
                "FEATURES 1024/1024", "PCA 0/1", "PCA 1/1"), events.subList(0, 7));
        assertTrue(events.contains("KMEANS 10/10"), events.toString());
        assertEquals("REPRESENTATIVES 1024/1024", events.get(events.size() - 1));
    }

    @Test
    void cancelStopsWithinOneBlockOnSharedScan() throws IOException {
        CancellationToken token = new CancellationToken();
        long[] cancelledAt = {-1};
        ProgressListener listener = (stage, done, total) -> {
            if (stage == ProgressListener.Stage.FEATURES && done >= 64 && cancelledAt[0] < 0) {
                cancelledAt[0] = done;
                token.cancel("test stop");
            }
        };
        AnalysisSettings settings = AnalysisSettings.builder().features("polar-harmonics").k(5).blockFrames(32).build();

        try (JhdfScanDataset dataset = new JhdfScanDataset(scan, "/data")) {
            CancellationException e = assertThrows(CancellationException.class,
                    () -> new ScanAnalyzer(settings, listener, token).analyze("synth_small", dataset));
            assertEquals("test stop", e.getMessage());
            // Cancelled after 64 frames: at most the block being read ahead follows.
            assertEquals(64, cancelledAt[0]);
            assertTrue(dataset.framesRead() <= 64 + 32, "read " + dataset.framesRead() + " frames");
        }
    }

    @Test
    void threadCountDoesNotChangeLabelsOnSharedScan() throws IOException {
        AnalysisSettings one = AnalysisSettings.builder().features("polar-harmonics").k(5).threads(1)
                .clusterMeanPatterns(false).build();
        AnalysisSettings three = one.toBuilder().threads(3).blockFrames(77).build();

        AnalysisResult first = analyze(one, ProgressListener.NONE, CancellationToken.NONE);
        AnalysisResult second = analyze(three, ProgressListener.NONE, CancellationToken.NONE);

        assertArrayEquals(first.features(), second.features());
        assertArrayEquals(first.kmeans().labels(), second.kmeans().labels());
        assertEquals(first.kmeans().inertia(), second.kmeans().inertia(), 0);
        assertArrayEquals(first.virtualImages().total(), second.virtualImages().total(), 0);
        assertEquals(0, first.clusterMeanPatterns().length, "second pass skipped");
        assertEquals(List.of("read+features", "pca", "kmeans", "representatives"),
                new ArrayList<>(first.timings().keySet()));
        for (Duration duration : first.timings().values()) {
            assertTrue(!duration.isNegative());
        }
    }

    @Test
    void initialRowsReproduceReferenceLabelsOnSharedScan() throws IOException {
        int[] init = NpyArray.read(SharedData.reference("ref_synth_small_K5_init_idx.npy")).asInts();
        int[] expected = NpyArray.read(SharedData.reference("ref_synth_small_K5_labels.npy")).asInts();
        AnalysisSettings settings = AnalysisSettings.builder().k(5).initialRows(init).maxIterations(50).tolerance(0)
                .clusterMeanPatterns(false).build();

        AnalysisResult result = analyze(settings, ProgressListener.NONE, CancellationToken.NONE);

        assertArrayEquals(expected, result.kmeans().labels());
    }

    @Test
    void rejectsKBeyondFrameCount() throws IOException {
        AnalysisSettings settings = AnalysisSettings.builder().features("binned-pattern").k(2000).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> analyze(settings, ProgressListener.NONE, CancellationToken.NONE));
        assertEquals("k = 2000 exceeds the 1024 frames of the scan; lower k", e.getMessage());
    }
}
