package io.github.stem4d.analysis.pca;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Projects the rows of an N x D matrix onto a model's C components, giving the same bits as
 * {@link PcaModel#transform} row by row.
 *
 * <p>Each row is centred and scaled once into a buffer of D values. Every score then starts at 0
 * and receives {@code centred[j] * component[j]} for j = 0 to D - 1 in that order, the order of
 * {@link PcaModel#transform}, so the bits match. Eight scores (four components of two rows) are
 * summed at once from a transposed D x C copy of the components. Their additions proceed in
 * parallel, where the D dependent additions of a single score would each wait for the last.
 * Threads take contiguous ranges of rows, and every row is computed the same way on any thread,
 * so the scores are identical for any thread count.
 */
final class Projection {

    /**
     * Minimum number of rows per thread. It is an estimate, not a measured break-even: 4096 rows
     * of 68 columns to 50 components take about 3 ms on one thread.
     */
    private static final int MIN_ROWS_PER_THREAD = 4096;

    private final double[] mean;
    private final double[] scale;
    private final double[] transposed;
    private final int dimension;
    private final int componentCount;

    Projection(PcaModel model) {
        this.mean = model.mean();
        this.scale = model.scale();
        this.dimension = model.dimension();
        this.componentCount = model.componentCount();
        this.transposed = new double[dimension * componentCount];
        double[][] components = model.components();
        for (int c = 0; c < componentCount; c++) {
            for (int j = 0; j < dimension; j++) {
                transposed[j * componentCount + c] = components[c][j];
            }
        }
    }

    /** Row-major N x D values of either precision, read as double. */
    interface Rows {
        double get(int index);
    }

    /**
     * Returns the N x C scores of {@code rows} rows, computed on up to {@code threads} threads
     * (a pool created for this call when more than one thread is used).
     */
    double[] project(Rows data, int rows, int threads) {
        double[] scores = new double[Math.multiplyExact(rows, componentCount)];
        int parts = (int) Math.max(1, Math.min(threads, rows / (long) MIN_ROWS_PER_THREAD));
        if (parts == 1) {
            projectRange(data, 0, rows, scores);
            return scores;
        }

        ExecutorService pool = Executors.newFixedThreadPool(parts - 1, task -> {
            Thread thread = new Thread(task, "stem4d-pca-transform");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (int part = 1; part < parts; part++) {
                int from = (int) ((long) rows * part / parts);
                int to = (int) ((long) rows * (part + 1) / parts);
                pending.add(pool.submit(() -> projectRange(data, from, to, scores)));
            }
            projectRange(data, 0, (int) ((long) rows / parts), scores);
            for (Future<?> future : pending) {
                await(future);
            }
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return scores;
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("PCA projection was interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("PCA projection worker failed: " + e.getCause(), e.getCause());
        }
    }

    /** Writes the scores of rows [from, to) into {@code scores}. */
    private void projectRange(Rows data, int from, int to, double[] scores) {
        double[] first = new double[dimension];
        double[] second = new double[dimension];
        int i = from;
        for (; i + 1 < to; i += 2) {
            centre(data, i, first);
            centre(data, i + 1, second);
            projectPair(first, second, scores, i * componentCount);
        }
        if (i < to) {
            centre(data, i, first);
            projectOne(first, scores, i * componentCount);
        }
    }

    private void centre(Rows data, int row, double[] centred) {
        int start = row * dimension;
        for (int j = 0; j < dimension; j++) {
            centred[j] = (data.get(start + j) - mean[j]) / scale[j];
        }
    }

    /**
     * Writes the scores of two consecutive rows starting at {@code out}. Four components of both
     * rows are summed at a time in eight local variables, which the JIT keeps in registers, so
     * each weight loaded serves two rows and the eight sums add independently.
     */
    private void projectPair(double[] first, double[] second, double[] scores, int out) {
        int d = dimension;
        int c = componentCount;
        double[] w = transposed;
        int next = out + c;
        int k = 0;
        for (; k + 3 < c; k += 4) {
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            double b0 = 0;
            double b1 = 0;
            double b2 = 0;
            double b3 = 0;
            for (int j = 0; j < d; j++) {
                int at = j * c + k;
                double w0 = w[at];
                double w1 = w[at + 1];
                double w2 = w[at + 2];
                double w3 = w[at + 3];
                double x = first[j];
                double y = second[j];
                a0 += x * w0;
                a1 += x * w1;
                a2 += x * w2;
                a3 += x * w3;
                b0 += y * w0;
                b1 += y * w1;
                b2 += y * w2;
                b3 += y * w3;
            }
            scores[out + k] = a0;
            scores[out + k + 1] = a1;
            scores[out + k + 2] = a2;
            scores[out + k + 3] = a3;
            scores[next + k] = b0;
            scores[next + k + 1] = b1;
            scores[next + k + 2] = b2;
            scores[next + k + 3] = b3;
        }
        for (; k < c; k++) {
            double a = 0;
            double b = 0;
            for (int j = 0; j < d; j++) {
                double weight = w[j * c + k];
                a += first[j] * weight;
                b += second[j] * weight;
            }
            scores[out + k] = a;
            scores[next + k] = b;
        }
    }

    /** Writes the scores of one row starting at {@code out}, summed as {@link #projectPair} sums them. */
    private void projectOne(double[] centred, double[] scores, int out) {
        int d = dimension;
        int c = componentCount;
        for (int k = 0; k < c; k++) {
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += centred[j] * transposed[j * c + k];
            }
            scores[out + k] = sum;
        }
    }
}
