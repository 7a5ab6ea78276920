package io.github.stem4d.analysis.scan;

/**
 * Number of probe positions of a scan, as rows (scan_y) by columns (scan_x).
 *
 * <p>Frames are stored in scan order: row-major over (scan_y, scan_x), so the frame at
 * {@code (row, col)} has index {@code row * cols + col}.
 *
 * @param rows probe positions along scan_y, at least 1
 * @param cols probe positions along scan_x, at least 1
 */
public record ScanShape(int rows, int cols) {

    public ScanShape {
        if (rows < 1) {
            throw new IllegalArgumentException("scan rows must be at least 1, got " + rows);
        }
        if (cols < 1) {
            throw new IllegalArgumentException("scan cols must be at least 1, got " + cols);
        }
    }

    /** Returns the number of probe positions, {@code rows * cols}. */
    public long frameCount() {
        return (long) rows * cols;
    }

    /**
     * Parses {@code "RxC"} (rows x columns), for example {@code "256x256"}.
     *
     * @throws IllegalArgumentException if the text is not two positive integers joined by 'x'
     */
    public static ScanShape parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "invalid scan shape '" + text + "': expected ROWSxCOLS, for example 256x256");
        }
        try {
            return new ScanShape(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "invalid scan shape '" + text + "': expected ROWSxCOLS, for example 256x256", e);
        }
    }

    @Override
    public String toString() {
        return rows + "x" + cols;
    }
}
