package io.github.stem4d.io.jarhdf5;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import hdf.hdf5lib.exceptions.HDF5Exception;
import hdf.hdf5lib.structs.H5G_info_t;
import hdf.hdf5lib.structs.H5O_info_t;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.io.hdf5.Hdf5DatasetInfo;
import io.github.stem4d.io.hdf5.Hdf5Navigator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Hdf5Navigator} on an HDF5 file id opened with jarhdf5. */
final class Jarhdf5Navigator implements Hdf5Navigator {

    private final Path path;
    private final long fileId;

    Jarhdf5Navigator(Path path, long fileId) {
        this.path = path;
        this.fileId = fileId;
    }

    @Override
    public Optional<Hdf5DatasetInfo> dataset(String objectPath) throws IOException {
        if (objectType(objectPath) != HDF5Constants.H5O_TYPE_DATASET) {
            return Optional.empty();
        }
        long dataset = -1;
        try {
            dataset = H5.H5Dopen(fileId, objectPath, HDF5Constants.H5P_DEFAULT);
            return Optional.of(new Hdf5DatasetInfo(objectPath, dimensions(dataset), pixelType(dataset)));
        } catch (HDF5Exception e) {
            throw failure("cannot read the header of dataset '" + objectPath + "'", e);
        } finally {
            closeDataset(dataset);
        }
    }

    @Override
    public List<String> children(String objectPath) throws IOException {
        if (objectType(objectPath) != HDF5Constants.H5O_TYPE_GROUP) {
            return List.of();
        }
        long group = -1;
        try {
            group = H5.H5Gopen(fileId, objectPath, HDF5Constants.H5P_DEFAULT);
            H5G_info_t info = H5.H5Gget_info(group);
            List<String> names = new ArrayList<>();
            for (long i = 0; i < info.nlinks; i++) {
                names.add(H5.H5Lget_name_by_idx(group, ".", HDF5Constants.H5_INDEX_NAME, HDF5Constants.H5_ITER_INC, i,
                        HDF5Constants.H5P_DEFAULT));
            }
            names.sort(null);
            return names;
        } catch (HDF5Exception e) {
            throw failure("cannot list group '" + objectPath + "'", e);
        } finally {
            if (group >= 0) {
                H5.H5Gclose(group);
            }
        }
    }

    @Override
    public boolean hasAttribute(String objectPath, String name) throws IOException {
        if (objectType(objectPath) < 0) {
            return false;
        }
        try {
            return H5.H5Aexists_by_name(fileId, objectPath, name, HDF5Constants.H5P_DEFAULT);
        } catch (HDF5Exception e) {
            throw failure("cannot read the attributes of '" + objectPath + "'", e);
        }
    }

    /** Returns the object type at a path with links followed, or -1 when nothing is there. */
    private int objectType(String objectPath) throws IOException {
        if (objectPath.equals("/")) {
            return HDF5Constants.H5O_TYPE_GROUP;
        }
        try {
            StringBuilder prefix = new StringBuilder();
            for (String segment : objectPath.substring(1).split("/")) {
                prefix.append('/').append(segment);
                if (!H5.H5Lexists(fileId, prefix.toString(), HDF5Constants.H5P_DEFAULT)) {
                    return -1;
                }
            }
            H5O_info_t info = H5.H5Oget_info_by_name(fileId, objectPath, HDF5Constants.H5P_DEFAULT);
            return info.type;
        } catch (HDF5Exception e) {
            throw failure("cannot open '" + objectPath + "'" + (objectPath.startsWith("/entry/data")
                    ? " (an external link needs its data file in the same folder)" : ""), e);
        }
    }

    static long[] dimensions(long dataset) {
        long space = H5.H5Dget_space(dataset);
        try {
            int rank = H5.H5Sget_simple_extent_ndims(space);
            long[] dims = new long[rank];
            if (rank > 0) {
                H5.H5Sget_simple_extent_dims(space, dims, null);
            }
            return dims;
        } finally {
            H5.H5Sclose(space);
        }
    }

    static Optional<PixelType> pixelType(long dataset) {
        long type = H5.H5Dget_type(dataset);
        try {
            int typeClass = H5.H5Tget_class(type);
            long size = H5.H5Tget_size(type);
            if (typeClass == HDF5Constants.H5T_INTEGER) {
                boolean signed = H5.H5Tget_sign(type) != HDF5Constants.H5T_SGN_NONE;
                if (size == 1) {
                    return Optional.of(signed ? PixelType.INT8 : PixelType.UINT8);
                } else if (size == 2) {
                    return Optional.of(signed ? PixelType.INT16 : PixelType.UINT16);
                } else if (size == 4) {
                    return Optional.of(signed ? PixelType.INT32 : PixelType.UINT32);
                } else if (size == 8) {
                    return Optional.of(signed ? PixelType.INT64 : PixelType.UINT64);
                }
            } else if (typeClass == HDF5Constants.H5T_FLOAT) {
                if (size == 4) {
                    return Optional.of(PixelType.FLOAT32);
                } else if (size == 8) {
                    return Optional.of(PixelType.FLOAT64);
                }
            }
            return Optional.empty();
        } finally {
            H5.H5Tclose(type);
        }
    }

    private static void closeDataset(long dataset) {
        if (dataset >= 0) {
            H5.H5Dclose(dataset);
        }
    }

    private InvalidScanException failure(String what, HDF5Exception e) {
        return new InvalidScanException(path, what + " in '" + path + "': " + e.getMessage(), e);
    }
}
