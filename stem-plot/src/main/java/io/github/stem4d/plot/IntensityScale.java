package io.github.stem4d.plot;

/**
 * A display range [low, high] for diffraction intensities on a log scale: values are mapped
 * through {@code log1p(max(v, 0))} (negative counts, for example after dark subtraction, show
 * as zero) and clipped at a high percentile so that a few bright pixels (the direct beam, hot
 * pixels) do not push weak reflections into black.
 *
 * @param low log1p intensity shown black
 * @param high log1p intensity shown white; equal to {@code low} when the input is constant
 */
record IntensityScale(double low, double high) {

    /** Upper clip of diffraction figures, as a fraction of the finite pixels. */
    static final double CLIP_FRACTION = 0.995;

    private static final int BINS = 1 << 16;

    IntensityScale {
        if (!(low <= high)) {
            throw new IllegalArgumentException("intensity scale low must be <= high, got " + low + " > " + high);
        }
    }

    /** Returns {@code log1p(max(v, 0))}, or NaN for NaN and infinite input. */
    static float logValue(float value) {
        if (!Float.isFinite(value)) {
            return Float.NaN;
        }
        return (float) Math.log1p(Math.max(value, 0f));
    }

    /**
     * Returns the scale from the minimum to the {@code fraction} quantile of the finite values
     * of {@code logImages}, each already mapped by {@link #logValue}. The quantile is taken
     * from a 65,536-bin histogram, exact to 1/65,536 of the value range. Returns [0, 0] when
     * no value is finite.
     */
    static IntensityScale fromLogValues(float[][] logImages, double fraction) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long finite = 0;
        for (float[] image : logImages) {
            for (float v : image) {
                if (Float.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    finite++;
                }
            }
        }
        if (finite == 0) {
            return new IntensityScale(0, 0);
        }
        if (max == min) {
            return new IntensityScale(min, max);
        }

        long[] histogram = new long[BINS];
        double binScale = (BINS - 1) / (max - min);
        for (float[] image : logImages) {
            for (float v : image) {
                if (Float.isFinite(v)) {
                    histogram[(int) ((v - min) * binScale)]++;
                }
            }
        }
        long target = (long) Math.ceil(fraction * finite);
        long cumulative = 0;
        int bin = 0;
        for (; bin < BINS; bin++) {
            cumulative += histogram[bin];
            if (cumulative >= target) {
                break;
            }
        }
        double high = min + (bin + 1) / binScale;
        return new IntensityScale(min, Math.min(max, high));
    }

    /** Returns {@code logValue} scaled to [0, 1] (clamped), 0.5 for a constant scale, NaN for NaN. */
    double normalise(float logValue) {
        if (Float.isNaN(logValue)) {
            return Double.NaN;
        }
        if (high == low) {
            return 0.5;
        }
        return (logValue - low) / (high - low);
    }
}
