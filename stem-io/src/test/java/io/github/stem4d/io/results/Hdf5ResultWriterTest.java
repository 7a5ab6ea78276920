package io.github.stem4d.io.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.kmeans.KMeansResult;
import io.github.stem4d.analysis.pca.PcaModel;
import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.testdata.H5py;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes results.h5 with jhdf and reads it back with h5py (the HDF5 C library). */
class Hdf5ResultWriterTest {

    private static final int ROWS = 3;
    private static final int COLS = 4;
    private static final int N = ROWS * COLS;
    private static final int D = 5;
    private static final int C = 2;
    private static final int K = 3;

    /** Builds a small result whose every value is distinct and predictable. */
    static AnalysisResult sampleResult() {
        float[] features = new float[N * D];
        for (int i = 0; i < features.length; i++) {
            features[i] = i * 0.5f - 3f;
        }
        double[] scores = new double[N * C];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i * 0.25 - 1;
        }
        int[] labels = new int[N];
        double[] squared = new double[N];
        for (int i = 0; i < N; i++) {
            labels[i] = i % K;
            squared[i] = i * i;
        }
        double[][] components = {{1, 0, 0, 0, 0}, {0, 0.6, 0.8, 0, 0}};
        PcaModel pca = new PcaModel(new double[] {1, 2, 3, 4, 5}, new double[] {1, 1, 1, 1, 1}, components,
                new double[] {4.5, 1.5}, new double[] {0.6, 0.2}, 7.5, false);
        KMeansResult kmeans = new KMeansResult(labels, squared, new double[][] {{0, 1}, {2, 3}, {4, 5}},
                new long[] {4, 4, 4}, 506, 7, true);
        AnalysisSettings settings = AnalysisSettings.builder().k(K).components(C).seed(42).standardize(true).build();
        return new AnalysisResult("sample", new ScanShape(ROWS, COLS), new FrameShape(8, 8), Map.of(), settings,
                List.of("f0", "f1", "f2", "f3", "f4"), features, pca, scores, kmeans, new int[0][], null,
                new float[64], new float[0][], 2, Map.of("read", Duration.ofMillis(5)));
    }

    @Test
    void h5pyReadsShapesTypesAndValues(@TempDir Path dir) throws IOException {
        H5py.assumeAvailable();
        List<Path> written = new Hdf5ResultWriter().write(sampleResult(), null, dir);
        Path file = dir.resolve("results.h5");
        assertEquals(List.of(file), written);

        String script = String.join("\n",
                "import sys, h5py, numpy as np",
                "f = h5py.File(sys.argv[1], 'r')",
                "def show(name):",
                "    d = f[name]",
                "    print(name, d.dtype.str, d.shape, ' '.join(repr(float(v)) for v in np.asarray(d).reshape(-1)))",
                "for name in ['labels', 'distances', 'features', 'pca/scores', 'pca/components', 'pca/mean',",
                "             'pca/explained_variance', 'kmeans/centroids', 'kmeans/cluster_sizes']:",
                "    show(name)",
                "a = f.attrs",
                "print('attrs', int(a['k']), int(a['components']), a['features'].decode(), int(a['seed']),",
                "      int(a['standardize']), list(a['scan_shape']), int(f['kmeans'].attrs['converged']))",
                "print('names', [n.decode() for n in f['feature_names'][()]])");
        List<String> lines = H5py.script(script, file.toString()).lines().toList();

        assertEquals(expected("labels", "<i4", "(3, 4)", i -> i % K, N), lines.get(0));
        assertEquals(expected("distances", "<f4", "(3, 4)", i -> i, N), lines.get(1));
        assertEquals(expected("features", "<f4", "(12, 5)", i -> i * 0.5 - 3, N * D), lines.get(2));
        assertEquals(expected("pca/scores", "<f4", "(12, 2)", i -> i * 0.25 - 1, N * C), lines.get(3));
        assertEquals("pca/components <f8 (2, 5) 1.0 0.0 0.0 0.0 0.0 0.0 0.6 0.8 0.0 0.0", lines.get(4));
        assertEquals("pca/mean <f8 (5,) 1.0 2.0 3.0 4.0 5.0", lines.get(5));
        assertEquals("pca/explained_variance <f8 (2,) 4.5 1.5", lines.get(6));
        assertEquals("kmeans/centroids <f8 (3, 2) 0.0 1.0 2.0 3.0 4.0 5.0", lines.get(7));
        assertEquals("kmeans/cluster_sizes <i8 (3,) 4.0 4.0 4.0", lines.get(8));
        assertEquals("attrs 3 2 polar-harmonics 42 1 [3, 4] 1", lines.get(9));
        assertEquals("names ['f0', 'f1', 'f2', 'f3', 'f4']", lines.get(10));
    }

    @Test
    void writeLeavesOnlyResultsFile(@TempDir Path dir) throws IOException {
        new Hdf5ResultWriter().write(sampleResult(), null, dir);
        new Hdf5ResultWriter().write(sampleResult(), null, dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("results.h5")), files.toList());
        }
        assertTrue(Files.size(dir.resolve("results.h5")) > 0);
    }

    @Test
    void scanNamedResultsFileIsNotReplaced(@TempDir Path dir) throws IOException {
        // A .npy scan of 12 frames of 8x8 uint8 pixels that happens to be named results.h5.
        String header = "{'descr': '|u1', 'fortran_order': False, 'shape': (12, 8, 8), }";
        header = header + " ".repeat(128 - 10 - header.length() - 1) + "\n";
        ByteBuffer bytes = ByteBuffer.allocate(128 + 12 * 64).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        bytes.put(header.getBytes(StandardCharsets.US_ASCII));
        Path scan = Files.write(dir.resolve("results.h5"), bytes.array());
        byte[] before = Files.readAllBytes(scan);

        try (ScanDataset dataset = ScanDatasets.open(scan,
                OpenOptions.builder().scanShape(new ScanShape(ROWS, COLS)).build())) {
            FileAlreadyExistsException error = assertThrows(FileAlreadyExistsException.class,
                    () -> new Hdf5ResultWriter().write(sampleResult(), dataset, dir));

            assertTrue(error.getMessage().contains("choose another output folder"), error.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(scan));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(scan), files.toList());
        }
    }

    @Test
    void mismatchedLabelsAreRejected(@TempDir Path dir) throws IOException {
        AnalysisResult good = sampleResult();
        AnalysisResult bad = new AnalysisResult(good.scanName(), new ScanShape(4, 4), good.frameShape(),
                good.datasetMetadata(), good.settings(), good.featureNames(), good.features(), good.pca(),
                good.scores(), good.kmeans(), good.representativeFrames(), good.virtualImages(), good.meanPattern(),
                good.clusterMeanPatterns(), good.nonFiniteFrames(), good.timings());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Hdf5ResultWriter().write(bad, null, dir));
        assertTrue(error.getMessage().contains("kmeans.labels has 12 entries but the scan 4x4 has 16 frames"),
                error.getMessage());
        assertFalse(Files.exists(dir.resolve("results.h5")));
    }

    private static String expected(String name, String dtype, String shape,
            java.util.function.IntToDoubleFunction value, int count) {
        StringBuilder text = new StringBuilder(name + " " + dtype + " " + shape);
        for (int i = 0; i < count; i++) {
            text.append(' ').append((double) (float) value.applyAsDouble(i));
        }
        return text.toString();
    }
}
