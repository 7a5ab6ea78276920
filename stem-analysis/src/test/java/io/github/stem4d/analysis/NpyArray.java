package io.github.stem4d.analysis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy .npy array read whole into doubles, in C (row-major) order: enough for the small
 * reference files of the tests. Reads little-endian uint8, int32, int64, float32 and float64,
 * in C or Fortran order, format versions 1 to 3.
 *
 * @param shape the array shape
 * @param values every element, row-major
 */
public record NpyArray(int[] shape, double[] values) {

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads a whole .npy file. */
    public static NpyArray read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        bytes.get(magic);
        if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException(file + " is not a .npy file: magic bytes missing");
        }
        int major = bytes.get();
        bytes.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(bytes.getShort()) : bytes.getInt();
        byte[] headerBytes = new byte[headerLength];
        bytes.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);

        String descr = find(DESCR, header, file);
        boolean fortran = find(FORTRAN, header, file).equals("True");
        int[] shape = Arrays.stream(find(SHAPE, header, file).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int count = Arrays.stream(shape).reduce(1, Math::multiplyExact);

        double[] raw = new double[count];
        for (int i = 0; i < count; i++) {
            raw[i] = switch (descr) {
                case "|u1" -> Byte.toUnsignedInt(bytes.get());
                case "<i4" -> bytes.getInt();
                case "<i8" -> bytes.getLong();
                case "<f4" -> bytes.getFloat();
                case "<f8" -> bytes.getDouble();
                default -> throw new IOException(file + ": unsupported dtype " + descr);
            };
        }
        if (fortran && shape.length > 2) {
            throw new IOException(file + ": Fortran order is read for 1-D and 2-D arrays only, got shape "
                    + Arrays.toString(shape));
        }
        return new NpyArray(shape, fortran ? toRowMajor(raw, shape) : raw);
    }

    /** Returns the values as ints (labels, indices). */
    public int[] asInts() {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }

    private static double[] toRowMajor(double[] columnMajor, int[] shape) {
        if (shape.length < 2) {
            return columnMajor;
        }
        int rows = shape[0];
        int cols = shape[1];
        double[] out = new double[columnMajor.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = columnMajor[j * rows + i];
            }
        }
        return out;
    }

    private static String find(Pattern pattern, String header, Path file) throws IOException {
        Matcher matcher = pattern.matcher(header);
        if (!matcher.find()) {
            throw new IOException(file + ": header lacks " + pattern.pattern() + ": " + header);
        }
        return matcher.group(1);
    }
}
