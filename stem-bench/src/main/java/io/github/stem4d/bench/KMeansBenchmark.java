package io.github.stem4d.bench;

import io.github.stem4d.analysis.kmeans.KMeans;
import io.github.stem4d.analysis.kmeans.KMeansResult;
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
 * K-means on principal component scores with the analysis defaults: k-means++ seeding,
 * Lloyd's algorithm up to 300 iterations with tolerance 1e-6, fixed seed.
 *
 * <p>Scores are milliseconds per complete fit (all restarts). The data are {@code k} Gaussian
 * blobs of unequal sizes in C dimensions with a fixed seed, so every call does the same
 * iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KMeansBenchmark {

    /** N, the number of rows. */
    @Param({"65536"})
    public int rows;

    /** C, the number of columns (principal components). */
    @Param({"50"})
    public int cols;

    @Param({"16"})
    public int k;

    /** Full restarts; the analysis default is 10. */
    @Param({"1", "10"})
    public int restarts;

    @Param({"1", "2"})
    public int threads;

    private double[] data;
    private KMeans kmeans;

    @Setup
    public void setUp() {
        data = BenchMatrices.blobs(rows, cols, k, 5L);
        kmeans = KMeans.builder(k).restarts(restarts).seed(0).threads(threads).build();
    }

    /** Runs every restart and returns the best one. */
    @Benchmark
    public KMeansResult fit() {
        return kmeans.fit(data, rows, cols);
    }
}
