package io.github.stem4d.io.testdata;

import io.github.stem4d.io.hdf5.Hdf5ScanDataset;
import java.io.IOException;

/**
 * The four checksums of the HDF5 test manifests, modulo 2^64: {@code sum} of all values,
 * {@code wsum} of value * ((flat index mod 1000003) + 1) over the whole array, and the same
 * two over one frame with the index taken within the frame. Values are the integers stored;
 * for float32 the raw bits read as uint32.
 */
public record Checksums(long sum, long wsum, long frameSum, long frameWsum) {

    /**
     * Computes the checksums of a dataset read frame block by frame block (scan order is the
     * stored order of a 4D dataset or a frame stack).
     */
    public static Checksums of(Hdf5ScanDataset dataset, long checkFrame, boolean float32) throws IOException {
        int pixels = dataset.frameShape().pixelCount();
        long frames = dataset.frameCount();
        int block = (int) Math.max(1, Math.min(frames, (8 << 20) / pixels));
        double[] values = new double[block * pixels];
        long sum = 0;
        long wsum = 0;
        long frameSum = 0;
        long frameWsum = 0;
        for (long first = 0; first < frames; first += block) {
            int count = (int) Math.min(block, frames - first);
            dataset.readFramesExact(first, count, values);
            for (int f = 0; f < count; f++) {
                long frame = first + f;
                for (int i = 0; i < pixels; i++) {
                    long value = raw(values[f * pixels + i], float32);
                    long flat = frame * pixels + i;
                    sum += value;
                    wsum += value * (flat % 1000003 + 1);
                    if (frame == checkFrame) {
                        frameSum += value;
                        frameWsum += value * (i + 1);
                    }
                }
            }
        }
        return new Checksums(sum, wsum, frameSum, frameWsum);
    }

    /** Returns the integer a stored value stands for in the checksums. */
    public static long raw(double value, boolean float32) {
        return float32 ? Float.floatToRawIntBits((float) value) & 0xffffffffL : (long) value;
    }
}
