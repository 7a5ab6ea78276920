package io.github.stem4d.analysis.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClusterAgreementTest {

    @Test
    void knownExampleGivesFourSevenths() {
        // Pairs together: 1 in both; 1 in the first, 2 in the second; 6 pairs in all.
        // Expected index 1 * 2 / 6 = 1/3, maximum 3/2: (1 - 1/3) / (3/2 - 1/3) = 4/7.
        assertEquals(4.0 / 7, ClusterAgreement.adjustedRandIndex(new int[] {0, 0, 1, 2}, new int[] {0, 0, 1, 1}), 1e-15);
    }

    @Test
    void renamedLabelsAgreeFully() {
        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(new int[] {0, 0, 1, 1, 2}, new int[] {7, 7, -3, -3, 5}), 0);
    }

    @Test
    void independentLabelingsScoreZero() {
        assertEquals(0.0, ClusterAgreement.adjustedRandIndex(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3}), 0);
    }

    @Test
    void crossedLabelingsScoreNegative() {
        assertEquals(-0.5, ClusterAgreement.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), 1e-15);
    }

    @Test
    void trivialPartitionsAgreeFully() {
        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(new int[] {4, 4, 4}, new int[] {1, 1, 1}), 0);
        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(new int[] {0, 1, 2}, new int[] {2, 0, 1}), 0);
    }

    @Test
    void rejectsDifferentLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterAgreement.adjustedRandIndex(new int[] {0, 1}, new int[] {0}));
        assertEquals("labelings must have the same length, got 2 and 1", e.getMessage());
    }
}
