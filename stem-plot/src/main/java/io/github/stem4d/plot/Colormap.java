package io.github.stem4d.plot;

/**
 * A 256-entry lookup table from a value in [0, 1] to an RGB colour, built by linear
 * interpolation in sRGB between evenly spaced anchor colours.
 */
final class Colormap {

    /**
     * Viridis (S. van der Walt and N. Smith, the default colour map of matplotlib since 2.0),
     * from its nine values at 0, 1/8, ..., 1.
     */
    static final Colormap VIRIDIS = new Colormap(
            0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725);

    /** Black to white, for diffraction patterns, so cluster colours around them stand out. */
    static final Colormap GREY = new Colormap(0x000000, 0xFFFFFF);

    /** Colour of pixels whose value is NaN or infinite. */
    static final int NON_FINITE_RGB = 0xFF00FF;

    private final int[] table = new int[256];

    Colormap(int... anchors) {
        if (anchors.length < 2) {
            throw new IllegalArgumentException("a colour map needs at least 2 anchors, got " + anchors.length);
        }
        int segments = anchors.length - 1;
        for (int i = 0; i < table.length; i++) {
            double position = i / 255.0 * segments;
            int segment = Math.min((int) position, segments - 1);
            double t = position - segment;
            table[i] = mix(anchors[segment], anchors[segment + 1], t);
        }
    }

    /** Returns the 0xRRGGBB colour of {@code value} in [0, 1]; values outside are clamped, NaN is magenta. */
    int rgb(double value) {
        if (Double.isNaN(value)) {
            return NON_FINITE_RGB;
        }
        int index = (int) Math.round(Math.max(0, Math.min(1, value)) * 255);
        return table[index];
    }

    private static int mix(int from, int to, double t) {
        int r = channel(from >> 16, to >> 16, t);
        int g = channel(from >> 8, to >> 8, t);
        int b = channel(from, to, t);
        return (r << 16) | (g << 8) | b;
    }

    private static int channel(int from, int to, double t) {
        int a = from & 0xFF;
        int b = to & 0xFF;
        return (int) Math.round(a + (b - a) * t);
    }
}
