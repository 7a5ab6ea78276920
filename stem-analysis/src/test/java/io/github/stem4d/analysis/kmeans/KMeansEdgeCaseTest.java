package io.github.stem4d.analysis.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.pca.Pca;
import io.github.stem4d.analysis.pca.PcaModel;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Standalone k-means and PCA on degenerate matrices: empty, ragged, non-finite, duplicated. */
class KMeansEdgeCaseTest {

    private static String message(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Test
    void emptyInputRejectedWithRowCount() {
        String kmeans = message(() -> KMeans.builder(2).build().fit(new double[0][]));
        assertTrue(kmeans.contains("needs at least 2 rows, got 0"), kmeans);
        String pca = message(() -> Pca.fit(new double[0][], 2, false));
        assertTrue(pca.contains("at least 2 rows, got 0"), pca);
    }

    @Test
    void raggedAndNullRowsNamed() {
        double[][] ragged = {{1, 2}, {3, 4}, {5}};
        assertTrue(message(() -> KMeans.builder(2).build().fit(ragged)).contains("row 2 has 1 values"));
        assertTrue(message(() -> Pca.fit(ragged, 1, false)).contains("row 2 has 1 values"));
        double[][] withNull = {{1, 2}, null, {5, 6}};
        assertTrue(message(() -> KMeans.builder(2).build().fit(withNull)).contains("row 1 is null"));
        assertTrue(message(() -> Pca.fit(withNull, 1, false)).contains("row 1 is null"));
    }

    @Test
    void nonFiniteValueNamed() {
        double[][] rows = {{1, 2}, {3, Double.NaN}, {5, 6}};
        String kmeans = message(() -> KMeans.builder(2).build().fit(rows));
        assertTrue(kmeans.contains("row 1, column 1 is NaN"), kmeans);
        String pca = message(() -> Pca.fit(rows, 1, true));
        assertTrue(pca.contains("row 1, column 1 is NaN"), pca);
    }

    @Test
    void duplicatePointsWithKDistinct() {
        double[][] rows = new double[60][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i % 3, 10.0 * (i % 3)};
        }
        KMeansResult result = KMeans.builder(3).build().fit(rows);
        assertEquals(0.0, result.inertia(), 0);
        assertArrayEquals(new long[] {20, 20, 20}, sorted(result.clusterSizes()));
        Set<Integer> labels = new HashSet<>();
        for (int label : result.labels()) {
            labels.add(label);
        }
        assertEquals(3, labels.size());
    }

    @Test
    void allRowsIdenticalGiveFiniteResult() {
        double[][] rows = new double[10][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {4, 4};
        }
        KMeansResult result = KMeans.builder(3).build().fit(rows);
        assertEquals(0.0, result.inertia(), 0);
        for (double[] centroid : result.centroids()) {
            assertArrayEquals(new double[] {4, 4}, centroid);
        }
        PcaModel pca = Pca.fit(rows, 2, true);
        assertArrayEquals(new double[] {0, 0}, pca.explainedVariance());
    }

    @Test
    void duplicateInitialRowsStillGiveKClusters() {
        double[][] rows = {{0}, {0.1}, {5}, {5.1}, {9}, {9.2}};
        KMeansResult result = KMeans.builder(3).initialRows(0, 0, 1).build().fit(rows);
        assertEquals(3, result.centroids().length);
        for (long size : result.clusterSizes()) {
            assertTrue(size > 0, "every cluster gets a row");
        }
    }

    @Test
    void initialRowOutOfRangeNamed() {
        double[][] rows = {{0}, {1}, {2}};
        assertTrue(message(() -> KMeans.builder(2).initialRows(0, 3).build().fit(rows))
                .contains("initialRows[1] = 3 is outside the 3 rows"));
        assertTrue(message(() -> KMeans.builder(2).initialRows(0, -1)).contains("initialRows[1] must be >= 0"));
    }

    @Test
    void checkpointEndsFitEarly() {
        SplittableRandom random = new SplittableRandom(4);
        double[] data = new double[4000];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextDouble();
        }
        AtomicInteger calls = new AtomicInteger();
        Runnable cancelOnThird = () -> {
            if (calls.incrementAndGet() == 3) {
                throw new CancellationException("stop");
            }
        };
        assertThrows(CancellationException.class,
                () -> KMeans.builder(8).restarts(5).checkpoint(cancelOnThird).build().fit(data, 2000, 2));
        assertEquals(3, calls.get());

        float[] features = new float[4096 * 4];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextDouble();
        }
        calls.set(0);
        assertThrows(CancellationException.class,
                () -> Pca.fit(features, 4096, 4, 2, false, 1, cancelOnThird));
        assertEquals(3, calls.get());
    }

    private static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
