package io.github.stem4d.io.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.stem4d.analysis.scan.PixelType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The array path of {@link Hdf5Pixels} returns what the per-element buffer path returns. */
class Hdf5PixelsTest {

    static Stream<Arguments> typesAndOrders() {
        return Stream.of(PixelType.values()).flatMap(type -> Stream.of(
                Arguments.of(type, ByteOrder.LITTLE_ENDIAN), Arguments.of(type, ByteOrder.BIG_ENDIAN)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("typesAndOrders")
    void arrayPathMatchesBufferPath(PixelType type, ByteOrder order) {
        int count = 1000;
        byte[] bytes = new byte[(count + 3) * type.bytes()];
        new Random(42).nextBytes(bytes);
        ByteBuffer heap = ByteBuffer.wrap(bytes).order(order);
        // A direct buffer has no array, so it takes the per-element path.
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).order(order);
        direct.put(bytes);

        float[] expectedFloat = new float[count + 2];
        float[] actualFloat = new float[count + 2];
        Hdf5Pixels.toFloat(direct, 3, type, count, expectedFloat, 1);
        Hdf5Pixels.toFloat(heap, 3, type, count, actualFloat, 1);
        assertArrayEquals(floatBits(expectedFloat), floatBits(actualFloat), "float bits");

        double[] expectedDouble = new double[count + 2];
        double[] actualDouble = new double[count + 2];
        Hdf5Pixels.toDouble(direct, 3, type, count, expectedDouble, 1);
        Hdf5Pixels.toDouble(heap, 3, type, count, actualDouble, 1);
        assertArrayEquals(doubleBits(expectedDouble), doubleBits(actualDouble), "double bits");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("typesAndOrders")
    void arrayPathChecksLimit(PixelType type, ByteOrder order) {
        ByteBuffer heap = ByteBuffer.wrap(new byte[64 * type.bytes()], 0, 10 * type.bytes()).order(order);
        assertThrows(IndexOutOfBoundsException.class,
                () -> Hdf5Pixels.toFloat(heap, 5, type, 6, new float[6], 0));
    }

    private static int[] floatBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static long[] doubleBits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }
}
