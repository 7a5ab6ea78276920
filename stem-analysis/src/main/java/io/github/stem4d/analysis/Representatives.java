package io.github.stem4d.analysis;

import io.github.stem4d.analysis.kmeans.KMeansResult;

/** Picks, for each cluster, the frames closest to its centroid. */
final class Representatives {

    private Representatives() {
    }

    /**
     * Returns, for each cluster, up to {@code perCluster} frame indices of its members ordered by
     * squared distance to the centroid (the lower frame index first among equal distances).
     * Keeps a bounded max-heap of r = {@code perCluster} frames per cluster, so it costs
     * O(N log r) time and O(K r) memory besides the result.
     */
    static int[][] closest(KMeansResult kmeans, int perCluster) {
        int[] labels = kmeans.labels();
        double[] distances = kmeans.squaredDistances();
        int k = kmeans.k();
        int[][] heaps = new int[k][];
        int[] sizes = new int[k];
        for (int c = 0; c < k; c++) {
            heaps[c] = new int[(int) Math.min(perCluster, kmeans.clusterSizes()[c])];
        }

        for (int frame = 0; frame < labels.length; frame++) {
            int label = labels[frame];
            int[] heap = heaps[label];
            if (heap.length == 0) {
                continue;
            }
            if (sizes[label] < heap.length) {
                heap[sizes[label]] = frame;
                siftUp(heap, sizes[label], distances);
                sizes[label]++;
            } else if (before(frame, heap[0], distances)) {
                heap[0] = frame;
                siftDown(heap, sizes[label], distances);
            }
        }

        int[][] chosen = new int[k][];
        for (int c = 0; c < k; c++) {
            int[] heap = heaps[c];
            int size = sizes[c];
            chosen[c] = new int[size];
            // Popping the maximum fills the result from its end, which leaves it in ascending order.
            for (int end = size - 1; end >= 0; end--) {
                chosen[c][end] = heap[0];
                heap[0] = heap[end];
                siftDown(heap, end, distances);
            }
        }
        return chosen;
    }

    /** Returns whether frame {@code a} comes before frame {@code b}: smaller distance, then lower index. */
    private static boolean before(int a, int b, double[] distances) {
        int byDistance = Double.compare(distances[a], distances[b]);
        return byDistance != 0 ? byDistance < 0 : a < b;
    }

    private static void siftUp(int[] heap, int index, double[] distances) {
        int frame = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!before(heap[parent], frame, distances)) {
                break;
            }
            heap[index] = heap[parent];
            index = parent;
        }
        heap[index] = frame;
    }

    private static void siftDown(int[] heap, int size, double[] distances) {
        if (size == 0) {
            return;
        }
        int index = 0;
        int frame = heap[0];
        while (true) {
            int child = 2 * index + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child], heap[child + 1], distances)) {
                child++;
            }
            if (!before(frame, heap[child], distances)) {
                break;
            }
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = frame;
    }
}
