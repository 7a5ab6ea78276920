package io.github.stem4d.io.jarhdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.io.hdf5.Hdf5ReaderContract;
import io.github.stem4d.io.hdf5.Hdf5ScanDataset;
import io.github.stem4d.io.hdf5.JhdfScanReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both HDF5 backends return the same layout and bit-identical frames for every shared HDF5 file. */
class BackendAgreementTest {

    static Stream<Path> files() throws IOException {
        var files = Hdf5ReaderContract.sharedHdf5Files();
        return files.isEmpty() ? Stream.of((Path) null) : files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void backendsReturnIdenticalFrames(Path file) throws IOException {
        assumeTrue(file != null, "shared/data not found");
        Jarhdf5ScanReader jarhdf5 = new Jarhdf5ScanReader();
        assumeTrue(jarhdf5.isAvailable(), jarhdf5.unavailableReason());
        try (Hdf5ScanDataset expected = (Hdf5ScanDataset) new JhdfScanReader().open(file, OpenOptions.defaults());
                Hdf5ScanDataset actual = (Hdf5ScanDataset) jarhdf5.open(file, OpenOptions.defaults())) {
            assertEquals(expected.layout(), actual.layout());
            int pixels = expected.frameShape().pixelCount();
            int block = (int) Math.max(1, Math.min(expected.frameCount(), (4 << 20) / pixels));
            double[] a = new double[block * pixels];
            double[] b = new double[block * pixels];
            float[] fa = new float[block * pixels];
            float[] fb = new float[block * pixels];
            for (long first = 0; first < expected.frameCount(); first += block) {
                int count = (int) Math.min(block, expected.frameCount() - first);
                expected.readFramesExact(first, count, a);
                actual.readFramesExact(first, count, b);
                assertArrayEquals(a, b, "frames " + first + " to " + (first + count));
                expected.readFrames(first, count, fa);
                actual.readFrames(first, count, fb);
                assertArrayEquals(fa, fb, "float frames " + first + " to " + (first + count));
            }
        }
    }
}
