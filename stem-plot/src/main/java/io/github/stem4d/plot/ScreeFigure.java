package io.github.stem4d.plot;

import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.pca.PcaModel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnitSource;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PCA scree plot: explained variance ratio per component as bars and the cumulative ratio as a line. */
final class ScreeFigure {

    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    private static final Color BARS = new Color(0x0072B2);
    private static final Color CUMULATIVE = new Color(0xD55E00);
    private static final Color MARKER = new Color(0x555555);

    private ScreeFigure() {
    }

    /** Returns the 1-based number of components whose cumulative ratio first reaches {@code level}, or -1. */
    static int componentsReaching(double[] ratios, double level) {
        double cumulative = 0;
        for (int c = 0; c < ratios.length; c++) {
            cumulative += finiteOrZero(ratios[c]);
            // A small tolerance, so a ratio sum that is 0.9 up to rounding counts as reaching 90 %.
            if (cumulative >= level - 1e-9) {
                return c + 1;
            }
        }
        return -1;
    }

    /**
     * Renders the scree plot at {@code width x height}; {@code compact} drops the scan name and
     * the subtitle, for the overview sheet, which states them itself.
     */
    static BufferedImage render(AnalysisResult result, int width, int height, boolean compact) {
        try (Canvas canvas = new Canvas(width, height)) {
            PcaModel pca = result.pca();
            double[] ratios = pca == null || pca.explainedVarianceRatio() == null
                    ? new double[0] : pca.explainedVarianceRatio();
            if (ratios.length == 0) {
                canvas.text(result.scanName() + ": PCA explained variance", 20, 32, Canvas.TITLE_SIZE, true);
                canvas.textCentred("no principal components in this result", width / 2, height / 2,
                        Canvas.LABEL_SIZE, false);
                return canvas.image;
            }
            JFreeChart chart = chart(result.scanName(), ratios, compact);
            chart.setRenderingHints(canvas.g.getRenderingHints());
            chart.draw(canvas.g, new Rectangle2D.Double(0, 0, width, height));
            return canvas.image;
        }
    }

    private static JFreeChart chart(String scanName, double[] ratios, boolean compact) {
        XYSeries bars = new XYSeries("explained variance ratio per component", false, false);
        XYSeries cumulative = new XYSeries("cumulative", false, false);
        double sum = 0;
        boolean nonFinite = false;
        for (int c = 0; c < ratios.length; c++) {
            double ratio = finiteOrZero(ratios[c]);
            nonFinite |= !Double.isFinite(ratios[c]);
            sum += ratio;
            bars.add(c + 1, 100 * ratio);
            cumulative.add(c + 1, 100 * sum);
        }

        NumberAxis componentAxis = new NumberAxis("principal component");
        componentAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        componentAxis.setRange(0.4, ratios.length + 0.6);
        NumberAxis ratioAxis = new NumberAxis("explained variance (%)");
        ratioAxis.setAutoRangeIncludesZero(true);
        ratioAxis.setStandardTickUnits(new NumberTickUnitSource());
        NumberAxis cumulativeAxis = new NumberAxis("cumulative (%)");
        // The headroom above 100 % keeps the markers of a saturated cumulative curve off the frame.
        cumulativeAxis.setRange(0, 106);
        for (NumberAxis axis : new NumberAxis[] {componentAxis, ratioAxis, cumulativeAxis}) {
            axis.setLabelFont(Canvas.font(Canvas.LABEL_SIZE, false));
            axis.setTickLabelFont(Canvas.font(Canvas.TICK_SIZE, false));
            axis.setLabelPaint(Canvas.TEXT);
            axis.setTickLabelPaint(Canvas.TEXT);
        }
        ratioAxis.setLabelPaint(BARS);
        cumulativeAxis.setLabelPaint(CUMULATIVE);

        XYBarRenderer barRenderer = new XYBarRenderer(0.2);
        barRenderer.setBarPainter(new StandardXYBarPainter());
        barRenderer.setShadowVisible(false);
        barRenderer.setSeriesPaint(0, BARS);
        barRenderer.setDrawBarOutline(false);
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, ratios.length <= 60);
        lineRenderer.setSeriesPaint(0, CUMULATIVE);
        lineRenderer.setSeriesStroke(0, new BasicStroke(2.5f));
        lineRenderer.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));

        XYPlot plot = new XYPlot(new XYSeriesCollection(bars), componentAxis, ratioAxis, barRenderer);
        plot.setDataset(1, new XYSeriesCollection(cumulative));
        plot.setRangeAxis(1, cumulativeAxis);
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setRenderer(1, lineRenderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setDomainGridlinesVisible(false);
        plot.setOutlinePaint(Canvas.GRID);

        // Labels sit at mid-height and at the bottom, right of their line: the cumulative curve
        // runs near the top there and the bars right of the 90 % component are short.
        addMarker(plot, ratios, 0.90, "90 %", RectangleAnchor.RIGHT, TextAnchor.CENTER_LEFT);
        addMarker(plot, ratios, 0.99, "99 %", RectangleAnchor.BOTTOM_RIGHT, TextAnchor.BOTTOM_LEFT);

        JFreeChart chart = new JFreeChart(null, Canvas.font(Canvas.TITLE_SIZE, true), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 16));
        String titleText = compact ? "PCA explained variance per component" : scanName + ": PCA explained variance";
        TextTitle title = new TextTitle(titleText, Canvas.font(compact ? Canvas.LABEL_SIZE + 1 : Canvas.TITLE_SIZE, true));
        title.setPaint(Canvas.TEXT);
        title.setHorizontalAlignment(org.jfree.chart.ui.HorizontalAlignment.LEFT);
        chart.setTitle(title);
        TextTitle subtitle = new TextTitle(subtitleText(ratios, sum, nonFinite), Canvas.font(Canvas.TICK_SIZE, false));
        subtitle.setPaint(Canvas.TEXT);
        subtitle.setHorizontalAlignment(org.jfree.chart.ui.HorizontalAlignment.LEFT);
        if (!compact) {
            chart.addSubtitle(subtitle);
        }
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(Canvas.font(Canvas.TICK_SIZE, false));
        legend.setFrame(BlockBorder.NONE);
        legend.setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    private static void addMarker(XYPlot plot, double[] ratios, double level, String name, RectangleAnchor anchor,
            TextAnchor textAnchor) {
        int component = componentsReaching(ratios, level);
        if (component < 0) {
            return;
        }
        ValueMarker marker = new ValueMarker(component, MARKER,
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        marker.setLabel(" " + name + " at PC " + component);
        marker.setLabelFont(Canvas.font(Canvas.TICK_SIZE, true));
        marker.setLabelPaint(MARKER);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 220));
        marker.setLabelAnchor(anchor);
        marker.setLabelTextAnchor(textAnchor);
        marker.setLabelOffset(new RectangleInsets(4, 2, 22, 2));
        plot.addDomainMarker(0, marker, Layer.FOREGROUND);
    }

    private static String subtitleText(double[] ratios, double sum, boolean nonFinite) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%d components kept, explaining %.1f %% of the total variance", ratios.length, 100 * sum));
        int c90 = componentsReaching(ratios, 0.90);
        int c99 = componentsReaching(ratios, 0.99);
        text.append(c90 > 0 ? "; 90 % reached at PC " + c90 : "; 90 % not reached");
        text.append(c99 > 0 ? ", 99 % at PC " + c99 : ", 99 % not reached");
        if (nonFinite) {
            text.append("; NaN ratios shown as 0");
        }
        return text.toString();
    }

    private static double finiteOrZero(double value) {
        return Double.isFinite(value) ? value : 0;
    }

}
