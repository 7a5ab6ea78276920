package io.github.stem4d.analysis.features;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Locates the shared reference data and reads its .npy and HDF5 files for tests. */
final class ReferenceFiles {

    private ReferenceFiles() {
    }

    /** Returns the reference folder, or skips the calling test when the shared data is absent. */
    static Path referenceFolder() {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("data").resolve("reference");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        assumeTrue(false, "shared/data/reference not found above " + System.getProperty("user.dir"));
        throw new AssertionError("unreachable");
    }

    /** A NumPy array: C-order shape and values widened to double. */
    record Npy(int[] shape, double[] values) {

        int rows() {
            return shape[0];
        }

        int rowLength() {
            int length = 1;
            for (int d = 1; d < shape.length; d++) {
                length *= shape[d];
            }
            return length;
        }

        double at(int row, int column) {
            return values[row * rowLength() + column];
        }

        float[] floats() {
            float[] out = new float[values.length];
            for (int k = 0; k < out.length; k++) {
                out[k] = (float) values[k];
            }
            return out;
        }
    }

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** Reads a version 1 or 2 .npy file of little-endian floats or integers in C order. */
    static Npy readNpy(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        buffer.get(magic);
        if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException("not a .npy file: " + file);
        }
        int major = buffer.get();
        buffer.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(buffer.getShort()) : buffer.getInt();
        byte[] headerBytes = new byte[headerLength];
        buffer.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.US_ASCII);

        Matcher descr = DESCR.matcher(header);
        Matcher order = ORDER.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !order.find() || !shapeText.find()) {
            throw new IOException("unreadable .npy header in " + file + ": " + header);
        }
        if (descr.group(1).equals(">") || order.group(1).equals("True")) {
            throw new IOException("only little-endian C-order .npy is supported, got " + header);
        }
        String[] dims = shapeText.group(1).split(",");
        int count = 0;
        for (String d : dims) {
            if (!d.isBlank()) {
                count++;
            }
        }
        int[] shape = new int[count];
        int total = 1;
        int s = 0;
        for (String d : dims) {
            if (!d.isBlank()) {
                shape[s] = Integer.parseInt(d.trim());
                total *= shape[s++];
            }
        }

        char kind = descr.group(2).charAt(0);
        int size = Integer.parseInt(descr.group(3));
        double[] values = new double[total];
        for (int k = 0; k < total; k++) {
            values[k] = switch (kind + "" + size) {
                case "f4" -> buffer.getFloat();
                case "f8" -> buffer.getDouble();
                case "i1" -> buffer.get();
                case "u1" -> Byte.toUnsignedInt(buffer.get());
                case "i2" -> buffer.getShort();
                case "u2" -> Short.toUnsignedInt(buffer.getShort());
                case "i4" -> buffer.getInt();
                case "u4" -> Integer.toUnsignedLong(buffer.getInt());
                case "i8" -> buffer.getLong();
                default -> throw new IOException("unsupported .npy dtype " + descr.group() + " in " + file);
            };
        }
        return new Npy(shape, values);
    }

    /**
     * Reads scan rows [firstRow, firstRow + rowCount) of the (32, 32, 256, 256) synthetic scan
     * as float frames in scan order.
     */
    static float[] readSynthRows(HdfFile file, int firstRow, int rowCount) {
        Dataset data = file.getDatasetByPath("/data");
        int[] dims = data.getDimensions();
        Object slice = data.getData(new long[] {firstRow, 0, 0, 0}, new int[] {rowCount, dims[1], dims[2], dims[3]});
        int frameLength = dims[2] * dims[3];
        float[] frames = new float[rowCount * dims[1] * frameLength];
        int k = 0;
        for (Object scanRow : (Object[]) slice) {
            for (Object frame : (Object[]) scanRow) {
                for (Object detectorRow : (Object[]) frame) {
                    k = copyRow(detectorRow, frames, k);
                }
            }
        }
        return frames;
    }

    private static int copyRow(Object row, float[] target, int k) {
        if (row instanceof int[] ints) {
            for (int v : ints) {
                target[k++] = v;
            }
        } else if (row instanceof short[] shorts) {
            for (short v : shorts) {
                target[k++] = Short.toUnsignedInt(v);
            }
        } else {
            throw new IllegalStateException("unexpected HDF5 row type " + row.getClass());
        }
        return k;
    }

    static HdfFile openSynth() {
        return new HdfFile(referenceFolder().resolve("synth_small.h5"));
    }
}
