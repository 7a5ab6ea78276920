package io.github.stem4d.io.jarhdf5;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import hdf.hdf5lib.exceptions.HDF5Exception;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.io.hdf5.AbstractHdf5ScanDataset;
import io.github.stem4d.io.hdf5.Hdf5Layout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/**
 * A scan read through the HDF5 C library. Frames are read as hyperslabs into one reusable
 * buffer of at most {@value #READ_BUFFER_BYTES} bytes (or one frame when a frame is larger),
 * converted by the C library to the native byte order of the stored type, then to float or
 * double by the same code as the jhdf backend. Each dataset has a chunk cache of
 * {@value #CHUNK_CACHE_BYTES} bytes, so a chunk that spans several frames is decoded once per pass.
 */
final class Jarhdf5ScanDataset extends AbstractHdf5ScanDataset {

    static final long CHUNK_CACHE_BYTES = 64L << 20;
    private static final int READ_BUFFER_BYTES = 4 << 20;

    private final long fileId;
    private final long[] datasetIds;
    private final long[][] dims;
    private final long memoryType;
    private final byte[] buffer;
    private final ByteBuffer view;

    Jarhdf5ScanDataset(Path path, long fileId, Hdf5Layout layout, Map<String, Object> metadata) throws IOException {
        super(path, layout, metadata);
        this.fileId = fileId;
        this.datasetIds = new long[layout.parts().size()];
        this.dims = new long[datasetIds.length][];
        java.util.Arrays.fill(datasetIds, -1);
        this.memoryType = memoryType(layout.pixelType());
        long frameBytes = (long) layout.frameShape().pixelCount() * layout.pixelType().bytes();
        long frames = Math.max(1, READ_BUFFER_BYTES / frameBytes);
        this.buffer = new byte[(int) (frames * frameBytes)];
        this.view = ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder());
        long access = -1;
        try {
            access = H5.H5Pcreate(HDF5Constants.H5P_DATASET_ACCESS);
            H5.H5Pset_chunk_cache(access, 12_421, CHUNK_CACHE_BYTES, 1.0);
            for (int i = 0; i < datasetIds.length; i++) {
                String part = layout.parts().get(i);
                datasetIds[i] = H5.H5Dopen(fileId, part, access);
                dims[i] = Jarhdf5Navigator.dimensions(datasetIds[i]);
                Jarhdf5Files.checkFilters(path, part, datasetIds[i]);
            }
        } catch (HDF5Exception e) {
            closeDatasets();
            throw new InvalidScanException(path, "cannot open the datasets " + layout.parts() + " of '" + path + "': "
                    + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeDatasets();
            throw e;
        } finally {
            if (access >= 0) {
                H5.H5Pclose(access);
            }
        }
    }

    @Override
    protected void readPart(int part, long localFrame, int frames, Target target, int dstIndex) throws IOException {
        int pixels = layout().frameShape().pixelCount();
        int frameBytes = pixels * layout().pixelType().bytes();
        int bufferFrames = buffer.length / frameBytes;
        long[] shape = dims[part];
        int done = 0;
        while (done < frames) {
            long frame = localFrame + done;
            int run = Math.min(bufferFrames, frames - done);
            long[] start;
            long[] count;
            if (shape.length == 4) {
                long row = frame / shape[1];
                long col = frame % shape[1];
                run = (int) Math.min(run, shape[1] - col);
                start = new long[] {row, col, 0, 0};
                count = new long[] {1, run, shape[2], shape[3]};
            } else {
                start = new long[] {frame, 0, 0};
                count = new long[] {run, shape[1], shape[2]};
            }
            read(part, start, count);
            target.put(view, 0, run * pixels, dstIndex + done * pixels);
            done += run;
        }
    }

    private void read(int part, long[] start, long[] count) throws IOException {
        long fileSpace = -1;
        long memorySpace = -1;
        try {
            fileSpace = H5.H5Dget_space(datasetIds[part]);
            H5.H5Sselect_hyperslab(fileSpace, HDF5Constants.H5S_SELECT_SET, start, null, count, null);
            // A memory space of the same shape as the selection lets the library copy whole rows.
            memorySpace = H5.H5Screate_simple(count.length, count, null);
            H5.H5Dread(datasetIds[part], memoryType, memorySpace, fileSpace, HDF5Constants.H5P_DEFAULT, buffer);
        } catch (HDF5Exception e) {
            throw new InvalidScanException(path(), "HDF5 failed to read " + java.util.Arrays.toString(count) + " at "
                    + java.util.Arrays.toString(start) + " of '" + layout().parts().get(part) + "' in '" + path()
                    + "': " + e.getMessage() + "; if a filter plugin is missing, put its folder on HDF5_PLUGIN_PATH", e);
        } finally {
            if (memorySpace >= 0) {
                H5.H5Sclose(memorySpace);
            }
            if (fileSpace >= 0) {
                H5.H5Sclose(fileSpace);
            }
        }
    }

    @Override
    protected void closeHandles() {
        try {
            closeDatasets();
        } finally {
            H5.H5Fclose(fileId);
        }
    }

    /** Closes the dataset ids; the caller that opened the file closes it when construction fails. */
    private void closeDatasets() {
        for (int i = 0; i < datasetIds.length; i++) {
            if (datasetIds[i] >= 0) {
                H5.H5Dclose(datasetIds[i]);
                datasetIds[i] = -1;
            }
        }
    }

    private static long memoryType(PixelType type) {
        return switch (type) {
            case UINT8 -> HDF5Constants.H5T_NATIVE_UINT8;
            case INT8 -> HDF5Constants.H5T_NATIVE_INT8;
            case UINT16 -> HDF5Constants.H5T_NATIVE_UINT16;
            case INT16 -> HDF5Constants.H5T_NATIVE_INT16;
            case UINT32 -> HDF5Constants.H5T_NATIVE_UINT32;
            case INT32 -> HDF5Constants.H5T_NATIVE_INT32;
            case UINT64 -> HDF5Constants.H5T_NATIVE_UINT64;
            case INT64 -> HDF5Constants.H5T_NATIVE_INT64;
            case FLOAT32 -> HDF5Constants.H5T_NATIVE_FLOAT;
            case FLOAT64 -> HDF5Constants.H5T_NATIVE_DOUBLE;
        };
    }
}
