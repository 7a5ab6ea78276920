package io.github.stem4d.plot;

import java.awt.Color;

/**
 * Discrete colours of clusters, chosen to stay distinguishable for readers with colour-vision
 * deficiency as far as 20 colours allow.
 *
 * <p>Sources: clusters 0-6 use the Okabe-Ito palette (M. Okabe and K. Ito, 2008) without its
 * black, which was designed to stay distinct for the common forms of colour-vision
 * deficiency. Clusters 7-15 use Paul Tol's "muted" scheme and 16-17 two colours of his
 * "light" scheme (P. Tol, colour schemes of SRON, 2021). Cluster 18 is black and 19 a dark
 * grey. Small K therefore reads best. Beyond 20 clusters the colours repeat, and the number
 * printed on each region and the legend tell clusters apart.
 */
final class ClusterPalette {

    private static final int[] RGB = {
        0xE69F00, // Okabe-Ito orange
        0x56B4E9, // Okabe-Ito sky blue
        0x009E73, // Okabe-Ito bluish green
        0xF0E442, // Okabe-Ito yellow
        0x0072B2, // Okabe-Ito blue
        0xD55E00, // Okabe-Ito vermillion
        0xCC79A7, // Okabe-Ito reddish purple
        0x332288, // Tol muted indigo
        0x117733, // Tol muted green
        0x882255, // Tol muted wine
        0x999933, // Tol muted olive
        0xAA4499, // Tol muted purple
        0xCC6677, // Tol muted rose
        0x88CCEE, // Tol muted cyan
        0xDDCC77, // Tol muted sand
        0x44AA99, // Tol muted teal
        0xFFAABB, // Tol light pink
        0xBBCC33, // Tol light pear
        0x000000, // black
        0x777777, // dark grey
    };

    /** Colour of positions whose label is outside 0..K-1 (not assigned to any cluster). */
    static final Color UNASSIGNED = new Color(0xDDDDDD);

    /** Number of distinct colours before the palette repeats. */
    static final int SIZE = RGB.length;

    private ClusterPalette() {
    }

    /** Returns the colour of cluster {@code k} (0-based); colours repeat after {@link #SIZE}. */
    static Color color(int k) {
        return new Color(rgb(k));
    }

    /** Returns the 0xRRGGBB colour of cluster {@code k}; labels outside 0.. get the unassigned grey. */
    static int rgb(int k) {
        if (k < 0) {
            return UNASSIGNED.getRGB() & 0xFFFFFF;
        }
        return RGB[k % RGB.length];
    }

    /** Returns black or white, whichever reads better on top of {@code background}. */
    static Color textOn(Color background) {
        double luminance = 0.2126 * background.getRed() + 0.7152 * background.getGreen()
                + 0.0722 * background.getBlue();
        return luminance > 140 ? Color.BLACK : Color.WHITE;
    }
}
