package io.github.stem4d.analysis.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The log1p shortcuts agree with Math.log1p. */
class LogTableTest {

    @Test
    void log1pMatchesMathLog1p() {
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 200_000; k++) {
            // Magnitudes from about 1e-38 to 1e38, integers and fractions.
            float v = (float) Math.pow(10, random.nextDouble(-38, 38));
            if (k % 3 == 0) {
                v = (float) Math.floor(random.nextDouble(0, 70000));
            }
            double expected = Math.log1p(v);
            assertEquals(expected, LogTable.log1pClamped(v), 4 * Math.ulp(expected) + 1e-300, "log1p(" + v + ")");
        }
    }

    @Test
    void log1pClampsNegativeAndNonFiniteToZero() {
        assertEquals(0, LogTable.log1pClamped(-3.5f));
        assertEquals(0, LogTable.log1pClamped(-Float.MIN_VALUE));
        assertEquals(0, LogTable.log1pClamped(-70000.25f));
        assertEquals(0, LogTable.log1pClamped(-Float.MAX_VALUE));
        assertEquals(0, LogTable.log1pClamped(Float.NEGATIVE_INFINITY));
        assertEquals(0, LogTable.log1pClamped(Float.POSITIVE_INFINITY));
        assertEquals(0, LogTable.log1pClamped(Float.NaN));
        assertEquals(0, LogTable.log1pClamped(Float.intBitsToFloat(0x7fc00001)), "NaN with a payload");
        assertEquals(0, Double.doubleToRawLongBits(LogTable.log1pClamped(-0f)), "-0 gives +0");
        assertEquals(Math.log1p(65535), LogTable.log1pClamped(65535f));
        assertEquals(Float.MIN_VALUE, LogTable.log1pClamped(Float.MIN_VALUE), 0);
    }

    @Test
    void wholeCountsEqualMathLog1p() {
        for (int n = 0; n < LogTable.SIZE; n++) {
            assertEquals(Math.log1p(n), LogTable.log1pClamped(n), 0, "log1p(" + n + ")");
        }
    }

    @Test
    void log1pFloatWithinTwoUlpOfStrictMath() {
        // Every 499th positive finite float, about 4.3 million values from 1.4e-45 to 3.4e38.
        double worst = 0;
        for (int bits = 0; bits < 0x7f80_0000; bits += 499) {
            worst = Math.max(worst, checkUlps(Float.intBitsToFloat(bits)));
        }
        // Both sides of every step of the table (1 + j / 256) and of its rounding midpoints,
        // where the exponent or the table entry changes.
        for (int k = 0; k < 60; k++) {
            for (int j = 0; j <= 512; j++) {
                float boundary = (float) (Math.scalb(1 + j / 512.0, k) - 1);
                float below = boundary;
                float above = boundary;
                for (int step = 0; step < 3; step++) {
                    worst = Math.max(worst, checkUlps(below));
                    worst = Math.max(worst, checkUlps(above));
                    below = Math.nextDown(below);
                    above = Math.nextUp(above);
                }
            }
        }
        assertTrue(worst <= 2, "largest error " + worst + " ulp");
    }

    @Test
    void log1pFloatKeepsRelativePrecisionOfTinyValues() {
        float[] tiny = {Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, 3e-10f, 1.1e-9f, 1e-7f, 5e-5f, 1e-4f, 1.2e-4f};
        for (float v : tiny) {
            double expected = StrictMath.log1p(v);
            assertEquals(expected, LogTable.log1pFloat(v), Math.ulp(expected), "log1p(" + v + ")");
        }
        assertEquals(0, Double.doubleToRawLongBits(LogTable.log1pFloat(0f)), "log1p(0) is +0");
        double largest = StrictMath.log1p(Float.MAX_VALUE);
        assertEquals(largest, LogTable.log1pFloat(Float.MAX_VALUE), 2 * Math.ulp(largest));
    }

    /** Returns the error of log1pFloat(v) in units in the last place of StrictMath.log1p(v). */
    private static double checkUlps(float v) {
        double expected = StrictMath.log1p(v);
        double actual = LogTable.log1pFloat(v);
        if (expected == 0) {
            assertEquals(0, actual, 0, "log1p(" + v + ")");
            return 0;
        }
        return Math.abs(actual - expected) / Math.ulp(expected);
    }
}
