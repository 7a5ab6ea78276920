package io.github.stem4d.analysis.pca;

import java.util.Arrays;

/**
 * A fitted principal component analysis of an N x D matrix.
 *
 * <p>Arrays are not copied; treat them as read-only.
 *
 * @param mean column means subtracted before projection, length D
 * @param scale column scales divided after centring (all 1 when not standardised), length D
 * @param components C x D; row c is the unit eigenvector of component c, with its largest
 *     absolute entry made positive
 * @param explainedVariance eigenvalue of each kept component (variance of its scores, divided by N-1), length C
 * @param explainedVarianceRatio {@code explainedVariance / totalVariance}, length C
 * @param totalVariance sum of all D eigenvalues
 * @param standardized whether columns were divided by their standard deviation
 */
public record PcaModel(double[] mean, double[] scale, double[][] components, double[] explainedVariance,
        double[] explainedVarianceRatio, double totalVariance, boolean standardized) {

    /** Returns D, the number of input columns. */
    public int dimension() {
        return mean.length;
    }

    /** Returns C, the number of kept components. */
    public int componentCount() {
        return components.length;
    }

    /**
     * Projects one row onto the components: score c is the sum over j = 0 to D - 1, in that
     * order, of {@code (row[j] - mean[j]) / scale[j] * components[c][j]}.
     * {@link Pca#transform(PcaModel, double[], int, int)} projects many rows faster with the same result.
     *
     * @param row D values starting at {@code rowOffset}
     * @param scores receives C values starting at {@code scoresOffset}
     */
    public void transform(double[] row, int rowOffset, double[] scores, int scoresOffset) {
        int d = mean.length;
        int count = components.length;
        Arrays.fill(scores, scoresOffset, scoresOffset + count, 0);
        for (int j = 0; j < d; j++) {
            double value = (row[rowOffset + j] - mean[j]) / scale[j];
            for (int c = 0; c < count; c++) {
                scores[scoresOffset + c] += value * components[c][j];
            }
        }
    }
}
