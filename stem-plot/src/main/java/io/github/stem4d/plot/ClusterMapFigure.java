package io.github.stem4d.plot;

import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.scan.ScanShape;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The k-means label map in scan coordinates, with a legend of cluster sizes. */
final class ClusterMapFigure {

    static final int MIN_LONG_SIDE = 512;
    static final int MAX_LONG_SIDE = 800;
    static final int MIN_SHORT_SIDE = 48;
    static final int TOP = 84;
    static final int MARGIN = 24;

    private static final int LEGEND_GAP = 36;
    private static final int LEGEND_ROW = 26;
    private static final int SWATCH = 18;
    private static final int MIN_WIDTH = 760;

    private ClusterMapFigure() {
    }

    /** Returns where the map sits in the figure of a scan of this shape. */
    static ScanMapLayout layout(ScanShape shape) {
        return ScanMapLayout.fit(shape.rows(), shape.cols(), MIN_LONG_SIDE, MAX_LONG_SIDE, MIN_SHORT_SIDE,
                MARGIN + ScanAxes.LEFT, TOP);
    }

    static BufferedImage render(AnalysisResult result) {
        ScanMapLayout layout = layout(result.scanShape());
        int k = result.k();
        int[] labels = result.kmeans().labels();
        long[] counts = FigureData.labelCounts(labels, k);
        long unassigned = FigureData.unassignedCount(labels, k);
        List<String> legend = legendLines(counts, unassigned, labels.length);

        int legendRowsPerColumn = Math.max(10, Math.max(layout.height(), 480) / LEGEND_ROW);
        int legendColumns = (legend.size() + legendRowsPerColumn - 1) / legendRowsPerColumn;
        int legendRows = Math.min(legend.size(), legendRowsPerColumn);
        int legendColumnWidth;
        try (Canvas probe = new Canvas(1, 1)) {
            int textWidth = 0;
            for (String line : legend) {
                textWidth = Math.max(textWidth, probe.textWidth(line, Canvas.TICK_SIZE, false));
            }
            legendColumnWidth = SWATCH + 10 + textWidth + 24;
        }
        int legendX = layout.x() + layout.width() + LEGEND_GAP;
        int legendTop = layout.y() + 28;
        int width = Math.max(MIN_WIDTH, legendX + legendColumns * legendColumnWidth + MARGIN);
        int height = Math.max(layout.y() + layout.height() + ScanAxes.BOTTOM, legendTop + legendRows * LEGEND_ROW)
                + MARGIN;

        try (Canvas canvas = new Canvas(width, height)) {
            drawTitle(canvas, result, layout);
            drawLabels(canvas, layout, labels, k);
            drawRegionNumbers(canvas, layout, labels, k);
            ScanAxes.draw(canvas, layout, Canvas.LABEL_SIZE, Canvas.TICK_SIZE);
            drawLegend(canvas, legend, k, counts, legendX, legendTop, legendRowsPerColumn, legendColumnWidth);
            return canvas.image;
        }
    }

    private static void drawTitle(Canvas canvas, AnalysisResult result, ScanMapLayout layout) {
        int maxWidth = canvas.width() - 2 * MARGIN;
        String title = result.scanName() + ": k-means clusters, K = " + result.k();
        canvas.text(canvas.fit(title, maxWidth, Canvas.TITLE_SIZE, true), MARGIN, 32, Canvas.TITLE_SIZE, true);

        StringBuilder subtitle = new StringBuilder();
        subtitle.append(result.scanShape().rows()).append(" x ").append(result.scanShape().cols())
                .append(" positions (scan y x scan x)");
        if (result.settings() != null) {
            subtitle.append(", features ").append(result.settings().features());
        }
        if (result.pca() != null) {
            subtitle.append(", ").append(result.pca().componentCount()).append(" PCs");
        }
        if (result.nonFiniteFrames() > 0) {
            subtitle.append(", ").append(result.nonFiniteFrames()).append(" frames with NaN/Inf");
        }
        if (result.k() > ClusterPalette.SIZE) {
            subtitle.append("; colours repeat after ").append(ClusterPalette.SIZE).append(" clusters");
        }
        if (layout.stretched()) {
            subtitle.append("; ").append(layout.stretchNote());
        }
        canvas.text(canvas.fit(subtitle.toString(), maxWidth, Canvas.TICK_SIZE, false), MARGIN, 58,
                Canvas.TICK_SIZE, false);
    }

