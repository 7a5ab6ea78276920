package io.github.stem4d.analysis.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.NpyArray;
import io.github.stem4d.analysis.SharedData;
import io.github.stem4d.analysis.pca.Pca;
import io.github.stem4d.analysis.pca.PcaModel;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KMeansTest {

    /** Three well separated blobs of 300 points in 4 dimensions. */
    private static double[] blobs(long seed, int[] truth) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = {{0, 0, 0, 0}, {10, 0, 5, 0}, {0, -10, 0, 10}};
        double[] data = new double[truth.length * 4];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = i % 3;
            for (int j = 0; j < 4; j++) {
                data[i * 4 + j] = centres[truth[i]][j] + random.nextGaussian();
            }
        }
        return data;
    }

    @Test
    void separatesBlobs() {
        int[] truth = new int[900];
        double[] data = blobs(5, truth);

        KMeansResult result = KMeans.builder(3).seed(1).build().fit(data, 900, 4);

        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(truth, result.labels()), 0);
        assertArrayEquals(new long[] {300, 300, 300}, result.clusterSizes());
        assertTrue(result.converged());
        double sum = 0;
        for (double d : result.squaredDistances()) {
            sum += d;
        }
        assertEquals(sum, result.inertia(), 1e-9 * sum);
    }

    @Test
    void threadCountDoesNotChangeResult() {
        int[] truth = new int[3000];
        double[] data = blobs(8, truth);

        KMeansResult one = KMeans.builder(7).seed(42).threads(1).build().fit(data, 3000, 4);
        KMeansResult four = KMeans.builder(7).seed(42).threads(4).build().fit(data, 3000, 4);

        assertArrayEquals(one.labels(), four.labels());
        assertArrayEquals(one.squaredDistances(), four.squaredDistances(), 0);
        assertEquals(one.inertia(), four.inertia(), 0);
        for (int c = 0; c < 7; c++) {
            assertArrayEquals(one.centroids()[c], four.centroids()[c], 0);
        }
    }

    @Test
    void sameSeedSameResultOtherSeedMayDiffer() {
        int[] truth = new int[600];
        double[] data = blobs(2, truth);
        KMeans kmeans = KMeans.builder(5).seed(9).build();

        KMeansResult first = kmeans.fit(data, 600, 4);
        KMeansResult second = kmeans.fit(data, 600, 4);

        assertArrayEquals(first.labels(), second.labels());
        assertEquals(first.inertia(), second.inertia(), 0);
    }

    @Test
    void tiesGoToLowestCluster() {
        // Row 1 sits exactly between the two starting rows 0 and 2.
        double[] data = {0, 1, 2};
        KMeansResult result = KMeans.builder(2).initialRows(0, 2).maxIterations(1).build().fit(data, 3, 1);

        assertEquals(0, result.labels()[1]);
    }

    @Test
    void emptyClusterTakesFarthestRow() {
        // Two identical starting rows: cluster 1 is empty after the first assignment and takes
        // row 3, the row farthest from its centroid.
        double[] data = {0, 0.5, 1, 10};
        KMeansResult result = KMeans.builder(2).initialRows(0, 0).build().fit(data, 4, 1);

        assertArrayEquals(new int[] {0, 0, 0, 1}, result.labels());
        assertArrayEquals(new double[] {0.5}, result.centroids()[0], 1e-15);
        assertArrayEquals(new double[] {10}, result.centroids()[1], 0);
    }

    @Test
    void duplicateRowsStillGiveKClusters() {
        double[] data = {1, 1, 1, 1, 1, 2};
        KMeansResult result = KMeans.builder(3).build().fit(data, 6, 1);

        assertEquals(3, result.k());
        assertEquals(0, result.inertia(), 0);
    }

    @Test
    void restartCallbackCanCancel() {
        int[] truth = new int[300];
        double[] data = blobs(4, truth);
        List<Integer> seen = new ArrayList<>();

        RuntimeException e = assertThrows(IllegalStateException.class,
                () -> KMeans.builder(3).restarts(5).build().fit(data, 300, 4, done -> {
                    seen.add(done);
                    if (done == 2) {
                        throw new IllegalStateException("stop");
                    }
                }));

        assertEquals("stop", e.getMessage());
        assertEquals(List.of(1, 2), seen);
    }

    @Test
    void rejectsInvalidInput() {
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
                () -> KMeans.builder(4).build().fit(new double[] {1, 2, 3}, 3, 1));
        assertEquals("k-means with K = 4 needs at least 4 rows, got 3; lower K", tooFew.getMessage());

        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> KMeans.builder(1).build().fit(new double[] {1, 2, Double.POSITIVE_INFINITY, 4}, 2, 2));
        assertEquals("k-means input at row 1, column 0 is Infinity; every value must be finite", nan.getMessage());

        IllegalArgumentException rowCount = assertThrows(IllegalArgumentException.class,
                () -> KMeans.builder(2).initialRows(1));
        assertEquals("initialRows must name K = 2 rows, got 1", rowCount.getMessage());

        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> KMeans.builder(2).initialRows(0, 5).build().fit(new double[] {1, 2, 3}, 3, 1));
        assertEquals("initialRows[1] = 5 is outside the 3 rows", outside.getMessage());

        assertThrows(IllegalArgumentException.class, () -> KMeans.builder(0));
        assertThrows(IllegalArgumentException.class, () -> KMeans.builder(2).tolerance(Double.NaN));
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 16})
    void initialRowsReproduceReferenceLabelsOnSharedData(int k) throws IOException {
        NpyArray scores = NpyArray.read(SharedData.reference("ref_synth_small_pca_scores.npy"));
        int[] init = NpyArray.read(SharedData.reference("ref_synth_small_K" + k + "_init_idx.npy")).asInts();
        int[] expected = NpyArray.read(SharedData.reference("ref_synth_small_K" + k + "_labels.npy")).asInts();
        NpyArray expectedDistances = NpyArray.read(SharedData.reference("ref_synth_small_K" + k + "_min_d2.npy"));
        int n = scores.shape()[0];

        KMeansResult result = compatible(k, init).fit(scores.values(), n, 50);

        assertArrayEquals(expected, result.labels());
        assertTrue(result.converged());
        for (int i = 0; i < n; i++) {
            assertEquals(expectedDistances.values()[i], result.squaredDistances()[i], 1e-4 * (1 + expectedDistances.values()[i]),
                    "squared distance of row " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 16})
    void initialRowsReproduceReferenceLabelsFromOwnScores(int k) throws IOException {
        double[] scores = ownScores();
        int[] init = NpyArray.read(SharedData.reference("ref_synth_small_K" + k + "_init_idx.npy")).asInts();
        int[] expected = NpyArray.read(SharedData.reference("ref_synth_small_K" + k + "_labels.npy")).asInts();

        KMeansResult result = compatible(k, init).fit(scores, scores.length / 50, 50);

        assertArrayEquals(expected, result.labels());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 16})
    void inertiaWithinOnePercentOfScikitLearnOnSharedData(int k) throws IOException {
        double[] scores = ownScores();
        String json = Files.readString(SharedData.reference("sklearn_kmeans_inertia.json"));
        Matcher matcher = Pattern.compile("\"K" + k + "\"\\s*:\\s*([0-9.eE+-]+)").matcher(json);
        assertTrue(matcher.find(), "no K" + k + " entry in the scikit-learn inertia file");
        double sklearn = Double.parseDouble(matcher.group(1));

        KMeansResult result = KMeans.builder(k).threads(2).build().fit(scores, scores.length / 50, 50);

        System.getLogger(KMeansTest.class.getName()).log(System.Logger.Level.INFO,
                "K = " + k + ": inertia " + result.inertia() + ", scikit-learn " + sklearn
                        + ", ratio " + result.inertia() / sklearn);
        assertTrue(result.inertia() <= 1.01 * sklearn,
                "inertia " + result.inertia() + " exceeds scikit-learn's " + sklearn + " by more than 1 %");
    }

    private static KMeans compatible(int k, int[] init) {
        return KMeans.builder(k).initialRows(init).maxIterations(50).tolerance(0).build();
    }

    private static double[] ownScores() throws IOException {
        NpyArray features = NpyArray.read(SharedData.reference("ref_synth_small_features.npy"));
        int n = features.shape()[0];
        PcaModel model = Pca.fit(features.values(), n, features.shape()[1], 50, false);
        return Pca.transform(model, features.values(), n);
    }
}
