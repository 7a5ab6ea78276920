package io.github.stem4d.plot;

import java.awt.BasicStroke;
import java.awt.Color;

/** Draws the frame, ticks and axis labels around a scan map: x (scan_x) below, y (scan_y) at the left. */
final class ScanAxes {

    /** Pixels below the map taken by ticks, tick labels and the x label. */
    static final int BOTTOM = 58;
    /** Pixels left of the map taken by the y label, tick labels and ticks. */
    static final int LEFT = 76;

    private static final int TICK = 5;

    private ScanAxes() {
    }

    static void draw(Canvas canvas, ScanMapLayout layout, int labelSize, int tickSize) {
        canvas.g.setColor(Canvas.TEXT);
        canvas.g.setStroke(new BasicStroke(1f));
        canvas.g.drawRect(layout.x() - 1, layout.y() - 1, layout.width() + 1, layout.height() + 1);

        int bottom = layout.y() + layout.height();
        int digitsX = Integer.toString(layout.cols() - 1).length();
        int stepX = tickStep(layout.cols(), layout.blockWidth(), 12 + digitsX * tickSize * 2 / 3);
        for (int col = 0; col < layout.cols(); col += stepX) {
            int cx = layout.centreX(col);
            canvas.g.drawLine(cx, bottom + 1, cx, bottom + TICK);
            canvas.textCentred(Integer.toString(col), cx, bottom + TICK + canvas.ascent(tickSize) + 1, tickSize, false);
        }
        int stepY = tickStep(layout.rows(), layout.blockHeight(), tickSize + 10);
        for (int row = 0; row < layout.rows(); row += stepY) {
            int cy = layout.centreY(row);
            canvas.g.drawLine(layout.x() - TICK - 1, cy, layout.x() - 2, cy);
            canvas.textRight(Integer.toString(row), layout.x() - TICK - 4, cy + canvas.ascent(tickSize) / 2 - 1,
                    tickSize, false);
        }

        canvas.textCentred("scan x (position)", layout.x() + layout.width() / 2, bottom + BOTTOM - 8, labelSize, false);
        // A short map (a line scan) has no room for the full rotated label; use the longest that fits.
        String yLabel = "y";
        for (String candidate : new String[] {"scan y (position)", "scan y"}) {
            if (canvas.textWidth(candidate, labelSize, false) <= layout.height() + 16) {
                yLabel = candidate;
                break;
            }
        }
        canvas.textVertical(yLabel, layout.x() - LEFT + 4, layout.y() + layout.height() / 2, labelSize);
        canvas.g.setColor(Color.BLACK);
    }

    /** Returns the smallest step of 1, 2 or 5 times a power of ten whose ticks are at least {@code minGap} px apart. */
    static int tickStep(int positions, int blockSize, int minGap) {
        long step = 1;
        while (true) {
            for (int multiplier : new int[] {1, 2, 5}) {
                long candidate = step * multiplier;
                if (candidate * blockSize >= minGap || candidate >= positions) {
                    return (int) candidate;
                }
            }
            step *= 10;
        }
    }
}
