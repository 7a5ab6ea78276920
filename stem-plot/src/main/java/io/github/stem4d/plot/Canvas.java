package io.github.stem4d.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * An RGB image with a white background and a {@link Graphics2D} whose rendering hints are
 * fixed, so the same drawing calls give the same pixels on every run.
 *
 * <p>Fonts are the logical font {@code SansSerif}, which the JDK maps to an installed font.
 * NOTE: rendering was tested with fontconfig listing no fonts (the JDK then finds the font
 * files itself), but not on a machine without any font file.
 */
final class Canvas implements AutoCloseable {

    static final Color TEXT = new Color(0x222222);
    static final Color GRID = new Color(0x888888);
    static final Color BACKGROUND = Color.WHITE;

    static final int TITLE_SIZE = 20;
    static final int LABEL_SIZE = 16;
    static final int TICK_SIZE = 14;

    final BufferedImage image;
    final Graphics2D g;

    Canvas(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("canvas size must be positive, got " + width + "x" + height);
        }
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        applyHints(g);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.setColor(TEXT);
        g.setStroke(new BasicStroke(1f));
    }

    /** Sets every rendering hint that affects pixels, so no platform default leaks in. */
    static void applyHints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_NORMALIZE);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_DITHERING, RenderingHints.VALUE_DITHER_DISABLE);
    }

    static Font font(int size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size);
    }

    int width() {
        return image.getWidth();
    }

    int height() {
        return image.getHeight();
    }

    /**
     * Draws {@code image} enlarged to {@code width x height} with nearest-neighbour sampling, so
     * each source pixel becomes a block of one colour.
     */
    void drawBlocks(BufferedImage image, int x, int y, int width, int height) {
        Object interpolation = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(image, x, y, width, height, null);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
    }

    /** Draws {@code text} with its baseline at {@code y}, left-aligned at {@code x}. */
    void text(String text, int x, int y, int size, boolean bold) {
        g.setFont(font(size, bold));
        g.drawString(text, x, y);
    }

    /** Draws {@code text} horizontally centred on {@code centreX} with its baseline at {@code y}. */
    void textCentred(String text, int centreX, int y, int size, boolean bold) {
        g.setFont(font(size, bold));
        int width = g.getFontMetrics().stringWidth(text);
        g.drawString(text, centreX - width / 2, y);
    }

    /** Draws {@code text} right-aligned at {@code rightX} with its baseline at {@code y}. */
    void textRight(String text, int rightX, int y, int size, boolean bold) {
        g.setFont(font(size, bold));
        int width = g.getFontMetrics().stringWidth(text);
        g.drawString(text, rightX - width, y);
    }

    /** Draws {@code text} rotated 90 degrees counter-clockwise, centred on the given point. */
    void textVertical(String text, int centreX, int centreY, int size) {
        g.setFont(font(size, false));
        FontMetrics metrics = g.getFontMetrics();
        int width = metrics.stringWidth(text);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.translate(centreX + metrics.getAscent() / 2, centreY + width / 2);
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(text, 0, 0);
        rotated.dispose();
    }

    /** Returns the width of {@code text} in pixels at the given size. */
    int textWidth(String text, int size, boolean bold) {
        return g.getFontMetrics(font(size, bold)).stringWidth(text);
    }

    /** Returns the ascent in pixels of the font of the given size. */
    int ascent(int size) {
        return g.getFontMetrics(font(size, false)).getAscent();
    }

    /** Shortens {@code text} with an ellipsis so it fits in {@code maxWidth} pixels. */
    String fit(String text, int maxWidth, int size, boolean bold) {
        if (textWidth(text, size, bold) <= maxWidth) {
            return text;
        }
        String shortened = text;
        while (shortened.length() > 1 && textWidth(shortened + "\u2026", size, bold) > maxWidth) {
            shortened = shortened.substring(0, shortened.length() - 1);
        }
        return shortened + "\u2026";
    }

    @Override
    public void close() {
        g.dispose();
    }
}
