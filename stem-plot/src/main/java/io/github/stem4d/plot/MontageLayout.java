package io.github.stem4d.plot;

/**
 * Geometry of one cluster's montage: a grid of {@code gridRows x gridCols} cells of
 * {@code cellWidth x cellHeight} pixels, {@code gap} pixels apart, whose top-left cell starts
 * at ({@code x}, {@code y}); a band of the cluster's colour {@code border} pixels wide
 * surrounds the grid at {@code padding} pixels from it.
 */
record MontageLayout(int frames, int gridRows, int gridCols, int cellWidth, int cellHeight, int gap, int x, int y,
        int padding, int border) {

    /** Longer side of a cell in pixels when frames are larger than this. */
    static final int CELL_TARGET = 224;
    static final int GAP = 4;
    static final int PADDING = 6;
    static final int BORDER = 10;
    static final int MARGIN = 20;
    static final int CAPTION = 92;

    /**
     * Returns the layout for {@code frames} frames of {@code frameRows x frameCols} pixels in a
     * grid of at most {@code side x side} cells: {@code ceil(sqrt(frames))} columns (at most
     * {@code side}) and as many rows as needed.
     */
    static MontageLayout of(int frames, int side, int frameRows, int frameCols) {
        int shownFrames = Math.max(0, Math.min(frames, side * side));
        int cols = Math.max(1, Math.min(side, (int) Math.ceil(Math.sqrt(shownFrames))));
        int rows = Math.max(1, (shownFrames + cols - 1) / cols);
        int[] cell = Rasters.fitSize(frameRows, frameCols, CELL_TARGET);
        int offset = MARGIN + BORDER + PADDING;
        return new MontageLayout(shownFrames, rows, cols, cell[1], cell[0], GAP, offset, CAPTION + BORDER + PADDING,
                PADDING, BORDER);
    }

    int gridWidth() {
        return gridCols * cellWidth + (gridCols - 1) * gap;
    }

    int gridHeight() {
        return gridRows * cellHeight + (gridRows - 1) * gap;
    }

    /** Returns the left edge of the cell in grid column {@code col}. */
    int cellX(int col) {
        return x + col * (cellWidth + gap);
    }

    /** Returns the top edge of the cell in grid row {@code row}. */
    int cellY(int row) {
        return y + row * (cellHeight + gap);
    }
}
