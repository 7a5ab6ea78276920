package io.github.stem4d.io.jarhdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.io.hdf5.JhdfScanReader;
import io.github.stem4d.io.testdata.H5py;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans with Fletcher-32 checksums go to the hdf5-jhdf reader, because libhdf5 1.10.8 crashes
 * the JVM on a stored chunk shorter than its checksum. If the hand-over failed, the read below
 * would kill this test's JVM.
 */
class Fletcher32HandOverTest {

    @TempDir
    Path dir;

    @BeforeEach
    void requireLibraryAndH5py() {
        assumeTrue(new Jarhdf5ScanReader().isAvailable(), new Jarhdf5ScanReader().unavailableReason());
        H5py.assumeAvailable();
    }

    @Test
    void shortChunkFailsWithoutCrash() throws IOException {
        Path file = dir.resolve("short_fletcher32.h5");
        H5py.script("import sys, h5py, numpy as np\n"
                + "d = np.arange(7 * 5 * 30 * 30, dtype=np.uint16).reshape(7, 5, 30, 30)\n"
                + "with h5py.File(sys.argv[1], 'w') as f:\n"
                + "    ds = f.create_dataset('data', data=d, chunks=(1, 1, 30, 30), fletcher32=True)\n"
                + "    ds.id.write_direct_chunk((0, 0, 0, 0), b'\\x01\\x02')\n", file.toString());

        for (OpenOptions options : new OpenOptions[] {OpenOptions.defaults(),
            OpenOptions.builder().format(Jarhdf5ScanReader.NAME).build()}) {
            try (ScanDataset dataset = ScanDatasets.open(file, options)) {
                assertEquals(JhdfScanReader.NAME, dataset.metadata().get("backend"));
                float[] frame = new float[30 * 30];
                InvalidScanException error = assertThrows(InvalidScanException.class,
                        () -> dataset.readFrames(0, 1, frame));
                assertTrue(error.getMessage().contains("fletcher32"), error.getMessage());

                dataset.readFrames(1, 1, frame);
                assertEquals(900, frame[0], 0.0f, "first value of frame 1");
            }
        }
    }

    @Test
    void scanWithoutChecksumsStaysWithCLibrary() throws IOException {
        Path file = dir.resolve("gzip.h5");
        H5py.script("import sys, h5py, numpy as np\n"
                + "d = np.arange(2 * 3 * 8 * 8, dtype=np.uint16).reshape(2, 3, 8, 8)\n"
                + "with h5py.File(sys.argv[1], 'w') as f:\n"
                + "    f.create_dataset('data', data=d, chunks=(1, 1, 8, 8), compression='gzip')\n", file.toString());

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            assertEquals(Jarhdf5ScanReader.NAME, dataset.metadata().get("backend"));
        }
    }
}
