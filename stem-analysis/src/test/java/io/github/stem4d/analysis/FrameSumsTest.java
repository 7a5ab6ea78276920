package io.github.stem4d.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.stem4d.analysis.scan.FrameShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Per-frame sums against sums taken pixel by pixel over the same index sets. */
class FrameSumsTest {

    @Test
    void runsJoinConsecutiveIndices() {
        assertArrayEquals(new int[] {0, 3, 5, 6, 9, 11}, FrameSums.runs(new int[] {10, 2, 0, 5, 1, 9}));
        assertArrayEquals(new int[0], FrameSums.runs(new int[0]));
        assertArrayEquals(new int[] {7, 8}, FrameSums.runs(new int[] {7}));
        assertArrayEquals(new int[] {3, 6}, FrameSums.runs(new int[] {3, 4, 4, 5}), "repeated index");
    }

    @Test
    void sumsMatchPixelByPixelSums() {
        FrameShape shape = new FrameShape(37, 45);
        int pixels = shape.pixelCount();
        int frameCount = 6;
        float[] frames = new float[frameCount * pixels];
        SplittableRandom random = new SplittableRandom(3);
        for (int f = 0; f < frameCount; f++) {
            for (int row = 0; row < shape.rows(); row++) {
                for (int col = 0; col < shape.cols(); col++) {
                    double r = Math.hypot(row - 18.2, col - 21.7);
                    float beam = r < 5 ? 400 : 0;
                    frames[f * pixels + row * shape.cols() + col] = beam + (float) (random.nextDouble() * 7.3);
                }
            }
        }
        frames[2 * pixels + 19 * 45 + 22] = Float.NaN;
        frames[3 * pixels + 2 * 45 + 3] = Float.POSITIVE_INFINITY;
        frames[4 * pixels + 30 * 45 + 40] = Float.NEGATIVE_INFINITY;
        frames[4 * pixels + 30 * 45 + 41] = Float.POSITIVE_INFINITY;

        FrameSums sums = new FrameSums(shape, frameCount, AnalysisSettings.defaults());
        sums.accept(frames, 0, frameCount);

        BeamGeometry geometry = sums.geometry();
        int[] disk = geometry.disk(shape, geometry.brightFieldRadius());
        int[] annulus = geometry.annulus(shape, geometry.annularInnerRadius(), geometry.annularOuterRadius());
        VirtualImages images = sums.virtualImages();
        double[] pixelSums = new double[pixels];
        for (int f = 0; f < frameCount; f++) {
            int base = f * pixels;
            double total = 0;
            for (int p = 0; p < pixels; p++) {
                float value = frames[base + p];
                if (Float.isFinite(value)) {
                    total += value;
                    pixelSums[p] += value;
                }
            }
            assertEquals(total, images.total()[f], 1e-9 * total, "total of frame " + f);
            assertEquals(finiteSum(frames, base, disk), images.brightField()[f], 1e-9 * total,
                    "bright field of frame " + f);
            assertEquals(finiteSum(frames, base, annulus), images.annularDarkField()[f], 1e-9 * total,
                    "annular dark field of frame " + f);
        }
        float[] mean = sums.meanPattern(frameCount);
        for (int p = 0; p < pixels; p++) {
            assertEquals((float) (pixelSums[p] / frameCount), mean[p], 1e-5f * Math.abs(mean[p]), "mean at " + p);
        }
    }

    private static double finiteSum(float[] frames, int base, int[] indices) {
        double total = 0;
        for (int index : indices) {
            float value = frames[base + index];
            total += Float.isFinite(value) ? value : 0;
        }
        return total;
    }
}
