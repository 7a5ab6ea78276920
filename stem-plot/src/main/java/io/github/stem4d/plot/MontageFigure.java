package io.github.stem4d.plot;

import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.scan.ScanDataset;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Locale;

/** A grid of the frames closest to one cluster's centroid, framed in the cluster's colour. */
final class MontageFigure {

    private static final int MIN_WIDTH = 640;
    private static final int EMPTY_HEIGHT = 120;

    private MontageFigure() {
    }

    /** Returns the frame indices the montage of cluster {@code k} shows: valid, at most {@code side * side}. */
    static int[] shownFrames(AnalysisResult result, int k, int side) {
        int[][] representatives = result.representativeFrames();
        if (representatives == null || k >= representatives.length || representatives[k] == null) {
            return new int[0];
        }
        long frameCount = result.scanShape().frameCount();
        return java.util.Arrays.stream(representatives[k])
                .filter(index -> index >= 0 && index < frameCount)
                .limit((long) side * side)
                .toArray();
    }

    /** Returns the layout of cluster {@code k}'s montage. */
    static MontageLayout layout(AnalysisResult result, int k, int side) {
        return MontageLayout.of(shownFrames(result, k, side).length, side, result.frameShape().rows(),
                result.frameShape().cols());
    }

    /**
     * Renders cluster {@code k}'s montage, reading its frames one at a time from {@code dataset}.
     *
     * @throws IOException if a frame cannot be read
     */
    static BufferedImage render(AnalysisResult result, ScanDataset dataset, int k, int side, long clusterSize)
            throws IOException {
        int[] frames = shownFrames(result, k, side);
        MontageLayout layout = layout(result, k, side);
        int frameRows = result.frameShape().rows();
        int frameCols = result.frameShape().cols();

        float[][] logFrames = new float[frames.length][];
        float[] buffer = new float[result.frameShape().pixelCount()];
        for (int i = 0; i < frames.length; i++) {
            dataset.readFrames(frames[i], 1, buffer);
            float[] logs = new float[buffer.length];
            for (int p = 0; p < buffer.length; p++) {
                logs[p] = IntensityScale.logValue(buffer[p]);
            }
            logFrames[i] = logs;
        }
        IntensityScale scale = IntensityScale.fromLogValues(logFrames, IntensityScale.CLIP_FRACTION);
        boolean nonFinite = false;
        for (float[] logs : logFrames) {
            for (float v : logs) {
                nonFinite |= Float.isNaN(v);
            }
        }

        int gridBottom = frames.length == 0 ? layout.y() + EMPTY_HEIGHT : layout.y() + layout.gridHeight();
        int gridRight = frames.length == 0 ? layout.x() + MIN_WIDTH / 2 : layout.x() + layout.gridWidth();
        int width = Math.max(MIN_WIDTH, gridRight + layout.padding() + layout.border() + MontageLayout.MARGIN);
        int height = gridBottom + layout.padding() + layout.border() + MontageLayout.MARGIN;
        try (Canvas canvas = new Canvas(width, height)) {
            drawCaption(canvas, result, k, clusterSize, frames.length, nonFinite);
            Color color = ClusterPalette.color(k);
            int inset = layout.padding() + layout.border();
            canvas.g.setColor(color);
            canvas.g.fillRect(layout.x() - inset, layout.y() - inset, gridRight - layout.x() + 2 * inset,
                    gridBottom - layout.y() + 2 * inset);
            canvas.g.setColor(Canvas.BACKGROUND);
            canvas.g.fillRect(layout.x() - layout.padding(), layout.y() - layout.padding(),
                    gridRight - layout.x() + 2 * layout.padding(), gridBottom - layout.y() + 2 * layout.padding());
            if (frames.length == 0) {
                canvas.g.setColor(Canvas.TEXT);
                canvas.textCentred("no frames in this cluster", (layout.x() + gridRight) / 2,
                        layout.y() + EMPTY_HEIGHT / 2 + 6, Canvas.LABEL_SIZE, false);
                return canvas.image;
            }
            for (int i = 0; i < frames.length; i++) {
                int cx = layout.cellX(i % layout.gridCols());
                int cy = layout.cellY(i / layout.gridCols());
                float[] cell = Rasters.resample(logFrames[i], frameRows, frameCols, layout.cellHeight(),
                        layout.cellWidth());
                canvas.g.drawImage(Rasters.toImage(cell, layout.cellHeight(), layout.cellWidth(), scale,
                        Colormap.GREY), cx, cy, null);
                drawPosition(canvas, frames[i], result.scanShape().cols(), cx, cy);
            }
            return canvas.image;
        }
    }

    private static void drawCaption(Canvas canvas, AnalysisResult result, int k, long clusterSize, int shown,
            boolean nonFinite) {
        int maxWidth = canvas.width() - 2 * MontageLayout.MARGIN;
        long total = result.scanShape().frameCount();
        String title = String.format(Locale.ROOT, "Cluster %d: %,d %s (%.1f %%)", k, clusterSize,
                clusterSize == 1 ? "frame" : "frames",
                total == 0 ? 0.0 : 100.0 * clusterSize / total);
        canvas.g.setColor(Canvas.TEXT);
        canvas.text(canvas.fit(title, maxWidth, Canvas.TITLE_SIZE, true), MontageLayout.MARGIN, 30,
                Canvas.TITLE_SIZE, true);
        String detail = shown + (shown == 1 ? " frame" : " frames") + " closest to the centroid, "
                + result.frameShape().rows() + " x " + result.frameShape().cols() + " px, labelled (scan y, scan x)";
        canvas.text(canvas.fit(detail, maxWidth, Canvas.TICK_SIZE, false), MontageLayout.MARGIN, 54,
                Canvas.TICK_SIZE, false);
        String scaleNote = "log(1 + counts), one scale for all cells, clipped at the 99.5th percentile"
                + (nonFinite ? "; magenta: NaN or infinite" : "");
        canvas.text(canvas.fit(scaleNote, maxWidth, Canvas.TICK_SIZE, false), MontageLayout.MARGIN, 74, Canvas.TICK_SIZE, false);
    }

    /** Labels a cell with the frame's scan position (row, column) on a dark box in its corner. */
    private static void drawPosition(Canvas canvas, int frame, int scanCols, int x, int y) {
        String text = "(" + frame / scanCols + ", " + frame % scanCols + ")";
        int size = 12;
        int width = canvas.textWidth(text, size, false) + 6;
        canvas.g.setColor(new Color(0, 0, 0, 160));
        canvas.g.fillRect(x, y, width, size + 5);
        canvas.g.setColor(Color.WHITE);
        canvas.text(text, x + 3, y + size + 1, size, false);
    }
}
