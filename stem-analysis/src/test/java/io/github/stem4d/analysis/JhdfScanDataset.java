package io.github.stem4d.analysis;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanShape;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only scan over a 4D uint16 HDF5 dataset chunked one frame per chunk, read with jhdf chunk
 * by chunk (this module cannot use the readers of stem-io). Counts the frames read.
 */
public final class JhdfScanDataset implements ScanDataset {

    private final HdfFile file;
    private final ChunkedDataset dataset;
    private final ScanShape scanShape;
    private final FrameShape frameShape;
    private final AtomicLong framesRead = new AtomicLong();

    public JhdfScanDataset(Path path, String datasetPath) {
        this.file = new HdfFile(path);
        Dataset found = file.getDatasetByPath(datasetPath);
        int[] dims = found.getDimensions();
        if (!(found instanceof ChunkedDataset chunked) || dims.length != 4
                || !Arrays.equals(chunked.getChunkDimensions(), new int[] {1, 1, dims[2], dims[3]})
                || found.getJavaType() != int.class && found.getJavaType() != short.class) {
            file.close();
            throw new IllegalArgumentException(path + " " + datasetPath + " is not a 4D 16-bit dataset chunked"
                    + " one frame per chunk");
        }
        this.dataset = chunked;
        this.scanShape = new ScanShape(dims[0], dims[1]);
        this.frameShape = new FrameShape(dims[2], dims[3]);
    }

    /** Returns how many frames {@link #readFrames} returned so far. */
    public long framesRead() {
        return framesRead.get();
    }

    @Override
    public ScanShape scanShape() {
        return scanShape;
    }

    @Override
    public FrameShape frameShape() {
        return frameShape;
    }

    @Override
    public PixelType pixelType() {
        return PixelType.UINT16;
    }

    @Override
    public String format() {
        return "hdf5";
    }

    @Override
    public Map<String, Object> metadata() {
        return Map.of("backend", "jhdf (test)", "scan_shape_source", "file");
    }

    @Override
    public void readFrames(long firstFrame, int count, float[] destination) throws IOException {
        int pixels = frameShape.pixelCount();
        if (firstFrame < 0 || count < 0 || firstFrame + count > frameCount() || (long) count * pixels > destination.length) {
            throw new IndexOutOfBoundsException("frames " + firstFrame + " + " + count + " outside the scan");
        }
        for (int f = 0; f < count; f++) {
            long frame = firstFrame + f;
            int row = (int) (frame / scanShape.cols());
            int col = (int) (frame % scanShape.cols());
            byte[] chunk = dataset.getDecompressedChunk(new int[] {row, col, 0, 0});
            ByteBuffer buffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
            int base = f * pixels;
            for (int p = 0; p < pixels; p++) {
                destination[base + p] = Short.toUnsignedInt(buffer.getShort(2 * p));
            }
        }
        framesRead.addAndGet(count);
    }

    @Override
    public void close() {
        file.close();
    }
}
