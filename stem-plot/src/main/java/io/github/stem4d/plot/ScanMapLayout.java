package io.github.stem4d.plot;

/**
 * Where a scan-shaped map sits in a figure: each probe position is a block of
 * {@code blockWidth x blockHeight} pixels, scan row 0 at the top and column 0 at the left,
 * like an image. Blocks are square unless the scan is so elongated (a line scan) that its
 * short side would be too thin to see. Then blocks are stretched along that side.
 *
 * @param rows scan_y positions
 * @param cols scan_x positions
 * @param blockWidth pixels per position along scan_x
 * @param blockHeight pixels per position along scan_y
 * @param x left edge of the map in the figure
 * @param y top edge of the map in the figure
 */
record ScanMapLayout(int rows, int cols, int blockWidth, int blockHeight, int x, int y) {

    ScanMapLayout {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("scan map must have at least 1x1 positions, got " + rows + "x" + cols);
        }
        if (blockWidth < 1 || blockHeight < 1) {
            throw new IllegalArgumentException(
                    "block size must be at least 1x1 pixels, got " + blockWidth + "x" + blockHeight);
        }
    }

    /**
     * Returns a layout at (x, y) whose longer side is between {@code minLong} and {@code maxLong}
     * pixels where an integer block size allows it (a scan longer than {@code maxLong}
     * positions gets 1-pixel blocks), and whose shorter side is at least {@code minShort}
     * pixels.
     */
    static ScanMapLayout fit(int rows, int cols, int minLong, int maxLong, int minShort, int x, int y) {
        int longSide = Math.max(rows, cols);
        int block = Math.max(1, ceilDiv(minLong, longSide));
        if (block > 1 && (long) block * longSide > maxLong) {
            block--;
        }
        int blockWidth = block;
        int blockHeight = block;
        if (rows * block < minShort && rows <= cols) {
            blockHeight = ceilDiv(minShort, rows);
        } else if (cols * block < minShort && cols < rows) {
            blockWidth = ceilDiv(minShort, cols);
        }
        return new ScanMapLayout(rows, cols, blockWidth, blockHeight, x, y);
    }

    /** Returns the same geometry moved to (x, y). */
    ScanMapLayout at(int newX, int newY) {
        return new ScanMapLayout(rows, cols, blockWidth, blockHeight, newX, newY);
    }

    int width() {
        return cols * blockWidth;
    }

    int height() {
        return rows * blockHeight;
    }

    /** Returns the figure x of the centre of scan column {@code col}. */
    int centreX(int col) {
        return x + col * blockWidth + blockWidth / 2;
    }

    /** Returns the figure y of the centre of scan row {@code row}. */
    int centreY(int row) {
        return y + row * blockHeight + blockHeight / 2;
    }

    /** Returns whether blocks are drawn taller or wider than square. */
    boolean stretched() {
        return blockWidth != blockHeight;
    }

    /** Returns a note for the reader when blocks are not square, or an empty string. */
    String stretchNote() {
        if (blockHeight > blockWidth) {
            return "rows drawn " + ratio(blockHeight, blockWidth) + "x taller than columns";
        }
        if (blockWidth > blockHeight) {
            return "columns drawn " + ratio(blockWidth, blockHeight) + "x wider than rows";
        }
        return "";
    }

    private static String ratio(int a, int b) {
        return a % b == 0 ? Integer.toString(a / b) : String.format(java.util.Locale.ROOT, "%.1f", (double) a / b);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
