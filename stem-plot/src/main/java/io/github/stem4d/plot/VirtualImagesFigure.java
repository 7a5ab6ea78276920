package io.github.stem4d.plot;

import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.VirtualImages;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** Total intensity, bright-field and annular dark-field maps side by side, each with a colour bar (viridis). */
final class VirtualImagesFigure {

    static final int MIN_LONG_SIDE = 300;
    static final int MAX_LONG_SIDE = 440;
    static final int MIN_SHORT_SIDE = 32;
    static final int TOP = 100;
    static final int MARGIN = 20;

    private static final int BAR_GAP = 14;
    private static final int BAR_WIDTH = 18;
    private static final int BAR_LABELS = 84;
    private static final int PANEL_GAP = 24;
    private static final int MIN_BAR_HEIGHT = 160;

    private VirtualImagesFigure() {
    }

    /** Returns the layout of the first panel's map; panel {@code i} is shifted right by {@code i * panelWidth}. */
    static ScanMapLayout layout(AnalysisResult result) {
        return layout(result, MIN_LONG_SIDE, MAX_LONG_SIDE);
    }

    private static ScanMapLayout layout(AnalysisResult result, int minLongSide, int maxLongSide) {
        return ScanMapLayout.fit(result.scanShape().rows(), result.scanShape().cols(), minLongSide, maxLongSide,
                MIN_SHORT_SIDE, MARGIN + ScanAxes.LEFT, TOP);
    }

    /** Returns the horizontal distance between the maps of neighbouring panels. */
    static int panelWidth(ScanMapLayout layout) {
        return ScanAxes.LEFT + layout.width() + BAR_GAP + BAR_WIDTH + BAR_LABELS + PANEL_GAP;
    }

    static BufferedImage render(AnalysisResult result) {
        return render(result, MIN_LONG_SIDE, MAX_LONG_SIDE);
    }

    /**
     * Renders the three maps with the longer side of each map between {@code minLongSide} and
     * {@code maxLongSide} pixels; text keeps its size, so smaller maps give a smaller figure.
     */
    static BufferedImage render(AnalysisResult result, int minLongSide, int maxLongSide) {
        ScanMapLayout first = layout(result, minLongSide, maxLongSide);
        int panelWidth = panelWidth(first);
        int barHeight = Math.max(first.height(), MIN_BAR_HEIGHT);
        int width = Math.max(900, MARGIN + 3 * panelWidth - PANEL_GAP + MARGIN);
        int height = TOP + Math.max(first.height() + ScanAxes.BOTTOM, barHeight + 16) + MARGIN;

        VirtualImages images = result.virtualImages();
        String[] titles;
        double[][] values;
        if (images == null) {
            titles = new String[] {"Total intensity", "Bright field", "Annular dark field"};
            values = new double[3][];
        } else {
            titles = new String[] {
                "Total intensity",
                "Bright field, r \u2264 " + radius(images.brightFieldRadius()) + " px",
                "Annular dark field, " + radius(images.annularInnerRadius()) + "\u2013"
                        + radius(images.annularOuterRadius()) + " px",
            };
            values = new double[][] {images.total(), images.brightField(), images.annularDarkField()};
        }

        try (Canvas canvas = new Canvas(width, height)) {
            int maxWidth = width - 2 * MARGIN;
            canvas.text(canvas.fit(result.scanName() + ": virtual detector images", maxWidth, Canvas.TITLE_SIZE, true),
                    MARGIN, 32, Canvas.TITLE_SIZE, true);
            String subtitle = "detector sums per probe position, radii in detector pixels from the beam centre";
            if (images != null && (hasNonFinite(images.total()) || hasNonFinite(images.brightField())
                    || hasNonFinite(images.annularDarkField()))) {
                subtitle += "; magenta: NaN or infinite";
            }
            if (first.stretched()) {
                subtitle += "; " + first.stretchNote();
            }
            canvas.text(canvas.fit(subtitle, maxWidth, Canvas.TICK_SIZE - 1, false), MARGIN, 56,
                    Canvas.TICK_SIZE - 1, false);
            for (int panel = 0; panel < 3; panel++) {
                ScanMapLayout layout = first.at(first.x() + panel * panelWidth, first.y());
                canvas.g.setColor(Canvas.TEXT);
                canvas.text(canvas.fit(titles[panel], panelWidth - PANEL_GAP, Canvas.LABEL_SIZE, true),
                        layout.x() - ScanAxes.LEFT + 8, TOP - 14, Canvas.LABEL_SIZE, true);
                drawPanel(canvas, layout, values[panel], barHeight);
            }
            return canvas.image;
        }
    }

