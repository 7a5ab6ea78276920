package io.github.stem4d.analysis.features;

/**
 * Table of {@code Math.log1p(n)} for the integers 0 to 65535, shared read-only by all workers.
 *
 * <p>Detector counts are integers, so a table look-up replaces most {@code log1p} calls and
 * gives the same value as the call.
 */
final class LogTable {

    /** Number of table entries; integer values from 0 to {@code SIZE - 1} are in the table. */
    static final int SIZE = 65536;

    private static final double[] LOG1P = build();

    private LogTable() {
    }

    /** Returns the shared table; callers must not modify it. */
    static double[] log1p() {
        return LOG1P;
    }

    /**
     * Returns {@code log1p(max(v, 0))}, with 0 for NaN and infinity. Integers come from the table;
     * other values differ from {@code Math.log1p} by at most a few units in the last place.
     */
    static double log1pClamped(float v) {
        if (v >= 0 && v < SIZE) {
            int n = (int) v;
            return n == v ? LOG1P[n] : log1pFraction(v);
        }
        return v > 0 && v <= Float.MAX_VALUE ? log1pFraction(v) : 0;
    }

    /**
     * Returns log(1 + v) for v >= 0 through {@code Math.log}, which the JIT compiles to a fast
     * intrinsic where {@code Math.log1p} is a slow library call. Below 1e-4 the series
     * v - v^2/2 + v^3/3 - v^4/4 is used instead, whose relative error v^4/5 is below 2e-17.
     */
    static double log1pFraction(double v) {
        if (v < 1e-4) {
            return v * (1 - v * (0.5 - v * (1.0 / 3 - v * 0.25)));
        }
        return Math.log(1 + v);
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
