package io.github.stem4d.analysis.features;

import java.util.SplittableRandom;

/** Builds diffraction-like frames from a continuous pattern for tests. */
final class SyntheticFrames {

    private SyntheticFrames() {
    }

    /**
     * Returns a rows x cols frame of a pattern scaled to the frame: a bright disk of radius
     * 0.04 * S, a ring at 0.3 * S, and six spots at 0.2 * S (S = min(rows, cols)), centred at
     * ((rows-1)/2 + shiftY, (cols-1)/2 + shiftX), rounded to integer counts.
     */
    static float[] pattern(int rows, int cols, double shiftY, double shiftX) {
        float[] frame = new float[rows * cols];
        double s = Math.min(rows, cols);
        double cy = (rows - 1) / 2.0 + shiftY;
        double cx = (cols - 1) / 2.0 + shiftX;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                double dy = (y - cy) / s;
                double dx = (x - cx) / s;
                double r = Math.hypot(dy, dx);
                double value = 800 / (1 + Math.exp((r - 0.04) / 0.004));
                value += 30 * Math.exp(-Math.pow((r - 0.3) / 0.02, 2));
                for (int k = 0; k < 6; k++) {
                    double angle = Math.PI / 3 * k + 0.2;
                    double sy = dy - 0.2 * Math.sin(angle);
                    double sx = dx - 0.2 * Math.cos(angle);
                    value += 200 * Math.exp(-(sy * sy + sx * sx) / (2 * 0.008 * 0.008));
                }
                frame[y * cols + x] = (float) Math.rint(value + 2);
            }
        }
        return frame;
    }

    /** Returns frames of Poisson-like integer counts, or of fractional values when {@code fractional}. */
    static float[] noise(int frameCount, int rows, int cols, long seed, boolean fractional) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] frames = new float[frameCount * rows * cols];
        for (int k = 0; k < frames.length; k++) {
            double value = -Math.log(1 - random.nextDouble()) * 20;
            frames[k] = (float) (fractional ? value : Math.floor(value));
        }
        return frames;
    }
}
