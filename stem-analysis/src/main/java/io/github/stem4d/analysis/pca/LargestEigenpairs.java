package io.github.stem4d.analysis.pca;

import java.util.SplittableRandom;

/**
 * The largest eigenpairs of a dense symmetric matrix, for when only a few of many are needed.
 *
 * <p>The matrix is reduced to tridiagonal form by Householder reflections, the wanted
 * eigenvalues are found by bisection on Sturm sequence counts, their eigenvectors by inverse
 * iteration on the tridiagonal matrix (re-orthogonalized within clusters of close eigenvalues),
 * and the reflections carry those vectors back (Golub and Van Loan, "Matrix Computations",
 * 4th ed., sections 8.3.1, 8.4.1 and 8.2.2). Costs about 4 D^3 / 3 for the reduction plus
 * O(D^2 C) for C vectors, all on rows of the matrix, where a full decomposition also forms and
 * rotates every eigenvector.
 */
final class LargestEigenpairs {

    /** Inverse iteration steps per eigenvector; each multiplies the error by about the gap ratio. */
    private static final int INVERSE_ITERATIONS = 4;

    /** Eigenvalues closer than this fraction of the matrix norm are treated as one cluster. */
    private static final double CLUSTER_TOLERANCE = 1e-3;

    private LargestEigenpairs() {
    }

    /** Eigenvalues (descending) and unit eigenvectors (one per row). */
    record Pairs(double[] values, double[][] vectors) {
    }

    /**
     * Returns the {@code count} largest eigenpairs of {@code matrix}, which is overwritten.
     *
     * @param matrix symmetric D x D matrix; only the upper triangle is read, and it is destroyed
     * @param count number of pairs, 1 to D
     */
    static Pairs compute(double[][] matrix, int count) {
        int n = matrix.length;
        double[] diagonal = new double[n];
        double[] offDiagonal = new double[Math.max(n - 1, 0)];
        double[][] reflectors = new double[n][];
        double[] betas = new double[n];
        tridiagonalize(matrix, diagonal, offDiagonal, reflectors, betas);

        double norm = 0;
        for (int i = 0; i < n; i++) {
            double row = Math.abs(diagonal[i]) + (i > 0 ? Math.abs(offDiagonal[i - 1]) : 0)
                    + (i < n - 1 ? Math.abs(offDiagonal[i]) : 0);
            norm = Math.max(norm, row);
        }
        double[] values = new double[count];
        for (int j = 0; j < count; j++) {
            values[j] = bisect(diagonal, offDiagonal, n - 1 - j, norm);
        }

        double[][] vectors = new double[count][];
        SplittableRandom random = new SplittableRandom(0x1d2c3b4aL);
        for (int j = 0; j < count; j++) {
            int clusterStart = j;
            while (clusterStart > 0 && values[clusterStart - 1] - values[j] < CLUSTER_TOLERANCE * norm) {
                clusterStart--;
            }
            vectors[j] = inverseIteration(diagonal, offDiagonal, values[j], norm, vectors, clusterStart, j, random);
        }
        for (int j = 0; j < count; j++) {
            vectors[j] = backTransform(vectors[j], reflectors, betas);
        }
        return new Pairs(values, vectors);
    }

