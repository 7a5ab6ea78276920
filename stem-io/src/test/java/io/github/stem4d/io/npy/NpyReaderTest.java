package io.github.stem4d.io.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips of {@code .npy} files written by the test: every dtype, byte order, axis order and format version. */
class NpyReaderTest {

    private static final long[] SHAPE_4D = {2, 3, 4, 5};

    @TempDir
    Path dir;

    /** Element value at C-order flat index {@code i} for dtype code {@code code}, covering each type's range. */
    static Number value(String code, long i) {
        return switch (code) {
            case "u1" -> (int) (i * 37 % 256);
            case "b1" -> (int) (i % 2);
            case "i1" -> (int) (i * 37 % 256) - 128;
            case "u2" -> (int) (i * 7919 % 65536);
            case "i2" -> (int) (i * 7919 % 65536) - 32768;
            case "u4" -> (i * 1_000_003_331L) % (1L << 32);
            case "i4" -> (int) ((i * 1_000_003_331L) % (1L << 32));
            case "u8" -> i * 0x9E37_79B9_7F4A_7C15L;
            case "i8" -> i * 0x9E37_79B9_7F4A_7C15L >> 7;
            case "f4" -> floatValue(i);
            case "f8" -> doubleValue(i);
            default -> throw new IllegalArgumentException(code);
        };
    }

    /** Returns float32 values with NaN, infinity and negative zero among them. */
    private static float floatValue(long i) {
        if (i == 7) {
            return Float.NaN;
        }
        if (i == 11) {
            return Float.POSITIVE_INFINITY;
        }
        if (i == 13) {
            return -0.0f;
        }
        return (i - 50) * 0.37f;
    }

    /** Returns float64 values with NaN and negative infinity among them. */
    private static double doubleValue(long i) {
        if (i == 7) {
            return Double.NaN;
        }
        if (i == 11) {
            return Double.NEGATIVE_INFINITY;
        }
        return (i - 50) * 1.3e-3;
    }

    /** Returns the float that a reader must return for element i of dtype {@code code}. */
    static float expected(String code, long i) {
        Number value = value(code, i);
        return switch (code) {
            case "u4" -> (float) value.longValue();
            case "u8" -> new BigInteger(Long.toUnsignedString(value.longValue())).floatValue();
            case "i4" -> (float) value.intValue();
            case "i8" -> (float) value.longValue();
            case "f4" -> value.floatValue();
            case "f8" -> (float) value.doubleValue();
            default -> value.floatValue();
        };
    }

    static Stream<Arguments> roundTrips() {
        List<Arguments> cases = new ArrayList<>();
        String[] codes = {"u1", "u2", "u4", "u8", "i1", "i2", "i4", "i8", "f4", "f8", "b1"};
        for (int version = 1; version <= 3; version++) {
            for (String code : codes) {
                for (String order : code.endsWith("1") ? new String[] {"|"} : new String[] {"<", ">"}) {
                    for (boolean fortran : new boolean[] {false, true}) {
                        cases.add(Arguments.of(version, order + code, fortran));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "v{0} {1} fortran={2}")
    @MethodSource("roundTrips")
    void arrayRoundTrips(int version, String descr, boolean fortran) throws IOException {
        String code = descr.substring(1);
        LongFunction<Number> values = i -> value(code, i);
        Path file = NpyFileWriter.write(dir.resolve("a.npy"), version, descr, fortran, SHAPE_4D, values);

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            float[] all = new float[6 * 20];
            dataset.readFrames(0, 6, all);

            assertEquals("npy", dataset.format());
            assertEquals(new ScanShape(2, 3), dataset.scanShape());
            assertEquals(new FrameShape(4, 5), dataset.frameShape());
            assertEquals("file", dataset.metadata().get("scan_shape_source"));
            assertEquals(fortran, dataset.metadata().get("fortran_order"));
            for (int i = 0; i < all.length; i++) {
                assertEquals(Float.floatToIntBits(expected(code, i)), Float.floatToIntBits(all[i]),
                        "element " + i + ": expected " + expected(code, i) + ", read " + all[i]);
            }
        }
    }

    @ParameterizedTest(name = "fortran={0}")
    @MethodSource("orders")
    void singleFramesMatchBlockRead(boolean fortran) throws IOException {
        Path file = NpyFileWriter.write(dir.resolve("b.npy"), 1, "<u2", fortran, SHAPE_4D, i -> value("u2", i));

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            float[] frame = new float[20];
            for (int f = 0; f < 6; f++) {
                dataset.readFrames(f, 1, frame);
                for (int p = 0; p < 20; p++) {
                    assertEquals(expected("u2", f * 20L + p), frame[p], 0f, "frame " + f + " pixel " + p);
                }
            }
        }
    }

    static Stream<Boolean> orders() {
        return Stream.of(false, true);
    }

    @Test
    void stackWithoutScanShapeIsOneRow() throws IOException {
        Path file = NpyFileWriter.write(dir.resolve("s.npy"), 1, "<f4", false, new long[] {6, 4, 5},
                i -> value("f4", i));

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            assertEquals(new ScanShape(1, 6), dataset.scanShape());
            assertEquals("single-row", dataset.metadata().get("scan_shape_source"));
            assertEquals(PixelType.FLOAT32, dataset.pixelType());
        }
    }

    @Test
    void stackTakesCallerScanShapeAndSkip() throws IOException {
        Path file = NpyFileWriter.write(dir.resolve("s.npy"), 2, ">i2", true, new long[] {7, 4, 5},
                i -> value("i2", i));
        OpenOptions options = OpenOptions.builder().scanShape(new ScanShape(2, 3)).skipFrames(1).build();

        try (ScanDataset dataset = ScanDatasets.open(file, options)) {
            float[] all = new float[6 * 20];
            dataset.readFrames(0, 6, all);

            assertEquals(new ScanShape(2, 3), dataset.scanShape());
            assertEquals("caller", dataset.metadata().get("scan_shape_source"));
            for (int i = 0; i < all.length; i++) {
                assertEquals(expected("i2", i + 20), all[i], 0f, "element " + i);
            }
        }
    }

    @Test
    void singleFrameIsOneByOneScan() throws IOException {
        Path file = NpyFileWriter.write(dir.resolve("f.npy"), 1, "<u1", false, new long[] {4, 5}, i -> value("u1", i));

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            assertEquals(new ScanShape(1, 1), dataset.scanShape());
            assertEquals(new FrameShape(4, 5), dataset.frameShape());
        }
    }

    @Test
    void metadataDescribesTheArray() throws IOException {
        Path file = NpyFileWriter.write(dir.resolve("m.npy"), 3, ">f8", true, SHAPE_4D, i -> value("f8", i));

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            assertEquals("3.0", dataset.metadata().get("npy_version"));
            assertEquals(">f8", dataset.metadata().get("dtype"));
            assertEquals("big-endian", dataset.metadata().get("byte_order"));
            assertEquals("(2, 3, 4, 5)", dataset.metadata().get("array_shape"));
            assertTrue(dataset.metadata().get("access").toString().contains("memory-mapped"));
        }
    }
}
