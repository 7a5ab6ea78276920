package io.github.stem4d.io.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanReader;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.testdata.Checksums;
import io.github.stem4d.io.testdata.H5py;
import io.github.stem4d.io.testdata.Hdf5Manifest;
import io.github.stem4d.io.testdata.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tests every HDF5 backend must pass on the shared test files: values (manifest checksums or
 * h5py), shapes, layouts, scan shapes and options. A backend's test class extends it and
 * supplies the reader. Tests read ../shared/data and are skipped when it is absent.
 */
public abstract class Hdf5ReaderContract {

    /** Returns the reader under test. */
    protected abstract ScanReader reader();

    /** Opens a file with the reader under test, failing the test when the reader is unavailable. */
    protected Hdf5ScanDataset open(Path file, OpenOptions options) throws IOException {
        ScanReader reader = reader();
        assumeTrue(reader.isAvailable(), reader.name() + " unavailable: " + reader.unavailableReason());
        ScanDataset dataset = reader.open(file, options);
        return assertInstanceOf(Hdf5ScanDataset.class, dataset);
    }

    static Stream<Hdf5Manifest> layoutFiles() throws IOException {
        return manifest("hdf5/manifest.tsv");
    }

    static Stream<Hdf5Manifest> bitshuffleEdgeFiles() throws IOException {
        return manifest("hdf5/bitshuffle-edge/manifest.tsv");
    }

