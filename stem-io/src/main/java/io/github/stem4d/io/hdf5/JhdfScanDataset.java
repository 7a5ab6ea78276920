package io.github.stem4d.io.hdf5;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.OrderedDataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A scan read with jhdf. Contiguous data is read straight from the file through a reusable
 * buffer. Chunked data is read one stored chunk at a time through jhdf's chunk index and
 * decoded by {@link ChunkDecoder}; when a read covers several chunks, they are decoded on a
 * {@link DecodePool} of the calling thread plus up to {@code workers - 1} daemon threads, which
 * the dataset owns and stops when it is closed. Chunks that contain several frames are kept in a
 * cache of at most {@value #CHUNK_CACHE_BYTES} bytes (or one chunk when a single chunk is
 * larger), so such a chunk is decoded once per pass.
 *
 * <p>Memory: besides the cache, each worker keeps the stored and decoded bytes of one chunk
 * and two intermediate buffers of a chunk's size. A read of chunks that contain several frames
 * also keeps every chunk it decodes until it returns.
 */
final class JhdfScanDataset extends AbstractHdf5ScanDataset {

    static final long CHUNK_CACHE_BYTES = 64L << 20;
    private static final int READ_BUFFER_BYTES = 4 << 20;

    private final HdfFile file;
    private final List<Part> parts;
    private final DecodePool pool;
    private final ChunkDecoder.Scratch[] scratches;
    /** Lock held while jhdf looks up a chunk and reads its stored bytes; all parts read through one jhdf file. */
    private final Object fetchLock = new Object();
    private final Set<Integer> filterIds;

    JhdfScanDataset(Path path, HdfFile file, Hdf5Layout layout, List<Dataset> datasets, Map<String, Object> metadata,
            int workers) throws IOException {
        super(path, layout, withStorage(metadata, datasets));
        this.file = file;
        Set<Integer> ids = new TreeSet<>();
        datasets.forEach(dataset -> ids.addAll(JhdfScanReader.filterIds(dataset)));
        this.filterIds = Collections.unmodifiableSet(ids);
        this.pool = new DecodePool(workers);
        this.scratches = new ChunkDecoder.Scratch[workers];
        List<Part> opened = new ArrayList<>();
        try {
            for (int i = 0; i < datasets.size(); i++) {
                opened.add(openPart(layout.parts().get(i), datasets.get(i)));
            }
        } catch (IOException | RuntimeException e) {
            for (Part part : opened) {
                part.close();
            }
            throw e;
        }
        this.parts = List.copyOf(opened);
    }

