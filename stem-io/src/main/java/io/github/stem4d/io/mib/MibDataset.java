package io.github.stem4d.io.mib;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.internal.RecordFileDataset;
import io.github.stem4d.io.internal.ScanFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;

/**
 * An open {@code .mib} file. Every frame record (header and payload) is read whole, and its
 * header must start with {@code MQ1,}, so a corrupted or shifted frame fails instead of being
 * decoded from the wrong bytes.
 */
final class MibDataset extends RecordFileDataset {

    private static final byte[] MAGIC = MibHeader.MAGIC.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final MibPayload payload;
    private final int headerBytes;
    private final long firstRecord;
    private final int columns;
    private final int extraPerLine;
    private final boolean extraAtLineStart;

    /**
     * @param firstRecord index of the record of scan frame 0 (the skipped frames)
     * @param extraPerLine frames recorded per scan row besides the {@code scanShape.cols()} used ones
     * @param extraAtLineStart whether those extra frames come first in each row
     */
    MibDataset(Path path, FileChannel channel, ScanShape scanShape, MibPayload payload, int headerBytes,
            long stride, long firstRecord, int extraPerLine, boolean extraAtLineStart, Map<String, Object> metadata) {
        super(path, channel, MibReader.FORMAT, scanShape, payload.frameShape(), payload.pixelType(), metadata,
                new RecordLayout(0, stride, (int) stride, ByteOrder.BIG_ENDIAN));
        this.payload = payload;
        this.headerBytes = headerBytes;
        this.firstRecord = firstRecord;
        this.columns = scanShape.cols();
        this.extraPerLine = extraPerLine;
        this.extraAtLineStart = extraAtLineStart;
    }

    @Override
    protected long recordOf(long frame) {
        if (extraPerLine == 0) {
            return firstRecord + frame;
        }
        long row = frame / columns;
        long column = frame % columns;
        return firstRecord + row * (columns + extraPerLine) + (extraAtLineStart ? extraPerLine : 0) + column;
    }

    @Override
    protected void decodeRecord(ByteBuffer block, int start, long record, float[] destination, int offset)
            throws InvalidScanException {
        for (int i = 0; i < MAGIC.length; i++) {
            if (block.get(start + i) != MAGIC[i]) {
                byte[] found = new byte[Math.min(16, headerBytes)];
                block.get(start, found);
                long stride = headerBytes + payload.bytes();
                throw new InvalidScanException(path, "invalid Merlin frame header in '" + path.getFileName()
                        + "' at offset " + record * stride + " (frame record " + record
                        + "): expected it to start with 'MQ1,', found '" + ScanFiles.printable(found, 0, found.length, 16)
                        + "'. The file is corrupted or its frames differ in size.");
            }
        }
        payload.decode(block, start + headerBytes, destination, offset);
    }
}
