package io.github.stem4d.io.hdf5;

import io.github.stem4d.analysis.scan.InvalidScanException;
import java.nio.file.Path;

/**
 * Raised when an HDF5 dataset is compressed with a filter that the backend cannot decode.
 * The message names the filter id, its registered name and the plugin or package that
 * provides it.
 */
public class UnsupportedFilterException extends InvalidScanException {

    private static final long serialVersionUID = 1L;

    private final int filterId;

    /**
     * Creates the exception for one filter of one dataset.
     *
     * @param path the HDF5 file
     * @param datasetPath the dataset inside the file
     * @param filterId the HDF5 filter id
     * @param backend the reader name, for example {@code "hdf5-jhdf"}
     */
    public UnsupportedFilterException(Path path, String datasetPath, int filterId, String backend) {
        super(path, Hdf5Filters.unsupportedMessage(path, datasetPath, filterId, backend));
        this.filterId = filterId;
    }

    /** Returns the HDF5 filter id that could not be decoded. */
    public int filterId() {
        return filterId;
    }
}
