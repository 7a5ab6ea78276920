package io.github.stem4d.io.hdf5;

import io.github.stem4d.analysis.scan.ScanDataset;
import java.io.IOException;

/**
 * A scan read from HDF5, which can also return frames as double: exact for every stored type
 * up to 32 bits and for float32 (whose raw bits survive the widening), so tests and tools can
 * compare backends value for value.
 *
 * <p>Thread safety: as {@link ScanDataset}, one reading thread at a time.
 */
public interface Hdf5ScanDataset extends ScanDataset {

    /**
     * Reads {@code count} consecutive frames starting at {@code firstFrame} into
     * {@code destination} as double, frame after frame, each row-major over (det_y, det_x).
     *
     * @throws IndexOutOfBoundsException if the range is outside the scan or the destination is too short
     * @throws IOException if the file cannot be read or its content is invalid
     */
    void readFramesExact(long firstFrame, int count, double[] destination) throws IOException;

    /** Returns the layout that was found: datasets, frame and scan shape, element type. */
    Hdf5Layout layout();
}