    @Override
    protected void readPart(int part, long localFrame, int frames, Target target, int dstIndex) throws IOException {
        Part reader = parts.get(part);
        try {
            reader.read(localFrame, frames, target, dstIndex);
        } catch (HdfException e) {
            throw new InvalidScanException(path(), "cannot read frames " + localFrame + " to " + (localFrame + frames)
                    + " of '" + reader.datasetPath + "' in '" + path() + "': " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException | java.nio.BufferUnderflowException e) {
            // jhdf parsers throw these on corrupted chunk indexes or truncated chunk data.
            throw new InvalidScanException(path(), "cannot read frames " + localFrame + " to " + (localFrame + frames)
                    + " of '" + reader.datasetPath + "' in '" + path() + "' (truncated or corrupted?): " + e, e);
        }
    }

    @Override
    protected void closeHandles() throws IOException {
        try {
            pool.close();
            for (ChunkDecoder.Scratch scratch : scratches) {
                if (scratch != null) {
                    scratch.close();
                }
            }
            for (Part part : parts) {
                part.close();
            }
        } finally {
            file.close();
        }
    }

    /**
     * Returns the decoding state of a worker, created on its first use. Each slot is touched only
     * by the worker of that id, and the pool orders one read's workers after the previous read's.
     */
    private ChunkDecoder.Scratch scratch(int worker) {
        ChunkDecoder.Scratch scratch = scratches[worker];
        if (scratch == null) {
            scratch = new ChunkDecoder.Scratch();
            scratches[worker] = scratch;
        }
        return scratch;
    }

    /** Returns the ids of the filters in the pipelines of the scan's datasets. */
    Set<Integer> filterIds() {
        return filterIds;
    }

    private static Map<String, Object> withStorage(Map<String, Object> metadata, List<Dataset> datasets) {
        Map<String, Object> all = new LinkedHashMap<>(metadata);
        Dataset first = datasets.get(0);
        if (first instanceof ChunkedDataset chunked) {
            all.put("storage", "chunked " + Arrays.toString(chunked.getChunkDimensions()));
        } else {
            all.put("storage", "contiguous");
        }
        all.put("filters", first.getFilters().stream().map(f -> f.getName() + " (" + f.getId() + ")").toList());
        return all;
    }

    private Part openPart(String datasetPath, Dataset dataset) throws IOException {
        ByteOrder order = dataset.getDataType() instanceof OrderedDataType ordered
                ? ordered.getByteOrder() : ByteOrder.LITTLE_ENDIAN;
        long[] dims = dataset.getDimensionsAsLong();
        if (dataset instanceof ChunkedDataset chunked) {
            return new ChunkedPart(datasetPath, chunked, dims, order);
        }
        if (dataset instanceof ContiguousDataset contiguous) {
            return new ContiguousPart(datasetPath, contiguous, dims, order);
        }
        throw new InvalidScanException(path(), "dataset '" + datasetPath + "' in '" + path() + "' uses "
                + dataset.getDataLayout() + " storage, which the hdf5-jhdf reader does not read;"
                + " use the hdf5-jarhdf5 reader or rewrite the dataset chunked or contiguous");
    }

    /** The frames of one dataset. */
    private abstract class Part {
        final String datasetPath;
        final long[] dims;
        final ByteOrder order;
        final int elementSize;
        final int pixels;

        Part(String datasetPath, long[] dims, ByteOrder order) {
            this.datasetPath = datasetPath;
            this.dims = dims;
            this.order = order;
            this.elementSize = layout().pixelType().bytes();
            this.pixels = layout().frameShape().pixelCount();
        }

        abstract void read(long localFrame, int frames, Target target, int dstIndex) throws IOException;

        void close() throws IOException {
        }
    }

    /** Contiguous storage: frames are consecutive bytes at the data address. */
    private final class ContiguousPart extends Part {
        private final FileChannel channel;
        private final long dataStart;
        private final ByteBuffer buffer;

        ContiguousPart(String datasetPath, ContiguousDataset dataset, long[] dims, ByteOrder order) throws IOException {
            super(datasetPath, dims, order);
            Path dataFile = dataset.getFileAsPath();
            long frameBytes = (long) pixels * elementSize;
            long totalBytes = dataset.getSizeInBytes();
            this.dataStart = dataset.getDataAddress() + dataset.getHdfFile().getUserBlockSize();
            this.channel = FileChannel.open(dataFile, StandardOpenOption.READ);
            long fileBytes = channel.size();
            if (dataset.getDataAddress() < 0 || dataStart + totalBytes > fileBytes) {
                channel.close();
                throw new InvalidScanException(path(), "contiguous dataset '" + datasetPath + "' claims "
                        + totalBytes + " bytes at offset " + dataStart + " but '" + dataFile + "' has "
                        + fileBytes + " bytes; the file is truncated or was never fully written");
            }
            int bufferFrames = (int) Math.max(1, READ_BUFFER_BYTES / frameBytes);
            this.buffer = ByteBuffer.allocate((int) (bufferFrames * frameBytes)).order(order);
        }

        @Override
        void read(long localFrame, int frames, Target target, int dstIndex) throws IOException {
            int frameBytes = pixels * elementSize;
            int bufferFrames = buffer.capacity() / frameBytes;
            int done = 0;
            while (done < frames) {
                int n = Math.min(bufferFrames, frames - done);
                buffer.clear().limit(n * frameBytes);
                long position = dataStart + (localFrame + done) * frameBytes;
                while (buffer.hasRemaining()) {
                    int read = channel.read(buffer, position + buffer.position());
                    if (read < 0) {
                        throw new InvalidScanException(path(), "'" + path() + "' ends inside frame "
                                + (localFrame + done) + " of '" + datasetPath + "'");
                    }
                }
                target.put(buffer, 0, n * pixels, dstIndex + done * pixels);
                done += n;
            }
        }

        @Override
        void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Chunked storage. A read decodes each chunk that covers the requested frames once, on the
     * pool's workers when there are several, and each worker copies its chunk's share of the
     * frames into place. A chunk that contains several frames is kept in the cache, because the
     * next read usually needs it again. A chunk of one frame is decoded into the worker's reused
     * buffer and not kept.
     */
    private final class ChunkedPart extends Part {
        private final ChunkedDataset dataset;
        private final int[] chunk;
        private final int chunkBytes;
        private final boolean cacheable;
        private final ChunkDecoder decoder;
        private final Map<ChunkKey, ByteBuffer> cache;

        ChunkedPart(String datasetPath, ChunkedDataset dataset, long[] dims, ByteOrder order) throws IOException {
            super(datasetPath, dims, order);
            this.dataset = dataset;
            this.chunk = dataset.getChunkDimensions();
            if (chunk.length != dims.length) {
                throw new InvalidScanException(path(), "dataset '" + datasetPath + "' has chunk dimensions "
                        + Arrays.toString(chunk) + " for shape " + Arrays.toString(dims));
            }
            long bytes = elementSize;
            for (int size : chunk) {
                bytes *= size;
            }
            if (bytes > Integer.MAX_VALUE - 16) {
                throw new InvalidScanException(path(), "dataset '" + datasetPath + "' has chunks of " + bytes
                        + " bytes (" + Arrays.toString(chunk) + "), more than a Java array holds; rewrite it"
                        + " with smaller chunks or read it with the hdf5-jarhdf5 reader");
            }
            this.chunkBytes = (int) bytes;
            this.cacheable = dims.length == 4 ? (long) chunk[0] * chunk[1] > 1 : chunk[0] > 1;
            this.decoder = ChunkDecoder.of(JhdfScanReader.filters(dataset), chunkBytes);
            long budget = Math.max(1, CHUNK_CACHE_BYTES / Math.max(1, bytes));
            this.cache = new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<ChunkKey, ByteBuffer> eldest) {
                    return size() > budget;
                }
            };
        }

        @Override
        void read(long localFrame, int frames, Target target, int dstIndex) throws IOException {
            List<int[]> offsets = chunkOffsets(localFrame, frames);
            ByteBuffer[] chunks = new ByteBuffer[offsets.size()];
            if (cacheable) {
                for (int i = 0; i < chunks.length; i++) {
                    chunks[i] = cache.get(new ChunkKey(offsets.get(i)));
                }
            }

            DecodePool.Failure failure = pool.run(chunks.length, (index, worker) -> {
                ByteBuffer data = chunks[index];
                if (data == null) {
                    data = decode(offsets.get(index), scratch(worker));
                    chunks[index] = cacheable ? data : null;
                }
                copyFrames(data, offsets.get(index), localFrame, frames, target, dstIndex);
            });
            if (failure != null) {
                throw chunkFailure(offsets.get(failure.index()), failure.error());
            }

            if (cacheable) {
                for (int i = 0; i < chunks.length; i++) {
                    if (chunks[i] != null) {
                        cache.put(new ChunkKey(offsets.get(i)), chunks[i]);
                    }
                }
            }
        }

        /** Returns the offsets of the chunks that cover the frames, each once, in frame order. */
        private List<int[]> chunkOffsets(long localFrame, int frames) {
            int rank = dims.length;
            int rows = layout().frameShape().rows();
            int cols = layout().frameShape().cols();
            long dims1 = rank == 4 ? dims[1] : 1;
            int chunk1 = rank == 4 ? chunk[1] : 1;
            List<int[]> offsets = new ArrayList<>();
            Set<Long> seen = cacheable ? new HashSet<>() : null;
            for (long frame = localFrame; frame < localFrame + frames; frame++) {
                long lead0 = frame / dims1;
                long lead1 = frame % dims1;
                long start0 = lead0 - lead0 % chunk[0];
                long start1 = lead1 - lead1 % chunk1;
                if (seen != null && !seen.add(start0 * dims1 + start1)) {
                    continue;
                }
                for (int r0 = 0; r0 < rows; r0 += chunk[rank - 2]) {
                    for (int c0 = 0; c0 < cols; c0 += chunk[rank - 1]) {
                        int[] offset = new int[rank];
                        offset[0] = (int) start0;
                        if (rank == 4) {
                            offset[1] = (int) start1;
                        }
                        offset[rank - 2] = r0;
                        offset[rank - 1] = c0;
                        offsets.add(offset);
                    }
                }
            }
            return offsets;
        }

        /** Reads and decodes one chunk; safe to call from several workers at once. */
        private ByteBuffer decode(int[] offset, ChunkDecoder.Scratch scratch) {
            byte[] decoded = cacheable ? new byte[chunkBytes] : scratch.chunk(chunkBytes);
            ByteBuffer stored;
            try {
                // jhdf builds its chunk index on first use. The lock keeps the lookup and the read
                // to one thread at a time, and the copy and the decoding run outside it.
                synchronized (fetchLock) {
                    stored = dataset.getRawChunkBuffer(offset);
                }
            } catch (HdfException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("No chunk with offset")) {
                    // NOTE: an unwritten chunk reads as zeros; a non-zero fill value is not applied.
                    Arrays.fill(decoded, 0, chunkBytes, (byte) 0);
                    return ByteBuffer.wrap(decoded, 0, chunkBytes).order(order);
                }
                throw e;
            }
            int length = stored.remaining();
            byte[] input = scratch.stored(length);
            stored.get(stored.position(), input, 0, length);
            byte[] chunkData = decoder.decode(input, length, decoded, scratch);
            return ByteBuffer.wrap(chunkData, 0, chunkBytes).order(order);
        }

