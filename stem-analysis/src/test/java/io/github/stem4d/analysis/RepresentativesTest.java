package io.github.stem4d.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.stem4d.analysis.kmeans.KMeansResult;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Compares the bounded-heap representative selection with a full sort. */
class RepresentativesTest {

    private static KMeansResult result(int[] labels, double[] distances, int k) {
        long[] sizes = new long[k];
        for (int label : labels) {
            sizes[label]++;
        }
        double[][] centroids = new double[k][1];
        return new KMeansResult(labels, distances, centroids, sizes, Arrays.stream(distances).sum(), 1, true);
    }

    @Test
    void matchesFullSortWithTies() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 5000;
        int k = 7;
        int[] labels = new int[n];
        double[] distances = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(k - 1);
            distances[i] = random.nextInt(40);
        }
        KMeansResult kmeans = result(labels, distances, k);
        for (int perCluster : new int[] {1, 3, 50, 10_000}) {
            int[][] chosen = Representatives.closest(kmeans, perCluster);
            for (int c = 0; c < k; c++) {
                int label = c;
                int[] expected = IntStream.range(0, n).filter(i -> labels[i] == label).boxed()
                        .sorted(Comparator.<Integer>comparingDouble(i -> distances[i]).thenComparing(i -> i))
                        .limit(perCluster).mapToInt(Integer::intValue).toArray();
                assertArrayEquals(expected, chosen[c], "cluster " + c + ", " + perCluster + " per cluster");
            }
            assertEquals(0, chosen[k - 1].length, "empty cluster has no representatives");
        }
    }
}
