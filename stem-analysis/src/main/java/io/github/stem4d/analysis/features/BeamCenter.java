package io.github.stem4d.analysis.features;

/**
 * Locates the direct beam in one frame as a thresholded centre of mass; allocation-free.
 *
 * <p>Pass one looks inside a disk of radius {@code min(rows, cols) * 3 / 32} around the
 * detector centre ((rows-1)/2, (cols-1)/2), takes the maximum M of the pixels there, and
 * computes the centre of mass of {@code value - M/2} over the pixels above M/2. Pass two
 * repeats this inside a disk of radius {@code min(rows, cols) / 16} around the first result,
 * which keeps Bragg spots beyond the direct beam out of the estimate. Negative and non-finite
 * pixels count as 0. When a disk contains no positive pixel, the previous centre is kept.
 */
final class BeamCenter {

    private BeamCenter() {
    }

    /**
     * Stores the beam centre of the frame at {@code offset} as {@code out[0]} = row and
     * {@code out[1]} = column, in pixel-centre coordinates.
     */
    static void locate(float[] frames, int offset, int rows, int cols, double[] out) {
        int minSide = Math.min(rows, cols);
        out[0] = (rows - 1) / 2.0;
        out[1] = (cols - 1) / 2.0;
        refine(frames, offset, rows, cols, minSide * 3.0 / 32.0, out);
        refine(frames, offset, rows, cols, minSide / 16.0, out);
    }

    /** Returns the window start that centres {@code side} pixels on {@code centre}, kept inside [0, length - side]. */
    static int windowStart(double centre, int side, int length) {
        long start = Math.round(centre - (side - 1) / 2.0);
        return (int) Math.max(0, Math.min(length - side, start));
    }

    private static void refine(float[] frames, int offset, int rows, int cols, double radius, double[] centre) {
        double cy = centre[0];
        double cx = centre[1];
        int y0 = (int) Math.max(0, Math.ceil(cy - radius));
        int y1 = (int) Math.min(rows - 1, Math.floor(cy + radius));
        int x0 = (int) Math.max(0, Math.ceil(cx - radius));
        int x1 = (int) Math.min(cols - 1, Math.floor(cx + radius));
        double radiusSquared = radius * radius;

        double max = 0;
        for (int y = y0; y <= y1; y++) {
            double dy = y - cy;
            int row = offset + y * cols;
            for (int x = x0; x <= x1; x++) {
                double dx = x - cx;
                if (dx * dx + dy * dy <= radiusSquared) {
                    max = Math.max(max, sanitized(frames[row + x]));
                }
            }
        }
        if (!(max > 0)) {
            return;
        }

        double threshold = max / 2;
        double weight = 0;
        double sumY = 0;
        double sumX = 0;
        for (int y = y0; y <= y1; y++) {
            double dy = y - cy;
            int row = offset + y * cols;
            for (int x = x0; x <= x1; x++) {
                double dx = x - cx;
                double v = sanitized(frames[row + x]);
                if (v > threshold && dx * dx + dy * dy <= radiusSquared) {
                    double w = v - threshold;
                    weight += w;
                    sumY += w * y;
                    sumX += w * x;
                }
            }
        }
        if (weight > 0) {
            centre[0] = sumY / weight;
            centre[1] = sumX / weight;
        }
    }

    /** Returns the value, or 0 for a negative or non-finite one. */
    private static double sanitized(float v) {
        return v > 0 && v <= Float.MAX_VALUE ? v : 0;
    }
}
