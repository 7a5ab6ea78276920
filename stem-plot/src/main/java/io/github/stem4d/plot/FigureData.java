package io.github.stem4d.plot;

import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.VirtualImages;

/** Checks and derived quantities of an {@link AnalysisResult} that several figures share. */
final class FigureData {

    private FigureData() {
    }

    /**
     * Checks that the arrays of {@code result} agree with its scan and frame shapes.
     *
     * @throws IllegalArgumentException naming the first array whose length does not match
     */
    static void validate(AnalysisResult result) {
        require(result.scanShape() != null, "scanShape is missing");
        require(result.frameShape() != null, "frameShape is missing");
        require(result.kmeans() != null, "kmeans is missing");
        long frames = result.scanShape().frameCount();
        int[] labels = result.kmeans().labels();
        require(labels != null && labels.length == frames, "kmeans.labels has length "
                + (labels == null ? "null" : labels.length) + ", expected " + frames + " (scan "
                + result.scanShape() + ")");
        int pixels = result.frameShape().pixelCount();
        if (result.meanPattern() != null) {
            require(result.meanPattern().length == pixels, "meanPattern has length " + result.meanPattern().length
                    + ", expected " + pixels + " (frame " + result.frameShape() + ")");
        }
        float[][] means = result.clusterMeanPatterns();
        if (means != null) {
            for (int k = 0; k < means.length; k++) {
                require(means[k] == null || means[k].length == pixels, "clusterMeanPatterns[" + k + "] has length "
                        + means[k].length + ", expected " + pixels + " (frame " + result.frameShape() + ")");
            }
        }
        VirtualImages images = result.virtualImages();
        if (images != null) {
            checkLength("virtualImages.total", images.total(), frames);
            checkLength("virtualImages.brightField", images.brightField(), frames);
            checkLength("virtualImages.annularDarkField", images.annularDarkField(), frames);
        }
    }

    private static void checkLength(String name, double[] values, long expected) {
        require(values == null || values.length == expected,
                name + " has length " + (values == null ? 0 : values.length) + ", expected " + expected);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("invalid analysis result: " + message);
        }
    }

    /** Returns the number of positions with each label 0..k-1, counted from {@code labels}. */
    static long[] labelCounts(int[] labels, int k) {
        long[] counts = new long[k];
        for (int label : labels) {
            if (label >= 0 && label < k) {
                counts[label]++;
            }
        }
        return counts;
    }

    /** Returns the number of positions whose label is outside 0..k-1. */
    static long unassignedCount(int[] labels, int k) {
        long count = 0;
        for (int label : labels) {
            if (label < 0 || label >= k) {
                count++;
            }
        }
        return count;
    }

    /**
     * Returns, for each position, the city-block distance in positions to the nearest position
     * with another label or outside the map (1 at a region's edge), by a two-pass chamfer
     * distance transform.
     */
    static int[] distanceToOtherLabel(int[] labels, int rows, int cols) {
        int[] distance = new int[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                int label = labels[i];
                int up = r > 0 && labels[i - cols] == label ? distance[i - cols] : 0;
                int left = c > 0 && labels[i - 1] == label ? distance[i - 1] : 0;
                distance[i] = Math.min(up, left) + 1;
            }
        }
        for (int r = rows - 1; r >= 0; r--) {
            for (int c = cols - 1; c >= 0; c--) {
                int i = r * cols + c;
                int label = labels[i];
                int down = r < rows - 1 && labels[i + cols] == label ? distance[i + cols] : 0;
                int right = c < cols - 1 && labels[i + 1] == label ? distance[i + 1] : 0;
                distance[i] = Math.min(distance[i], Math.min(down, right) + 1);
            }
        }
        return distance;
    }
}