    /**
     * Reduces the matrix to tridiagonal form {@code Q^T A Q}; reflector k acts on indices
     * k+1..n-1 as {@code I - beta v v^T}. Reads and updates the upper triangle only, row by row.
     */
    private static void tridiagonalize(double[][] a, double[] diagonal, double[] offDiagonal,
            double[][] reflectors, double[] betas) {
        int n = a.length;
        double[] p = new double[n];
        for (int k = 0; k < n - 2; k++) {
            int m = n - k - 1;
            double[] v = new double[m];
            double scale = 0;
            for (int i = 0; i < m; i++) {
                v[i] = a[k][k + 1 + i];
                scale = Math.max(scale, Math.abs(v[i]));
            }
            diagonal[k] = a[k][k];
            if (scale == 0) {
                offDiagonal[k] = 0;
                reflectors[k] = v;
                betas[k] = 0;
                continue;
            }
            double length = 0;
            for (int i = 0; i < m; i++) {
                length += (v[i] / scale) * (v[i] / scale);
            }
            length = scale * Math.sqrt(length);
            double alpha = v[0] > 0 ? -length : length;
            v[0] -= alpha;
            double vv = 0;
            for (int i = 0; i < m; i++) {
                vv += v[i] * v[i];
            }
            double beta = 2 / vv;
            offDiagonal[k] = alpha;
            reflectors[k] = v;
            betas[k] = beta;

            // Trailing block S <- H S H = S - v w^T - w v^T, with p = beta S v and w = p - (beta/2)(v.p) v.
            // Only the upper triangle of S is read and updated.
            java.util.Arrays.fill(p, 0, m, 0);
            for (int i = 0; i < m; i++) {
                double[] row = a[k + 1 + i];
                double vi = v[i];
                double sum = row[k + 1 + i] * vi;
                for (int j = i + 1; j < m; j++) {
                    double value = row[k + 1 + j];
                    sum += value * v[j];
                    p[j] += value * vi;
                }
                p[i] += sum;
            }
            double vp = 0;
            for (int i = 0; i < m; i++) {
                p[i] *= beta;
                vp += v[i] * p[i];
            }
            double half = beta * vp / 2;
            for (int i = 0; i < m; i++) {
                p[i] -= half * v[i];
            }
            for (int i = 0; i < m; i++) {
                double[] row = a[k + 1 + i];
                double vi = v[i];
                double wi = p[i];
                for (int j = i; j < m; j++) {
                    row[k + 1 + j] -= vi * p[j] + wi * v[j];
                }
            }
        }
        if (n >= 2) {
            diagonal[n - 2] = a[n - 2][n - 2];
            offDiagonal[n - 2] = a[n - 2][n - 1];
        }
        diagonal[n - 1] = a[n - 1][n - 1];
        for (int k = Math.max(n - 2, 0); k < n; k++) {
            reflectors[k] = new double[0];
        }
    }

    /** Returns the number of eigenvalues of the tridiagonal matrix below {@code x} (Sturm sequence count). */
    private static int countBelow(double[] d, double[] e, double x, double tiny) {
        int count = 0;
        double q = 1;
        for (int i = 0; i < d.length; i++) {
            double off = i > 0 ? e[i - 1] * e[i - 1] / q : 0;
            q = d[i] - x - off;
            if (Math.abs(q) < tiny) {
                q = -tiny;
            }
            if (q < 0) {
                count++;
            }
        }
        return count;
    }

    /** Returns the eigenvalue with ascending index {@code index} by bisection on the Gershgorin interval. */
    private static double bisect(double[] d, double[] e, int index, double norm) {
        double tiny = Math.max(norm, Double.MIN_NORMAL) * 1e-300 + Double.MIN_NORMAL;
        double low = -norm - 1e-300;
        double high = norm + 1e-300;
        for (int step = 0; step < 200; step++) {
            double mid = (low + high) / 2;
            if (mid <= low || mid >= high || high - low <= 2 * Math.ulp(Math.max(Math.abs(low), Math.abs(high)))) {
                break;
            }
            if (countBelow(d, e, mid, tiny) > index) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return (low + high) / 2;
    }

    /**
     * Returns a unit eigenvector of the tridiagonal matrix for eigenvalue {@code lambda}, made
     * orthogonal to {@code vectors[from..to-1]} (the earlier members of its cluster).
     */
    private static double[] inverseIteration(double[] d, double[] e, double lambda, double norm,
            double[][] vectors, int from, int to, SplittableRandom random) {
        int n = d.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble() - 0.5;
        }
        // Shifting by a little more than the rounding error keeps the factorization finite.
        double shift = lambda + Math.max(norm, Double.MIN_NORMAL) * 1e-14;
        TridiagonalLu lu = new TridiagonalLu(d, e, shift, Math.max(norm, Double.MIN_NORMAL) * 1e-300);
        for (int step = 0; step < INVERSE_ITERATIONS; step++) {
            orthogonalize(x, vectors, from, to);
            normalize(x);
            lu.solveInPlace(x);
        }
        orthogonalize(x, vectors, from, to);
        normalize(x);
        return x;
    }

