package io.github.stem4d.analysis;

import io.github.stem4d.analysis.kmeans.KMeansResult;
import io.github.stem4d.analysis.pca.PcaModel;
import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.ScanShape;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code analyze_scan} run computed. N is the number of frames (scan order,
 * row-major over scan_y, scan_x), D the feature dimension, C the number of principal
 * components, K the number of clusters. Arrays are not copied; treat them as read-only.
 *
 * @param scanName name of the scan, usually the file name without its extension
 * @param scanShape scan_y x scan_x
 * @param frameShape det_y x det_x
 * @param datasetMetadata the dataset's {@link io.github.stem4d.analysis.scan.ScanDataset#metadata()}
 * @param settings the settings the run used
 * @param featureNames the D column names
 * @param features N x D, row-major
 * @param pca the fitted PCA
 * @param scores N x C principal component scores, row-major
 * @param kmeans labels, distances and centroids (in score space)
 * @param representativeFrames for each cluster, frame indices closest to its centroid first
 * @param virtualImages per-frame detector sums
 * @param meanPattern mean frame over the whole scan, det_y x det_x row-major
 * @param clusterMeanPatterns K mean frames, each det_y x det_x row-major
 * @param nonFiniteFrames frames that held NaN or infinity (handled by the extractor's rule)
 * @param timings wall time per stage, in run order
 */
public record AnalysisResult(
        String scanName,
        ScanShape scanShape,
        FrameShape frameShape,
        Map<String, Object> datasetMetadata,
        AnalysisSettings settings,
        List<String> featureNames,
        float[] features,
        PcaModel pca,
        double[] scores,
        KMeansResult kmeans,
        int[][] representativeFrames,
        VirtualImages virtualImages,
        float[] meanPattern,
        float[][] clusterMeanPatterns,
        long nonFiniteFrames,
        Map<String, Duration> timings) {

    /** Returns N, the number of frames. */
    public int frameCount() {
        return kmeans.labels().length;
    }

    /** Returns D, the feature dimension. */
    public int featureDimension() {
        return featureNames.size();
    }

    /** Returns K, the number of clusters. */
    public int k() {
        return kmeans.k();
    }

    /** Returns the cluster of the probe position at (scan row, scan column). */
    public int labelAt(int row, int col) {
        return kmeans.labels()[row * scanShape.cols() + col];
    }

    /** Returns the Euclidean distance in score space of (row, col) to its cluster centroid. */
    public double distanceAt(int row, int col) {
        return Math.sqrt(kmeans.squaredDistances()[row * scanShape.cols() + col]);
    }
}
