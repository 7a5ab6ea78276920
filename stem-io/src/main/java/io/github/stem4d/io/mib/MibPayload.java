package io.github.stem4d.io.mib;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.io.internal.PixelDecoding;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Decoding of one frame payload: assembled {@code U08}/{@code U16}/{@code U32}/{@code U64}
 * pixels (big-endian, row-major, no flip), or raw {@code R64} counters of one chip or of a 2x2
 * quad, which is reassembled into the detector image.
 *
 * <p>R64 layout: the payload is a run of big-endian 64-bit words. Pixel k of a word (k = 0 is
 * the leftmost) is the k-th field counted from the least significant end, and a field has 1, 8
 * or 16 bits for counter depth 1, 6 or 12. A raw quad row contains four 256-pixel chip segments
 * S0|S1|S2|S3,
 * placed as S3 top-left, S2 top-right, S1 bottom-left and S0 bottom-right, the lower two rotated
 * by 180 degrees (the chip order of LiberTEM and LiberTEM-rs, checked on Merlin sample files).
 */
final class MibPayload {

    /** Chip width and height in pixels (Medipix3). */
    static final int CHIP_PIXELS = 256;

    private enum Kind { ASSEMBLED, RAW_SINGLE, RAW_QUAD }

    private final Kind kind;
    private final PixelType pixelType;
    private final FrameShape frameShape;
    private final long bytes;
    private final int width;
    private final int height;
    private final int bits;
    private final int gap;

    private MibPayload(Kind kind, PixelType pixelType, FrameShape frameShape, long bytes, int width, int height,
            int bits, int gap) {
        this.kind = kind;
        this.pixelType = pixelType;
        this.frameShape = frameShape;
        this.bytes = bytes;
        this.width = width;
        this.height = height;
        this.bits = bits;
        this.gap = gap;
    }

    /**
     * Returns the payload layout that {@code header} describes.
     *
     * @param fallbackDepth counter depth from the {@code .hdr} file, or -1, used for R64 when the
     *     header has no {@code MQ1A} tail
     * @throws InvalidScanException if the pixel type, counter depth or raw geometry is not supported
     */
    static MibPayload of(Path path, MibHeader header, int fallbackDepth) throws InvalidScanException {
        int width = header.width();
        int height = header.height();
        String where = "'" + path.getFileName() + "' at offset " + header.offset();
        switch (header.typeCode()) {
            case "U08":
                return assembled(PixelType.UINT8, frameShape(path, where, height, width));
            case "U16":
                return assembled(PixelType.UINT16, frameShape(path, where, height, width));
            case "U32":
                return assembled(PixelType.UINT32, frameShape(path, where, height, width));
            case "U64":
                return assembled(PixelType.UINT64, frameShape(path, where, height, width));
            case "R64":
                break;
            case "U01":
                throw new InvalidScanException(path, "Merlin pixel type U01 in " + where
                        + " is not supported: no sample file shows its layout. Save the data as U08 or R64.");
            default:
                throw new InvalidScanException(path, "invalid Merlin pixel type '" + header.typeCode() + "' in "
                        + where + ": expected U08, U16, U32, U64 or R64");
        }

        int depth = header.counterDepth() > 0 ? header.counterDepth() : fallbackDepth;
        int bits;
        PixelType type;
        switch (depth) {
            case 1 -> {
                bits = 1;
                type = PixelType.UINT8;
            }
            case 6 -> {
                bits = 8;
                type = PixelType.UINT8;
            }
            case 12 -> {
                bits = 16;
                type = PixelType.UINT16;
            }
            case 24 -> throw new InvalidScanException(path, "raw (R64) frames with counter depth 24 in " + where
                    + " are not supported: their layout is not verified on any sample file. Save them as U32.");
            case -1 -> throw new InvalidScanException(path, "raw (R64) frame in " + where
                    + " has no counter depth: the header lacks the MQ1A fields and no .hdr file gives"
                    + " 'Counter Depth'. Put the .hdr file beside the .mib file.");
            default -> throw new InvalidScanException(path, "invalid counter depth " + depth + " for raw (R64) frames in "
                    + where + ": expected 1, 6 or 12");
        }
        long pixels = (long) width * height;
        if (pixels * bits % 64 != 0) {
            throw new InvalidScanException(path, "raw (R64) frame " + width + "x" + height + " with counter depth "
                    + depth + " in " + where + " does not fill whole 64-bit words");
        }
        long bytes = pixels * bits / 8;

        if (header.chips() == 1 || width == CHIP_PIXELS) {
            FrameShape shape = frameShape(path, where, height, width);
            return new MibPayload(Kind.RAW_SINGLE, type, shape, bytes, width, height, bits, 0);
        }
        if (header.chips() == 4 && width == 4 * CHIP_PIXELS && height <= CHIP_PIXELS) {
            int gap = header.hasChipGap() ? 2 : 0;
            FrameShape shape = frameShape(path, where, 2 * height + gap, 2 * CHIP_PIXELS + gap);
            return new MibPayload(Kind.RAW_QUAD, type, shape, bytes, width, height, bits, gap);
        }
        throw new InvalidScanException(path, "raw (R64) frames of " + header.chips() + " chips, " + width + "x"
                + height + ", layout '" + header.sensorLayout() + "' in " + where
                + " are not supported; supported are one chip and a 2x2 quad (1024 pixels wide)");
    }

