package io.github.stem4d.io.hdf5;

import io.github.stem4d.analysis.scan.PixelType;
import java.util.Arrays;
import java.util.Optional;

/**
 * Summary of one HDF5 dataset for the layout search: its path, its dimensions (slowest first, as
 * h5py reports them) and its element type.
 *
 * @param path absolute path inside the file, for example {@code "/entry/data/data"}
 * @param shape dimensions, slowest-varying first; copied in and out
 * @param pixelType element type, empty when the elements are not plain integers or floats
 */
public record Hdf5DatasetInfo(String path, long[] shape, Optional<PixelType> pixelType) {

    public Hdf5DatasetInfo {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("path must name a dataset, got '" + path + "'");
        }
        shape = shape.clone();
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("shape of '" + path + "' has a negative dimension: "
                        + Arrays.toString(shape));
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Returns the number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Returns the number of elements, saturating at {@link Long#MAX_VALUE}. */
    public long elementCount() {
        long count = 1;
        for (long dimension : shape) {
            if (dimension != 0 && count > Long.MAX_VALUE / dimension) {
                return Long.MAX_VALUE;
            }
            count *= dimension;
        }
        return count;
    }

    /** Returns the shape as h5py prints it, for example {@code (16, 16, 64, 64)}. */
    public String shapeText() {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(')').toString();
    }
}
