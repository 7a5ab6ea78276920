package io.github.stem4d.io.jarhdf5;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import hdf.hdf5lib.exceptions.HDF5Exception;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.io.hdf5.Hdf5Layout;
import io.github.stem4d.io.hdf5.Hdf5LayoutFinder;
import io.github.stem4d.io.hdf5.UnsupportedFilterException;
import io.github.stem4d.io.internal.ScanFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Opens files and checks filters with jarhdf5; used only once the library is known to load. */
final class Jarhdf5Files {

    private static final String NAME = Jarhdf5ScanReader.NAME;

    private Jarhdf5Files() {
    }

    static ScanDataset open(Path path, OpenOptions options) throws IOException {
        // Checked first: the C library would block opening a FIFO until a writer appears.
        ScanFiles.requireReadableFile(path);
        long fileId;
        try {
            fileId = H5.H5Fopen(path.toAbsolutePath().toString(), HDF5Constants.H5F_ACC_RDONLY,
                    HDF5Constants.H5P_DEFAULT);
        } catch (HDF5Exception e) {
            throw new InvalidScanException(path, "'" + path + "' is not a readable HDF5 file: " + e.getMessage(), e);
        }
        try {
            Hdf5Layout layout = Hdf5LayoutFinder.find(path, new Jarhdf5Navigator(path, fileId), options);
            Map<String, Object> metadata = Map.of("backend", NAME, "hdf5_library", Jarhdf5Library.status().version());
            return new Jarhdf5ScanDataset(path, fileId, layout, metadata);
        } catch (IOException | RuntimeException e) {
            try {
                H5.H5Fclose(fileId);
            } catch (HDF5Exception closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    /**
     * Rejects a dataset whose pipeline contains a mandatory filter that the C library cannot load.
     * An optional filter is skipped by the library for chunks it did not filter, so it passes.
     */
    static void checkFilters(Path path, String datasetPath, long datasetId) throws UnsupportedFilterException {
        long plist = H5.H5Dget_create_plist(datasetId);
        try {
            int count = H5.H5Pget_nfilters(plist);
            for (int i = 0; i < count; i++) {
                int[] flags = new int[1];
                long[] valueCount = {16};
                int[] values = new int[16];
                String[] name = new String[1];
                int[] config = new int[1];
                int id = H5.H5Pget_filter(plist, i, flags, valueCount, values, 256, name, config);
                boolean optional = (flags[0] & HDF5Constants.H5Z_FLAG_OPTIONAL) != 0;
                if (!optional && H5.H5Zfilter_avail(id) <= 0) {
                    throw new UnsupportedFilterException(path, datasetPath, id, NAME);
                }
            }
        } finally {
            H5.H5Pclose(plist);
        }
    }
}
