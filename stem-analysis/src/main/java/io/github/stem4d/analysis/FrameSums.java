package io.github.stem4d.analysis;

import io.github.stem4d.analysis.scan.FrameShape;

/**
 * Running sums over the frames of one pass: the per-pixel sum (for the mean pattern) and, once
 * the beam geometry is known, the per-frame total, bright-field and annular dark-field sums.
 *
 * <p>The geometry is estimated from the mean of the first block, because every frame's sums are
 * taken while it is in memory and the whole-scan mean exists only at the end. Frames whose
 * values are all finite are summed as they are; in a frame holding NaN or infinity those
 * pixels count as 0. Used by the reader thread only; sums are taken in frame order.
 */
final class FrameSums implements BlockReader.AfterRead {

    private final FrameShape shape;
    private final AnalysisSettings settings;
    private final double[] pixelSums;
    private final double[] total;
    private final double[] brightField;
    private final double[] annularDarkField;
    private BeamGeometry geometry;
    private int[] brightFieldPixels;
    private int[] annularPixels;

    FrameSums(FrameShape shape, int frameCount, AnalysisSettings settings) {
        this.shape = shape;
        this.settings = settings;
        this.pixelSums = new double[shape.pixelCount()];
        this.total = new double[frameCount];
        this.brightField = new double[frameCount];
        this.annularDarkField = new double[frameCount];
    }

    @Override
    public void accept(float[] frames, long firstFrame, int count) {
        int pixels = shape.pixelCount();
        if (geometry == null) {
            geometry = BeamGeometry.estimate(blockMean(frames, count), shape, settings);
            brightFieldPixels = geometry.disk(shape, geometry.brightFieldRadius());
            annularPixels = geometry.annulus(shape, geometry.annularInnerRadius(), geometry.annularOuterRadius());
        }
        for (int f = 0; f < count; f++) {
            int base = f * pixels;
            int frame = (int) (firstFrame + f);
            total[frame] = addFrame(pixelSums, frames, base, pixels);
            brightField[frame] = sumAt(frames, base, brightFieldPixels);
            annularDarkField[frame] = sumAt(frames, base, annularPixels);
        }
    }

    /**
     * Adds one frame to per-pixel sums, skipping NaN and infinite pixels, and returns the sum of
     * its finite pixels.
     */
    static double addFrame(double[] sums, float[] frames, int base, int pixels) {
        // Four partial sums break the chain of dependent additions, which made this loop
        // latency-bound; the reader thread runs it for every pixel of every frame.
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        int p4 = 0;
        for (; p4 + 3 < pixels; p4 += 4) {
            t0 += frames[base + p4];
            t1 += frames[base + p4 + 1];
            t2 += frames[base + p4 + 2];
            t3 += frames[base + p4 + 3];
        }
        for (; p4 < pixels; p4++) {
            t0 += frames[base + p4];
        }
        double total = (t0 + t1) + (t2 + t3);

        if (Double.isFinite(total)) {
            for (int p = 0; p < pixels; p++) {
                sums[p] += frames[base + p];
            }
            return total;
        }
        total = 0;
        for (int p = 0; p < pixels; p++) {
            float value = frames[base + p];
            if (Float.isFinite(value)) {
                sums[p] += value;
                total += value;
            }
        }
        return total;
    }

    BeamGeometry geometry() {
        return geometry;
    }

    /** Returns the mean pattern over {@code frameCount} frames. */
    float[] meanPattern(long frameCount) {
        float[] mean = new float[pixelSums.length];
        for (int p = 0; p < mean.length; p++) {
            mean[p] = (float) (pixelSums[p] / frameCount);
        }
        return mean;
    }

    VirtualImages virtualImages() {
        return new VirtualImages(total, brightField, annularDarkField, geometry.brightFieldRadius(),
                geometry.annularInnerRadius(), geometry.annularOuterRadius(), geometry.centreRow(),
                geometry.centreCol());
    }

    private float[] blockMean(float[] frames, int count) {
        int pixels = shape.pixelCount();
        double[] sums = new double[pixels];
        for (int f = 0; f < count; f++) {
            addFrame(sums, frames, f * pixels, pixels);
        }
        float[] mean = new float[pixels];
        for (int p = 0; p < pixels; p++) {
            mean[p] = (float) (sums[p] / count);
        }
        return mean;
    }

    private static double sumAt(float[] frames, int base, int[] indices) {
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 1 < indices.length; i += 2) {
            float a = frames[base + indices[i]];
            float b = frames[base + indices[i + 1]];
            s0 += Float.isFinite(a) ? a : 0;
            s1 += Float.isFinite(b) ? b : 0;
        }
        if (i < indices.length) {
            float a = frames[base + indices[i]];
            s0 += Float.isFinite(a) ? a : 0;
        }
        return s0 + s1;
    }
}
