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
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scan read through the HDF5 C library. Frames are read as hyperslabs, converted by the C
 * library to the native byte order of the stored type, then to float or double by the same
 * code as the jhdf backend. Each dataset has a chunk cache of {@value #CHUNK_CACHE_BYTES}
 * bytes, so a chunk that spans several frames is decoded once per pass.
 *
 * <p>A read of many frames goes through two buffers of at most {@value #READ_BUFFER_BYTES}
 * bytes each (or one frame when a frame is larger): while the C library fills one, a daemon
 * thread that the dataset owns converts the other, so conversion overlaps decompression. The
 * thread starts on the first such read, ends after 30 idle seconds, and stops when the dataset
 * is closed. jarhdf5 1.10.8 has no direct chunk read ({@code H5Dread_chunk}), so decompression
 * itself stays on one thread inside the C library.
 */
final class Jarhdf5ScanDataset extends AbstractHdf5ScanDataset {

    static final long CHUNK_CACHE_BYTES = 64L << 20;
    private static final int READ_BUFFER_BYTES = 1 << 20;

    /** Name prefix of the conversion threads, followed by a number. */
    static final String THREAD_PREFIX = "stem4d-jarhdf5-convert-";

    /** Seconds after which the idle conversion thread ends; the next read starts it again. */
    private static final long IDLE_SECONDS = 30;

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final long fileId;
    private final long[] datasetIds;
    private final long[] fileSpaces;
    private final long[][] dims;
    private final long memoryType;
    private final byte[][] buffers = new byte[2][];
    private final ByteBuffer[] views = new ByteBuffer[2];
    private long memorySpace = -1;
    private long[] memorySpaceShape;
    private ExecutorService converter;

    Jarhdf5ScanDataset(Path path, long fileId, Hdf5Layout layout, Map<String, Object> metadata) throws IOException {
        super(path, layout, metadata);
        this.fileId = fileId;
        this.datasetIds = new long[layout.parts().size()];
        this.fileSpaces = new long[datasetIds.length];
        this.dims = new long[datasetIds.length][];
        Arrays.fill(datasetIds, -1);
        Arrays.fill(fileSpaces, -1);
        this.memoryType = memoryType(layout.pixelType());
        long frameBytes = (long) layout.frameShape().pixelCount() * layout.pixelType().bytes();
        long frames = Math.max(1, READ_BUFFER_BYTES / frameBytes);
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new byte[(int) (frames * frameBytes)];
            views[i] = ByteBuffer.wrap(buffers[i]).order(ByteOrder.nativeOrder());
        }
        long access = -1;
        try {
            access = H5.H5Pcreate(HDF5Constants.H5P_DATASET_ACCESS);
            H5.H5Pset_chunk_cache(access, 12_421, CHUNK_CACHE_BYTES, 1.0);
            for (int i = 0; i < datasetIds.length; i++) {
                String part = layout.parts().get(i);
                datasetIds[i] = H5.H5Dopen(fileId, part, access);
                fileSpaces[i] = H5.H5Dget_space(datasetIds[i]);
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
        int bufferFrames = buffers[0].length / frameBytes;
        long[] shape = dims[part];
        Future<?> converting = null;
        int slot = 0;
        try {
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
                read(part, start, count, buffers[slot]);

                // The other buffer was converted while the library filled this one, so wait for it.
                Future<?> previous = converting;
                converting = null;
                await(previous);
                ByteBuffer view = views[slot];
                int values = run * pixels;
                int dst = dstIndex + done * pixels;
                done += run;
                if (done < frames) {
                    try {
                        converting = converter().submit(() -> target.put(view, 0, values, dst));
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        // Closed by another thread: convert here, and the next library call fails.
                        target.put(view, 0, values, dst);
                    }
                } else {
                    target.put(view, 0, values, dst);
                }
                slot ^= 1;
            }
        } finally {
            // No conversion may run once the read returns or fails.
            await(converting);
        }
    }

    private void read(int part, long[] start, long[] count, byte[] buffer) throws IOException {
        try {
            H5.H5Sselect_hyperslab(fileSpaces[part], HDF5Constants.H5S_SELECT_SET, start, null, count, null);
            // A memory space of the same shape as the selection lets the library copy whole rows.
            H5.H5Dread(datasetIds[part], memoryType, memorySpace(count), fileSpaces[part], HDF5Constants.H5P_DEFAULT,
                    buffer);
        } catch (HDF5Exception e) {
            throw new InvalidScanException(path(), "HDF5 failed to read " + Arrays.toString(count) + " at "
                    + Arrays.toString(start) + " of '" + layout().parts().get(part) + "' in '" + path()
                    + "': " + e.getMessage() + "; if a filter plugin is missing, put its folder on HDF5_PLUGIN_PATH", e);
        }
    }

    /** Returns a memory space of the given shape, reusing the previous one when the shape is the same. */
    private long memorySpace(long[] shape) throws HDF5Exception {
        if (memorySpace >= 0 && Arrays.equals(shape, memorySpaceShape)) {
            return memorySpace;
        }
        if (memorySpace >= 0) {
            H5.H5Sclose(memorySpace);
            memorySpace = -1;
        }
        memorySpace = H5.H5Screate_simple(shape.length, shape, null);
        memorySpaceShape = shape.clone();
        return memorySpace;
    }

    /** Waits for a conversion to finish and rethrows its failure. Does nothing for null. */
    private static void await(Future<?> conversion) {
        if (conversion == null) {
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    conversion.get();
                    return;
                } catch (InterruptedException e) {
                    // The conversion writes into the caller's array, so the caller waits for it anyway.
                    interrupted = true;
                } catch (java.util.concurrent.CancellationException e) {
                    throw new IllegalStateException("the HDF5 scan was closed during a read", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException unchecked) {
                        throw unchecked;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException("frame conversion failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ExecutorService converter() {
        if (converter == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), runnable -> {
                        Thread thread = new Thread(runnable, THREAD_PREFIX + THREAD_NUMBER.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            // An idle thread ends on its own, so a dataset that is never closed does not keep it.
            pool.allowCoreThreadTimeOut(true);
            converter = pool;
        }
        return converter;
    }

    @Override
    protected void closeHandles() {
        try {
            if (converter != null) {
                // A conversion that never started would leave its read waiting forever, so cancel it.
                for (Runnable notStarted : converter.shutdownNow()) {
                    if (notStarted instanceof Future<?> future) {
                        future.cancel(false);
                    }
                }
                awaitTermination(converter);
            }
            if (memorySpace >= 0) {
                H5.H5Sclose(memorySpace);
                memorySpace = -1;
            }
            closeDatasets();
        } finally {
            H5.H5Fclose(fileId);
        }
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the dataspace and dataset ids. When construction fails, the caller that opened the file closes it. */
    private void closeDatasets() {
        for (int i = 0; i < fileSpaces.length; i++) {
            if (fileSpaces[i] >= 0) {
                H5.H5Sclose(fileSpaces[i]);
                fileSpaces[i] = -1;
            }
        }
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