    private static MibPayload assembled(PixelType type, FrameShape shape) {
        long bytes = (long) shape.pixelCount() * type.bytes();
        return new MibPayload(Kind.ASSEMBLED, type, shape, bytes, shape.cols(), shape.rows(), 0, 0);
    }

    private static FrameShape frameShape(Path path, String where, int rows, int cols) throws InvalidScanException {
        try {
            return new FrameShape(rows, cols);
        } catch (IllegalArgumentException e) {
            throw new InvalidScanException(path, "Merlin frame size " + cols + "x" + rows + " in " + where
                    + " is not supported: " + e.getMessage(), e);
        }
    }

    PixelType pixelType() {
        return pixelType;
    }

    FrameShape frameShape() {
        return frameShape;
    }

    /** Returns the payload size in bytes. */
    long bytes() {
        return bytes;
    }



    /** Decodes the payload at byte {@code start} of {@code block} (big-endian) into one frame at {@code offset}. */
    void decode(ByteBuffer block, int start, float[] destination, int offset) {
        if (kind == Kind.ASSEMBLED) {
            PixelDecoding.decode(block, start, pixelType, frameShape.pixelCount(), destination, offset);
            return;
        }
        int perWord = 64 / bits;
        long mask = (1L << bits) - 1;
        int words = (int) (bytes / 8);
        if (kind == Kind.RAW_SINGLE) {
            int pixel = offset;
            for (int j = 0; j < words; j++) {
                long word = block.getLong(start + 8 * j);
                for (int k = 0; k < perWord; k++) {
                    destination[pixel++] = (word >>> (bits * k)) & mask;
                }
            }
            return;
        }
        if (gap > 0) {
            Arrays.fill(destination, offset, offset + frameShape.pixelCount(), 0f);
        }
        int outCols = frameShape.cols();
        int lastRow = frameShape.rows() - 1;
        int filePixel = 0;
        for (int j = 0; j < words; j++) {
            long word = block.getLong(start + 8 * j);
            for (int k = 0; k < perWord; k++, filePixel++) {
                float value = (word >>> (bits * k)) & mask;
                int row = filePixel / width;
                int column = filePixel - row * width;
                int segment = column / CHIP_PIXELS;
                int c = column - segment * CHIP_PIXELS;
                int target = switch (segment) {
                    case 3 -> row * outCols + c;
                    case 2 -> row * outCols + CHIP_PIXELS + gap + c;
                    case 1 -> (lastRow - row) * outCols + (CHIP_PIXELS - 1 - c);
                    default -> (lastRow - row) * outCols + (outCols - 1 - c);
                };
                destination[offset + target] = value;
            }
        }
    }

    /** Returns a short description for metadata, for example {@code "R64 1-bit raw quad, reassembled"}. */
    String describe(String typeCode) {
        return switch (kind) {
            case ASSEMBLED -> typeCode + " assembled";
            case RAW_SINGLE -> typeCode + " raw, " + bits + "-bit fields, one chip";
            case RAW_QUAD -> typeCode + " raw, " + bits + "-bit fields, 2x2 quad reassembled"
                    + (gap > 0 ? " with a 2-pixel gap" : "");
        };
    }
}
