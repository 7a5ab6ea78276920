package io.github.stem4d.analysis.features;

import io.github.stem4d.analysis.scan.FrameShape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code binned-pattern} extractor bound to one frame shape: window size, cell of each pixel. Immutable. */
final class BinnedPatternModel implements PreparedExtractor {

    private static final int MAX_CELLS = 256;

    final FrameShape frameShape;
    final int rows;
    final int cols;
    final boolean beamCentred;
    final int windowRows;
    final int windowCols;
    final int defaultTop;
    final int defaultLeft;
    final int gridRows;
    final int gridCols;
    final int[] cellRowOf;
    final int[] cellColOf;
    final double[] inverseCellSize;
    private final Map<String, String> options;
    private final List<String> columnNames;

    /**
     * @param explicitGrid whether the caller set {@code grid}; the default grid shrinks to the
     *     pooled window of small frames, while a grid the caller set must fit
     */
    BinnedPatternModel(FrameShape frameShape, ExtractorOptions parsed, boolean explicitGrid) {
        this.frameShape = frameShape;
        this.rows = frameShape.rows();
        this.cols = frameShape.cols();
        this.options = parsed.asMap();
        this.beamCentred = parsed.choice("center", "detector", "beam").equals("beam");

        if (beamCentred) {
            int shortSide = Math.min(rows, cols);
            int side = shortSide - 2 * Math.round(shortSide / 16f);
            windowRows = Math.max(1, side);
            windowCols = Math.max(1, side);
        } else {
            windowRows = rows;
            windowCols = cols;
        }
        this.defaultTop = (rows - windowRows) / 2;
        this.defaultLeft = (cols - windowCols) / 2;

        int[] grid = parseGrid(parsed);
        if (explicitGrid) {
            checkFits(grid, parsed);
        } else {
            grid[0] = Math.min(grid[0], windowRows);
            grid[1] = Math.min(grid[1], windowCols);
        }
        this.gridRows = grid[0];
        this.gridCols = grid[1];
        this.cellRowOf = cellIndices(windowRows, gridRows);
        this.cellColOf = cellIndices(windowCols, gridCols);
        this.inverseCellSize = new double[gridRows * gridCols];
        int[] rowCount = new int[gridRows];
        int[] colCount = new int[gridCols];
        for (int c : cellRowOf) {
            rowCount[c]++;
        }
        for (int c : cellColOf) {
            colCount[c]++;
        }
        List<String> names = new ArrayList<>(gridRows * gridCols);
        for (int r = 0; r < gridRows; r++) {
            for (int c = 0; c < gridCols; c++) {
                inverseCellSize[r * gridCols + c] = 1.0 / ((double) rowCount[r] * colCount[c]);
                names.add("cell_" + r + "_" + c);
            }
        }
        this.columnNames = Collections.unmodifiableList(names);
    }

    private int[] parseGrid(ExtractorOptions parsed) {
        String text = parsed.text("grid").toLowerCase(Locale.ROOT);
        String[] parts = text.split("x", -1);
        String expected = "N or ROWSxCOLS with each from 1 to " + MAX_CELLS + " and at most the "
                + windowRows + "x" + windowCols + " pixels pooled";
        if (parts.length < 1 || parts.length > 2) {
            throw parsed.invalid("grid", parsed.text("grid"), expected);
        }
        int[] grid = new int[2];
        try {
            grid[0] = Integer.parseInt(parts[0].trim());
            grid[1] = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : grid[0];
        } catch (NumberFormatException e) {
            throw parsed.invalid("grid", parsed.text("grid"), expected);
        }
        if (grid[0] < 1 || grid[1] < 1 || grid[0] > MAX_CELLS || grid[1] > MAX_CELLS) {
            throw parsed.invalid("grid", parsed.text("grid"), expected);
        }
        return grid;
    }

    private void checkFits(int[] grid, ExtractorOptions parsed) {
        String expected = "N or ROWSxCOLS with each from 1 to " + MAX_CELLS + " and at most the "
                + windowRows + "x" + windowCols + " pixels pooled";
        if (grid[0] > windowRows || grid[1] > windowCols) {
            throw parsed.invalid("grid", parsed.text("grid"), expected);
        }
    }

    /** Maps each of {@code length} pixels to its cell: cell c covers [floor(c * length / cells), floor((c+1) * length / cells)). */
    private static int[] cellIndices(int length, int cells) {
        int[] cellOf = new int[length];
        for (int c = 0; c < cells; c++) {
            int from = (int) ((long) c * length / cells);
            int to = (int) ((long) (c + 1) * length / cells);
            for (int p = from; p < to; p++) {
                cellOf[p] = c;
            }
        }
        return cellOf;
    }

    @Override
    public String name() {
        return BinnedPatternExtractor.NAME;
    }

    @Override
    public int dimension() {
        return gridRows * gridCols;
    }

    @Override
    public FrameShape frameShape() {
        return frameShape;
    }

    @Override
    public List<String> columnNames() {
        return columnNames;
    }

    @Override
    public Map<String, String> options() {
        return options;
    }

    @Override
    public Worker newWorker() {
        return new Worker() {
            private final double[] beamCentre = new double[2];

            @Override
            public boolean extract(float[] frames, int frameOffset, double[] features, int featureOffset) {
                int top = defaultTop;
                int left = defaultLeft;
                if (beamCentred) {
                    BeamCenter.locate(frames, frameOffset, rows, cols, beamCentre);
                    top = BeamCenter.windowStart(beamCentre[0], windowRows, rows);
                    left = BeamCenter.windowStart(beamCentre[1], windowCols, cols);
                }
                return pool(frames, frameOffset, top, left, features, featureOffset);
            }
        };
    }

    private boolean pool(float[] frames, int frameOffset, int top, int left, double[] features, int featureOffset) {
        int cells = gridRows * gridCols;
        java.util.Arrays.fill(features, featureOffset, featureOffset + cells, 0);
        boolean nonFinite = false;
        for (int y = 0; y < windowRows; y++) {
            int source = frameOffset + (top + y) * cols + left;
            int cellRow = featureOffset + cellRowOf[y] * gridCols;
            for (int x = 0; x < windowCols; x++) {
                float v = frames[source + x];
                nonFinite |= LogTable.isNonFinite(v);
                features[cellRow + cellColOf[x]] += LogTable.log1pClamped(v);
            }
        }
        for (int c = 0; c < cells; c++) {
            features[featureOffset + c] *= inverseCellSize[c];
        }
        if (windowRows < rows || windowCols < cols) {
            nonFinite |= LogTable.anyNonFiniteOutside(frames, frameOffset, rows, cols, top, left, windowRows, windowCols);
        }
        return nonFinite;
    }
}
