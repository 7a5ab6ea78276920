package io.github.stem4d.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * File names of the figures that {@link PngFigureRenderer} writes, and reduced copies of them
 * for transport (for example to keep an image sent to an MCP client under 1 MB).
 *
 * <p>All methods are static and thread-safe. Rendering runs headless.
 */
public final class Figures {

    /** Cluster label map in scan coordinates. */
    public static final String CLUSTER_MAP = "cluster_map.png";
    /** Mean diffraction pattern of each cluster. */
    public static final String MEAN_PATTERNS = "mean_patterns.png";
    /** Explained variance ratio per principal component and its cumulative sum. */
    public static final String PCA_SCREE = "pca_scree.png";
    /** Total intensity, bright-field and annular dark-field maps. */
    public static final String VIRTUAL_IMAGES = "virtual_images.png";
    /** Cluster map, virtual images, scree plot and mean patterns on one 1600 x 1000 sheet. */
    public static final String OVERVIEW = "overview.png";
    /** Folder, under the output folder, of the per-cluster montages. */
    public static final String MONTAGE_FOLDER = "montages";

    private Figures() {
    }

    /** Returns the montage file name of cluster {@code k} (0-based), for example {@code cluster_3.png}. */
    public static String montageFileName(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("cluster index must be >= 0, got " + k);
        }
        return "cluster_" + k + ".png";
    }

    /**
     * Returns the PNG bytes of {@code png} reduced so that its longer side is at most
     * {@code maxSide} pixels, or the file's own bytes when it is already that small. Reduction
     * averages pixels (halving steps, then bilinear), so text stays legible down to about half
     * size. Allocates the decoded image and the result.
     *
     * @throws IllegalArgumentException if {@code maxSide} is less than 16
     * @throws IOException if the file cannot be read or is not an image that ImageIO decodes
     */
    public static byte[] downscaled(Path png, int maxSide) throws IOException {
        if (maxSide < 16) {
            throw new IllegalArgumentException("maxSide must be at least 16 pixels, got " + maxSide);
        }
        byte[] original = Files.readAllBytes(png);
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(original));
        if (image == null) {
            throw new IOException("cannot decode '" + png + "' as an image: ImageIO found no reader for its "
                    + "format; pass a PNG written by the png-figures renderer");
        }
        if (Math.max(image.getWidth(), image.getHeight()) <= maxSide) {
            return original;
        }
        return PngFiles.encode(Scaling.fit(toRgb(image), maxSide, maxSide));
    }

    /**
     * Returns the PNG bytes of {@code png} with the longer side at most {@code maxSide} pixels
     * and at most {@code maxBytes} bytes, reducing the size in steps of 3/4 until it fits.
     *
     * @throws IllegalArgumentException if {@code maxSide} is less than 16 or {@code maxBytes} less than 1024
     * @throws IOException if the file cannot be read or decoded, or if even a 16-pixel copy exceeds {@code maxBytes}
     */
    public static byte[] downscaled(Path png, int maxSide, long maxBytes) throws IOException {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 1024, got " + maxBytes);
        }
        byte[] bytes = downscaled(png, maxSide);
        int side = maxSide;
        while (bytes.length > maxBytes) {
            if (side <= 16) {
                throw new IOException("cannot reduce '" + png + "' below " + maxBytes + " bytes: a " + side
                        + "-pixel copy still has " + bytes.length + " bytes");
            }
            side = Math.max(16, side * 3 / 4);
            bytes = downscaled(png, side);
        }
        return bytes;
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = rgb.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }
}