    private static void drawPanel(Canvas canvas, ScanMapLayout layout, double[] values, int barHeight) {
        if (values == null) {
            canvas.g.setColor(new java.awt.Color(0xEEEEEE));
            canvas.g.fillRect(layout.x(), layout.y(), layout.width(), layout.height());
            canvas.g.setColor(Canvas.GRID);
            canvas.textCentred("not available", layout.x() + layout.width() / 2, layout.y() + layout.height() / 2,
                    Canvas.TICK_SIZE, false);
            ScanAxes.draw(canvas, layout, Canvas.LABEL_SIZE - 2, Canvas.TICK_SIZE - 1);
            return;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        boolean anyFinite = min <= max;

        int rows = layout.rows();
        int cols = layout.cols();
        int[] pixels = new int[rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            double v = values[i];
            double t = 0.5;
            if (!Double.isFinite(v)) {
                t = Double.NaN;
            } else if (max > min) {
                t = (v - min) / (max - min);
            }
            pixels[i] = Colormap.VIRIDIS.rgb(t);
        }
        BufferedImage map = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        map.setRGB(0, 0, cols, rows, pixels, 0, cols);
        canvas.drawBlocks(map, layout.x(), layout.y(), layout.width(), layout.height());
        ScanAxes.draw(canvas, layout, Canvas.LABEL_SIZE - 2, Canvas.TICK_SIZE - 1);

        int barX = layout.x() + layout.width() + BAR_GAP;
        int barY = layout.y();
        for (int y = 0; y < barHeight; y++) {
            canvas.g.setColor(new java.awt.Color(Colormap.VIRIDIS.rgb(1.0 - (double) y / (barHeight - 1))));
            canvas.g.fillRect(barX, barY + y, BAR_WIDTH, 1);
        }
        canvas.g.setColor(Canvas.TEXT);
        canvas.g.drawRect(barX, barY, BAR_WIDTH, barHeight - 1);
        int tickSize = Canvas.TICK_SIZE - 1;
        if (!anyFinite) {
            canvas.text("no finite", barX + BAR_WIDTH + 6, barY + 14, tickSize, false);
            canvas.text("values", barX + BAR_WIDTH + 6, barY + 30, tickSize, false);
            return;
        }
        int ticks = max == min ? 1 : 5;
        for (int t = 0; t < ticks; t++) {
            double fraction = ticks == 1 ? 0.5 : (double) t / (ticks - 1);
            int y = barY + (int) Math.round((1 - fraction) * (barHeight - 1));
            double value = ticks == 1 ? min : min + fraction * (max - min);
            canvas.g.drawLine(barX + BAR_WIDTH, y, barX + BAR_WIDTH + 4, y);
            double reference = Math.max(Math.abs(min), Math.abs(max));
            String label = formatValue(value, reference);
            int textY = y + canvas.ascent(tickSize) / 2 - 1;
            canvas.text(label, barX + BAR_WIDTH + 7, textY, tickSize, false);
            if (ticks == 1) {
                // On its own line, because value and note together overflow the label column.
                canvas.text("(constant)", barX + BAR_WIDTH + 7, textY + canvas.ascent(tickSize) + 4, tickSize, false);
            }
        }
    }

    private static boolean hasNonFinite(double[] values) {
        if (values == null) {
            return false;
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Formats a colour bar value in one notation for the whole bar, chosen by {@code reference},
     * the largest magnitude on the bar. Scientific notation is used from 1e5 up and below 0.01.
     */
    static String formatValue(double value, double reference) {
        if (value == 0) {
            return "0";
        }
        if (reference >= 1e5 || reference < 1e-2) {
            return String.format(Locale.ROOT, "%.2e", value);
        }
        if (reference >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    private static String radius(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e6) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
