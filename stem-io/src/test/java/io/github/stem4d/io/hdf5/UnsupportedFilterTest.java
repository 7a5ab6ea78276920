package io.github.stem4d.io.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.io.testdata.H5py;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset whose pipeline names a filter that jhdf lacks fails at open with a message naming
 * the filter. h5py writes the files: it accepts an unavailable filter when it is flagged
 * optional and stores the chunks unfiltered, but the filter id stays in the pipeline.
 */
class UnsupportedFilterTest {

    /** Writes a (2, 4, 4) uint16 dataset with values 0..31 whose pipeline contains {@code filterId}. */
    static Path writeWithFilter(Path dir, int filterId) throws IOException {
        Path file = dir.resolve("filter_" + filterId + ".h5");
        H5py.script(String.join("\n",
                "import sys, h5py, numpy as np",
                "from h5py import h5p, h5s, h5t, h5d, h5z",
                "f = h5py.File(sys.argv[1], 'w')",
                "dcpl = h5p.create(h5p.DATASET_CREATE)",
                "dcpl.set_chunk((1, 4, 4))",
                "dcpl.set_filter(int(sys.argv[2]), h5z.FLAG_OPTIONAL, (0, 0, 0, 0))",
                "space = h5s.create_simple((2, 4, 4))",
                "ds = h5py.Dataset(h5d.create(f.id, b'data', h5t.NATIVE_UINT16, space, dcpl=dcpl))",
                "ds[...] = np.arange(32, dtype=np.uint16).reshape(2, 4, 4)",
                "f.close()"), file.toString(), Integer.toString(filterId));
        return file;
    }

    @Test
    void bloscFilterIsNamedWithProvider(@TempDir Path dir) throws IOException {
        H5py.assumeAvailable();
        Path file = writeWithFilter(dir, 32001);
        UnsupportedFilterException error = assertThrows(UnsupportedFilterException.class,
                () -> new JhdfScanReader().open(file, OpenOptions.defaults()));
        assertEquals(32001, error.filterId());
        assertTrue(error.getMessage().contains("filter 32001 (Blosc)"), error.getMessage());
        assertTrue(error.getMessage().contains("hdf5plugin"), error.getMessage());
        assertTrue(error.getMessage().contains("'/data'"), error.getMessage());
    }

    @Test
    void zstdFilterIsNamedWithProvider(@TempDir Path dir) throws IOException {
        H5py.assumeAvailable();
        Path file = writeWithFilter(dir, 32015);
        UnsupportedFilterException error = assertThrows(UnsupportedFilterException.class,
                () -> new JhdfScanReader().open(file, OpenOptions.defaults()));
        assertEquals(32015, error.filterId());
        assertTrue(error.getMessage().contains("filter 32015 (Zstandard)"), error.getMessage());
    }

    @Test
    void unregisteredFilterMessageNamesId() {
        String message = Hdf5Filters.unsupportedMessage(Path.of("scan.h5"), "/data", 40123, JhdfScanReader.NAME);
        assertTrue(message.contains("filter 40123 (unregistered filter)"), message);
        assertTrue(message.contains("HDF Group's filter registry"), message);
        assertTrue(message.contains("hdf5-jarhdf5"), message);
    }

    @Test
    void bitshuffleMessageNamesDebianPackage() {
        String message = Hdf5Filters.unsupportedMessage(Path.of("scan.h5"), "/data", 32008, "hdf5-jarhdf5");
        assertTrue(message.contains("Debian package bitshuffle"), message);
        assertTrue(message.contains("HDF5_PLUGIN_PATH"), message);
    }
}
