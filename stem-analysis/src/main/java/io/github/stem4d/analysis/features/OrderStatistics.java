package io.github.stem4d.analysis.features;

import java.util.Arrays;

/**
 * Exact order statistics of a double array without sorting it, with reusable scratch buffers.
 *
 * <p>A first pass counts the values in 4096 equal-width buckets between the minimum and the
 * maximum (the bucket index is a non-decreasing function of the value, so bucket order is
 * value order). A second pass gathers the values of the buckets that contain a requested
 * rank, and a selection (Hoare partition) finds each rank inside its bucket. One instance per
 * thread. Nothing is allocated after construction.
 */
final class OrderStatistics {

    private static final int BUCKETS = 4096;

    private final int[] counts = new int[BUCKETS];
    private final int[] slotOfBucket = new int[BUCKETS];
    private final int[] bucketOfRank;
    private final int[] rankInBucket;
    private final int[] slotFill;
    private final int[] slotStep;
    private final int trash;
    private final int[] slotBucket;
    private final double[] gathered;

    /**
     * @param capacity largest number of values passed to {@link #select}
     * @param maxRanks largest number of ranks requested at once
     */
    OrderStatistics(int capacity, int maxRanks) {
        bucketOfRank = new int[maxRanks];
        rankInBucket = new int[maxRanks];
        // Slots 0 to maxRanks - 1 collect selected buckets, and the last slot, trash, all others.
        slotFill = new int[maxRanks + 1];
        slotStep = new int[maxRanks + 1];
        slotBucket = new int[maxRanks];
        gathered = new double[capacity + 1];
        trash = maxRanks;
        Arrays.fill(slotOfBucket, trash);
    }

    /**
     * Stores in {@code out[r]} the value of rank {@code ranks[r]} (0-based) of the ascending
     * order of {@code values[0..n)}. The values must be finite, and {@code ranks} must be
     * ascending. {@code values} is not modified.
     */
    void select(double[] values, int n, int[] ranks, double[] out) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            double v = values[k];
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        if (min == max) {
            Arrays.fill(out, 0, ranks.length, min);
            return;
        }
        double scale = BUCKETS / (max - min);
        if (!Double.isFinite(scale)) {
            // The range is too narrow to split into buckets, so select on a copy of all values.
            System.arraycopy(values, 0, gathered, 0, n);
            selectRanks(gathered, 0, n, ranks, 0, ranks.length, 0, out);
            return;
        }

        Arrays.fill(counts, 0);
        for (int k = 0; k < n; k++) {
            counts[bucket(values[k], min, scale)]++;
        }
        int rank = 0;
        int below = 0;
        for (int b = 0; b < BUCKETS && rank < ranks.length; b++) {
            int end = below + counts[b];
            while (rank < ranks.length && ranks[rank] < end) {
                bucketOfRank[rank] = b;
                rankInBucket[rank] = ranks[rank] - below;
                rank++;
            }
            below = end;
        }

        int slots = 0;
        int start = 0;
        for (int r = 0; r < ranks.length; r++) {
            int b = bucketOfRank[r];
            if (slotOfBucket[b] == trash) {
                slotOfBucket[b] = slots;
                slotBucket[slots] = b;
                slotFill[slots] = start;
                slotStep[slots] = 1;
                start += counts[b];
                slots++;
            }
        }
        gather(values, n, min, scale, start);

        int from = 0;
        for (int s = 0; s < slots; s++) {
            int to = from + counts[slotBucket[s]];
            int firstRank = 0;
            while (slotOfBucket[bucketOfRank[firstRank]] != s) {
                firstRank++;
            }
            int lastRank = firstRank;
            while (lastRank < ranks.length && slotOfBucket[bucketOfRank[lastRank]] == s) {
                lastRank++;
            }
            selectRanks(gathered, from, to, rankInBucket, firstRank, lastRank, from, out);
            from = to;
        }
        for (int s = 0; s < slots; s++) {
            slotOfBucket[slotBucket[s]] = trash;
        }
    }

    /**
     * Copies the values of the selected buckets, bucket after bucket, to the start of
     * {@code gathered}. {@code selected} is the number of those values.
     */
    private void gather(double[] values, int n, double min, double scale, int selected) {
        if (selected <= n / 16) {
            // Few values are selected, so the branch is well predicted.
            for (int k = 0; k < n; k++) {
                double v = values[k];
                int slot = slotOfBucket[bucket(v, min, scale)];
                if (slot != trash) {
                    gathered[slotFill[slot]++] = v;
                }
            }
        } else {
            // Many values are selected (ties or a narrow peak), so a branch would often be
            // mispredicted. Every value is written instead, the unselected ones to the spare last element.
            slotFill[trash] = gathered.length - 1;
            slotStep[trash] = 0;
            for (int k = 0; k < n; k++) {
                double v = values[k];
                int slot = slotOfBucket[bucket(v, min, scale)];
                int position = slotFill[slot];
                gathered[position] = v;
                slotFill[slot] = position + slotStep[slot];
            }
        }
    }

    private static int bucket(double v, double min, double scale) {
        int b = (int) ((v - min) * scale);
        return Math.min(b, BUCKETS - 1);
    }

    /** Selects ascending ranks {@code ranks[first..last)}, relative to {@code base}, inside a[from..to). */
    private static void selectRanks(double[] a, int from, int to, int[] ranks, int first, int last, int base,
            double[] out) {
        // A bucket often contains one value many times (integer-like data), and then no selection is needed.
        boolean allEqual = true;
        for (int k = from + 1; k < to && allEqual; k++) {
            allEqual = a[k] == a[from];
        }
        if (allEqual) {
            Arrays.fill(out, first, last, a[from]);
            return;
        }

        int low = from;
        for (int r = first; r < last; r++) {
            int k = base + ranks[r];
            selectInPlace(a, low, to - 1, k);
            out[r] = a[k];
            low = k;
        }
    }

    /** Moves the k-th smallest of a[left..right] to index k (Hoare partition with a median-of-three pivot). */
    static void selectInPlace(double[] a, int left, int right, int k) {
        int l = left;
        int r = right;
        while (l < r) {
            double x = medianOfThree(a[l], a[(l + r) >>> 1], a[r]);
            int i = l;
            int j = r;
            do {
                while (a[i] < x) {
                    i++;
                }
                while (x < a[j]) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            } while (i <= j);
            if (j < k) {
                l = i;
            }
            if (k < i) {
                r = j;
            }
        }
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
