package io.github.stem4d.plot;

import java.awt.image.BufferedImage;

/** Resampling of row-major float images and their conversion to RGB pixels. */
final class Rasters {

    private Rasters() {
    }

    /**
     * Returns the display size of a frame scaled so that its longer side is {@code target}
     * pixels, keeping its aspect ratio.
     *
     * @return {rows, cols}, each at least 1
     */
    static int[] fitSize(int rows, int cols, int target) {
        double scale = (double) target / Math.max(rows, cols);
        return new int[] {Math.max(1, (int) Math.round(rows * scale)), Math.max(1, (int) Math.round(cols * scale))};
    }

    /**
     * Resamples {@code source} (rows x cols, row-major) to outRows x outCols: bilinear
     * interpolation when enlarging on both axes, otherwise the mean of the covered source
     * pixels (so an isolated Bragg spot dims but never disappears). A mean skips NaN source
     * pixels, and an interpolation next to a NaN takes the nearest source pixel instead. An
     * output pixel that covers only NaN stays NaN.
     */
    static float[] resample(float[] source, int rows, int cols, int outRows, int outCols) {
        if (outRows >= rows && outCols >= cols) {
            return interpolate(source, rows, cols, outRows, outCols);
        }
        float[] out = new float[outRows * outCols];
        for (int y = 0; y < outRows; y++) {
            int y0 = (int) ((long) y * rows / outRows);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * rows / outRows));
            for (int x = 0; x < outCols; x++) {
                int x0 = (int) ((long) x * cols / outCols);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * cols / outCols));
                out[y * outCols + x] = mean(source, cols, y0, y1, x0, x1);
            }
        }
        return out;
    }

    private static float[] interpolate(float[] source, int rows, int cols, int outRows, int outCols) {
        float[] out = new float[outRows * outCols];
        for (int y = 0; y < outRows; y++) {
            double sy = Math.max(0, Math.min(rows - 1, (y + 0.5) * rows / outRows - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(rows - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < outCols; x++) {
                double sx = Math.max(0, Math.min(cols - 1, (x + 0.5) * cols / outCols - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(cols - 1, x0 + 1);
                double fx = sx - x0;
                float a = source[y0 * cols + x0];
                float b = source[y0 * cols + x1];
                float c = source[y1 * cols + x0];
                float d = source[y1 * cols + x1];
                float value;
                if (Float.isNaN(a) || Float.isNaN(b) || Float.isNaN(c) || Float.isNaN(d)) {
                    value = source[(fy < 0.5 ? y0 : y1) * cols + (fx < 0.5 ? x0 : x1)];
                } else {
                    value = (float) ((a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy);
                }
                out[y * outCols + x] = value;
            }
        }
        return out;
    }

    private static float mean(float[] source, int cols, int y0, int y1, int x0, int x1) {
        double sum = 0;
        int count = 0;
        for (int y = y0; y < y1; y++) {
            int row = y * cols;
            for (int x = x0; x < x1; x++) {
                float v = source[row + x];
                if (!Float.isNaN(v)) {
                    sum += v;
                    count++;
                }
            }
        }
        return count == 0 ? Float.NaN : (float) (sum / count);
    }

    /** Returns an RGB image of {@code logValues} (rows x cols) through {@code scale} and {@code map}. */
    static BufferedImage toImage(float[] logValues, int rows, int cols, IntensityScale scale, Colormap map) {
        BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        int[] pixels = new int[rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = map.rgb(scale.normalise(logValues[i]));
        }
        image.setRGB(0, 0, cols, rows, pixels, 0, cols);
        return image;
    }
}
