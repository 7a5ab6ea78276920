package io.github.stem4d.bench;

import io.github.stem4d.analysis.pca.Pca;
import io.github.stem4d.analysis.pca.PcaModel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PCA of an N x D feature matrix as the pipeline runs it: fit (two passes over the rows and a
 * D x D eigendecomposition), then project every row onto the kept components.
 *
 * <p>Scores are milliseconds per call. The default size is a 256x256 scan (65,536 frames) of
 * 68 {@code polar-harmonics} features, keeping 50 components.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PcaBenchmark {

    /** N, the number of rows. */
    @Param({"65536"})
    public int rows;

    /** D, the number of columns. */
    @Param({"68"})
    public int cols;

    /** Components kept (capped at D). */
    @Param({"50"})
    public int components;

    @Param({"false", "true"})
    public boolean standardize;

    private double[] data;
    private PcaModel model;

    @Setup
    public void setUp() {
        data = BenchMatrices.lowRank(rows, cols, 12, 3L);
        model = Pca.fit(data, rows, cols, components, standardize);
    }

    /** Fits the model only. */
    @Benchmark
    public PcaModel fit() {
        return Pca.fit(data, rows, cols, components, standardize);
    }

    /** Projects every row onto a fitted model; returns the N x C scores. */
    @Benchmark
    public double[] transform() {
        return Pca.transform(model, data, rows);
    }

    /** Projects every row with the rows split over two threads and returns the N x C scores. */
    @Benchmark
    public double[] transformTwoThreads() {
        return Pca.transform(model, data, rows, 2);
    }
}