    private static void drawLabels(Canvas canvas, ScanMapLayout layout, int[] labels, int k) {
        int rows = layout.rows();
        int cols = layout.cols();
        BufferedImage map = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        int[] pixels = new int[rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            int label = labels[i];
            pixels[i] = label >= 0 && label < k ? ClusterPalette.rgb(label) : ClusterPalette.rgb(-1);
        }
        map.setRGB(0, 0, cols, rows, pixels, 0, cols);
        canvas.drawBlocks(map, layout.x(), layout.y(), layout.width(), layout.height());
    }

    /**
     * Prints each cluster's number at the position deepest inside its largest region (the
     * maximum of a city-block distance transform to the nearest other label or the map edge),
     * where the region is wide enough to hold the text.
     */
    private static void drawRegionNumbers(Canvas canvas, ScanMapLayout layout, int[] labels, int k) {
        int rows = layout.rows();
        int cols = layout.cols();
        int[] distance = FigureData.distanceToOtherLabel(labels, rows, cols);
        int[] best = new int[k];
        int[] bestDistance = new int[k];
        java.util.Arrays.fill(best, -1);
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label >= 0 && label < k && distance[i] > bestDistance[label]) {
                bestDistance[label] = distance[i];
                best[label] = i;
            }
        }
        int size = Canvas.LABEL_SIZE + 2;
        for (int label = 0; label < k; label++) {
            if (best[label] < 0) {
                continue;
            }
            String text = Integer.toString(label);
            int halfWidth = (int) ((bestDistance[label] - 0.5) * layout.blockWidth());
            int halfHeight = (int) ((bestDistance[label] - 0.5) * layout.blockHeight());
            if (halfWidth * 2 < canvas.textWidth(text, size, true) + 4 || halfHeight * 2 < size + 2) {
                continue;
            }
            int cx = layout.centreX(best[label] % cols);
            int cy = layout.centreY(best[label] / cols);
            canvas.g.setColor(ClusterPalette.textOn(ClusterPalette.color(label)));
            canvas.textCentred(text, cx, cy + canvas.ascent(size) / 2 - 1, size, true);
        }
        canvas.g.setColor(Canvas.TEXT);
    }

    private static List<String> legendLines(long[] counts, long unassigned, int total) {
        List<String> lines = new ArrayList<>();
        for (int label = 0; label < counts.length; label++) {
            lines.add(sizeText(label, counts[label], total));
        }
        if (unassigned > 0) {
            lines.add(sizeText(-1, unassigned, total));
        }
        return lines;
    }

    static String sizeText(int label, long count, long total) {
        String name = label < 0 ? "unassigned" : Integer.toString(label);
        double percent = total == 0 ? 0 : 100.0 * count / total;
        return String.format(Locale.ROOT, "%s: %,d %s (%.1f %%)", name, count, count == 1 ? "frame" : "frames",
                percent);
    }

    private static void drawLegend(Canvas canvas, List<String> lines, int k, long[] counts, int x, int top,
            int rowsPerColumn, int columnWidth) {
        canvas.text("cluster: size", x, top - 10, Canvas.LABEL_SIZE, true);
        int ascent = canvas.ascent(Canvas.TICK_SIZE);
        for (int i = 0; i < lines.size(); i++) {
            int column = i / rowsPerColumn;
            int row = i % rowsPerColumn;
            int sx = x + column * columnWidth;
            int sy = top + row * LEGEND_ROW + 4;
            Color color = i < k ? ClusterPalette.color(i) : ClusterPalette.UNASSIGNED;
            canvas.g.setColor(color);
            canvas.g.fillRect(sx, sy, SWATCH, SWATCH);
            canvas.g.setColor(Canvas.GRID);
            canvas.g.setStroke(new BasicStroke(1f));
            canvas.g.drawRect(sx, sy, SWATCH, SWATCH);
            canvas.g.setColor(i < k && counts[i] == 0 ? Canvas.GRID : Canvas.TEXT);
            canvas.text(lines.get(i), sx + SWATCH + 10, sy + SWATCH / 2 + ascent / 2 - 1, Canvas.TICK_SIZE, false);
        }
        canvas.g.setColor(Canvas.TEXT);
    }
}
