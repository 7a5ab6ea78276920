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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scan read with jhdf. Contiguous data is read straight from the file through a reusable
 * buffer; chunked data one decoded chunk at a time, with the chunks of the frames being read
 * kept in a small cache (at most {@value #CHUNK_CACHE_BYTES} bytes, or one chunk when a single
 * chunk is larger), so a chunk that spans several frames is decoded once per pass.
 */
final class JhdfScanDataset extends AbstractHdf5ScanDataset {

    static final long CHUNK_CACHE_BYTES = 64L << 20;
    private static final int READ_BUFFER_BYTES = 4 << 20;

    private final HdfFile file;
    private final List<Part> parts;

    JhdfScanDataset(Path path, HdfFile file, Hdf5Layout layout, List<Dataset> datasets, Map<String, Object> metadata)
            throws IOException {
        super(path, layout, withStorage(metadata, datasets));
        this.file = file;
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
            for (Part part : parts) {
                part.close();
            }
        } finally {
            file.close();
        }
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

    /** Chunked storage: each frame is assembled from the chunks that cover it. */
    private final class ChunkedPart extends Part {
        private final ChunkedDataset dataset;
        private final int[] chunk;
        private final long chunkBytes;
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
            this.chunkBytes = bytes;
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
            int rank = dims.length;
            int rows = layout().frameShape().rows();
            int cols = layout().frameShape().cols();
            int chunkRows = chunk[rank - 2];
            int chunkCols = chunk[rank - 1];
            int[] offset = new int[rank];
            for (int f = 0; f < frames; f++) {
                long frame = localFrame + f;
                long lead0 = rank == 4 ? frame / dims[1] : frame;
                long lead1 = rank == 4 ? frame % dims[1] : 0;
                offset[0] = (int) (lead0 - lead0 % chunk[0]);
                long withinChunk = lead0 - offset[0];
                if (rank == 4) {
                    offset[1] = (int) (lead1 - lead1 % chunk[1]);
                    withinChunk = withinChunk * chunk[1] + (lead1 - offset[1]);
                }
                int frameBase = (int) (withinChunk * chunkRows * chunkCols);
                int frameDst = dstIndex + f * pixels;
                for (int r0 = 0; r0 < rows; r0 += chunkRows) {
                    for (int c0 = 0; c0 < cols; c0 += chunkCols) {
                        offset[rank - 2] = r0;
                        offset[rank - 1] = c0;
                        ByteBuffer data = chunk(offset);
                        int height = Math.min(chunkRows, rows - r0);
                        int width = Math.min(chunkCols, cols - c0);
                        if (width == cols && chunkCols == cols) {
                            target.put(data, frameBase, height * width, frameDst + r0 * cols);
                        } else {
                            for (int y = 0; y < height; y++) {
                                target.put(data, frameBase + y * chunkCols, width, frameDst + (r0 + y) * cols + c0);
                            }
                        }
                    }
                }
            }
        }

        private ByteBuffer chunk(int[] offset) throws IOException {
            ChunkKey key = new ChunkKey(offset.clone());
            ByteBuffer cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
            byte[] bytes;
            try {
                bytes = dataset.getDecompressedChunk(offset);
            } catch (HdfException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("No chunk with offset")) {
                    // NOTE: an unwritten chunk reads as zeros; a non-zero fill value is not applied.
                    bytes = new byte[(int) chunkBytes];
                } else if (e.getCause() != null && e.getMessage() != null && e.getMessage().contains("filter")) {
                    throw new InvalidScanException(path(), "cannot decode chunk " + Arrays.toString(offset) + " of '"
                            + datasetPath + "' in '" + path() + "': " + e.getMessage(), e);
                } else {
                    throw e;
                }
            }
            if (bytes.length != chunkBytes) {
                throw new InvalidScanException(path(), "chunk " + Arrays.toString(offset) + " of '" + datasetPath
                        + "' decoded to " + bytes.length + " bytes, expected " + chunkBytes + " ("
                        + Arrays.toString(chunk) + " x " + elementSize + " bytes)");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(order);
            cache.put(key, buffer);
            return buffer;
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
