package io.github.stem4d.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The benchmark inputs are reproducible and have the promised content. */
class BenchInputsTest {

    @Test
    void framesRepeatForOneSeed() {
        float[] first = BenchFrames.frames(3, 64, 48, BenchFrames.Pixels.UINT16, 42);
        float[] second = BenchFrames.frames(3, 64, 48, BenchFrames.Pixels.UINT16, 42);

        assertEquals(3 * 64 * 48, first.length);
        assertArrayEquals(first, second);
        assertFalse(Arrays.equals(first, BenchFrames.frames(3, 64, 48, BenchFrames.Pixels.UINT16, 43)));
    }

    @Test
    void uint16FramesHoldWholeCounts() {
        float[] frames = BenchFrames.frames(2, 256, 256, BenchFrames.Pixels.UINT16, 1);

        float max = 0;
        for (float value : frames) {
            assertEquals(Math.rint(value), value, 0.0, "uint16 value must be a whole number");
            assertTrue(value >= 0, "uint16 value below 0: " + value);
            assertTrue(value <= 65535, "uint16 value above 65535: " + value);
            max = Math.max(max, value);
        }
        assertTrue(max > 1000, "direct beam missing: max " + max);
    }

    @Test
    void float32FramesHoldFractions() {
        float[] frames = BenchFrames.frames(1, 128, 128, BenchFrames.Pixels.FLOAT32, 1);

        long fractional = 0;
        for (float value : frames) {
            if (value != Math.rint(value)) {
                fractional++;
            }
        }
        assertTrue(fractional > frames.length / 2, "only " + fractional + " fractional values");
    }

    @Test
    void matricesHaveRequestedSize() {
        assertEquals(100 * 7, BenchMatrices.lowRank(100, 7, 3, 1).length);
        assertEquals(100 * 5, BenchMatrices.blobs(100, 5, 4, 1).length);
        assertArrayEquals(BenchMatrices.blobs(50, 5, 4, 9), BenchMatrices.blobs(50, 5, 4, 9));
    }
}
