package io.github.stem4d.analysis;

import io.github.stem4d.analysis.scan.FrameShape;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Beam centre and virtual-detector radii, in detector pixels (row = det_y, col = det_x).
 *
 * <p>{@link #estimate} finds the direct beam in a mean pattern: a 3 x 3 median filter removes
 * single hot pixels, then a box blur of radius {@code max(1, min(det_y, det_x) / 64)} pixels
 * flattens sharp Bragg spots, which can be brighter than the direct beam in the mean of a
 * crystalline region but are much smaller; the bright disk is the 4-connected region around the
 * blurred maximum whose blurred values reach half that maximum; its centre is the intensity-weighted centre of mass
 * of those pixels, and its radius {@code sqrt(area / pi)}. When no such disk exists (a pattern
 * without positive values), the centre is the detector centre and the disk radius is
 * {@code min(det_y, det_x) / 16}.
 *
 * <p>Derived radii: bright field {@code 1.25} disk radii (the whole disk plus some beam drift);
 * annulus from {@code 2} disk radii to the distance between the centre and the nearest
 * detector edge. When the disk reaches that edge (a large or off-centre beam), the annulus
 * extends to the farthest detector corner instead, so that it still lies outside the bright
 * field. Only a disk that covers the whole detector makes the inner radius shrink, to the
 * smaller of the bright-field radius and half the outer radius. Radii given in the settings
 * replace the derived ones.
 */
record BeamGeometry(double centreRow, double centreCol, double diskRadius,
        double brightFieldRadius, double annularInnerRadius, double annularOuterRadius) {

    static final double BRIGHT_FIELD_FACTOR = 1.25;
    static final double ANNULAR_INNER_FACTOR = 2.0;

    /**
     * Estimates the geometry from a mean pattern and applies the radii set in {@code settings}.
     *
     * @throws IllegalArgumentException if the resulting inner annular radius is not below the outer one
     */
    static BeamGeometry estimate(float[] pattern, FrameShape shape, AnalysisSettings settings) {
        int rows = shape.rows();
        int cols = shape.cols();
        float[] filtered = boxBlur(median3x3(pattern, rows, cols), rows, cols,
                Math.max(1, Math.min(rows, cols) / 64));

        int peak = -1;
        for (int p = 0; p < filtered.length; p++) {
            if (Float.isFinite(filtered[p]) && (peak < 0 || filtered[p] > filtered[peak])) {
                peak = p;
            }
        }
        double centreRow = (rows - 1) / 2.0;
        double centreCol = (cols - 1) / 2.0;
        double disk = Math.min(rows, cols) / 16.0;
        if (peak >= 0 && filtered[peak] > 0) {
            double[] moments = brightDisk(pattern, filtered, rows, cols, peak, filtered[peak] / 2);
            if (moments[0] > 0) {
                centreRow = moments[1] / moments[0];
                centreCol = moments[2] / moments[0];
            }
            disk = Math.sqrt(moments[3] / Math.PI);
        }

        double edge = Math.min(Math.min(centreRow, rows - 1 - centreRow), Math.min(centreCol, cols - 1 - centreCol));
        edge = Math.max(edge, 1.0);
        double brightField = orDefault(settings.brightFieldRadius(), BRIGHT_FIELD_FACTOR * disk);
        double corner = Math.max(Math.hypot(centreRow, centreCol), Math.max(
                Math.hypot(centreRow, cols - 1 - centreCol),
                Math.max(Math.hypot(rows - 1 - centreRow, centreCol), Math.hypot(rows - 1 - centreRow, cols - 1 - centreCol))));
        double inner = ANNULAR_INNER_FACTOR * disk;
        double outer = edge;
        if (outer <= inner) {
            outer = Math.max(corner, edge);
        }
        if (inner >= outer) {
            inner = Math.min(brightField, outer / 2);
        }
        inner = orDefault(settings.annularInnerRadius(), inner);
        outer = orDefault(settings.annularOuterRadius(), outer);
        if (inner >= outer) {
            throw new IllegalArgumentException("annular dark-field inner radius " + inner
                    + " must be below the outer radius " + outer + " (detector " + shape
                    + ", beam centre " + centreRow + ", " + centreCol + "); set both radii");
        }
        return new BeamGeometry(centreRow, centreCol, disk, brightField, inner, outer);
    }

    /** Returns the indices of pixels within {@code radius} of the centre, in row-major order. */
    int[] disk(FrameShape shape, double radius) {
        return annulus(shape, -1, radius);
    }

    /** Returns the indices of pixels whose distance from the centre is in {@code [inner, outer]}. */
    int[] annulus(FrameShape shape, double inner, double outer) {
        int cols = shape.cols();
        int[] indices = new int[shape.pixelCount()];
        int count = 0;
        for (int r = 0; r < shape.rows(); r++) {
            for (int c = 0; c < cols; c++) {
                double distance = Math.hypot(r - centreRow, c - centreCol);
                if (distance >= inner && distance <= outer) {
                    indices[count++] = r * cols + c;
                }
            }
        }
        return Arrays.copyOf(indices, count);
    }

    private static double orDefault(OptionalDouble value, double derived) {
        return value.isPresent() ? value.getAsDouble() : derived;
    }

    /** Returns {total weight, weighted row sum, weighted column sum, area} of the disk around {@code peak}. */
    private static double[] brightDisk(float[] pattern, float[] filtered, int rows, int cols, int peak, double threshold) {
        boolean[] visited = new boolean[filtered.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(peak);
        visited[peak] = true;
        double weight = 0;
        double rowMoment = 0;
        double colMoment = 0;
        int area = 0;
        while (!queue.isEmpty()) {
            int p = queue.poll();
            int r = p / cols;
            int c = p % cols;
            double value = Float.isFinite(pattern[p]) ? Math.max(pattern[p], 0) : 0;
            weight += value;
            rowMoment += value * r;
            colMoment += value * c;
            area++;
            int[] neighbours = {r > 0 ? p - cols : -1, r < rows - 1 ? p + cols : -1, c > 0 ? p - 1 : -1,
                c < cols - 1 ? p + 1 : -1};
            for (int q : neighbours) {
                if (q >= 0 && !visited[q] && filtered[q] >= threshold) {
                    visited[q] = true;
                    queue.add(q);
                }
            }
        }
        return new double[] {weight, rowMoment, colMoment, area};
    }

    /**
     * Mean of each pixel's (2 radius + 1)^2 neighbourhood, clipped at the borders, in two
     * separable passes. Non-finite values count as 0.
     */
    static float[] boxBlur(float[] pattern, int rows, int cols, int radius) {
        float[] horizontal = new float[pattern.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double sum = 0;
                int from = Math.max(0, c - radius);
                int to = Math.min(cols - 1, c + radius);
                for (int k = from; k <= to; k++) {
                    float value = pattern[r * cols + k];
                    sum += Float.isFinite(value) ? value : 0;
                }
                horizontal[r * cols + c] = (float) (sum / (to - from + 1));
            }
        }
        float[] out = new float[pattern.length];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                int from = Math.max(0, r - radius);
                int to = Math.min(rows - 1, r + radius);
                for (int k = from; k <= to; k++) {
                    sum += horizontal[k * cols + c];
                }
                out[r * cols + c] = (float) (sum / (to - from + 1));
            }
        }
        return out;
    }

    /** Median of each pixel's 3 x 3 neighbourhood, clipped at the borders; NaN sorts last. */
    static float[] median3x3(float[] pattern, int rows, int cols) {
        float[] out = new float[pattern.length];
        float[] window = new float[9];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int n = 0;
                for (int dr = Math.max(0, r - 1); dr <= Math.min(rows - 1, r + 1); dr++) {
                    for (int dc = Math.max(0, c - 1); dc <= Math.min(cols - 1, c + 1); dc++) {
                        window[n++] = pattern[dr * cols + dc];
                    }
                }
                Arrays.sort(window, 0, n);
                out[r * cols + c] = window[n / 2];
            }
        }
        return out;
    }
}
