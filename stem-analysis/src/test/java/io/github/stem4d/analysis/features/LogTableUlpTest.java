package io.github.stem4d.analysis.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** log1pFloat against StrictMath.log1p at the edges: subnormals, powers of two, table steps, 2^44 and above. */
class LogTableUlpTest {

    @Test
    void log1pFloatWithinTwoUlpAtEdges() {
        StringBuilder worst = new StringBuilder();
        double maxUlps = 0;
        int maxBits = Float.floatToRawIntBits(Float.MAX_VALUE);
        for (int bits = 0; bits <= maxBits; bits += 1013) {
            maxUlps = Math.max(maxUlps, check(Float.intBitsToFloat(bits), worst));
        }
        for (int e = -149; e <= 127; e++) {
            float power = (float) Math.scalb(1.0, e);
            for (int d = -40; d <= 40; d++) {
                int bits = Float.floatToRawIntBits(power) + d;
                if (bits >= 0 && bits <= maxBits) {
                    maxUlps = Math.max(maxUlps, check(Float.intBitsToFloat(bits), worst));
                }
            }
        }
        for (int j = 0; j <= 512; j++) {
            for (int e = 0; e < 50; e++) {
                float x = (float) (Math.scalb(1 + j / 512.0, e) - 1);
                for (int d = -3; d <= 3; d++) {
                    int bits = Float.floatToRawIntBits(x) + d;
                    if (bits >= 0 && bits <= maxBits) {
                        maxUlps = Math.max(maxUlps, check(Float.intBitsToFloat(bits), worst));
                    }
                }
            }
        }
        assertEquals("", worst.toString(), "largest error " + maxUlps + " ulp");
    }

    private static double check(float x, StringBuilder worst) {
        double expected = StrictMath.log1p(x);
        double actual = LogTable.log1pFloat(x);
        double ulps = expected == 0 ? (actual == 0 ? 0 : Double.POSITIVE_INFINITY)
                : Math.abs(actual - expected) / Math.ulp(expected);
        if (!(ulps <= 2) && worst.length() < 2000) {
            worst.append(String.format("x=%s (%a): %s vs %s, %.1f ulp%n", x, x, actual, expected, ulps));
        }
        return ulps;
    }
}
