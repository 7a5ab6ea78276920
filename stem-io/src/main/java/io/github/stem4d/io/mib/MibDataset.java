package io.github.stem4d.io.mib;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.internal.RecordFileDataset;
import io.github.stem4d.io.internal.ScanFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
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
    /** Header fields 2 to 6 of the first frame (header length, chips, width, height, type), commas included. */
    private final byte[] layoutFields;

    /**
     * @param firstRecord index of the record of scan frame 0 (the skipped frames)
     * @param extraPerLine frames recorded per scan row besides the {@code scanShape.cols()} used ones
     * @param extraAtLineStart whether those extra frames come first in each row
     * @param firstHeader the header bytes of the first frame, whose layout fields every frame must repeat
     */
    MibDataset(Path path, FileChannel channel, ScanShape scanShape, MibPayload payload, int headerBytes,
            long stride, long firstRecord, int extraPerLine, boolean extraAtLineStart, byte[] firstHeader,
            Map<String, Object> metadata) {
        super(path, channel, MibReader.FORMAT, scanShape, payload.frameShape(), payload.pixelType(), metadata,
                new RecordLayout(0, stride, (int) stride, ByteOrder.BIG_ENDIAN));
        this.payload = payload;
        this.headerBytes = headerBytes;
        this.firstRecord = firstRecord;
        this.columns = scanShape.cols();
        this.extraPerLine = extraPerLine;
        this.extraAtLineStart = extraAtLineStart;
        this.layoutFields = layoutFields(firstHeader);
    }

    /** Returns header fields 2 to 6 with their commas, or an empty array when the header has fewer fields. */
    private static byte[] layoutFields(byte[] header) {
        int start = afterComma(header, 0, header.length, 2);
        int end = afterComma(header, start, header.length, 5);
        return start < 0 || end < 0 ? new byte[0] : Arrays.copyOfRange(header, start, end);
    }

    /** Returns the index after the {@code n}-th comma from {@code from}, or -1 if there are fewer before {@code limit}. */
    private static int afterComma(byte[] bytes, int from, int limit, int n) {
        if (from < 0) {
            return -1;
        }
        int found = 0;
        for (int i = from; i < limit; i++) {
            if (bytes[i] == ',' && ++found == n) {
                return i + 1;
            }
        }
        return -1;
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
        checkLayoutFields(block, start, record);
        payload.decode(block, start + headerBytes, destination, offset);
    }

    /**
     * Checks that the header of a record repeats the first frame's length, chips, width, height
     * and type, so a frame of another size inside the file fails instead of being decoded wrongly.
     */
    private void checkLayoutFields(ByteBuffer block, int start, long record) throws InvalidScanException {
        if (layoutFields.length == 0) {
            return;
        }
        // The sequence number (field 1) may grow in width, so field 2 is found by its comma.
        int searchEnd = Math.min(headerBytes, 64);
        int fields = -1;
        int commas = 0;
        for (int i = 0; i < searchEnd; i++) {
            if (block.get(start + i) == ',' && ++commas == 2) {
                fields = i + 1;
                break;
            }
        }
        boolean same = fields >= 0 && fields + layoutFields.length <= headerBytes;
        for (int i = 0; same && i < layoutFields.length; i++) {
            same = block.get(start + fields + i) == layoutFields[i];
        }
        if (!same) {
            byte[] found = new byte[Math.min(48, headerBytes)];
            block.get(start, found);
            long stride = headerBytes + payload.bytes();
            throw new InvalidScanException(path, "the Merlin frame header in '" + path.getFileName() + "' at offset "
                    + record * stride + " (frame record " + record + ") does not match the first frame: expected"
                    + " header length, chips, width, height and type '"
                    + ScanFiles.printable(layoutFields, 0, layoutFields.length, 48) + "', found header '"
                    + ScanFiles.printable(found, 0, found.length, 48) + "'. Frames of different sizes are not supported.");
        }
    }
}
