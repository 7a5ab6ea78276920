package io.github.stem4d.bench;

import java.util.SplittableRandom;

/**
 * Builds diffraction-like frames in memory for the benchmarks, from a fixed seed.
 *
 * <p>Each frame has a bright direct beam, a ring of six Bragg spots whose orientation changes
 * from frame to frame, a diffuse background that falls off with the radius, and noise. The
 * content matters: the 0.995 quantile, the polar resampling and the harmonics of
 * {@code polar-harmonics} cost the same on any content, but a frame of zeros would let a
 * branch predictor or a compressor do less work than on real data.
 */
final class BenchFrames {

    /** Pixel values of the generated frames. */
    enum Pixels {
        /** Whole counts in 0..65535, as a uint16 detector stores them. */
        UINT16,
        /** Fractional values, as after gain correction, stored as float32. */
        FLOAT32;

        static Pixels parse(String name) {
            return switch (name) {
                case "uint16" -> UINT16;
                case "float32" -> FLOAT32;
                default -> throw new IllegalArgumentException(
                        "unknown pixel kind '" + name + "'; expected uint16 or float32");
            };
        }
    }

    private BenchFrames() {
    }

    /**
     * Returns {@code count} frames of {@code rows x cols} pixels, row-major, one after another.
     *
     * @throws IllegalArgumentException if the frames would not fit in one Java array
     */
    static float[] frames(int count, int rows, int cols, Pixels pixels, long seed) {
        long total = (long) count * rows * cols;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " frames of " + rows + "x" + cols
                    + " do not fit in one float array; use fewer frames");
        }
        float[] out = new float[(int) total];
        SplittableRandom random = new SplittableRandom(seed);
        for (int f = 0; f < count; f++) {
            render(out, f * rows * cols, rows, cols, pixels, random);
        }
        return out;
    }

    /** Writes one frame at {@code offset}, drawing its orientation and noise from {@code random}. */
    static void render(float[] out, int offset, int rows, int cols, Pixels pixels, SplittableRandom random) {
        double centerY = (rows - 1) / 2.0 + random.nextDouble(-1.5, 1.5);
        double centerX = (cols - 1) / 2.0 + random.nextDouble(-1.5, 1.5);
        double scale = Math.min(rows, cols) / 256.0;
        double beamRadius = 9 * scale;
        double spotRadius = 60 * scale;
        double spotSigma2 = 2 * (2.5 * scale) * (2.5 * scale);
        double orientation = random.nextDouble(0, Math.PI / 3);
        double spotAmplitude = random.nextDouble(100, 400);
        double[] spotY = new double[6];
        double[] spotX = new double[6];
        for (int s = 0; s < 6; s++) {
            double angle = orientation + s * Math.PI / 3;
            spotY[s] = centerY + spotRadius * Math.sin(angle);
            spotX[s] = centerX + spotRadius * Math.cos(angle);
        }

        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                double dy = y - centerY;
                double dx = x - centerX;
                double r = Math.sqrt(dy * dy + dx * dx);
                double value = 20 * Math.exp(-r / (40 * scale));
                if (r <= beamRadius) {
                    value += 2000;
                }
                for (int s = 0; s < 6; s++) {
                    double sy = y - spotY[s];
                    double sx = x - spotX[s];
                    double d2 = sy * sy + sx * sx;
                    if (d2 < 36 * spotSigma2) {
                        value += spotAmplitude * Math.exp(-d2 / spotSigma2);
                    }
                }
                // Gaussian approximation of shot noise: standard deviation sqrt(value).
                value += Math.sqrt(value) * gaussian(random);
                out[offset + y * cols + x] = pixels == Pixels.UINT16
                        ? (float) Math.min(65535, Math.max(0, Math.rint(value)))
                        : (float) (Math.max(0, value) * 0.731);
            }
        }
    }

    /** Returns an approximately normal deviate (sum of four uniforms, rescaled), cheaper than nextGaussian. */
    private static double gaussian(SplittableRandom random) {
        double sum = random.nextDouble() + random.nextDouble() + random.nextDouble() + random.nextDouble();
        return (sum - 2.0) * Math.sqrt(3.0);
    }
}
