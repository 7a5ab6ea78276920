package io.github.stem4d.io.npy;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.internal.PixelDecoding;
import io.github.stem4d.io.internal.RecordFileDataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Fortran-order (column-major) {@code .npy} array. Element (i0, i1, ..., ik) sits at
 * {@code i0 + d0 * (i1 + d1 * (...))}, so the pixels of one frame are {@code frames} elements
 * apart and a frame is gathered element by element from memory-mapped windows of at most
 * {@value #WINDOW_BYTES} bytes. This is slower than C order, and each frame touches pages across
 * the whole file; the mappings are released when the garbage collector frees them, not at {@link #close()}.
 */
final class NpyFortranDataset extends RecordFileDataset {

    static final int WINDOW_BYTES = 1 << 30;

    private final long dataOffset;
    private final long dataBytes;
    private final int elementBytes;
    private final PixelType type;
    private final java.nio.ByteOrder order;
    private final long fileFrames;
    private final long scanRows;
    private final long scanCols;
    private final boolean fourDimensional;
    private final long firstRecord;
    private final int rows;
    private final int cols;
    private MappedByteBuffer[] windows;

    NpyFortranDataset(Path path, FileChannel channel, NpyHeader header, ScanShape scanShape, FrameShape frameShape,
            long fileFrames, long firstRecord, Map<String, Object> metadata) {
        super(path, channel, NpyReader.FORMAT, scanShape, frameShape, header.pixelType(), metadata,
                new RecordLayout(header.dataOffset(), header.pixelType().bytes(), header.pixelType().bytes(),
                        header.byteOrder()));
        long[] shape = header.shape();
        this.dataOffset = header.dataOffset();
        this.dataBytes = header.dataBytes();
        this.elementBytes = header.pixelType().bytes();
        this.type = header.pixelType();
        this.order = header.byteOrder();
        this.fileFrames = fileFrames;
        this.fourDimensional = shape.length == 4;
        this.scanRows = fourDimensional ? shape[0] : fileFrames;
        this.scanCols = fourDimensional ? shape[1] : 1;
        this.firstRecord = firstRecord;
        this.rows = frameShape.rows();
        this.cols = frameShape.cols();
        this.windows = new MappedByteBuffer[(int) ((dataBytes + WINDOW_BYTES - 1) / WINDOW_BYTES)];
    }

    @Override
    protected void readRange(long firstFrame, int count, float[] destination) throws IOException {
        int pixels = rows * cols;
        for (int i = 0; i < count; i++) {
            long record = firstRecord + firstFrame + i;
            // Frames are numbered row-major over (scan_y, scan_x), but stored column-major.
            long base = fourDimensional ? (record / scanCols) + scanRows * (record % scanCols) : record;
            int out = i * pixels;
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    long element = base + fileFrames * (r + (long) rows * c);
                    long byteIndex = element * elementBytes;
                    ByteBuffer window = window((int) (byteIndex / WINDOW_BYTES));
                    destination[out + r * cols + c] =
                            PixelDecoding.decodeOne(window, (int) (byteIndex % WINDOW_BYTES), type);
                }
            }
        }
    }

    private ByteBuffer window(int index) throws IOException {
        MappedByteBuffer window = windows[index];
        if (window == null) {
            long start = (long) index * WINDOW_BYTES;
            long length = Math.min(WINDOW_BYTES, dataBytes - start);
            window = channel.map(FileChannel.MapMode.READ_ONLY, dataOffset + start, length);
            window.order(order);
            windows[index] = window;
        }
        return window;
    }

    @Override
    protected void decodeRecord(ByteBuffer block, int start, long record, float[] destination, int offset) {
        throw new UnsupportedOperationException("Fortran-order frames are read element by element");
    }

    @Override
    public void close() throws IOException {
        windows = new MappedByteBuffer[0];
        super.close();
    }
}