        /** Copies the part of the chunk at {@code offset} that falls into the requested frames. */
        private void copyFrames(ByteBuffer data, int[] offset, long localFrame, int frames, Target target,
                int dstIndex) {
            int rank = dims.length;
            int rows = layout().frameShape().rows();
            int cols = layout().frameShape().cols();
            int chunkRows = chunk[rank - 2];
            int chunkCols = chunk[rank - 1];
            long dims1 = rank == 4 ? dims[1] : 1;
            int chunk1 = rank == 4 ? chunk[1] : 1;
            int r0 = offset[rank - 2];
            int c0 = offset[rank - 1];
            int height = Math.min(chunkRows, rows - r0);
            int width = Math.min(chunkCols, cols - c0);
            long start0 = offset[0];
            long start1 = rank == 4 ? offset[1] : 0;
            for (int a = 0; a < chunk[0] && start0 + a < dims[0]; a++) {
                for (int b = 0; b < chunk1 && start1 + b < dims1; b++) {
                    long frame = (start0 + a) * dims1 + start1 + b;
                    if (frame < localFrame || frame >= localFrame + frames) {
                        continue;
                    }
                    int src = (a * chunk1 + b) * chunkRows * chunkCols;
                    int dst = dstIndex + (int) (frame - localFrame) * pixels;
                    if (c0 == 0 && width == cols && chunkCols == cols) {
                        target.put(data, src, height * width, dst + r0 * cols);
                    } else {
                        for (int y = 0; y < height; y++) {
                            target.put(data, src + y * chunkCols, width, dst + (r0 + y) * cols + c0);
                        }
                    }
                }
            }
        }

        /** Turns a worker's failure into the exception that the read throws. */
        private InvalidScanException chunkFailure(int[] offset, Throwable error) {
            if (error instanceof Error fatal) {
                throw fatal;
            }
            int rank = dims.length;
            long dims1 = rank == 4 ? dims[1] : 1;
            long firstFrame = offset[0] * dims1 + (rank == 4 ? offset[1] : 0);
            String frames = cacheable ? "the chunk that starts at frame " + firstFrame : "frame " + firstFrame;
            return new InvalidScanException(path(), "cannot decode chunk " + Arrays.toString(offset) + " ("
                    + frames + ") of '" + datasetPath + "' in '" + path() + "' (truncated or corrupted?): "
                    + error.getMessage(), error);
        }
    }

    private record ChunkKey(int[] offset) {
        @Override
        public boolean equals(Object other) {
            return other instanceof ChunkKey key && Arrays.equals(offset, key.offset);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(offset);
        }
    }
}
