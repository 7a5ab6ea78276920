package io.github.stem4d.analysis.scan;

/**
 * Size of one diffraction frame in detector pixels, as rows (det_y) by columns (det_x).
 *
 * @param rows detector rows, at least 1
 * @param cols detector columns, at least 1
 */
public record FrameShape(int rows, int cols) {

    public FrameShape {
        if (rows < 1) {
            throw new IllegalArgumentException("frame rows must be at least 1, got " + rows);
        }
        if (cols < 1) {
            throw new IllegalArgumentException("frame cols must be at least 1, got " + cols);
        }
        if ((long) rows * cols > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException(
                    "frame " + rows + "x" + cols + " is too large: at most " + (Integer.MAX_VALUE / 8) + " pixels");
        }
    }

    /** Returns the number of pixels of one frame, {@code rows * cols}. */
    public int pixelCount() {
        return rows * cols;
    }

    @Override
    public String toString() {
        return rows + "x" + cols;
    }
}
