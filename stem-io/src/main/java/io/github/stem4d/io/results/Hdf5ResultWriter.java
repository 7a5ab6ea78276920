package io.github.stem4d.io.results;

import com.google.auto.service.AutoService;
import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.ResultWriter;
import io.github.stem4d.analysis.kmeans.KMeansResult;
import io.github.stem4d.analysis.pca.PcaModel;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code results.h5} with jhdf, readable by h5py and the HDF5 C library.
 *
 * <p>Contents (N frames in scan order, D features, C components, K clusters):
 * {@code /labels} (scan_y, scan_x) int32; {@code /distances} (scan_y, scan_x) float32, the
 * Euclidean distance in score space to the own centroid; {@code /features} (N, D) float32;
 * {@code /feature_names} (D) strings; {@code /pca/scores} (N, C) float32;
 * {@code /pca/components} (C, D), {@code /pca/mean} (D), {@code /pca/scale} (D),
 * {@code /pca/explained_variance} (C) and {@code /pca/explained_variance_ratio} (C) float64;
 * {@code /kmeans/centroids} (K, C) float64 and {@code /kmeans/cluster_sizes} (K) int64. The
 * run's parameters are attributes of the root group (k, components, features, seed,
 * standardize, restarts, max_iterations, tolerance, scan_name, scan_shape, frame_shape,
 * non_finite_frames), of {@code /pca} (total_variance, standardized) and of {@code /kmeans}
 * (inertia, iterations, converged). Booleans are stored as uint8 0 or 1.
 *
 * <p>The file is written under a temporary name in the same folder and renamed to
 * {@code results.h5} once complete. jhdf 0.13.0 assembles the whole file in memory before
 * writing, so the writer needs about as much heap again as the result's features and scores.
 * Stateless and thread-safe.
 */
@AutoService(ResultWriter.class)
public final class Hdf5ResultWriter implements ResultWriter {

    /** The writer name. */
    public static final String NAME = "hdf5-results";

    /** File name of the results in the output folder. */
    public static final String FILE_NAME = "results.h5";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Path> write(AnalysisResult result, ScanDataset dataset, Path outputDirectory) throws IOException {
        validate(result);
        Files.createDirectories(outputDirectory);
        Path target = outputDirectory.resolve(FILE_NAME);
        rejectSourceFile(target, dataset, result);
        Path temporary = Files.createTempFile(outputDirectory, "." + FILE_NAME + ".", ".tmp");
        try {
            try (WritableHdfFile file = HdfFile.write(temporary)) {
                writeContents(file, result);
            } catch (HdfException e) {
                throw new IOException("failed to write '" + temporary + "' with jhdf: " + e.getMessage(), e);
            }
            makeWorldReadable(temporary);
            move(temporary, target);
            return List.of(target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void writeContents(WritableHdfFile file, AnalysisResult result) {
        int rows = result.scanShape().rows();
        int cols = result.scanShape().cols();
        int n = result.frameCount();
        int d = result.featureDimension();
        KMeansResult kmeans = result.kmeans();
        PcaModel pca = result.pca();
        int c = pca.componentCount();

        int[][] labels = new int[rows][cols];
        float[][] distances = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                int index = r * cols + col;
                labels[r][col] = kmeans.labels()[index];
                distances[r][col] = (float) Math.sqrt(kmeans.squaredDistances()[index]);
            }
        }
        file.putDataset("labels", labels);
        file.putDataset("distances", distances);

        float[][] features = new float[n][];
        for (int i = 0; i < n; i++) {
            features[i] = java.util.Arrays.copyOfRange(result.features(), i * d, (i + 1) * d);
        }
        file.putDataset("features", features);
        file.putDataset("feature_names", result.featureNames().toArray(String[]::new));
        writeParameters(file, result);

        WritableGroup pcaGroup = file.putGroup("pca");
        float[][] scores = new float[n][c];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                scores[i][j] = (float) result.scores()[i * c + j];
            }
        }
        pcaGroup.putDataset("scores", scores);
        pcaGroup.putDataset("components", pca.components());
        pcaGroup.putDataset("mean", pca.mean());
        pcaGroup.putDataset("scale", pca.scale());
        pcaGroup.putDataset("explained_variance", pca.explainedVariance());
        pcaGroup.putDataset("explained_variance_ratio", pca.explainedVarianceRatio());
        pcaGroup.putAttribute("total_variance", pca.totalVariance());
        pcaGroup.putAttribute("standardized", pca.standardized());

