package io.github.stem4d.io.synthetic;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * NumPy {@code .npy} version 1.0 header of a fixed length, so that the data offset is known
 * before the shape text is: magic, version, a little-endian uint16 header length, then a
 * Python dict literal padded with spaces and ending in a newline (NumPy format specification,
 * numpy.lib.format).
 */
final class NpyHeader {

    /** Total header length including magic; a multiple of 64 as NumPy requires. */
    static final int HEADER_BYTES = 128;

    private NpyHeader() {
    }

    /** Returns the header for a C-order array of {@code descr} (for example {@code "<u2"}) and {@code shape}. */
    static byte[] encode(String descr, long... shape) {
        String shapeText = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        if (shape.length == 1) {
            shapeText += ",";
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int textBytes = HEADER_BYTES - 10;
        if (dict.length() + 1 > textBytes) {
            throw new IllegalArgumentException("npy header text too long for shape " + Arrays.toString(shape));
        }
        StringBuilder text = new StringBuilder(dict);
        while (text.length() < textBytes - 1) {
            text.append(' ');
        }
        text.append('\n');

        byte[] header = new byte[HEADER_BYTES];
        header[0] = (byte) 0x93;
        byte[] magic = "NUMPY".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 1, magic.length);
        header[6] = 1;
        header[7] = 0;
        header[8] = (byte) (textBytes & 0xFF);
        header[9] = (byte) (textBytes >>> 8);
        byte[] body = text.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(body, 0, header, 10, body.length);
        return header;
    }
}
