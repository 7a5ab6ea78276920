package io.github.stem4d.analysis;

import io.github.stem4d.analysis.features.FeatureExtractors;
import io.github.stem4d.analysis.features.ParallelFeatureExtraction;
import io.github.stem4d.analysis.features.PreparedExtractor;
import io.github.stem4d.analysis.kmeans.KMeans;
import io.github.stem4d.analysis.kmeans.KMeansResult;
import io.github.stem4d.analysis.pca.Pca;
import io.github.stem4d.analysis.pca.PcaModel;
import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.ScanDataset;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * The streaming {@code analyze_scan} pipeline: features, virtual images and mean pattern in one
 * pass over the frames, then PCA, k-means, representative frames and, optionally, a second pass
 * for the mean pattern of each cluster.
 *
 * <p><b>Streaming.</b> Frames are read in blocks of {@link AnalysisSettings#blockFrames()} on
 * one reader thread, one block ahead of feature extraction (double buffering), and features
 * are computed on {@link AnalysisSettings#threads()} threads, at most 4 per available processor and
 * at most one per frame of a block. Memory: two frame buffers of
 * {@code blockFrames * det_y * det_x} floats (blocks are shortened, down to one frame, so that
 * a buffer holds at most 2^24 values, 64 MiB), the N x D float features, the N x C double
 * scores, three doubles per frame for the virtual images, and {@code det_y * det_x} doubles per
 * pixel sum (K + 1 of them with cluster mean patterns). The scan is never held whole.
 *
 * <p><b>Virtual images.</b> Per-frame sums are taken while each frame is in memory, so the beam
 * centre and radii come from the mean of the first block, not of the whole scan; see
 * {@link AnalysisResult#virtualImages()} for the values used. The rule: a 3 x 3 median filter,
 * the 4-connected region around the maximum that reaches half the maximum is the bright disk,
 * its intensity-weighted centre of mass is the beam centre and {@code sqrt(area / pi)} its
 * radius (without a positive pixel: the detector centre and {@code min(det_y, det_x) / 16}).
 * Bright field: 1.25 disk radii. Annular dark field: from 2 disk radii to the nearest detector
 * edge. Radii set in the settings win. NaN and infinite pixels count as 0 in every sum.
 *
 * <p><b>Cluster mean patterns</b> need the labels, which exist only after k-means, so they cost
 * a second read of every frame; {@link AnalysisSettings#clusterMeanPatterns()} turns it off
 * (the result then contains an empty array).
 *
 * <p><b>Progress</b> is reported for {@code FEATURES} (frames), {@code PCA} (0 or 1),
 * {@code KMEANS} (restarts) and {@code REPRESENTATIVES} (frames of the second pass, or 0 and 1
 * without it), each starting at 0 and never decreasing. <b>Cancellation</b> is checked between
 * blocks, every 1024 rows of the PCA covariance, and before every k-means iteration, so a
 * cancelled run stops within one block or one k-means iteration.
 *
 * <p><b>Determinism.</b> The result does not depend on the thread count, because features are
 * computed frame by frame and every sum is taken in a fixed order. The block size changes only
 * the virtual-image geometry, which is estimated from the first block.
 *
 * <p>An instance holds only its settings, listener and token; each {@link #analyze} call
 * creates and stops its own threads. Calls on one instance may run concurrently on different
 * datasets.
 */
public final class ScanAnalyzer {

    private static final System.Logger LOG = System.getLogger(ScanAnalyzer.class.getName());

    /** Maximum number of values in one frame buffer (64 MiB of floats): 256 frames of 256 x 256. */
    static final int MAX_BUFFER_VALUES = 1 << 24;

    /** Maximum threads of a stage per available processor. */
    static final int THREADS_PER_PROCESSOR = 4;

    private final AnalysisSettings settings;
    private final ProgressListener listener;
    private final CancellationToken cancellation;

    /**
     * Creates an analyzer.
     *
     * @param settings parameters of every run
     * @param listener receives progress; {@link ProgressListener#NONE} to ignore it
     * @param cancellation checked between blocks; {@link CancellationToken#NONE} if never cancelled
     */
    public ScanAnalyzer(AnalysisSettings settings, ProgressListener listener, CancellationToken cancellation) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
    }

    /**
     * Analyses one scan. Reads every frame once (twice with cluster mean patterns) and never
     * closes the dataset.
     *
     * @param scanName name recorded in the result, usually the file name without extension
     * @param dataset the open scan; read by one background thread, one call at a time
     * @return the result; its settings carry the extractor's effective options
     * @throws IOException if reading the scan fails; the message names the frames being read
     * @throws IllegalArgumentException if the dataset's frame count differs from its scan shape.
     *     Also if the settings do not fit the scan: an unknown extractor
     *     or option, K or an initial row beyond the number of frames, invalid radii, or a scan
     *     whose features exceed the largest Java array
     * @throws CancellationException if the token was cancelled; carries its reason
     */
    public AnalysisResult analyze(String scanName, ScanDataset dataset) throws IOException {
        Objects.requireNonNull(scanName, "scanName");
        Objects.requireNonNull(dataset, "dataset");
        FrameShape frameShape = dataset.frameShape();
        long frameCount = dataset.frameCount();
        if (frameCount != dataset.scanShape().frameCount()) {
            throw new IllegalArgumentException("dataset reports " + frameCount + " frames but its scan shape "
                    + dataset.scanShape() + " has " + dataset.scanShape().frameCount()
                    + "; the reader must report one frame per scan position, so reopen the scan with its true shape");
        }
        PreparedExtractor prepared = FeatureExtractors.byName(settings.features())
                .prepare(frameShape, settings.featureOptions());
        int n = checkSizes(frameCount, prepared.dimension(), Math.min(settings.components(), prepared.dimension()));
        cancellation.throwIfCancelled();

        Map<String, Duration> timings = new LinkedHashMap<>();
        long start = System.nanoTime();
        FirstPass first = firstPass(dataset, prepared, n);
        start = lap(timings, "read+features", start);

        cancellation.throwIfCancelled();
        listener.onProgress(ProgressListener.Stage.PCA, 0, 1);
        PcaModel pca = Pca.fit(first.features, n, prepared.dimension(), settings.components(), settings.standardize(),
                threads(), cancellation::throwIfCancelled);
        double[] scores = Pca.transform(pca, first.features, n, threads());
        listener.onProgress(ProgressListener.Stage.PCA, 1, 1);
        start = lap(timings, "pca", start);

        KMeansResult kmeans = cluster(scores, n, pca.componentCount());
        start = lap(timings, "kmeans", start);

        int[][] representatives = Representatives.closest(kmeans, settings.representativesPerCluster());
        start = lap(timings, "representatives", start);

        float[][] clusterMeans = new float[0][];
        if (settings.clusterMeanPatterns()) {
            clusterMeans = clusterMeanPatterns(dataset, kmeans);
            lap(timings, "cluster-means", start);
        } else {
            listener.onProgress(ProgressListener.Stage.REPRESENTATIVES, 0, 1);
            listener.onProgress(ProgressListener.Stage.REPRESENTATIVES, 1, 1);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "analysis of " + scanName + " took " + timings);

        AnalysisSettings used = effectiveSettings(prepared);
        return new AnalysisResult(scanName, dataset.scanShape(), frameShape, dataset.metadata(), used,
                prepared.columnNames(), first.features, pca, scores, kmeans, representatives,
                first.sums.virtualImages(), first.sums.meanPattern(n), clusterMeans, first.nonFiniteFrames,
                Collections.unmodifiableMap(timings));
    }

    /** Features, virtual images and pixel sums of every frame, in one pass. */
    private FirstPass firstPass(ScanDataset dataset, PreparedExtractor prepared, int n) throws IOException {
        int d = prepared.dimension();
        int block = blockFrames(dataset.frameShape(), n);
        float[] features = new float[n * d];
        double[] blockFeatures = new double[block * d];
        FrameSums sums = new FrameSums(dataset.frameShape(), n, settings);
        long nonFinite = 0;

        listener.onProgress(ProgressListener.Stage.FEATURES, 0, n);
        try (ParallelFeatureExtraction extraction = new ParallelFeatureExtraction(prepared,
                Math.min(threads(), block));
                BlockReader reader = new BlockReader(dataset, block, sums)) {
            BlockReader.Block current;
            while ((current = reader.next()) != null) {
                nonFinite += extraction.extractBlock(current.frames(), current.count(), blockFeatures, 0);
                int offset = (int) current.firstFrame() * d;
                for (int i = 0; i < current.count() * d; i++) {
                    features[offset + i] = (float) blockFeatures[i];
                }
                long done = current.firstFrame() + current.count();
                listener.onProgress(ProgressListener.Stage.FEATURES, done, n);
                cancellation.throwIfCancelled();
            }
            long readMillis = reader.busyNanos() / 1_000_000;
            LOG.log(System.Logger.Level.DEBUG, () -> "reader thread busy " + readMillis + " ms; beam "
                    + sums.geometry());
        }
        return new FirstPass(features, sums, nonFinite);
    }

    private KMeansResult cluster(double[] scores, int n, int components) {
        KMeans.Builder builder = KMeans.builder(settings.k())
                .restarts(settings.restarts())
                .maxIterations(settings.maxIterations())
                .tolerance(settings.tolerance())
                .seed(settings.seed())
                .threads(threads())
                .checkpoint(cancellation::throwIfCancelled);
        int[] initial = settings.initialRows();
        builder.initialRows(initial);
        int total = initial.length > 0 ? 1 : settings.restarts();

        cancellation.throwIfCancelled();
        listener.onProgress(ProgressListener.Stage.KMEANS, 0, total);
        return builder.build().fit(scores, n, components, done -> {
            listener.onProgress(ProgressListener.Stage.KMEANS, done, total);
            cancellation.throwIfCancelled();
        });
    }

    /** Second pass: the mean frame of each cluster. */
    private float[][] clusterMeanPatterns(ScanDataset dataset, KMeansResult kmeans) throws IOException {
        int pixels = dataset.frameShape().pixelCount();
        int k = kmeans.k();
        int[] labels = kmeans.labels();
        int n = labels.length;
        double[][] sums = new double[k][pixels];

        cancellation.throwIfCancelled();
        listener.onProgress(ProgressListener.Stage.REPRESENTATIVES, 0, n);
        try (BlockReader reader = new BlockReader(dataset, blockFrames(dataset.frameShape(), n),
                (frames, first, count) -> { })) {
            BlockReader.Block current;
            while ((current = reader.next()) != null) {
                for (int f = 0; f < current.count(); f++) {
                    int frame = (int) current.firstFrame() + f;
                    FrameSums.addFrame(sums[labels[frame]], current.frames(), f * pixels, pixels);
                }
                listener.onProgress(ProgressListener.Stage.REPRESENTATIVES, current.firstFrame() + current.count(), n);
                cancellation.throwIfCancelled();
            }
        }

        float[][] means = new float[k][pixels];
        for (int c = 0; c < k; c++) {
            long size = kmeans.clusterSizes()[c];
            for (int p = 0; p < pixels; p++) {
                means[c][p] = size == 0 ? 0f : (float) (sums[c][p] / size);
            }
        }
        return means;
    }

    /**
     * Returns the thread count of each stage: the settings' count, capped at
     * {@link #THREADS_PER_PROCESSOR} per available processor. More threads than that cannot
     * speed up CPU-bound stages, and each feature thread owns buffers of a few frames, so an
     * unbounded count (for example 100000) would run out of memory. Results do not depend on it.
     */
    private int threads() {
        int cap = THREADS_PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
        int threads = Math.min(settings.threads(), cap);
        if (threads < settings.threads()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "using " + threads + " threads instead of the "
                    + settings.threads() + " requested, the maximum for this machine");
        }
        return threads;
    }

    private int blockFrames(FrameShape shape, int n) {
        int fitting = Math.max(1, MAX_BUFFER_VALUES / shape.pixelCount());
        return Math.max(1, Math.min(Math.min(settings.blockFrames(), n), fitting));
    }

    private int checkSizes(long frameCount, int dimension, int components) {
        if (frameCount * Math.max(dimension, components) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("scan of " + frameCount + " frames with " + dimension
                    + " features and " + components + " components exceeds the largest Java array ("
                    + (Integer.MAX_VALUE - 8) + " values); analyse a region of the scan or use fewer features");
        }
        if (frameCount < settings.k()) {
            throw new IllegalArgumentException("k = " + settings.k() + " exceeds the " + frameCount
                    + " frames of the scan; lower k");
        }
        if (frameCount < 2) {
            throw new IllegalArgumentException("the analysis needs at least 2 frames, got " + frameCount);
        }
        for (int row : settings.initialRows()) {
            if (row >= frameCount) {
                throw new IllegalArgumentException("initial row " + row + " is outside the " + frameCount
                        + " frames of the scan");
            }
        }
        return (int) frameCount;
    }

    private AnalysisSettings effectiveSettings(PreparedExtractor prepared) {
        AnalysisSettings.Builder builder = settings.toBuilder();
        prepared.options().forEach(builder::featureOption);
        return builder.build();
    }

    private static long lap(Map<String, Duration> timings, String stage, long start) {
        long now = System.nanoTime();
        timings.put(stage, Duration.ofNanos(now - start));
        return now;
    }

    private record FirstPass(float[] features, FrameSums sums, long nonFiniteFrames) {
    }
}
