package io.github.stem4d.bench;

import io.github.stem4d.analysis.features.FeatureExtractors;
import io.github.stem4d.analysis.features.PreparedExtractor;
import io.github.stem4d.analysis.scan.FrameShape;
import java.util.Map;
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
 * Features of one frame on one thread, for each extractor, detector size and pixel type.
 *
 * <p>The score is frames per second on one thread. The state holds {@value #FRAMES} different
 * frames and each call takes the next one, so the result is not that of one frame kept hot
 * in the L1 cache.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FeatureExtractionBenchmark {

    /** Number of distinct frames the calls cycle through (a power of two). */
    static final int FRAMES = 16;

    @Param({"polar-harmonics", "binned-pattern"})
    public String extractor;

    /** Detector rows and columns (square frames). */
    @Param({"256", "512"})
    public int detector;

    /** {@code uint16} (whole counts) or {@code float32} (fractional values). */
    @Param({"uint16", "float32"})
    public String pixels;

    private float[] frames;
    private double[] features;
    private PreparedExtractor.Worker worker;
    private int pixelsPerFrame;
    private int next;

    @Setup
    public void setUp() {
        FrameShape shape = new FrameShape(detector, detector);
        PreparedExtractor prepared = FeatureExtractors.byName(extractor).prepare(shape, Map.of());
        frames = BenchFrames.frames(FRAMES, detector, detector, BenchFrames.Pixels.parse(pixels), 20_240_501L);
        features = new double[prepared.dimension()];
        worker = prepared.newWorker();
        pixelsPerFrame = shape.pixelCount();
    }

    /** Computes the features of the next frame; returns the feature row so that JMH consumes it. */
    @Benchmark
    public double[] extractOneFrame() {
        int frame = next;
        next = (frame + 1) & (FRAMES - 1);
        worker.extract(frames, frame * pixelsPerFrame, features, 0);
        return features;
    }
}
