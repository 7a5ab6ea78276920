package io.github.stem4d.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the pipeline on degenerate scans: tiny, constant, non-finite, failing and cancelled ones. */
class PipelineEdgeCaseTest {

    /** Pixel value of frame {@code f} at detector pixel {@code p}. */
    @FunctionalInterface
    interface PixelRule {
        float value(long frame, int pixel);
    }

    /** A scan computed on the fly; {@code failAt} makes the read covering that frame fail. */
    static class ComputedScan implements ScanDataset {
        final ScanShape scanShape;
        final FrameShape frameShape;
        final PixelRule rule;
        volatile long failAt = -1;

        ComputedScan(ScanShape scanShape, FrameShape frameShape, PixelRule rule) {
            this.scanShape = scanShape;
            this.frameShape = frameShape;
            this.rule = rule;
        }

        @Override
        public ScanShape scanShape() {
            return scanShape;
        }

        @Override
        public FrameShape frameShape() {
            return frameShape;
        }

        @Override
        public PixelType pixelType() {
            return PixelType.FLOAT32;
        }

        @Override
        public String format() {
            return "computed";
        }

        @Override
        public Map<String, Object> metadata() {
            return Map.of();
        }

        @Override
        public void readFrames(long firstFrame, int count, float[] destination) throws IOException {
            if (failAt >= firstFrame && failAt < firstFrame + count) {
                throw new EOFException("file ends inside frame " + failAt);
            }
            int pixels = frameShape.pixelCount();
            for (int f = 0; f < count; f++) {
                for (int p = 0; p < pixels; p++) {
                    destination[f * pixels + p] = rule.value(firstFrame + f, p);
                }
            }
        }

        @Override
        public void close() {
        }
    }

    /** Two kinds of frames (even and odd scan columns) with a little per-frame noise. */
    static PixelRule twoPhases(FrameShape shape) {
        return (frame, pixel) -> {
            int r = pixel / shape.cols();
            int c = pixel % shape.cols();
            double noise = ((frame * 7919 + pixel * 104729L) % 1000) / 1000.0;
            double base = (frame % 2 == 0) == (r < shape.rows() / 2) ? 100 : 10;
            return (float) (base + c + noise);
        };
    }

    private static AnalysisSettings.Builder binned(String grid) {
        return AnalysisSettings.builder().features("binned-pattern").featureOption("grid", grid);
    }

    private static AnalysisResult run(AnalysisSettings settings, ScanDataset scan) throws IOException {
        return new ScanAnalyzer(settings, ProgressListener.NONE, CancellationToken.NONE).analyze("edge", scan);
    }

