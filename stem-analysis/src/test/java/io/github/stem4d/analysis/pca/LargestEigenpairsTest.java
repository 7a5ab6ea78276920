package io.github.stem4d.analysis.pca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

class LargestEigenpairsTest {

    /** Covariance of n random rows whose column scales decay, plus correlated columns. */
    private static double[][] covariance(int d, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] c = new double[d][d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian() * Math.exp(-j / 30.0) + (j % 7 == 0 ? row[0] : 0);
            }
            for (int j = 0; j < d; j++) {
                for (int l = 0; l < d; l++) {
                    c[j][l] += row[j] * row[l] / n;
                }
            }
        }
        return c;
    }

    private static void assertMatchesFullDecomposition(double[][] c, int count) {
        int d = c.length;
        double[][] copy = new double[d][];
        for (int j = 0; j < d; j++) {
            copy[j] = c[j].clone();
        }
        LargestEigenpairs.Pairs pairs = LargestEigenpairs.compute(copy, count);
        EigenDecomposition full = new EigenDecomposition(new Array2DRowRealMatrix(c));
        double[] expected = full.getRealEigenvalues();
        double top = expected[0];

        for (int k = 0; k < count; k++) {
            assertEquals(expected[k], pairs.values()[k], 1e-12 * top, "eigenvalue " + k);
            double[] v = pairs.vectors()[k];
            double residual = 0;
            for (int i = 0; i < d; i++) {
                double product = 0;
                for (int j = 0; j < d; j++) {
                    product += c[i][j] * v[j];
                }
                residual += Math.pow(product - pairs.values()[k] * v[i], 2);
            }
            assertTrue(Math.sqrt(residual) <= 1e-12 * top, "residual of vector " + k + " is " + Math.sqrt(residual));
            for (int m = 0; m < k; m++) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += v[i] * pairs.vectors()[m][i];
                }
                assertEquals(0, dot, 1e-10, "vectors " + m + " and " + k + " are not orthogonal");
            }
        }
    }

    @Test
    void matchesFullDecompositionOfFullRankMatrix() {
        assertMatchesFullDecomposition(covariance(300, 400, 3), 50);
    }

    @Test
    void matchesFullDecompositionOfRankDeficientMatrix() {
        assertMatchesFullDecomposition(covariance(280, 60, 4), 70);
    }

    @Test
    void handlesDiagonalAndRepeatedEigenvalues() {
        double[][] c = new double[6][6];
        double[] values = {5, 3, 3, 3, 1, 0};
        for (int i = 0; i < 6; i++) {
            c[i][i] = values[i];
        }
        assertMatchesFullDecomposition(c, 5);
    }

    @Test
    void pcaUsesItAboveThresholdWithSameResult() {
        SplittableRandom random = new SplittableRandom(9);
        int n = 400;
        int d = Pca.FULL_DECOMPOSITION_MAX_COLUMNS + 40;
        double[] data = new double[n * d];
        for (int i = 0; i < n; i++) {
            double shared = random.nextGaussian();
            for (int j = 0; j < d; j++) {
                data[i * d + j] = shared * (j % 5) + random.nextGaussian() * Math.exp(-j / 50.0);
            }
        }
        PcaModel model = Pca.fit(data, n, d, 20, false);

        double[] mean = model.mean();
        double[][] cov = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                for (int l = 0; l < d; l++) {
                    cov[j][l] += (data[i * d + j] - mean[j]) * (data[i * d + l] - mean[l]) / (n - 1);
                }
            }
        }
        double[] expected = new EigenDecomposition(new Array2DRowRealMatrix(cov)).getRealEigenvalues();
        for (int c = 0; c < 20; c++) {
            assertEquals(expected[c], model.explainedVariance()[c], 1e-10 * expected[0], "eigenvalue " + c);
        }
    }
}
