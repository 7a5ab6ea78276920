package io.github.stem4d.analysis;

/**
 * Per-frame detector sums, each of length N in scan order: total intensity, bright field
 * (pixels within {@code brightFieldRadius} of the beam centre) and annular dark field
 * (pixels between {@code annularInnerRadius} and {@code annularOuterRadius}, both included).
 * Radii and the centre are in detector pixels, measured between pixel centres. Arrays are not
 * copied; treat them as read-only.
 *
 * @param total sum of every pixel of each frame
 * @param brightField bright-field sum of each frame
 * @param annularDarkField annular dark-field sum of each frame
 * @param brightFieldRadius bright-field radius
 * @param annularInnerRadius inner radius of the annulus
 * @param annularOuterRadius outer radius of the annulus
 * @param centreRow det_y coordinate of the beam centre the masks are centred on, or NaN if unknown
 * @param centreCol det_x coordinate of the beam centre, or NaN if unknown
 */
public record VirtualImages(double[] total, double[] brightField, double[] annularDarkField,
        double brightFieldRadius, double annularInnerRadius, double annularOuterRadius,
        double centreRow, double centreCol) {

    /** Creates virtual images whose mask centre is not recorded (NaN). */
    public VirtualImages(double[] total, double[] brightField, double[] annularDarkField,
            double brightFieldRadius, double annularInnerRadius, double annularOuterRadius) {
        this(total, brightField, annularDarkField, brightFieldRadius, annularInnerRadius, annularOuterRadius,
                Double.NaN, Double.NaN);
    }
}
