package io.github.stem4d.io.npy;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.io.internal.ScanFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A parsed NumPy {@code .npy} header (format versions 1.0, 2.0 and 3.0 of numpy.lib.format): the
 * magic {@code \x93NUMPY}, two version bytes, a little-endian header length (2 bytes in version
 * 1, 4 bytes in versions 2 and 3), then a Python dict literal with {@code descr},
 * {@code fortran_order} and {@code shape} (Latin-1 up to version 2, UTF-8 in version 3).
 *
 * @param version major format version
 * @param descr the dtype string, for example {@code "<u2"}
 * @param pixelType element type
 * @param byteOrder element byte order
 * @param fortranOrder whether the array is stored column-major
 * @param shape array dimensions
 * @param dataOffset byte offset of the first element
 * @param dataBytes bytes of array data, the product of the shape times the element size
 */
record NpyHeader(int version, String descr, PixelType pixelType, ByteOrder byteOrder, boolean fortranOrder,
        long[] shape, long dataOffset, long dataBytes) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Largest header text accepted; NumPy itself refuses headers above 10000 bytes by default. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    /**
     * Reads and checks the header of a file of {@code size} bytes, allocating at most the header length.
     *
     * @throws InvalidScanException if the magic, version, header text, dtype or shape is invalid
     *     or unsupported, or the data is larger than the file
     */
    static NpyHeader read(Path path, FileChannel channel, long size) throws IOException {
        String name = "'" + path.getFileName() + "'";
        if (size < 10) {
            throw new InvalidScanException(path, name + " is too short for a NumPy file: " + size
                    + " bytes, expected at least 10 (magic, version and header length)");
        }
        ByteBuffer prefix = ByteBuffer.allocate((int) Math.min(12, size)).order(ByteOrder.LITTLE_ENDIAN);
        ScanFiles.readFully(channel, prefix, 0, path, "the NumPy header");
        byte[] bytes = prefix.array();
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new InvalidScanException(path, name + " is not a NumPy .npy file: expected the magic '\\x93NUMPY'"
                    + " at offset 0, found '" + ScanFiles.printable(bytes, 0, MAGIC.length, 16) + "'");
        }
        int major = bytes[6] & 0xFF;
        int minor = bytes[7] & 0xFF;
        if (major < 1 || major > 3) {
            throw new InvalidScanException(path, "NumPy format version " + major + "." + minor + " of " + name
                    + " at offset 6 is not supported: expected 1.0, 2.0 or 3.0");
        }
        long headerLength;
        int prefixBytes;
        if (major == 1) {
            headerLength = prefix.getShort(8) & 0xFFFF;
            prefixBytes = 10;
        } else {
            if (size < 12) {
                throw new InvalidScanException(path, name + " is truncated: NumPy format " + major
                        + " needs 12 bytes of prefix, the file has " + size);
            }
            headerLength = prefix.getInt(8) & 0xFFFF_FFFFL;
            prefixBytes = 12;
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new InvalidScanException(path, "the NumPy header of " + name + " claims " + headerLength
                    + " bytes at offset 8, more than the " + MAX_HEADER_BYTES + " accepted");
        }
        long dataOffset = prefixBytes + headerLength;
        if (dataOffset > size) {
            throw new InvalidScanException(path, name + " is truncated: the NumPy header claims " + headerLength
                    + " bytes after offset " + prefixBytes + ", but the file has only " + size + " bytes");
        }

        ByteBuffer textBuffer = ByteBuffer.allocate((int) headerLength);
        ScanFiles.readFully(channel, textBuffer, prefixBytes, path, "the NumPy header text");
        String text = new String(textBuffer.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Object parsed;
        try {
            parsed = PythonLiteral.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidScanException(path, "invalid NumPy header text in " + name + " at offset " + prefixBytes
                    + ": " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new InvalidScanException(path, "invalid NumPy header text in " + name + " at offset " + prefixBytes
                    + ": expected a dict with 'descr', 'fortran_order' and 'shape', found " + shorten(text));
        }

        Object descr = dict.get("descr");
        if (!(descr instanceof String descrText)) {
            throw new InvalidScanException(path, "NumPy dtype " + descr + " of " + name + " is not supported:"
                    + " expected a plain numeric dtype string such as '<u2' (structured dtypes are not frames)");
        }
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean fortranOrder)) {
            throw new InvalidScanException(path, "invalid NumPy header of " + name
                    + ": 'fortran_order' should be True or False, found " + fortran);
        }
        long[] shape = shape(path, name, dict.get("shape"));
        ByteOrder order = byteOrder(path, name, descrText);
        PixelType type = pixelType(path, name, descrText);

        long dataBytes;
        try {
            long elements = 1;
            for (long dim : shape) {
                elements = Math.multiplyExact(elements, dim);
            }
            dataBytes = Math.multiplyExact(elements, type.bytes());
        } catch (ArithmeticException e) {
            throw new InvalidScanException(path, "the NumPy shape " + Arrays.toString(shape) + " of " + name
                    + " is too large: its byte size does not fit in 64 bits", e);
        }
        if (dataBytes > size - dataOffset) {
            throw new InvalidScanException(path, name + " is truncated: the NumPy header claims shape "
                    + Arrays.toString(shape) + " of '" + descrText + "', " + dataBytes + " bytes of data at offset "
                    + dataOffset + ", but the file contains only " + (size - dataOffset) + " bytes after the header");
        }
        return new NpyHeader(major, descrText, type, order, fortranOrder, shape, dataOffset, dataBytes);
    }

    private static long[] shape(Path path, String name, Object value) throws InvalidScanException {
        if (!(value instanceof List<?> items)) {
            throw new InvalidScanException(path, "invalid NumPy header of " + name
                    + ": 'shape' should be a tuple of integers, found " + value);
        }
        long[] shape = new long[items.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(items.get(i) instanceof Long dim) || dim < 0) {
                throw new InvalidScanException(path, "invalid NumPy header of " + name
                        + ": 'shape' should hold non-negative integers, found " + items);
            }
            shape[i] = dim;
        }
        return shape;
    }

    private static ByteOrder byteOrder(Path path, String name, String descr) throws InvalidScanException {
        char order = descr.isEmpty() ? '?' : descr.charAt(0);
        return switch (order) {
            case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> throw new InvalidScanException(path, "NumPy dtype '" + descr + "' of " + name
                    + " has no explicit byte order: expected it to start with '<', '>' or '|'");
        };
    }

    private static PixelType pixelType(Path path, String name, String descr) throws InvalidScanException {
        String code = descr.length() > 1 ? descr.substring(1) : "";
        PixelType type = switch (code) {
            case "u1", "b1" -> PixelType.UINT8;
            case "i1" -> PixelType.INT8;
            case "u2" -> PixelType.UINT16;
            case "i2" -> PixelType.INT16;
            case "u4" -> PixelType.UINT32;
            case "i4" -> PixelType.INT32;
            case "u8" -> PixelType.UINT64;
            case "i8" -> PixelType.INT64;
            case "f4" -> PixelType.FLOAT32;
            case "f8" -> PixelType.FLOAT64;
            default -> null;
        };
        if (type == null) {
            throw new InvalidScanException(path, "NumPy dtype '" + descr + "' of " + name + " is not supported:"
                    + " expected u1, u2, u4, u8, i1, i2, i4, i8, f4, f8 or b1 with a byte order, for example '<u2'");
        }
        return type;
    }

    private static String shorten(String text) {
        String trimmed = text.strip();
        return "'" + (trimmed.length() <= 60 ? trimmed : trimmed.substring(0, 60) + "...") + "'";
    }

    /** Returns the shape as text, for example {@code "(2, 3, 64, 64)"}. */
    String shapeText() {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
