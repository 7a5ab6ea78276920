package io.github.stem4d.io.internal;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A scan stored as fixed-size records, one per frame, at {@code firstRecordOffset + k * recordStride}.
 * Frames are read with positional reads into one reusable buffer of at most {@value #BLOCK_BYTES}
 * bytes (or one record, when a record is larger), so memory does not grow with the scan.
 *
 * <p>Subclasses decode one record and may map scan frames to file records (skipped or extra
 * frames). Not thread-safe, like every {@link ScanDataset}.
 */
public abstract class RecordFileDataset implements ScanDataset {

    /** Largest read of consecutive records, in bytes. */
    public static final int BLOCK_BYTES = 8 << 20;

    /**
     * Placement of the frame records in the file.
     *
     * @param firstRecordOffset byte offset of record 0
     * @param recordStride bytes from one record to the next
     * @param recordBytes bytes read per record, from its start (header and payload, no gap)
     * @param byteOrder byte order of the pixels
     */
    public record RecordLayout(long firstRecordOffset, long recordStride, int recordBytes, ByteOrder byteOrder) {
        public RecordLayout {
            Objects.requireNonNull(byteOrder, "byteOrder");
            if (firstRecordOffset < 0) {
                throw new IllegalArgumentException("firstRecordOffset must be >= 0, got " + firstRecordOffset);
            }
            if (recordBytes < 1) {
                throw new IllegalArgumentException("recordBytes must be >= 1, got " + recordBytes);
            }
            if (recordStride < recordBytes) {
                throw new IllegalArgumentException("recordStride must be >= recordBytes " + recordBytes + ", got "
                        + recordStride);
            }
        }
    }

    protected final Path path;
    protected final FileChannel channel;
    private final String format;
    private final ScanShape scanShape;
    private final FrameShape frameShape;
    private final PixelType pixelType;
    private final Map<String, Object> metadata;
    private final RecordLayout layout;
    private final int recordsPerBlock;
    private ByteBuffer buffer;
    private boolean closed;

    protected RecordFileDataset(Path path, FileChannel channel, String format, ScanShape scanShape,
            FrameShape frameShape, PixelType pixelType, Map<String, Object> metadata, RecordLayout layout) {
        this.path = path;
        this.channel = channel;
        this.format = format;
        this.scanShape = scanShape;
        this.frameShape = frameShape;
        this.pixelType = pixelType;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.layout = layout;
        this.recordsPerBlock = (int) Math.max(1, BLOCK_BYTES / layout.recordStride());
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
        return pixelType;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    public final void readFrames(long firstFrame, int count, float[] destination) throws IOException {
        long frames = frameCount();
        if (firstFrame < 0 || count < 0 || firstFrame > frames - count) {
            throw new IndexOutOfBoundsException("frames " + firstFrame + " to " + (firstFrame + count - 1)
                    + " are outside the scan of " + frames + " frames (0 to " + (frames - 1) + ")");
        }
        long needed = (long) count * frameShape.pixelCount();
        if (destination.length < needed) {
            throw new IndexOutOfBoundsException("destination has room for " + destination.length + " values, but "
                    + count + " frames of " + frameShape + " need " + needed);
        }
        if (closed) {
            throw new ClosedChannelException();
        }
        readRange(firstFrame, count, destination);
    }

    /** Reads frames after {@link #readFrames} checked the range; the default reads records in blocks. */
    protected void readRange(long firstFrame, int count, float[] destination) throws IOException {
        int pixels = frameShape.pixelCount();
        int done = 0;
        while (done < count) {
            long record = recordOf(firstFrame + done);
            int run = 1;
            while (done + run < count && run < recordsPerBlock && recordOf(firstFrame + done + run) == record + run) {
                run++;
            }
            int bytes = (int) ((run - 1) * layout.recordStride() + layout.recordBytes());
            ByteBuffer block = block(bytes);
            long offset = layout.firstRecordOffset() + record * layout.recordStride();
            ScanFiles.readFully(channel, block, offset, path, describeRun(record, run));
            for (int i = 0; i < run; i++) {
                int start = (int) (i * layout.recordStride());
                decodeRecord(block, start, record + i, destination, (done + i) * pixels);
            }
            done += run;
        }
    }

    /** Returns the file record that contains scan frame {@code frame}; by default the same index. */
    protected long recordOf(long frame) {
        return frame;
    }

    /**
     * Decodes the record that starts at byte {@code start} of {@code block} (file record
     * {@code record}) into {@code destination} from {@code offset}.
     *
     * @throws IOException if the record is invalid (a frame header that does not match)
     */
    protected abstract void decodeRecord(ByteBuffer block, int start, long record, float[] destination, int offset)
            throws IOException;

    private static String describeRun(long record, int run) {
        return run == 1 ? "frame record " + record : "frame records " + record + " to " + (record + run - 1);
    }

    private ByteBuffer block(int bytes) {
        // Grows to the largest run read so far, which never exceeds the file or one block.
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes).order(layout.byteOrder());
        }
        buffer.clear().limit(bytes);
        return buffer;
    }

    /** Returns whether {@link #close()} was called. */
    protected boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        buffer = null;
        channel.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + path + ", scan " + scanShape + ", frame " + frameShape + "]";
    }
}
