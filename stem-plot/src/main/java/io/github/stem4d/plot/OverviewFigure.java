package io.github.stem4d.plot;

import io.github.stem4d.analysis.AnalysisResult;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * One sheet with the cluster map, the virtual images, the scree plot and the mean patterns, sized
 * for a laptop screen.
 */
final class OverviewFigure {

    static final int WIDTH = 1600;
    static final int HEIGHT = 1000;

    private static final int MARGIN = 16;
    private static final int TOP = 72;
    private static final int SPLIT = 900;
    private static final int SCREE_HEIGHT = 380;
    private static final int GAP = 8;

    /** Range of the longer side, in pixels, of each virtual image map before scaling. */
    private static final int VIRTUAL_MAP_MIN_SIDE = 120;
    private static final int VIRTUAL_MAP_MAX_SIDE = 170;
    /** Tallest the virtual images may be under the cluster map; the map gets the rest of the column. */
    private static final int VIRTUAL_MAX_HEIGHT = 300;
    /** Smallest scale of the virtual images figure at which its tick labels stay readable. */
    private static final double MIN_VIRTUAL_SCALE = 0.6;
    /** Narrowest free width beside the cluster map worth trying for the virtual images. */
    private static final int MIN_VIRTUAL_WIDTH = 200;

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

            drawLeftColumn(canvas, result, clusterMap, MARGIN, TOP + 4, SPLIT - 2 * MARGIN, HEIGHT - TOP - MARGIN - 4);

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
     * Draws the cluster map and, where they stay legible, the virtual images in the box: under
     * the map for wide scans, beside it for tall ones, whichever shows them larger. They are
     * left out when they would be shrunk below {@link #MIN_VIRTUAL_SCALE}, because their text
     * would be unreadable; the map then takes the whole box.
     */
    private static void drawLeftColumn(Canvas canvas, AnalysisResult result, BufferedImage clusterMap, int x, int y,
            int width, int height) {
        BufferedImage virtualImages = VirtualImagesFigure.render(result, VIRTUAL_MAP_MIN_SIDE, VIRTUAL_MAP_MAX_SIDE);

        BufferedImage belowImages = Scaling.fit(virtualImages, width, VIRTUAL_MAX_HEIGHT);
        BufferedImage mapAbove = Scaling.fit(clusterMap, width, height - GAP - belowImages.getHeight());
        double belowScale = (double) belowImages.getWidth() / virtualImages.getWidth();

        BufferedImage fullMap = Scaling.fit(clusterMap, width, height);
        int besideWidth = width - fullMap.getWidth() - GAP;
        BufferedImage besideImages = besideWidth < MIN_VIRTUAL_WIDTH ? null
                : Scaling.fit(virtualImages, besideWidth, height);
        double besideScale = besideImages == null ? 0 : (double) besideImages.getWidth() / virtualImages.getWidth();

        if (Math.max(belowScale, besideScale) < MIN_VIRTUAL_SCALE) {
            canvas.g.drawImage(fullMap, x, y, null);
        } else if (belowScale >= besideScale) {
            canvas.g.drawImage(mapAbove, x, y, null);
            canvas.g.drawImage(belowImages, x, y + mapAbove.getHeight() + GAP, null);
        } else {
            canvas.g.drawImage(fullMap, x, y, null);
            canvas.g.drawImage(besideImages, x + fullMap.getWidth() + GAP, y, null);
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
                "scan %d x %d positions, frames %d x %d px, %,d %s; K = %d",
                result.scanShape().rows(), result.scanShape().cols(), result.frameShape().rows(),
                result.frameShape().cols(), result.scanShape().frameCount(),
                result.scanShape().frameCount() == 1 ? "frame" : "frames", result.k()));
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
