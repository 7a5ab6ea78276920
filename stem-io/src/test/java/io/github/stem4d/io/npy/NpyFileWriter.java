package io.github.stem4d.io.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongFunction;

/** Writes {@code .npy} files for tests, following numpy.lib.format, in any version, byte order and axis order. */
final class NpyFileWriter {

    private NpyFileWriter() {
    }

    /** Returns the magic, version, header length and dict text, padded so that the data start is a multiple of 64. */
    static byte[] header(int version, String descr, boolean fortran, long... shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        if (shape.length == 1) {
            dims.append(',');
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + dims + "), }";
        int prefix = version == 1 ? 10 : 12;
        StringBuilder text = new StringBuilder(dict);
        while ((prefix + text.length() + 1) % 64 != 0) {
            text.append(' ');
        }
        text.append('\n');
        byte[] body = text.toString().getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer buffer = ByteBuffer.allocate(prefix + body.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) version).put((byte) 0);
        if (version == 1) {
            buffer.putShort((short) body.length);
        } else {
            buffer.putInt(body.length);
        }
        buffer.put(body);
        return buffer.array();
    }

    /**
     * Writes an array whose element at C-order flat index {@code i} is {@code value.apply(i)} (a
     * Number), stored in C or Fortran order.
     */
    static Path write(Path file, int version, String descr, boolean fortran, long[] shape, LongFunction<Number> value)
            throws IOException {
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String code = descr.substring(1);
        int bytes = Integer.parseInt(code.substring(1));
        long total = 1;
        for (long dim : shape) {
            total *= dim;
        }
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(header(version, descr, fortran, shape));
            ByteBuffer element = ByteBuffer.allocate(8).order(order);
            for (long stored = 0; stored < total; stored++) {
                long logical = fortran ? cIndexOfFortran(stored, shape) : stored;
                element.clear();
                put(element, code, value.apply(logical));
                out.write(element.array(), 0, bytes);
            }
        }
        return file;
    }

    /** Returns the C-order flat index of the element at Fortran-order position {@code stored}. */
    static long cIndexOfFortran(long stored, long[] shape) {
        long[] index = new long[shape.length];
        long rest = stored;
        for (int axis = 0; axis < shape.length; axis++) {
            index[axis] = rest % shape[axis];
            rest /= shape[axis];
        }
        long flat = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            flat = flat * shape[axis] + index[axis];
        }
        return flat;
    }

    private static void put(ByteBuffer element, String code, Number value) {
        switch (code) {
            case "u1", "i1", "b1" -> element.put(value.byteValue());
            case "u2", "i2" -> element.putShort(value.shortValue());
            case "u4", "i4" -> element.putInt(value.intValue());
            case "u8", "i8" -> element.putLong(value.longValue());
            case "f4" -> element.putFloat(value.floatValue());
            case "f8" -> element.putDouble(value.doubleValue());
            default -> throw new IllegalArgumentException(code);
        }
    }
}
