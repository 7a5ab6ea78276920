package io.github.stem4d.analysis.features;

/**
 * Natural logarithm of 1 + x for pixel values: a table of {@code Math.log1p(n)} for the integers
 * 0 to 65535, shared read-only by all workers, and {@link #log1pFloat} for other values.
 *
 * <p>Detector counts are integers, so a table look-up replaces most {@code log1p} calls and
 * gives the same value as the call.
 */
final class LogTable {

    /** Number of table entries; integer values from 0 to {@code SIZE - 1} are in the table. */
    static final int SIZE = 65536;

    private static final double[] LOG1P = build();

    /** Number of steps of {@link #log1pFloat}'s table between 1 and 2. */
    private static final int STEPS = 256;

    /** 1 + j / 256, its reciprocal and its natural logarithm for j = 0 to 256. */
    private static final double[] STEP_VALUE = new double[STEPS + 1];
    private static final double[] STEP_INVERSE = new double[STEPS + 1];
    private static final double[] STEP_LOG = new double[STEPS + 1];

    /**
     * ln 2 = LN2_HIGH + LN2_LOW to about 2^-80. LN2_HIGH has 24 significant bits, so k * LN2_HIGH
     * is exact for every exponent k of a float.
     */
    private static final double LN2_HIGH = 0x1.62e42fp-1;
    private static final double LN2_LOW = 0x1.df473de6af279p-26;

    static {
        for (int j = 0; j <= STEPS; j++) {
            double c = 1 + j / (double) STEPS;
            STEP_VALUE[j] = c;
            STEP_INVERSE[j] = 1 / c;
            STEP_LOG[j] = StrictMath.log(c);
        }
    }

    private LogTable() {
    }

    /** Returns the shared table; callers must not modify it. */
    static double[] log1p() {
        return LOG1P;
    }

    /**
     * Returns {@code log1p(max(v, 0))}, with 0 for NaN and infinity. Integers from 0 to 65535 come
     * from the table and equal {@code Math.log1p}. Other values come from {@link #log1pFloat}.
     */
    static double log1pClamped(float v) {
        int n = (int) v;
        // One test for whole counts, well predicted on count frames.
        // n == v fails for NaN, infinity and fractions.
        if (n == v && (n >>> 16) == 0) {
            return LOG1P[n];
        }
        return log1pClampedComputed(v);
    }

    /**
     * Returns {@code log1p(max(v, 0))} from {@link #log1pFloat} for every value, whole counts
     * included, with 0 for NaN and infinity. Without the test for whole counts no branch depends
     * on the pixel, which suits frames where exact zeros and fractions mix.
     */
    static double log1pClampedComputed(float v) {
        return log1pFloat(v <= Float.MAX_VALUE ? Math.max(v, 0f) : 0f);
    }

    /**
     * Returns log(1 + x) for a finite float x >= 0 within 2 units in the last place of
     * {@code StrictMath.log1p} (checked on every 97th float), in code that the JIT inlines.
     *
     * <p>On JDK 17, {@code Math.log1p} has no JIT intrinsic and costs about four times as much,
     * and {@code Math.log} is a call to a stub that costs about 1.2 to 1.3 times as much
     * (measured in loops over float values on a 2-core AMD EPYC virtual machine).
     *
     * <p>With 1 + x = 2^k * m and c the step of 1/256 nearest to m, log(1 + x) = k ln 2 + ln c +
     * log1p(r) where r = (m - c) / c and |r| <= 1/512, so a polynomial of degree 6 gives log1p(r)
     * to about 2^-55 relative. The difference m - c is computed as x - (2^k c - 1), which is exact
     * while 1 + x < 2^44, so tiny x keep their full relative precision.
     */
    static double log1pFloat(float x) {
        double value = x;
        long bits = Double.doubleToRawLongBits(1 + value);
        int biasedExponent = (int) (bits >>> 52);
        int k = biasedExponent - 1023;
        // The top 9 bits of the mantissa, rounded to 8, give the step of 1/256 nearest to m (0 to 256).
        int step = (int) ((bits >>> 43 & 0x1FF) + 1) >>> 1;
        double power = Double.longBitsToDouble((long) biasedExponent << 52);
        double inversePower = Double.longBitsToDouble((long) (2 * 1023 - biasedExponent) << 52);

        double r = (value - (power * STEP_VALUE[step] - 1)) * STEP_INVERSE[step] * inversePower;
        double r2 = r * r;
        double series = r + r2 * ((-0.5 + r * (1.0 / 3)) + r2 * ((-0.25 + r * 0.2) + r2 * (-1.0 / 6)));
        return k * LN2_HIGH + STEP_LOG[step] + (series + k * LN2_LOW);
    }

    /** Returns true if {@code v} is NaN or infinite. */
    static boolean isNonFinite(float v) {
        return !(Math.abs(v) <= Float.MAX_VALUE);
    }

    /** Returns true if any of {@code values[from..to)} is NaN or infinite. */
    static boolean anyNonFinite(float[] values, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!(Math.abs(values[k]) <= Float.MAX_VALUE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns true if the frame at {@code offset} contains a NaN or infinite value outside the
     * window of {@code windowRows x windowCols} pixels whose first pixel is (top, left).
     */
    static boolean anyNonFiniteOutside(float[] frames, int offset, int rows, int cols,
            int top, int left, int windowRows, int windowCols) {
        if (anyNonFinite(frames, offset, offset + top * cols)) {
            return true;
        }
        if (anyNonFinite(frames, offset + (top + windowRows) * cols, offset + rows * cols)) {
            return true;
        }
        for (int y = top; y < top + windowRows; y++) {
            int row = offset + y * cols;
            if (anyNonFinite(frames, row, row + left) || anyNonFinite(frames, row + left + windowCols, row + cols)) {
                return true;
            }
        }
        return false;
    }

    private static double[] build() {
        double[] table = new double[SIZE];
        for (int n = 0; n < SIZE; n++) {
            table[n] = Math.log1p(n);
        }
        return table;
    }
}
