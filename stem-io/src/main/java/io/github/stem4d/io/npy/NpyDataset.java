package io.github.stem4d.io.npy;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.internal.PixelDecoding;
import io.github.stem4d.io.internal.RecordFileDataset;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;

/** A C-order {@code .npy} array: each frame is one contiguous run of elements, read with positional reads. */
final class NpyDataset extends RecordFileDataset {

    private final long firstRecord;
    private final int pixels;

    NpyDataset(Path path, FileChannel channel, NpyHeader header, ScanShape scanShape, FrameShape frameShape,
            long firstRecord, Map<String, Object> metadata) {
        super(path, channel, NpyReader.FORMAT, scanShape, frameShape, header.pixelType(), metadata,
                new RecordLayout(header.dataOffset(), frameBytes(header, frameShape), frameBytes(header, frameShape),
                        header.byteOrder()));
        this.firstRecord = firstRecord;
        this.pixels = frameShape.pixelCount();
    }

    private static int frameBytes(NpyHeader header, FrameShape frameShape) {
        return frameShape.pixelCount() * header.pixelType().bytes();
    }

    @Override
    protected long recordOf(long frame) {
        return firstRecord + frame;
    }

    @Override
    protected void decodeRecord(ByteBuffer block, int start, long record, float[] destination, int offset) {
        PixelDecoding.decode(block, start, pixelType(), pixels, destination, offset);
    }
}
