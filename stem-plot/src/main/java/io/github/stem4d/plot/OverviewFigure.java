package io.github.stem4d.plot;

import io.github.stem4d.analysis.AnalysisResult;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** One sheet with the cluster map, the scree plot and the mean patterns, sized for a laptop screen. */
final class OverviewFigure {

    static final int WIDTH = 1600;
    static final int HEIGHT = 1000;

    private static final int MARGIN = 16;
    private static final int TOP = 72;
    private static final int SPLIT = 900;
    private static final int SCREE_HEIGHT = 380;

    private OverviewFigure() {
    }

    /** Renders the sheet around an already rendered cluster map figure, which is scaled down to fit. */
    static BufferedImage render(AnalysisResult result, BufferedImage clusterMap) {
        try (Canvas canvas = new Canvas(WIDTH, HEIGHT)) {
            int maxWidth = WIDTH - 2 * MARGIN;
            canvas.text(canvas.fit(result.scanName() + ": clustering overview", maxWidth, Canvas.TITLE_SIZE + 4, true),
                    MARGIN, 34, Canvas.TITLE_SIZE + 4, true);
            canvas.text(canvas.fit(description(result), maxWidth, Canvas.LABEL_SIZE, false), MARGIN, 60,
                    Canvas.LABEL_SIZE, false);
            canvas.g.setColor(Canvas.GRID);
            canvas.g.drawLine(MARGIN, TOP - 2, WIDTH - MARGIN, TOP - 2);

            int leftWidth = SPLIT - 2 * MARGIN;
            int bodyHeight = HEIGHT - TOP - MARGIN;
            drawFitted(canvas, clusterMap, MARGIN, TOP + 4, leftWidth, bodyHeight - 4);

            int rightX = SPLIT;
            int rightWidth = WIDTH - SPLIT - MARGIN;
            BufferedImage scree = ScreeFigure.render(result, rightWidth, SCREE_HEIGHT, true);
            canvas.g.drawImage(scree, rightX, TOP + 4, null);
            int patternsHeight = HEIGHT - TOP - 12 - SCREE_HEIGHT - MARGIN;
            drawFitted(canvas, largestMeanPatterns(result, rightWidth, patternsHeight), rightX,
                    TOP + 12 + SCREE_HEIGHT, rightWidth, patternsHeight);
            return canvas.image;
        }
    }

    /**
     * Returns the mean pattern figure in the column count and pattern size that give the
     * largest patterns fitting the box without scaling. Ties go to more columns.
     */
    private static BufferedImage largestMeanPatterns(AnalysisResult result, int width, int height) {
        int bestColumns = MeanPatternsFigure.MAX_COLUMNS;
        int bestTarget = 48;
        for (int maxColumns = 1; maxColumns <= Math.max(MeanPatternsFigure.MAX_COLUMNS, 8); maxColumns++) {
            for (int target = MeanPatternsFigure.CELL_TARGET - 1; target >= 48; target -= 4) {
                int[] size = MeanPatternsFigure.size(result, maxColumns, target);
                if (size[0] <= width && size[1] <= height) {
                    if (target >= bestTarget) {
                        bestTarget = target;
                        bestColumns = maxColumns;
                    }
                    break;
                }
            }
        }
        return MeanPatternsFigure.render(result, bestColumns, bestTarget, true);
    }

    private static String description(AnalysisResult result) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "scan %d x %d positions, frames %d x %d px, %,d frames; K = %d",
                result.scanShape().rows(), result.scanShape().cols(), result.frameShape().rows(),
                result.frameShape().cols(), result.scanShape().frameCount(), result.k()));
        if (result.settings() != null) {
            text.append(", features ").append(result.settings().features());
        }
        if (result.pca() != null) {
            text.append(", ").append(result.pca().componentCount()).append(" PCs");
        }
        if (result.nonFiniteFrames() > 0) {
            text.append(", ").append(result.nonFiniteFrames()).append(" frames with NaN/Inf");
        }
        return text.toString();
    }

    /** Draws {@code image} scaled down (never up) to fit the box, keeping its aspect ratio, at the box's top-left. */
    private static void drawFitted(Canvas canvas, BufferedImage image, int x, int y, int width, int height) {
        BufferedImage fitted = Scaling.fit(image, width, height);
        canvas.g.drawImage(fitted, x, y, null);
    }
}
