package io.github.stem4d.analysis.kmeans;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Measures of agreement between two clusterings of the same items. Stateless and thread-safe. */
public final class ClusterAgreement {

    private ClusterAgreement() {
    }

    /**
     * Computes the adjusted Rand index of two labelings (Hubert and Arabie, "Comparing
     * partitions", Journal of Classification 2, 1985): 1 for identical partitions up to a
     * renaming of the labels, about 0 for independent ones, negative when they agree less than
     * chance. Label values are arbitrary integers. When both labelings put every item in one
     * cluster, or every item in its own cluster, the index is defined as 1.
     *
     * @param first labels of N items
     * @param second labels of the same N items
     * @return the adjusted Rand index, at most 1
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double adjustedRandIndex(int[] first, int[] second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first.length != second.length) {
            throw new IllegalArgumentException("labelings must have the same length, got "
                    + first.length + " and " + second.length);
        }
        int n = first.length;

        Map<Long, Long> pairs = new HashMap<>();
        Map<Integer, Long> firstSizes = new HashMap<>();
        Map<Integer, Long> secondSizes = new HashMap<>();
        for (int i = 0; i < n; i++) {
            long key = ((long) first[i] << 32) | (second[i] & 0xffffffffL);
            pairs.merge(key, 1L, Long::sum);
            firstSizes.merge(first[i], 1L, Long::sum);
            secondSizes.merge(second[i], 1L, Long::sum);
        }

        double index = 0;
        for (long count : pairs.values()) {
            index += pairsOf(count);
        }
        double firstPairs = 0;
        for (long count : firstSizes.values()) {
            firstPairs += pairsOf(count);
        }
        double secondPairs = 0;
        for (long count : secondSizes.values()) {
            secondPairs += pairsOf(count);
        }
        double expected = n < 2 ? 0 : firstPairs * secondPairs / pairsOf(n);
        double maximum = (firstPairs + secondPairs) / 2;
        if (maximum == expected) {
            return 1.0;
        }
        return (index - expected) / (maximum - expected);
    }

    private static double pairsOf(long count) {
        return count * (count - 1) / 2.0;
    }
}
