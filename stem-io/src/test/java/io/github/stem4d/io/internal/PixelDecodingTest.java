package io.github.stem4d.io.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.stem4d.analysis.scan.PixelType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bulk decoding of 16-bit pixels agrees with decoding one pixel at a time, in both byte orders. */
class PixelDecodingTest {

    @Test
    void shortsMatchOnePixelDecoding() {
        // More pixels than one scratch run, at an odd byte index and destination offset.
        int count = 20_001;
        int index = 7;
        int offset = 3;
        Random random = new Random(42);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            for (boolean direct : new boolean[] {true, false}) {
                ByteBuffer source = (direct ? ByteBuffer.allocateDirect(index + 2 * count + 5)
                        : ByteBuffer.allocate(index + 2 * count + 5)).order(order);
                byte[] bytes = new byte[source.capacity()];
                random.nextBytes(bytes);
                source.put(0, bytes);
                source.position(5).limit(index + 2 * count);

                for (PixelType type : new PixelType[] {PixelType.UINT16, PixelType.INT16}) {
                    float[] expected = new float[offset + count];
                    for (int i = 0; i < count; i++) {
                        expected[offset + i] = PixelDecoding.decodeOne(source, index + 2 * i, type);
                    }
                    float[] actual = new float[offset + count];

                    PixelDecoding.decode(source, index, type, count, actual, offset);

                    String label = type + " " + order + (direct ? " direct" : " heap");
                    assertArrayEquals(expected, actual, label);
                    assertEquals(5, source.position(), label + " keeps the position");
                    assertEquals(index + 2 * count, source.limit(), label + " keeps the limit");
                }
            }
        }
    }
}