        WritableGroup kmeansGroup = file.putGroup("kmeans");
        kmeansGroup.putDataset("centroids", kmeans.centroids());
        kmeansGroup.putDataset("cluster_sizes", kmeans.clusterSizes());
        kmeansGroup.putAttribute("inertia", kmeans.inertia());
        kmeansGroup.putAttribute("iterations", kmeans.iterations());
        kmeansGroup.putAttribute("converged", kmeans.converged());
    }

    private static void writeParameters(WritableHdfFile file, AnalysisResult result) {
        AnalysisSettings settings = result.settings();
        file.putAttribute("format", "stem4d results");
        file.putAttribute("format_version", 1);
        file.putAttribute("scan_name", result.scanName());
        file.putAttribute("scan_shape", new int[] {result.scanShape().rows(), result.scanShape().cols()});
        file.putAttribute("frame_shape", new int[] {result.frameShape().rows(), result.frameShape().cols()});
        file.putAttribute("features", settings.features());
        for (Map.Entry<String, String> option : settings.featureOptions().entrySet()) {
            file.putAttribute("feature_option_" + option.getKey(), option.getValue());
        }
        file.putAttribute("k", settings.k());
        file.putAttribute("components", settings.components());
        file.putAttribute("standardize", settings.standardize());
        file.putAttribute("seed", settings.seed());
        file.putAttribute("restarts", settings.restarts());
        file.putAttribute("max_iterations", settings.maxIterations());
        file.putAttribute("tolerance", settings.tolerance());
        file.putAttribute("non_finite_frames", result.nonFiniteFrames());
    }

    private static void validate(AnalysisResult result) {
        long frames = result.scanShape().frameCount();
        int n = result.kmeans().labels().length;
        int d = result.featureNames().size();
        int c = result.pca().componentCount();
        check(n == frames, "kmeans.labels has " + n + " entries but the scan " + result.scanShape() + " has "
                + frames + " frames");
        check(result.kmeans().squaredDistances().length == n, "kmeans.squaredDistances has "
                + result.kmeans().squaredDistances().length + " entries, expected " + n);
        check(d > 0 && result.features().length == (long) n * d, "features has " + result.features().length
                + " values, expected N x D = " + n + " x " + d);
        check(result.scores().length == (long) n * c, "scores has " + result.scores().length
                + " values, expected N x C = " + n + " x " + c);
        check(c > 0 && result.kmeans().k() > 0, "PCA components (" + c + ") and clusters (" + result.kmeans().k()
                + ") must both be at least 1");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("cannot write " + FILE_NAME + ": " + message);
        }
    }

    /** Rejects a target that is the scan file itself, so a scan named results.h5 is never replaced. */
    private static void rejectSourceFile(Path target, ScanDataset dataset, AnalysisResult result) throws IOException {
        Object source = dataset != null ? dataset.metadata().get("file") : result.datasetMetadata().get("file");
        if (!(source instanceof String sourceText) || !Files.exists(target)) {
            return;
        }
        Path sourcePath = Path.of(sourceText);
        if (Files.exists(sourcePath) && Files.isSameFile(sourcePath, target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "the scan file being analysed has the"
                    + " name of the results file " + FILE_NAME + "; choose another output folder so it is not replaced");
        }
    }

    /** Gives the file mode 0644 where the file system has POSIX modes; createTempFile makes it 0600. */
    private static void makeWorldReadable(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
