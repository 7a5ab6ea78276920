package io.github.stem4d.bench;

import io.github.stem4d.analysis.features.FeatureExtractors;
import io.github.stem4d.analysis.features.ParallelFeatureExtraction;
import io.github.stem4d.analysis.features.PreparedExtractor;
import io.github.stem4d.analysis.scan.FrameShape;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One block of {@value #BLOCK_FRAMES} frames through {@link ParallelFeatureExtraction}, as the
 * pipeline calls it between reads.
 *
 * <p>The score is frames per second over all threads ({@code @OperationsPerInvocation} counts
 * each call as {@value #BLOCK_FRAMES} operations).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParallelExtractionBenchmark {

    /** Frames per block: the pipeline's default block size. */
    static final int BLOCK_FRAMES = 256;

    @Param({"polar-harmonics", "binned-pattern"})
    public String extractor;

    /** Detector rows and columns (square frames). */
    @Param({"256"})
    public int detector;

    /** {@code uint16} (whole counts) or {@code float32} (fractional values). */
    @Param({"uint16"})
    public String pixels;

    /** Threads of the extraction pool. */
    @Param({"1", "2"})
    public int threads;

    private float[] frames;
    private double[] features;
    private ParallelFeatureExtraction extraction;

    @Setup
    public void setUp() {
        FrameShape shape = new FrameShape(detector, detector);
        PreparedExtractor prepared = FeatureExtractors.byName(extractor).prepare(shape, Map.of());
        frames = BenchFrames.frames(BLOCK_FRAMES, detector, detector, BenchFrames.Pixels.parse(pixels), 7L);
        features = new double[BLOCK_FRAMES * prepared.dimension()];
        extraction = new ParallelFeatureExtraction(prepared, threads);
    }

    @TearDown
    public void tearDown() {
        extraction.close();
    }

    /** Computes the features of the whole block; returns the N x D matrix so that JMH consumes it. */
    @Benchmark
    @OperationsPerInvocation(BLOCK_FRAMES)
    public double[] extractBlock() {
        extraction.extractBlock(frames, BLOCK_FRAMES, features, 0);
        return features;
    }
}
