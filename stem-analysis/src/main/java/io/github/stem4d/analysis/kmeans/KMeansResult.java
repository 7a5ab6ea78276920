package io.github.stem4d.analysis.kmeans;

/**
 * The outcome of k-means on N rows of dimension C: the best of all restarts.
 *
 * <p>Arrays are not copied; treat them as read-only.
 *
 * @param labels cluster of each row, 0..K-1, length N
 * @param squaredDistances squared Euclidean distance of each row to its centroid, length N
 * @param centroids K x C
 * @param clusterSizes rows per cluster, length K
 * @param inertia sum of {@code squaredDistances}
 * @param iterations Lloyd iterations of the kept restart
 * @param converged whether the kept restart stopped before the iteration limit
 */
public record KMeansResult(int[] labels, double[] squaredDistances, double[][] centroids, long[] clusterSizes,
        double inertia, int iterations, boolean converged) {

    /** Returns K, the number of clusters. */
    public int k() {
        return centroids.length;
    }
}
