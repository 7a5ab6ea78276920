package io.github.stem4d.analysis.pca;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Principal component analysis of an N x D matrix through the eigendecomposition of its D x D
 * covariance matrix, suited to many rows and few columns (D up to a few hundred).
 *
 * <p>Steps: the column means are computed in a first pass; the centred (and, when
 * standardising, scaled) cross products {@code Xc^T Xc} are accumulated in a second pass, so no
 * large values cancel; the covariance is {@code Xc^T Xc / (N - 1)}. The symmetric eigenproblem is
 * solved with commons-math3's {@link EigenDecomposition}; eigenvalues are sorted descending, and
 * each eigenvector is flipped so that its entry of largest absolute value is positive (the first
 * such entry when several tie). Eigenvalues below zero, which only rounding produces, are set
 * to 0. The total variance is the trace of the covariance matrix (after standardising: the
 * number of non-constant columns). Above 256 columns, when at most half of the components are
 * kept, only the kept eigenpairs are computed: Householder reduction to tridiagonal form,
 * bisection and inverse iteration.
 *
 * <p>Standardising divides each centred column by its sample standard deviation (N - 1). A
 * constant column has standard deviation 0 and keeps scale 1, so it contributes zeros instead
 * of NaN.
 *
 * <p>Cost: O(N D^2) for the covariance plus O(D^3) for the eigendecomposition; memory O(D^2)
 * besides the input. The class is stateless and thread-safe; every call allocates its result.
 */
public final class Pca {

    /**
     * Widest covariance matrix decomposed whole with commons-math3; wider ones keeping at most
     * half of their components compute only the kept eigenpairs, which is several times faster.
     */
    static final int FULL_DECOMPOSITION_MAX_COLUMNS = 256;

    /** Rows per tile of the covariance accumulation; a tile of 1024 columns fits in 512 KiB. */
    private static final int TILE_ROWS = 64;

    /** Rows of the covariance accumulation between two calls of a fit's checkpoint; a multiple of {@link #TILE_ROWS}. */
    private static final int CHECKPOINT_ROWS = 1024;

    private Pca() {
    }

