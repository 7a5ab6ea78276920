package io.github.stem4d.io.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.io.testdata.Checksums;
import io.github.stem4d.io.testdata.H5py;
import io.github.stem4d.io.testdata.SharedTestData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streams a scan of 64 x 64 frames of 256 x 256 uint16 (512 MiB decoded) written by h5py,
 * through the jhdf backend, and compares the checksums with h5py's. Runs only with
 * {@code -Dstem4d.stress=true}; surefire's heap of 1 GiB cannot hold the decoded scan twice,
 * so a reader that loads the whole dataset fails here.
 */
class Hdf5StreamingStressTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"contiguous", "bitshuffle", "gzip4frames"})
    void largeScanStreamsWithBoundedMemory(String storage, @TempDir Path dir) throws IOException {
        assumeTrue(SharedTestData.stress(), "stress variant: run with -Dstem4d.stress=true (-Pstress)");
        H5py.assumeAvailable();
        Path file = dir.resolve(storage + ".h5");
        H5py.script(String.join("\n",
                "import sys, h5py, numpy as np",
                "storage = sys.argv[2]",
                "kwargs = {}",
                "if storage == 'bitshuffle':",
                "    kwargs = dict(chunks=(1, 1, 256, 256), compression=32008, compression_opts=(0, 2))",
                "elif storage == 'gzip4frames':",
                "    kwargs = dict(chunks=(2, 2, 256, 256), compression='gzip', compression_opts=1)",
                "rng = np.random.default_rng(0)",
                "with h5py.File(sys.argv[1], 'w') as f:",
                "    d = f.create_dataset('data', shape=(64, 64, 256, 256), dtype=np.uint16, **kwargs)",
                "    for y in range(64):",
                "        d[y] = rng.poisson(3.0, size=(64, 256, 256)).astype(np.uint16) + np.uint16(y)"),
                file.toString(), storage);
        Checksums expected = H5py.checksums(file, "/data", 64 * 31 + 17);
        try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) new JhdfScanReader().open(file, OpenOptions.defaults())) {
            assertEquals(expected, Checksums.of(dataset, 64 * 31 + 17, false));
        }
    }
}
