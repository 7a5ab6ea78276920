package io.github.stem4d.analysis.features;

import io.github.stem4d.analysis.scan.FrameShape;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures the rough throughput of a feature extractor on synthetic 256x256 count frames in one JVM.
 * It is no unit test, and the JMH benchmarks in stem-bench give the precise numbers.
 *
 * <p>Arguments: extractor name (default polar-harmonics), seconds per measurement (default 5),
 * and {@code fractional} to add a random fraction in [0, 1) to every count.
 */
final class FeatureThroughput {

    private FeatureThroughput() {
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : PolarHarmonicsExtractor.NAME;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        int size = 256;
        int frameCount = 256;
        float[] frames = poissonFrames(frameCount, size, 1);
        if (args.length > 2 && args[2].equals("fractional")) {
            SplittableRandom random = new SplittableRandom(2);
            for (int k = 0; k < frames.length; k++) {
                frames[k] += (float) random.nextDouble();
            }
        }

        PreparedExtractor prepared = FeatureExtractors.byName(name).prepare(new FrameShape(size, size), Map.of());
        double[] features = new double[frameCount * prepared.dimension()];

        // Frames per second of CPU time of one thread, which other processes on the machine disturb less.
        PreparedExtractor.Worker worker = prepared.newWorker();
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) {
            long cpuStart = bean.getCurrentThreadCpuTime();
            long wallEnd = System.nanoTime() + (long) (seconds * 1e9 / 2);
            long done = 0;
            while (System.nanoTime() < wallEnd) {
                for (int f = 0; f < frameCount; f++) {
                    worker.extract(frames, f * size * size, features, f * prepared.dimension());
                }
                done += frameCount;
            }
            double cpu = (bean.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf("%s %dx%d, one worker: %.0f frames per CPU second%s%n", name, size, size, done / cpu,
                    round == 0 ? " (warm-up)" : "");
        }
        for (int threads = 1; threads <= 2; threads++) {
            try (ParallelFeatureExtraction extraction = new ParallelFeatureExtraction(prepared, threads)) {
                run(extraction, frames, frameCount, features, seconds / 2);
                long start = System.nanoTime();
                long done = run(extraction, frames, frameCount, features, seconds);
                double elapsed = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s %dx%d, %d thread(s): %.0f frames/s%n", name, size, size, threads, done / elapsed);
            }
        }
    }

    private static long run(ParallelFeatureExtraction extraction, float[] frames, int frameCount, double[] features,
            double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long done = 0;
        while (System.nanoTime() < end) {
            extraction.extractBlock(frames, frameCount, features, 0);
            done += frameCount;
        }
        return done;
    }

    /** Makes frames of Poisson counts: a bright central disk of radius 9 over a decaying background. */
    static float[] poissonFrames(int frameCount, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] frames = new float[frameCount * size * size];
        double centre = (size - 1) / 2.0;
        for (int f = 0; f < frameCount; f++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double r = Math.hypot(y - centre, x - centre);
                    double mean = r <= 9 ? 400 : 40 * Math.exp(-r / 22) + 0.3;
                    frames[(f * size + y) * size + x] = poisson(random, mean);
                }
            }
        }
        return frames;
    }

    private static int poisson(SplittableRandom random, double mean) {
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
