package io.github.stem4d.analysis;

/**
 * Per-frame detector sums, each of length N in scan order: total intensity, bright field
 * (pixels within {@code brightFieldRadius} of the beam centre) and annular dark field
 * (pixels between {@code annularInnerRadius} and {@code annularOuterRadius}). Radii are in
 * detector pixels. Arrays are not copied; treat them as read-only.
 */
public record VirtualImages(double[] total, double[] brightField, double[] annularDarkField,
        double brightFieldRadius, double annularInnerRadius, double annularOuterRadius) {
}