    private static void orthogonalize(double[] x, double[][] vectors, int from, int to) {
        for (int j = from; j < to; j++) {
            double dot = 0;
            for (int i = 0; i < x.length; i++) {
                dot += x[i] * vectors[j][i];
            }
            for (int i = 0; i < x.length; i++) {
                x[i] -= dot * vectors[j][i];
            }
        }
    }

    private static void normalize(double[] x) {
        double max = 0;
        for (double value : x) {
            max = Math.max(max, Math.abs(value));
        }
        if (max == 0 || !Double.isFinite(max)) {
            java.util.Arrays.fill(x, 1);
            max = 1;
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] /= max;
            sum += x[i] * x[i];
        }
        double length = Math.sqrt(sum);
        for (int i = 0; i < x.length; i++) {
            x[i] /= length;
        }
    }

    /** Returns {@code Q y} for the reflectors of {@link #tridiagonalize}, applied last to first. */
    private static double[] backTransform(double[] y, double[][] reflectors, double[] betas) {
        int n = y.length;
        double[] x = y.clone();
        for (int k = n - 3; k >= 0; k--) {
            double[] v = reflectors[k];
            if (betas[k] == 0) {
                continue;
            }
            double dot = 0;
            for (int i = 0; i < v.length; i++) {
                dot += v[i] * x[k + 1 + i];
            }
            double factor = betas[k] * dot;
            for (int i = 0; i < v.length; i++) {
                x[k + 1 + i] -= factor * v[i];
            }
        }
        normalize(x);
        return x;
    }

    /**
     * LU factorization with partial pivoting of {@code T - shift I} for tridiagonal T, giving an
     * upper triangular U with two superdiagonals; zero pivots are replaced by {@code tiny}.
     */
    private static final class TridiagonalLu {
        private final double[] diagonal;
        private final double[] upper1;
        private final double[] upper2;
        private final double[] multipliers;
        private final boolean[] swapped;

        TridiagonalLu(double[] d, double[] e, double shift, double tiny) {
            int n = d.length;
            diagonal = new double[n];
            upper1 = new double[n];
            upper2 = new double[n];
            multipliers = new double[n];
            swapped = new boolean[n];
            double[] lower = new double[n];
            for (int i = 0; i < n; i++) {
                diagonal[i] = d[i] - shift;
                if (i < n - 1) {
                    upper1[i] = e[i];
                    lower[i] = e[i];
                }
            }
            for (int i = 0; i < n - 1; i++) {
                double below = lower[i];
                if (Math.abs(diagonal[i]) >= Math.abs(below)) {
                    if (diagonal[i] == 0) {
                        diagonal[i] = tiny;
                    }
                    double factor = below / diagonal[i];
                    multipliers[i] = factor;
                    diagonal[i + 1] -= factor * upper1[i];
                    upper2[i] = 0;
                } else {
                    double factor = diagonal[i] / below;
                    multipliers[i] = factor;
                    swapped[i] = true;
                    double oldUpper1 = upper1[i];
                    double nextDiagonal = diagonal[i + 1];
                    double nextUpper = i + 1 < n - 1 ? upper1[i + 1] : 0;
                    diagonal[i] = below;
                    upper1[i] = nextDiagonal;
                    upper2[i] = nextUpper;
                    diagonal[i + 1] = oldUpper1 - factor * nextDiagonal;
                    if (i + 1 < n - 1) {
                        upper1[i + 1] = -factor * nextUpper;
                    }
                }
            }
            if (diagonal[n - 1] == 0) {
                diagonal[n - 1] = tiny;
            }
        }

        void solveInPlace(double[] x) {
            int n = x.length;
            for (int i = 0; i < n - 1; i++) {
                if (swapped[i]) {
                    double top = x[i];
                    x[i] = x[i + 1];
                    x[i + 1] = top - multipliers[i] * x[i];
                } else {
                    x[i + 1] -= multipliers[i] * x[i];
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                double sum = x[i];
                if (i + 1 < n) {
                    sum -= upper1[i] * x[i + 1];
                }
                if (i + 2 < n) {
                    sum -= upper2[i] * x[i + 2];
                }
                x[i] = sum / diagonal[i];
                if (!Double.isFinite(x[i])) {
                    x[i] = Math.copySign(Double.MAX_VALUE / n, x[i]);
                }
            }
        }
    }
}
