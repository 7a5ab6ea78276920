package io.github.stem4d.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.kmeans.ClusterAgreement;
import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Runs the pipeline on a small scan built in memory: two regions, one NaN pixel. */
class ScanAnalyzerInMemoryTest {

    private static final int SIDE = 32;

    private static float[][] frames(int[] truth) {
        SplittableRandom random = new SplittableRandom(21);
        float[][] frames = new float[truth.length][SIDE * SIDE];
        for (int f = 0; f < truth.length; f++) {
            truth[f] = (f % 8) < 4 ? 0 : 1;
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    double distance = Math.hypot(r - 15.5, c - 15.5);
                    double value = distance <= 4 ? 500 : 2;
                    if (truth[f] == 1 && Math.abs(distance - 11) < 1.5) {
                        value += 50;
                    }
                    frames[f][r * SIDE + c] = (float) (value + random.nextDouble());
                }
            }
        }
        frames[5][3] = Float.NaN;
        return frames;
    }

    @Test
    void separatesRegionsAndCountsNonFiniteFrame() throws IOException {
        int[] truth = new int[64];
        float[][] frames = frames(truth);
        InMemoryScan scan = new InMemoryScan(new ScanShape(8, 8), new FrameShape(SIDE, SIDE), frames);
        AnalysisSettings settings = AnalysisSettings.builder().features("binned-pattern").featureOption("grid", "8x8")
                .k(2).blockFrames(10).build();

        AnalysisResult result = new ScanAnalyzer(settings, ProgressListener.NONE, CancellationToken.NONE)
                .analyze("memory", scan);

        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(truth, result.kmeans().labels()), 0);
        assertEquals(1, result.nonFiniteFrames());
        assertEquals(result.labelAt(0, 0), result.labelAt(7, 3), "columns 0 to 3 form one region");
        assertNotEquals(result.labelAt(0, 0), result.labelAt(0, 4), "columns 4 to 7 form the other");

        double expectedTotal = 0;
        for (int p = 0; p < SIDE * SIDE; p++) {
            expectedTotal += p == 3 ? 0 : frames[5][p];
        }
        assertEquals(expectedTotal, result.virtualImages().total()[5], 1e-6, "NaN pixel counts as 0");
        for (float value : result.meanPattern()) {
            assertTrue(Float.isFinite(value), "mean pattern stays finite");
        }
        assertEquals(2, result.clusterMeanPatterns().length);
        assertEquals(15.5, result.virtualImages().centreRow(), 0.05);
        assertEquals(15.5, result.virtualImages().centreCol(), 0.05);
    }

    @Test
    void blockSizeDoesNotChangeFeaturesOrLabels() throws IOException {
        int[] truth = new int[64];
        float[][] frames = frames(truth);
        AnalysisSettings small = AnalysisSettings.builder().features("binned-pattern").featureOption("grid", "8x8")
                .k(2).blockFrames(7).threads(1).build();
        AnalysisSettings large = small.toBuilder().blockFrames(64).threads(2).build();

        AnalysisResult first = new ScanAnalyzer(small, ProgressListener.NONE, CancellationToken.NONE)
                .analyze("memory", new InMemoryScan(new ScanShape(8, 8), new FrameShape(SIDE, SIDE), frames));
        AnalysisResult second = new ScanAnalyzer(large, ProgressListener.NONE, CancellationToken.NONE)
                .analyze("memory", new InMemoryScan(new ScanShape(8, 8), new FrameShape(SIDE, SIDE), frames));

        assertArrayEquals(first.features(), second.features());
        assertArrayEquals(first.kmeans().labels(), second.kmeans().labels());
        assertArrayEquals(first.meanPattern(), second.meanPattern(), 0);
    }

    @Test
    void alreadyCancelledTokenStopsBeforeReading() {
        CancellationToken token = new CancellationToken();
        token.cancel("stopped early");
        int[] truth = new int[64];
        InMemoryScan scan = new InMemoryScan(new ScanShape(8, 8), new FrameShape(SIDE, SIDE), frames(truth));
        AnalysisSettings settings = AnalysisSettings.builder().features("binned-pattern").k(2).build();

        java.util.concurrent.CancellationException e = assertThrows(java.util.concurrent.CancellationException.class,
                () -> new ScanAnalyzer(settings, ProgressListener.NONE, token).analyze("memory", scan));
        assertEquals("stopped early", e.getMessage());
    }

    @Test
    void settingsRejectWrongInitialRowCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnalysisSettings.builder().k(3).initialRows(1, 2).build());
        assertEquals("initialRows must name K = 3 frames, got 2", e.getMessage());
    }
}
