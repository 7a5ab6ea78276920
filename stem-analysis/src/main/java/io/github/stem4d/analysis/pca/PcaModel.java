package io.github.stem4d.analysis.pca;

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
     * Projects one row onto the components.
     *
     * @param row D values starting at {@code rowOffset}
     * @param scores receives C values starting at {@code scoresOffset}
     */
    public void transform(double[] row, int rowOffset, double[] scores, int scoresOffset) {
        int d = mean.length;
        for (int c = 0; c < components.length; c++) {
            double[] axis = components[c];
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += (row[rowOffset + j] - mean[j]) / scale[j] * axis[j];
            }
            scores[scoresOffset + c] = sum;
        }
    }
}
