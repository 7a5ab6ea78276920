package io.github.stem4d.io.hdf5;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Read-only view of one open HDF5 file that {@link Hdf5LayoutFinder} searches; each HDF5
 * backend implements it on its own library. Paths are absolute ({@code "/a/b"}); soft and
 * external links are followed.
 *
 * <p>Thread safety: confined to the thread that opened the file.
 */
public interface Hdf5Navigator {

    /**
     * Returns the dataset at {@code path}, or empty when nothing or a group is there.
     *
     * @throws IOException if the file cannot be read, or a link points to a missing file
     */
    Optional<Hdf5DatasetInfo> dataset(String path) throws IOException;

    /**
     * Returns the names of the links in the group at {@code path}, sorted; empty when nothing
     * or a dataset is there.
     *
     * @throws IOException if the file cannot be read
     */
    List<String> children(String path) throws IOException;

    /**
     * Returns whether the object at {@code path} carries an attribute called {@code name}.
     *
     * @throws IOException if the file cannot be read
     */
    boolean hasAttribute(String path, String name) throws IOException;
}
