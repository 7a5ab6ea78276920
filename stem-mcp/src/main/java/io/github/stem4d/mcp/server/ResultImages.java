package io.github.stem4d.mcp.server;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Loads result figures for tool results: PNG, longest side at most 1024 px, under 1 MB. */
final class ResultImages {

    static final int MAX_SIDE = 1024;
    static final int MAX_BYTES = 1_000_000;

    private ResultImages() {
    }

    /**
     * Returns the PNG bytes of {@code file}, unchanged when it already fits, else scaled down
     * (bilinear, in steps of 0.75 after the first fit to {@link #MAX_SIDE}) until it does.
     *
     * @throws IOException when the file cannot be read as an image or does not fit at 64 px
     */
    static byte[] fittedPng(Path file) throws IOException {
        byte[] original = Files.readAllBytes(file);
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(original));
        if (image == null) {
            throw new IOException("'" + file + "' is not a readable image");
        }
        int longest = Math.max(image.getWidth(), image.getHeight());
        if (longest <= MAX_SIDE && original.length < MAX_BYTES) {
            return original;
        }
        double scale = Math.min(1.0, (double) MAX_SIDE / longest);
        while (true) {
            int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
            int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
            byte[] png = encode(resize(image, width, height));
            if (png.length < MAX_BYTES) {
                return png;
            }
            if (Math.max(width, height) <= 64) {
                throw new IOException("'" + file + "' does not fit in " + MAX_BYTES + " bytes even at 64 px");
            }
            scale *= 0.75;
        }
    }

    static String base64(byte[] png) {
        return Base64.getEncoder().encodeToString(png);
    }

    private static BufferedImage resize(BufferedImage source, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = target.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.drawImage(source, 0, 0, width, height, java.awt.Color.WHITE, null);
        } finally {
            graphics.dispose();
        }
        return target;
    }

    private static byte[] encode(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("no PNG writer available");
        }
        return bytes.toByteArray();
    }
}
