package io.github.stem4d.analysis.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Order statistics equal those of a full sort, for spread, clustered, tied and extreme data. */
class OrderStatisticsTest {

    @ParameterizedTest
    @ValueSource(strings = {"uniform", "ties", "outlier", "constant", "narrow", "two-values"})
    void ranksMatchSortedArray(String kind) {
        SplittableRandom random = new SplittableRandom(kind.hashCode());
        int n = 50176;
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = switch (kind) {
                case "uniform" -> random.nextDouble() * 11;
                case "ties" -> Math.log1p(random.nextInt(5));
                case "outlier" -> k == 17 ? 1e300 : random.nextDouble();
                case "constant" -> 2.5;
                case "narrow" -> 1 + random.nextInt(3) * Math.ulp(1.0);
                default -> k % 2 == 0 ? 0 : 1e-300;
            };
        }
        double[] copy = values.clone();
        int[] ranks = {0, 5017, 5018, 25087, 25088, 45157, 45158, 49924, 49925, n - 1};
        double[] out = new double[ranks.length];
        OrderStatistics statistics = new OrderStatistics(n, ranks.length);
        for (int round = 0; round < 2; round++) {
            statistics.select(values, n, ranks, out);
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            for (int r = 0; r < ranks.length; r++) {
                assertEquals(sorted[ranks[r]], out[r], 0, kind + " rank " + ranks[r]);
            }
        }
        assertEquals(0, Arrays.compare(copy, values), "input unchanged");
    }
}
