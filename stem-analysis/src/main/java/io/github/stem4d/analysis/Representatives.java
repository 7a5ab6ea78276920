package io.github.stem4d.analysis;

import io.github.stem4d.analysis.kmeans.KMeansResult;
import java.util.Arrays;

/** Picks, for each cluster, the frames closest to its centroid. */
final class Representatives {

    private Representatives() {
    }

    /**
     * Returns, for each cluster, up to {@code perCluster} frame indices of its members ordered by
     * squared distance to the centroid (the lower frame index first among equal distances).
     * Costs O(N log N).
     */
    static int[][] closest(KMeansResult kmeans, int perCluster) {
        int[] labels = kmeans.labels();
        double[] distances = kmeans.squaredDistances();
        Integer[] order = new Integer[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int byDistance = Double.compare(distances[a], distances[b]);
            return byDistance != 0 ? byDistance : Integer.compare(a, b);
        });

        int k = kmeans.k();
        int[][] chosen = new int[k][];
        int[] filled = new int[k];
        for (int c = 0; c < k; c++) {
            chosen[c] = new int[(int) Math.min(perCluster, kmeans.clusterSizes()[c])];
        }
        for (int frame : order) {
            int label = labels[frame];
            if (filled[label] < chosen[label].length) {
                chosen[label][filled[label]++] = frame;
            }
        }
        return chosen;
    }
}