    private static void assertAllFinite(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            assertTrue(Double.isFinite(values[i]), what + "[" + i + "] = " + values[i]);
        }
    }

    private static void assertFiniteResult(AnalysisResult result) {
        assertAllFinite("scores", result.scores());
        assertAllFinite("squaredDistances", result.kmeans().squaredDistances());
        assertAllFinite("explainedVariance", result.pca().explainedVariance());
        for (double[] centroid : result.kmeans().centroids()) {
            assertAllFinite("centroid", centroid);
        }
        for (double[] component : result.pca().components()) {
            assertAllFinite("component", component);
        }
    }

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    /**
     * Returns the live threads named {@code prefix*} once there are at most {@code limit}, or
     * after 10 s. A stopped pool's threads can stay alive for a moment after the pool reports
     * termination, longer on a loaded machine, so an immediate count could see them.
     */
    private static long liveThreadsSettled(String prefix, long limit) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long live = liveThreads(prefix);
        while (live > limit && System.nanoTime() < deadline) {
            Thread.sleep(10);
            live = liveThreads(prefix);
        }
        return live;
    }

    @Test
    void singleFrameRejected() {
        ComputedScan scan = new ComputedScan(new ScanShape(1, 1), new FrameShape(16, 16), twoPhases(new FrameShape(16, 16)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(binned("4x4").k(1).build(), scan));
        assertTrue(e.getMessage().contains("at least 2 frames"), e.getMessage());
    }

    @Test
    void frameCountBelowScanShapeRejected() {
        FrameShape shape = new FrameShape(16, 16);
        ComputedScan scan = new ComputedScan(new ScanShape(4, 4), shape, twoPhases(shape)) {
            @Override
            public long frameCount() {
                return 12;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(binned("4x4").k(2).build(), scan));
        assertTrue(e.getMessage().contains("reports 12 frames but its scan shape 4x4 has 16"), e.getMessage());
    }

    @Test
    void runtimeFailureOfReaderNamesFrames() {
        FrameShape shape = new FrameShape(16, 16);
        ComputedScan scan = new ComputedScan(new ScanShape(4, 4), shape, (frame, pixel) -> {
            if (frame == 9) {
                throw new IndexOutOfBoundsException("frame 9 is past the end of the data");
            }
            return pixel;
        });
        IOException e = assertThrows(IOException.class, () -> run(binned("4x4").k(2).blockFrames(4).build(), scan));
        assertTrue(e.getMessage().contains("reading frames 8 to 11 of 16 failed"), e.getMessage());
        assertTrue(e.getCause() instanceof IndexOutOfBoundsException, "cause kept");
    }

    @Test
    void outputFolderThatIsFileRejected(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("results"), "keep");
        NotDirectoryException e = assertThrows(NotDirectoryException.class, () -> Analysis.analyze(
                folder.resolve("missing.h5"), file, AnalysisSettings.defaults(), OpenOptions.defaults(),
                ProgressListener.NONE, CancellationToken.NONE));
        assertTrue(e.getMessage().contains("'" + file + "' exists but is not a folder"), e.getMessage());
        assertEquals("keep", Files.readString(file));
    }

    @Test
    void hugeThreadCountCapped() throws IOException {
        FrameShape shape = new FrameShape(64, 64);
        ComputedScan scan = new ComputedScan(new ScanShape(20, 20), shape, twoPhases(shape));
        AnalysisResult reference = run(AnalysisSettings.builder().k(2).threads(1).build(), scan);
        AnalysisResult many = run(AnalysisSettings.builder().k(2).threads(100_000).build(), scan);
        assertArrayEquals(reference.kmeans().labels(), many.kmeans().labels());
        assertArrayEquals(reference.features(), many.features());
    }

    @Test
    void kAboveFrameCountRejected() {
        FrameShape shape = new FrameShape(16, 16);
        ComputedScan scan = new ComputedScan(new ScanShape(1, 3), shape, twoPhases(shape));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(binned("4x4").k(4).build(), scan));
        assertTrue(e.getMessage().contains("k = 4"), e.getMessage());
        assertTrue(e.getMessage().contains("3 frames"), e.getMessage());
    }

    @Test
    void kEqualToFrameCountGivesSingletons() throws IOException {
        FrameShape shape = new FrameShape(16, 16);
        ComputedScan scan = new ComputedScan(new ScanShape(2, 3), shape, (f, p) -> (float) (f * 10 + p % 3));
        AnalysisResult result = run(binned("4x4").k(6).build(), scan);
        assertFiniteResult(result);
        for (long size : result.kmeans().clusterSizes()) {
            assertEquals(1, size);
        }
    }

    @Test
    void identicalFramesGiveFiniteZeroVariance() throws IOException {
        FrameShape shape = new FrameShape(16, 16);
        ComputedScan scan = new ComputedScan(new ScanShape(4, 5), shape, (f, p) -> p % 17);
        for (boolean standardize : new boolean[] {true, false}) {
            AnalysisResult result = run(binned("4x4").k(3).standardize(standardize).build(), scan);
            assertFiniteResult(result);
            assertEquals(0.0, result.pca().explainedVariance()[0], 0, "standardize " + standardize);
            assertEquals(20, result.kmeans().labels().length);
        }
    }

    @Test
    void allZeroFramesGiveFiniteResult() throws IOException {
        FrameShape shape = new FrameShape(16, 16);
        ComputedScan scan = new ComputedScan(new ScanShape(3, 3), shape, (f, p) -> 0f);
        AnalysisResult result = run(binned("4x4").k(2).build(), scan);
        assertFiniteResult(result);
        assertFiniteResult(run(AnalysisSettings.builder().k(2).build(), scan));
    }

    @Test
    void nonFiniteFramesCountedAndFinite() throws IOException {
        FrameShape shape = new FrameShape(16, 16);
        ComputedScan scan = new ComputedScan(new ScanShape(3, 4), shape, (f, p) -> switch ((int) (f % 3)) {
            case 0 -> Float.NaN;
            case 1 -> p % 2 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            default -> p;
        });
        for (String features : new String[] {"binned-pattern", "polar-harmonics"}) {
            AnalysisSettings.Builder settings = AnalysisSettings.builder().features(features).k(2);
            if (features.equals("binned-pattern")) {
                settings.featureOption("grid", "4x4");
            }
            AnalysisResult result = run(settings.build(), scan);
            assertFiniteResult(result);
            assertEquals(8, result.nonFiniteFrames(), features);
        }
    }

    @Test
    void extremeAndNegativeValuesGiveFiniteResult() throws IOException {
        FrameShape shape = new FrameShape(16, 16);
        PixelRule[] rules = {
            (f, p) -> Float.MAX_VALUE,
            (f, p) -> f % 2 == 0 ? Float.MAX_VALUE : -Float.MAX_VALUE,
            (f, p) -> -(float) (p + f),
            (f, p) -> Float.MIN_VALUE * (p % 3),
        };
        for (int i = 0; i < rules.length; i++) {
            ComputedScan scan = new ComputedScan(new ScanShape(3, 4), shape, rules[i]);
            for (String features : new String[] {"binned-pattern", "polar-harmonics"}) {
                AnalysisSettings.Builder settings = AnalysisSettings.builder().features(features).k(2);
                if (features.equals("binned-pattern")) {
                    settings.featureOption("grid", "4x4");
                }
                AnalysisResult result = run(settings.build(), scan);
                assertFiniteResult(result);
                assertAllFinite("total intensity of rule " + i, result.virtualImages().total());
            }
        }
    }

    @Test
    void thinScansAndTinyFrames() throws IOException {
        ScanShape[] scans = {new ScanShape(1, 12), new ScanShape(12, 1)};
        FrameShape[] frames = {new FrameShape(16, 16), new FrameShape(1, 1), new FrameShape(3, 500)};
        for (ScanShape scanShape : scans) {
            for (FrameShape frameShape : frames) {
                ComputedScan scan = new ComputedScan(scanShape, frameShape, twoPhases(frameShape));
                String grid = Math.min(frameShape.rows(), frameShape.cols()) >= 4 ? "4x4" : "1x1";
                AnalysisResult result = run(binned(grid).k(2).blockFrames(5).build(), scan);
                assertFiniteResult(result);
                assertEquals(12, result.kmeans().labels().length, scanShape + " " + frameShape);
            }
        }
    }

    @Test
    void polarHarmonicsTooSmallSuggestsBinnedPattern() {
        FrameShape shape = new FrameShape(8, 64);
        ComputedScan scan = new ComputedScan(new ScanShape(2, 2), shape, twoPhases(shape));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(AnalysisSettings.builder().k(2).build(), scan));
        assertTrue(e.getMessage().contains("16x16"), e.getMessage());
        assertTrue(e.getMessage().contains("binned-pattern"), e.getMessage());
    }

    @Test
    void componentsAboveDimensionCapped() throws IOException {
        FrameShape shape = new FrameShape(16, 16);
        ComputedScan scan = new ComputedScan(new ScanShape(4, 4), shape, twoPhases(shape));
        AnalysisResult result = run(binned("2x2").k(2).components(50).build(), scan);
        assertEquals(4, result.pca().componentCount());
        assertFiniteResult(result);
    }

    @Test
    void largeKOnManyFrames() throws IOException {
        FrameShape shape = new FrameShape(16, 16);
        PixelRule distinct = (frame, pixel) -> (float) ((frame * 31 + pixel * 17) % 97 + frame % 2000 * 0.001);
        ComputedScan scan = new ComputedScan(new ScanShape(40, 50), shape, distinct);
        AnalysisResult result = run(binned("4x4").k(1000).restarts(1).representativesPerCluster(2).build(), scan);
        assertFiniteResult(result);
        assertEquals(1000, result.kmeans().k());
        long total = 0;
        for (long size : result.kmeans().clusterSizes()) {
            total += size;
        }
        assertEquals(2000, total);
    }

    @Test
    void blockSizeOneAndThreadCountsAgree() throws IOException {
        FrameShape shape = new FrameShape(20, 20);
        ComputedScan scan = new ComputedScan(new ScanShape(6, 7), shape, twoPhases(shape));
        for (String features : new String[] {"binned-pattern", "polar-harmonics"}) {
            AnalysisSettings.Builder base = AnalysisSettings.builder().features(features).k(3).blockFrames(1);
            if (features.equals("binned-pattern")) {
                base.featureOption("grid", "4x4");
            }
            AnalysisResult reference = run(base.threads(1).build(), scan);
            for (int threads : new int[] {2, 3, 5, 8}) {
                AnalysisResult other = run(base.threads(threads).blockFrames(threads).build(), scan);
                String label = features + ", " + threads + " threads";
                assertArrayEquals(reference.features(), other.features(), label);
                assertArrayEquals(reference.scores(), other.scores(), label);
                assertArrayEquals(reference.kmeans().labels(), other.kmeans().labels(), label);
                assertArrayEquals(reference.representativeFrames(), other.representativeFrames(), label);
            }
        }
    }

    @Test
    void readFailureNamesFramesAndStopsThreads() throws InterruptedException {
        FrameShape shape = new FrameShape(16, 16);
        ComputedScan scan = new ComputedScan(new ScanShape(10, 10), shape, twoPhases(shape));
        scan.failAt = 57;
        long readersBefore = liveThreads("stem4d-reader-");
        long workersBefore = liveThreads("stem4d-features-");
        IOException e = assertThrows(IOException.class,
                () -> run(binned("4x4").k(2).threads(3).blockFrames(10).build(), scan));
        assertTrue(e.getMessage().contains("frames 50 to 59"), e.getMessage());
        assertTrue(e.getMessage().contains("file ends inside frame 57"), e.getMessage());
        assertTrue(e instanceof EOFException || e.getCause() instanceof EOFException, "cause kept");
        assertEquals(readersBefore, liveThreadsSettled("stem4d-reader-", readersBefore), "reader threads left running");
        assertEquals(workersBefore, liveThreadsSettled("stem4d-features-", workersBefore),
                "feature threads left running");
    }

    @Test
    void throwingListenerStopsThreads() throws InterruptedException {
        FrameShape shape = new FrameShape(16, 16);
        ComputedScan scan = new ComputedScan(new ScanShape(10, 10), shape, twoPhases(shape));
        long workersBefore = liveThreads("stem4d-features-");
        ProgressListener listener = (stage, done, total) -> {
            if (done > 20) {
                throw new IllegalStateException("listener broke");
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ScanAnalyzer(
                binned("4x4").k(2).threads(3).blockFrames(10).build(), listener, CancellationToken.NONE)
                .analyze("edge", scan));
        assertEquals("listener broke", e.getMessage());
        assertEquals(workersBefore, liveThreadsSettled("stem4d-features-", workersBefore));
    }

    @Test
    void progressNeverDecreases() throws IOException {
        FrameShape shape = new FrameShape(16, 16);
        ComputedScan scan = new ComputedScan(new ScanShape(10, 10), shape, twoPhases(shape));
        Map<ProgressListener.Stage, Long> last = new EnumMap<>(ProgressListener.Stage.class);
        List<String> errors = new ArrayList<>();
        ProgressListener listener = (stage, done, total) -> {
            Long previous = last.put(stage, done);
            if (previous != null && done < previous) {
                errors.add(stage + " went from " + previous + " to " + done);
            }
            if (done > total || done < 0) {
                errors.add(stage + " " + done + " of " + total);
            }
        };
        new ScanAnalyzer(binned("4x4").k(3).restarts(4).blockFrames(7).build(), listener, CancellationToken.NONE)
                .analyze("edge", scan);
        assertEquals(List.of(), errors);
        assertEquals(100L, last.get(ProgressListener.Stage.FEATURES));
        assertEquals(4L, last.get(ProgressListener.Stage.KMEANS));
    }

    @Test
    void cancellationDuringEachStage() throws Exception {
        FrameShape shape = new FrameShape(16, 16);
        ComputedScan scan = new ComputedScan(new ScanShape(16, 16), shape, twoPhases(shape));
        for (ProgressListener.Stage target : new ProgressListener.Stage[] {ProgressListener.Stage.FEATURES,
                ProgressListener.Stage.PCA, ProgressListener.Stage.KMEANS, ProgressListener.Stage.REPRESENTATIVES}) {
            CancellationToken token = new CancellationToken();
            CountDownLatch reached = new CountDownLatch(1);
            CountDownLatch cancelled = new CountDownLatch(1);
            ProgressListener listener = (stage, done, total) -> {
                if (stage == target && done == 0 && reached.getCount() == 1) {
                    reached.countDown();
                    try {
                        assertTrue(cancelled.await(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            Thread canceller = new Thread(() -> {
                try {
                    reached.await();
                    token.cancel("stop at " + target);
                    cancelled.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            canceller.start();
            long workersBefore = liveThreads("stem4d-");
            CancellationException e = assertThrows(CancellationException.class, () -> new ScanAnalyzer(
                    binned("4x4").k(3).blockFrames(16).threads(2).build(), listener, token).analyze("edge", scan));
            canceller.join();
            assertEquals("stop at " + target, e.getMessage());
            assertFalse(liveThreadsSettled("stem4d-", workersBefore) > workersBefore,
                    "threads left after cancelling " + target);
        }
    }
}
