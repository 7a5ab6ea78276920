package io.github.stem4d.bench;

import java.util.SplittableRandom;

/** Builds the fixed-seed feature and score matrices of the PCA and k-means benchmarks. */
final class BenchMatrices {

    private BenchMatrices() {
    }

    /**
     * Returns a row-major N x D matrix of rank {@code factors} plus noise, shaped like a feature
     * matrix: a few strong directions, every column correlated with several others, and column
     * standard deviations that differ by up to two orders of magnitude.
     */
    static double[] lowRank(int rows, int cols, int factors, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] loadings = new double[factors][cols];
        for (double[] loading : loadings) {
            for (int j = 0; j < cols; j++) {
                loading[j] = random.nextDouble(-1, 1) * (0.1 + j % 10);
            }
        }
        double[] latent = new double[factors];
        double[] data = new double[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < factors; f++) {
                latent[f] = gaussian(random) / (1 + f);
            }
            for (int j = 0; j < cols; j++) {
                double value = 0.05 * gaussian(random);
                for (int f = 0; f < factors; f++) {
                    value += latent[f] * loadings[f][j];
                }
                data[i * cols + j] = value;
            }
        }
        return data;
    }

    /**
     * Returns a row-major N x C matrix of {@code clusters} Gaussian blobs of unequal sizes and
     * spreads whose neighbours overlap, like principal component scores of a scan with
     * {@code clusters} phases.
     */
    static double[] blobs(int rows, int cols, int clusters, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[clusters][cols];
        double[] spread = new double[clusters];
        for (int c = 0; c < clusters; c++) {
            for (int j = 0; j < cols; j++) {
                centres[c][j] = random.nextDouble(-4, 4) / (1 + j / 5.0);
            }
            spread[c] = random.nextDouble(0.3, 1.2);
        }
        double[] data = new double[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < rows; i++) {
            // Squaring a uniform draw makes low cluster indices more frequent than high ones.
            double u = random.nextDouble();
            int c = (int) (u * u * clusters);
            for (int j = 0; j < cols; j++) {
                data[i * cols + j] = centres[c][j] + spread[c] * gaussian(random) / (1 + j / 5.0);
            }
        }
        return data;
    }

    private static double gaussian(SplittableRandom random) {
        double sum = random.nextDouble() + random.nextDouble() + random.nextDouble() + random.nextDouble();
        return (sum - 2.0) * Math.sqrt(3.0);
    }
}
