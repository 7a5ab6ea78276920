package io.github.stem4d.plot;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Reduction of rendered figures to a smaller size, with text kept readable. */
final class Scaling {

    private Scaling() {
    }

    /**
     * Returns {@code image} reduced to fit in {@code maxWidth x maxHeight} with its aspect ratio
     * kept, or {@code image} itself when it already fits. Reduces by halves with bilinear
     * interpolation and then by the remaining factor, so fine lines and text are averaged
     * instead of skipped.
     */
    static BufferedImage fit(BufferedImage image, int maxWidth, int maxHeight) {
        double scale = Math.min((double) maxWidth / image.getWidth(), (double) maxHeight / image.getHeight());
        if (scale >= 1) {
            return image;
        }
        int targetWidth = Math.max(1, (int) Math.floor(image.getWidth() * scale));
        int targetHeight = Math.max(1, (int) Math.floor(image.getHeight() * scale));
        BufferedImage current = image;
        while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
            current = resize(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != targetWidth || current.getHeight() != targetHeight) {
            current = resize(current, targetWidth, targetHeight);
        }
        return current;
    }

    private static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        Canvas.applyHints(g);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
