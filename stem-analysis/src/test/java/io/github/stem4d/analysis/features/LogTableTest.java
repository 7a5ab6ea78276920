package io.github.stem4d.analysis.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals(0, LogTable.log1pClamped(Float.NEGATIVE_INFINITY));
        assertEquals(0, LogTable.log1pClamped(Float.POSITIVE_INFINITY));
        assertEquals(0, LogTable.log1pClamped(Float.NaN));
        assertEquals(Math.log1p(65535), LogTable.log1pClamped(65535f));
        assertEquals(Float.MIN_VALUE, LogTable.log1pClamped(Float.MIN_VALUE), 0);
    }
}