    private static Stream<Hdf5Manifest> manifest(String relative) throws IOException {
        Optional<Path> root = SharedTestData.root();
        if (root.isEmpty() || !Files.exists(root.get().resolve(relative))) {
            return Stream.of((Hdf5Manifest) null);
        }
        return Hdf5Manifest.read(root.get().resolve(relative)).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layoutFiles")
    void manifestFileMatchesChecksums(Hdf5Manifest row) throws IOException {
        assertManifest(row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bitshuffleEdgeFiles")
    void bitshuffleEdgeFileMatchesChecksums(Hdf5Manifest row) throws IOException {
        assertManifest(row);
    }

    private void assertManifest(Hdf5Manifest row) throws IOException {
        assumeTrue(row != null, "shared/data not found");
        try (Hdf5ScanDataset dataset = open(row.file(), OpenOptions.defaults())) {
            assertEquals(row.dataset(), dataset.metadata().get("dataset_path"));
            assertEquals(new ScanShape(row.scanRows(), row.scanCols()), dataset.scanShape());
            assertEquals(new FrameShape(row.frameRows(), row.frameCols()), dataset.frameShape());
            assertEquals(row.dtype(), dataset.pixelType().name().toLowerCase(Locale.ROOT));
            assertEquals("dataset dimensions", dataset.metadata().get("scan_shape_source"));

            boolean float32 = dataset.pixelType() == PixelType.FLOAT32;
            Checksums actual = Checksums.of(dataset, row.checkFrame(), float32);
            assertEquals(row.checksums().sum(), actual.sum(), "sum");
            assertEquals(row.checksums().wsum(), actual.wsum(), "wsum");
            assertEquals(row.checksums().frameSum(), actual.frameSum(), "frame_sum");
            assertEquals(row.checksums().frameWsum(), actual.frameWsum(), "frame_wsum");
        }
    }

    @Test
    void floatFramesKeepExtremeValues() throws IOException {
        Path file = SharedTestData.require("hdf5/j_contiguous_f32.h5");
        try (Hdf5ScanDataset dataset = open(file, OpenOptions.defaults())) {
            int pixels = dataset.frameShape().pixelCount();
            float[] frames = new float[(int) dataset.frameCount() * pixels];
            dataset.readFrames(0, (int) dataset.frameCount(), frames);
            long huge = 0;
            long negative = 0;
            for (float value : frames) {
                huge += value == 1e30f ? 1 : 0;
                negative += value == -1.5f ? 1 : 0;
            }
            assertTrue(huge > 0, "no pixel holds 1e30");
            assertTrue(negative > 0, "no pixel holds -1.5");
        }
    }

    @Test
    void arinaMasterTakesScanShapeFromSidecar() throws IOException {
        Path master = SharedTestData.require("real/rosettasciio/arina/test_00_master.h5");
        try (Hdf5ScanDataset dataset = open(master, OpenOptions.defaults())) {
            assertEquals(new ScanShape(4, 4), dataset.scanShape());
            assertEquals(new FrameShape(192, 192), dataset.frameShape());
            assertEquals(PixelType.UINT32, dataset.pixelType());
            assertEquals("/entry/data/data_000001", dataset.metadata().get("dataset_path"));
            assertEquals("ARINA sidecar test_00.h5", dataset.metadata().get("scan_shape_source"));

            // The ARINA test file holds only zeros (h5py reads the same), so the sums are 0.
            Checksums actual = Checksums.of(dataset, 5, false);
            assertEquals(new Checksums(0, 0, 0, 0), actual);
            if (H5py.available()) {
                Path data = master.resolveSibling("test_00_data_000001.h5");
                assertEquals(H5py.checksums(data, "/entry/data/data", 5), actual);
            }
        }
    }

    @Test
    void arinaScanShapeOptionWinsOverSidecar() throws IOException {
        Path master = SharedTestData.require("real/rosettasciio/arina/test_00_master.h5");
        OpenOptions options = OpenOptions.builder().scanShape(new ScanShape(2, 7)).skipFrames(2).build();
        try (Hdf5ScanDataset full = open(master, OpenOptions.defaults());
                Hdf5ScanDataset shifted = open(master, options)) {
            assertEquals(new ScanShape(2, 7), shifted.scanShape());
            assertEquals("caller", shifted.metadata().get("scan_shape_source"));
            double[] expected = new double[192 * 192];
            double[] actual = new double[192 * 192];
            full.readFramesExact(2 + 13, 1, expected);
            shifted.readFramesExact(13, 1, actual);
            assertTrue(Arrays.equals(expected, actual), "frame 13 after skipping 2 differs from frame 15");
        }
    }

    @Test
    void prismaticEmdReadsFirstDepthSlice() throws IOException {
        Path file = SharedTestData.require("real/rosettasciio/emd/Si100_4D.emd");
        String path = "/4DSTEM_simulation/data/datacubes/CBED_array_depth0000/datacube";
        try (Hdf5ScanDataset dataset = open(file, OpenOptions.defaults())) {
            assertEquals(path, dataset.metadata().get("dataset_path"));
            assertEquals("py4DSTEM/EMD", dataset.metadata().get("layout"));
            assertEquals(new ScanShape(11, 11), dataset.scanShape());
            assertEquals(new FrameShape(8, 8), dataset.frameShape());
            assertEquals(PixelType.FLOAT32, dataset.pixelType());
            Checksums actual = Checksums.of(dataset, 60, true);
            assertTrue(actual.sum() != 0, "Si100 frames are all zero");
            if (H5py.available()) {
                assertEquals(H5py.checksums(file, path, 60), actual);
            }
        }
    }

    @Test
    void py4dstemKeepsAxisOrder() throws IOException {
        Path file = SharedTestData.require("real/rosettasciio/emd/py4DSTEM_size2x3x4x5.h5");
        String path = "/datacube_root/datacube/data";
        try (Hdf5ScanDataset dataset = open(file, OpenOptions.defaults())) {
            assertEquals(path, dataset.metadata().get("dataset_path"));
            assertEquals(new ScanShape(2, 3), dataset.scanShape());
            assertEquals(new FrameShape(4, 5), dataset.frameShape());
            double[] frames = new double[6 * 20];
            dataset.readFramesExact(0, 6, frames);
            if (H5py.available()) {
                assertEquals(H5py.checksums(file, path, 5), Checksums.of(dataset, 5, true));
                String expected = H5py.script("import sys, h5py\n"
                        + "d = h5py.File(sys.argv[1], 'r')['" + path + "'][()]\n"
                        + "print(' '.join(repr(float(v)) for v in d.reshape(-1)))", file.toString());
                double[] reference = Arrays.stream(expected.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
                assertEquals(120, reference.length);
                for (int i = 0; i < 120; i++) {
                    assertEquals(reference[i], frames[i], 0.0, "element " + i + " (scan_y, scan_x, det_y, det_x) = ("
                            + i / 60 + ", " + i / 20 % 3 + ", " + i / 5 % 4 + ", " + i % 5 + ")");
                }
            }
        }
    }

    @Test
    void scanShapeOptionReshapesFourDimensionalData() throws IOException {
        Path file = SharedTestData.require("hdf5/b_chunk1_gzip_u16.h5");
        OpenOptions options = OpenOptions.builder().scanShape(new ScanShape(8, 32)).build();
        try (Hdf5ScanDataset original = open(file, OpenOptions.defaults());
                Hdf5ScanDataset reshaped = open(file, options)) {
            assertEquals(new ScanShape(8, 32), reshaped.scanShape());
            float[] expected = new float[64 * 64];
            float[] actual = new float[64 * 64];
            original.readFrames(16 + 5, 1, expected);
            reshaped.readFrames(21, 1, actual);
            assertTrue(Arrays.equals(expected, actual), "frame 21 differs after reshaping");
        }
    }

    @Test
    void datasetPathOptionSelectsDataset() throws IOException {
        Path file = SharedTestData.require("real/rosettasciio/emd/Si100_4D.emd");
        String path = "/4DSTEM_simulation/data/datacubes/CBED_array_depth0001/datacube";
        try (Hdf5ScanDataset dataset = open(file, OpenOptions.builder().datasetPath(path).build())) {
            assertEquals(path, dataset.metadata().get("dataset_path"));
            assertEquals("dataset path option", dataset.metadata().get("layout"));
        }
    }

    @Test
    void datasetPathOptionRejectsMissingDataset() {
        Path file = SharedTestData.require("real/rosettasciio/emd/Si100_4D.emd");
        InvalidScanException error = assertThrows(InvalidScanException.class,
                () -> open(file, OpenOptions.builder().datasetPath("/nothing/here").build()));
        assertTrue(error.getMessage().contains("no dataset at '/nothing/here'"), error.getMessage());
        assertTrue(error.getMessage().contains("CBED_array_depth0000/datacube (11, 11, 8, 8)"), error.getMessage());
    }

    @Test
    void datasetPathOptionRejectsOneDimensionalDataset() {
        Path file = SharedTestData.require("real/rosettasciio/emd/Si100_4D.emd");
        String path = "/4DSTEM_simulation/data/datacubes/CBED_array_depth0000/dim1";
        InvalidScanException error = assertThrows(InvalidScanException.class,
                () -> open(file, OpenOptions.builder().datasetPath(path).build()));
        assertTrue(error.getMessage().contains("cannot hold frames"), error.getMessage());
    }

    @Test
    void scanShapeLargerThanDataIsRejected() {
        Path file = SharedTestData.require("hdf5/a_contiguous_u16.h5");
        InvalidScanException error = assertThrows(InvalidScanException.class,
                () -> open(file, OpenOptions.builder().scanShape(new ScanShape(17, 16)).build()));
        assertTrue(error.getMessage().contains("needs 272 frames"), error.getMessage());
    }

    @Test
    void frameStackWithoutShapeIsOneRow(@TempDir Path dir) throws IOException {
        H5py.assumeAvailable();
        Path file = dir.resolve("stack.h5");
        H5py.script("import sys, h5py, numpy as np\n"
                + "with h5py.File(sys.argv[1], 'w') as f:\n"
                + "    f.create_dataset('frames', data=np.arange(5 * 6 * 7, dtype=np.int16).reshape(5, 6, 7) - 100,"
                + " chunks=(2, 6, 4), compression='gzip')\n", file.toString());
        try (Hdf5ScanDataset dataset = open(file, OpenOptions.defaults())) {
            assertEquals(new ScanShape(1, 5), dataset.scanShape());
            assertEquals(new FrameShape(6, 7), dataset.frameShape());
            assertEquals(PixelType.INT16, dataset.pixelType());
            assertEquals("largest 3D dataset", dataset.metadata().get("layout"));
            assertTrue(dataset.metadata().get("scan_shape_source").toString().startsWith("single row"));
            float[] frames = new float[5 * 42];
            dataset.readFrames(0, 5, frames);
            for (int i = 0; i < frames.length; i++) {
                assertEquals(i - 100, frames[i], 0.0f, "element " + i);
            }
            float[] last = new float[42];
            dataset.readFrames(3, 1, last);
            assertEquals(3 * 42 - 100, last[0], 0.0f);
        }
    }

    @Test
    void readOutsideScanIsRejected() throws IOException {
        Path file = SharedTestData.require("hdf5/a_contiguous_u16.h5");
        try (Hdf5ScanDataset dataset = open(file, OpenOptions.defaults())) {
            float[] destination = new float[64 * 64 * 2];
            assertThrows(IndexOutOfBoundsException.class, () -> dataset.readFrames(255, 2, destination));
            assertThrows(IndexOutOfBoundsException.class, () -> dataset.readFrames(0, 3, destination));
        }
    }

    /** Returns every HDF5 file of the shared data that both backends are expected to read. */
    public static List<Path> sharedHdf5Files() throws IOException {
        Optional<Path> root = SharedTestData.root();
        if (root.isEmpty()) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root.get().resolve("hdf5"))) {
            List<Path> all = new java.util.ArrayList<>(files
                    .filter(p -> p.toString().endsWith(".h5") || p.toString().endsWith(".hspy")).sorted().toList());
            all.add(root.get().resolve("real/rosettasciio/arina/test_00_master.h5"));
            all.add(root.get().resolve("real/rosettasciio/emd/Si100_4D.emd"));
            all.add(root.get().resolve("real/rosettasciio/emd/py4DSTEM_size2x3x4x5.h5"));
            return all.stream().filter(Files::exists).toList();
        }
    }
}