    /**
     * Fits a PCA to rows given as a jagged array.
     *
     * @param rows N rows of D values each, N at least 2
     * @param components number of components to keep; capped at D and at N - 1
     * @param standardize whether to divide the centred columns by their standard deviation
     * @return the fitted model, with {@code min(components, D, max(1, N - 1))} components
     * @throws IllegalArgumentException if there are fewer than 2 rows, the rows differ in length,
     *     {@code components} is below 1, or a value is NaN or infinite
     */
    public static PcaModel fit(double[][] rows, int components, boolean standardize) {
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            throw new IllegalArgumentException("PCA needs at least 2 rows, got 0");
        }
        int cols = rows[0] == null ? 0 : rows[0].length;
        double[] flat = new double[Math.multiplyExact(rows.length, cols)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                throw new IllegalArgumentException("row " + i + " is null; every row must hold " + cols + " values");
            }
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length
                        + " values but row 0 has " + cols + "; every row must have the same length");
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return fit(flat, rows.length, cols, components, standardize);
    }

    /**
     * Fits a PCA to a row-major matrix of doubles.
     *
     * @param data row-major N x D values; only the first {@code rows * cols} are read
     * @param rows N, at least 2
     * @param cols D, at least 1
     * @param components number of components to keep; capped at D and at N - 1
     * @param standardize whether to divide the centred columns by their standard deviation
     * @return the fitted model, with {@code min(components, D, max(1, N - 1))} components
     * @throws IllegalArgumentException if a size does not fit, {@code components} is below 1, or a
     *     value is NaN or infinite (the message names its row and column)
     */
    public static PcaModel fit(double[] data, int rows, int cols, int components, boolean standardize) {
        Objects.requireNonNull(data, "data");
        return fit(new DoubleMatrix(data), data.length, rows, cols, components, standardize, 1, () -> { });
    }

    /**
     * Fits a PCA to a row-major matrix of floats; arithmetic is done in double.
     *
     * @see #fit(double[], int, int, int, boolean)
     */
    public static PcaModel fit(float[] data, int rows, int cols, int components, boolean standardize) {
        return fit(data, rows, cols, components, standardize, 1);
    }

    /**
     * Fits a PCA to a row-major matrix of floats, computing the covariance on up to
     * {@code threads} threads (a pool created for this call); the result is identical for any
     * thread count.
     *
     * @throws IllegalArgumentException as {@link #fit(double[], int, int, int, boolean)}, or if
     *     {@code threads} is below 1
     */
    public static PcaModel fit(float[] data, int rows, int cols, int components, boolean standardize, int threads) {
        Objects.requireNonNull(data, "data");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return fit(data, rows, cols, components, standardize, threads, () -> { });
    }

    /**
     * Fits a PCA to a row-major matrix of floats as {@link #fit(float[], int, int, int, boolean, int)}
     * does, running {@code checkpoint} on the calling thread before every 1024 rows of the
     * covariance accumulation and before the eigendecomposition. An exception the checkpoint
     * throws (for example a {@link CancellationException}) ends the fit.
     *
     * @throws IllegalArgumentException as {@link #fit(float[], int, int, int, boolean, int)}
     */
    public static PcaModel fit(float[] data, int rows, int cols, int components, boolean standardize, int threads,
            Runnable checkpoint) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return fit(new FloatMatrix(data), data.length, rows, cols, components, standardize, threads, checkpoint);
    }

    /**
     * Projects every row of a row-major matrix onto the model's components on the calling thread.
     *
     * @param model a fitted model of dimension D
     * @param data row-major N x D values
     * @param rows N
     * @return a new row-major N x C array of scores, equal bit for bit to
     *     {@link PcaModel#transform} applied to each row
     * @throws IllegalArgumentException if {@code data} is shorter than {@code rows * D}
     */
    public static double[] transform(PcaModel model, double[] data, int rows) {
        return transform(model, data, rows, 1);
    }

    /**
     * Projects every row of a row-major matrix onto the model's components, splitting the rows
     * over up to {@code threads} threads of a pool created for this call, with at least 4096 rows
     * per thread. The scores are identical for any thread count.
     *
     * @param model a fitted model of dimension D
     * @param data row-major N x D values
     * @param rows N
     * @param threads largest number of threads to use, the calling thread included
     * @return a new row-major N x C array of scores, equal bit for bit to
     *     {@link PcaModel#transform} applied to each row
     * @throws IllegalArgumentException if {@code data} is shorter than {@code rows * D}, or
     *     {@code threads} is below 1
     */
    public static double[] transform(PcaModel model, double[] data, int rows, int threads) {
        Objects.requireNonNull(data, "data");
        checkTransform(model, data.length, rows, threads);
        return new Projection(model).project(index -> data[index], rows, threads);
    }

    /**
     * Projects every row of a row-major float matrix onto the model's components on the calling
     * thread; arithmetic is done in double.
     *
     * @see #transform(PcaModel, double[], int)
     */
    public static double[] transform(PcaModel model, float[] data, int rows) {
        return transform(model, data, rows, 1);
    }

    /**
     * Projects every row of a row-major float matrix onto the model's components on up to
     * {@code threads} threads; arithmetic is done in double.
     *
     * @see #transform(PcaModel, double[], int, int)
     */
    public static double[] transform(PcaModel model, float[] data, int rows, int threads) {
        Objects.requireNonNull(data, "data");
        checkTransform(model, data.length, rows, threads);
        return new Projection(model).project(index -> data[index], rows, threads);
    }

    private static void checkTransform(PcaModel model, int length, int rows, int threads) {
        Objects.requireNonNull(model, "model");
        checkLength(length, rows, model.dimension());
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    private static PcaModel fit(Matrix x, int length, int rows, int cols, int components, boolean standardize,
            int threads, Runnable checkpoint) {
        if (rows < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 rows, got " + rows);
        }
        if (cols < 1) {
            throw new IllegalArgumentException("PCA needs at least 1 column, got " + cols);
        }
        if (components < 1) {
            throw new IllegalArgumentException("components must be at least 1, got " + components);
        }
        checkLength(length, rows, cols);

        double[] mean = columnMeans(x, rows, cols);
        double[] scale = new double[cols];
        Arrays.fill(scale, 1.0);
        double[][] covariance = centredCovariance(x, rows, cols, mean, threads, checkpoint);
        if (standardize) {
            standardizeInPlace(covariance, scale);
        }
        checkpoint.run();

        // Centred data of N rows has rank at most N - 1, so further components carry no variance.
        int kept = Math.min(components, Math.min(cols, Math.max(1, rows - 1)));
        return decompose(covariance, mean, scale, kept, standardize);
    }

    private static double[] columnMeans(Matrix x, int rows, int cols) {
        double[] sum = new double[cols];
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                double value = x.get(base + j);
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("PCA input at row " + i + ", column " + j + " is " + value
                            + "; every value must be finite");
                }
                sum[j] += value;
            }
        }
        for (int j = 0; j < cols; j++) {
            sum[j] /= rows;
        }
        return sum;
    }

    /**
     * Accumulates the upper triangle of the centred cross products, then mirrors it. Rows are
     * taken in tiles of {@link #TILE_ROWS}, transposed so that each product is a contiguous dot
     * product, and tile sums are added in tile order. Threads split the output rows, so every
     * entry is summed in the same order for any thread count.
     */
    private static double[][] centredCovariance(Matrix x, int rows, int cols, double[] mean, int threads,
            Runnable checkpoint) {
        double[][] cov = new double[cols][cols];
        double[][] tile = new double[cols][TILE_ROWS];
        int[] bounds = triangleBounds(cols, Math.max(1, Math.min(threads, cols / 32)));
        ExecutorService pool = bounds.length > 2 ? Executors.newFixedThreadPool(bounds.length - 2, task -> {
            Thread thread = new Thread(task, "stem4d-pca");
            thread.setDaemon(true);
            return thread;
        }) : null;
        try {
            for (int first = 0; first < rows; first += TILE_ROWS) {
                if (first % CHECKPOINT_ROWS == 0) {
                    checkpoint.run();
                }
                int count = Math.min(TILE_ROWS, rows - first);
                for (int i = 0; i < count; i++) {
                    int base = (first + i) * cols;
                    for (int j = 0; j < cols; j++) {
                        tile[j][i] = x.get(base + j) - mean[j];
                    }
                }
                accumulateInParallel(pool, cov, tile, count, bounds);
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
                awaitStop(pool);
            }
        }

        double divisor = rows - 1.0;
        for (int j = 0; j < cols; j++) {
            for (int l = j; l < cols; l++) {
                cov[j][l] /= divisor;
                cov[l][j] = cov[j][l];
            }
        }
        return cov;
    }

    private static void awaitStop(ExecutorService pool) {
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void accumulateInParallel(ExecutorService pool, double[][] cov, double[][] tile, int count,
            int[] bounds) {
        if (pool == null) {
            accumulate(cov, tile, count, 0, cov.length);
            return;
        }
        List<Future<?>> pending = new ArrayList<>();
        for (int t = 1; t + 1 < bounds.length; t++) {
            int from = bounds[t];
            int to = bounds[t + 1];
            pending.add(pool.submit(() -> accumulate(cov, tile, count, from, to)));
        }
        accumulate(cov, tile, count, bounds[0], bounds[1]);
        for (Future<?> future : pending) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("PCA was interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException("PCA worker failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private static void accumulate(double[][] cov, double[][] tile, int count, int from, int to) {
        int cols = cov.length;
        for (int j = from; j < to; j++) {
            double[] left = tile[j];
            double[] target = cov[j];
            for (int l = j; l < cols; l++) {
                double[] right = tile[l];
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += left[i] * right[i];
                }
                target[l] += sum;
            }
        }
    }

    /** Splits rows 0..cols of an upper triangle into {@code parts} ranges of about equal area. */
    private static int[] triangleBounds(int cols, int parts) {
        int[] bounds = new int[parts + 1];
        double total = cols * (cols + 1) / 2.0;
        double done = 0;
        int part = 1;
        for (int j = 0; j < cols && part < parts; j++) {
            done += cols - j;
            if (done >= total * part / parts) {
                bounds[part++] = j + 1;
            }
        }
        while (part <= parts) {
            bounds[part++] = cols;
        }
        return bounds;
    }

    /** Turns a covariance matrix into the correlation matrix and records each column's scale. */
    private static void standardizeInPlace(double[][] cov, double[] scale) {
        int cols = scale.length;
        for (int j = 0; j < cols; j++) {
            double sd = Math.sqrt(cov[j][j]);
            scale[j] = sd > 0 ? sd : 1.0;
        }
        for (int j = 0; j < cols; j++) {
            for (int l = 0; l < cols; l++) {
                cov[j][l] /= scale[j] * scale[l];
            }
        }
    }

    private static PcaModel decompose(double[][] cov, double[] mean, double[] scale, int kept, boolean standardize) {
        int cols = mean.length;
        double total = 0;
        for (int j = 0; j < cols; j++) {
            total += cov[j][j];
        }
        if (cols > FULL_DECOMPOSITION_MAX_COLUMNS && kept <= cols / 2) {
            double[][] copy = new double[cols][];
            for (int j = 0; j < cols; j++) {
                copy[j] = cov[j].clone();
            }
            LargestEigenpairs.Pairs pairs = LargestEigenpairs.compute(copy, kept);
            return model(pairs.values(), pairs.vectors(), total, mean, scale, standardize);
        }

        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
        double[] values = eigen.getRealEigenvalues();
        RealMatrix vectors = eigen.getV();

        Integer[] order = new Integer[cols];
        for (int j = 0; j < cols; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));

        double[] keptValues = new double[kept];
        double[][] axes = new double[kept][];
        for (int c = 0; c < kept; c++) {
            keptValues[c] = values[order[c]];
            axes[c] = vectors.getColumn(order[c]);
        }
        return model(keptValues, axes, total, mean, scale, standardize);
    }

    private static PcaModel model(double[] values, double[][] axes, double trace, double[] mean, double[] scale,
            boolean standardize) {
        int kept = values.length;
        double total = Math.max(trace, 0);
        double[] variance = new double[kept];
        double[] ratio = new double[kept];
        for (int c = 0; c < kept; c++) {
            normalizeSign(axes[c]);
            variance[c] = Math.max(values[c], 0);
            ratio[c] = total > 0 ? variance[c] / total : 0;
        }
        return new PcaModel(mean, scale, axes, variance, ratio, total, standardize);
    }

    /** Flips the vector so that its first entry of largest absolute value is positive. */
    static void normalizeSign(double[] axis) {
        int largest = 0;
        for (int j = 1; j < axis.length; j++) {
            if (Math.abs(axis[j]) > Math.abs(axis[largest])) {
                largest = j;
            }
        }
        if (axis[largest] < 0) {
            for (int j = 0; j < axis.length; j++) {
                axis[j] = -axis[j];
            }
        }
    }

    private static void checkLength(int length, int rows, int cols) {
        long needed = (long) rows * cols;
        if (rows < 0 || needed > length) {
            throw new IllegalArgumentException("data holds " + length + " values but " + rows + " rows of "
                    + cols + " columns need " + needed);
        }
    }

    /** Read access to a row-major matrix of either precision, so the arithmetic is written once. */
    private interface Matrix {
        double get(int index);
    }

    private record DoubleMatrix(double[] values) implements Matrix {
        @Override
        public double get(int index) {
            return values[index];
        }
    }

    private record FloatMatrix(float[] values) implements Matrix {
        @Override
        public double get(int index) {
            return values[index];
        }
    }
}
