package io.github.stem4d.plot;

import io.github.stem4d.analysis.AnalysisResult;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** The mean diffraction pattern of every cluster, on one common log scale, in rows of at most six. */
final class MeanPatternsFigure {

    static final int MAX_COLUMNS = 6;
    static final int CELL_TARGET = 200;
    static final int MARGIN = 20;
    static final int TOP = 70;
    static final int LABEL = 26;
    static final int BORDER = 5;
    static final int GAP = 18;

    private static final int MIN_WIDTH = 640;

    private MeanPatternsFigure() {
    }

    /** Returns {rows, columns} of a grid of K patterns with at most {@code maxColumns} columns. */
    static int[] grid(int k, int maxColumns) {
        int rows = Math.max(1, (k + maxColumns - 1) / maxColumns);
        int cols = Math.max(1, (k + rows - 1) / rows);
        return new int[] {rows, cols};
    }

    /** Returns {width, height} in pixels of the figure with rows of at most {@code maxColumns} patterns. */
    static int[] size(AnalysisResult result, int maxColumns, int cellTarget) {
        int[] grid = grid(result.k(), maxColumns);
        int[] cell = Rasters.fitSize(result.frameShape().rows(), result.frameShape().cols(), cellTarget);
        int pitchX = columnWidth(cell[1], cellTarget) + 2 * BORDER + GAP;
        int pitchY = LABEL + cell[0] + 2 * BORDER + GAP;
        return new int[] {Math.max(MIN_WIDTH, 2 * MARGIN + grid[1] * pitchX - GAP), TOP + grid[0] * pitchY - GAP + MARGIN};
    }

    /** Returns the width of a pattern column: the pattern, widened for its label when the pattern is large. */
    private static int columnWidth(int patternWidth, int cellTarget) {
        return cellTarget >= CELL_TARGET ? Math.max(patternWidth, 160) : patternWidth;
    }

    /** Renders the patterns in rows of at most {@value #MAX_COLUMNS}. */
    static BufferedImage render(AnalysisResult result) {
        return render(result, MAX_COLUMNS, CELL_TARGET, false);
    }

    /**
     * Renders the patterns in rows of at most {@code maxColumns}, each with its longer side
     * {@code cellTarget} pixels; {@code compact} drops the scan name from the title, for the
     * overview sheet.
     */
    static BufferedImage render(AnalysisResult result, int maxColumns, int cellTarget, boolean compact) {
        int k = result.k();
        int frameRows = result.frameShape().rows();
        int frameCols = result.frameShape().cols();
        long[] counts = FigureData.labelCounts(result.kmeans().labels(), k);
        float[][] patterns = result.clusterMeanPatterns() == null ? new float[0][] : result.clusterMeanPatterns();

        float[][] logPatterns = new float[k][];
        for (int c = 0; c < k; c++) {
            if (c < patterns.length && patterns[c] != null && counts[c] > 0) {
                float[] logs = new float[patterns[c].length];
                for (int p = 0; p < logs.length; p++) {
                    logs[p] = IntensityScale.logValue(patterns[c][p]);
                }
                logPatterns[c] = logs;
            } else {
                logPatterns[c] = new float[0];
            }
        }
        IntensityScale scale = IntensityScale.fromLogValues(logPatterns, IntensityScale.CLIP_FRACTION);
        boolean nonFinite = false;
        for (float[] logs : logPatterns) {
            for (float v : logs) {
                nonFinite |= Float.isNaN(v);
            }
        }

        int[] grid = grid(k, maxColumns);
        int[] cell = Rasters.fitSize(frameRows, frameCols, cellTarget);
        int cellHeight = cell[0];
        int cellWidth = columnWidth(cell[1], cellTarget);
        int pitchX = cellWidth + 2 * BORDER + GAP;
        int pitchY = LABEL + cellHeight + 2 * BORDER + GAP;
        int[] size = size(result, maxColumns, cellTarget);
        int width = size[0];
        int height = size[1];

        try (Canvas canvas = new Canvas(width, height)) {
            int maxWidth = width - 2 * MARGIN;
            String title = compact ? "Mean diffraction pattern per cluster"
                    : result.scanName() + ": mean diffraction pattern per cluster";
            canvas.text(canvas.fit(title, maxWidth, Canvas.TITLE_SIZE, true), MARGIN, 30, Canvas.TITLE_SIZE, true);
            canvas.text(canvas.fit("log(1 + mean counts), one scale for all, clipped at the 99.5th percentile; "
                    + frameRows + " x " + frameCols + " px" + (nonFinite ? "; magenta: NaN or infinite" : ""), maxWidth, Canvas.TICK_SIZE - 1, false),
                    MARGIN, 54, Canvas.TICK_SIZE - 1, false);

            long total = result.kmeans().labels().length;
            for (int c = 0; c < k; c++) {
                int x = MARGIN + (c % grid[1]) * pitchX;
                int y = TOP + (c / grid[1]) * pitchY;
                drawLabel(canvas, c, counts[c], total, x, y, cellWidth + 2 * BORDER);
                // A frame narrower than the label column is centred in it, inside its colour band.
                int tileX = x + BORDER + (cellWidth - cell[1]) / 2;
                int tileY = y + LABEL + BORDER;
                canvas.g.setColor(ClusterPalette.color(c));
                canvas.g.fillRect(tileX - BORDER, tileY - BORDER, cell[1] + 2 * BORDER, cellHeight + 2 * BORDER);
                if (logPatterns[c].length == 0) {
                    canvas.g.setColor(new Color(0xEEEEEE));
                    canvas.g.fillRect(tileX, tileY, cell[1], cellHeight);
                    canvas.g.setColor(Canvas.GRID);
                    canvas.textCentred(counts[c] == 0 ? "empty cluster" : "no pattern", tileX + cell[1] / 2,
                            tileY + cellHeight / 2 + 5, Canvas.TICK_SIZE, false);
                    continue;
                }
                float[] tile = Rasters.resample(logPatterns[c], frameRows, frameCols, cell[0], cell[1]);
                canvas.g.drawImage(Rasters.toImage(tile, cell[0], cell[1], scale, Colormap.GREY), tileX, tileY, null);
            }
            return canvas.image;
        }
    }

    private static void drawLabel(Canvas canvas, int c, long count, long total, int x, int y, int width) {
        int swatch = 14;
        canvas.g.setColor(ClusterPalette.color(c));
        canvas.g.fillRect(x, y + 4, swatch, swatch);
        canvas.g.setColor(Canvas.TEXT);
        String name = Integer.toString(c);
        canvas.text(name, x + swatch + 5, y + 17, Canvas.LABEL_SIZE, true);
        int nameWidth = canvas.textWidth(name, Canvas.LABEL_SIZE, true);
        double percent = total == 0 ? 0.0 : 100.0 * count / total;
        String size = String.format(Locale.ROOT, "%,d (%.1f %%)", count, percent);
        int available = width - swatch - 5 - nameWidth - 8;
        if (canvas.textWidth(size, Canvas.TICK_SIZE - 1, false) > available) {
            size = String.format(Locale.ROOT, "%.1f %%", percent);
        }
        canvas.text(canvas.fit(size, available, Canvas.TICK_SIZE - 1, false), x + swatch + 5 + nameWidth + 8, y + 17,
                Canvas.TICK_SIZE - 1, false);
    }
}
