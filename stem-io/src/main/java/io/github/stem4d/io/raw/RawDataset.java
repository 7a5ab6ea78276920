package io.github.stem4d.io.raw;

import io.github.stem4d.analysis.scan.RawLayout;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.internal.PixelDecoding;
import io.github.stem4d.io.internal.RecordFileDataset;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;

/** A headerless scan file described by a {@link RawLayout}; frames are read with positional reads. */
final class RawDataset extends RecordFileDataset {

    private final long firstRecord;
    private final int pixels;

    RawDataset(Path path, FileChannel channel, RawLayout layout, ScanShape scanShape, long firstRecord,
            Map<String, Object> metadata) {
        super(path, channel, RawReader.FORMAT, scanShape, layout.frameShape(), layout.pixelType(), metadata,
                new RecordLayout(layout.headerBytes(), layout.frameStrideBytes(),
                        layout.frameShape().pixelCount() * layout.pixelType().bytes(), layout.byteOrder()));
        this.firstRecord = firstRecord;
        this.pixels = layout.frameShape().pixelCount();
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
