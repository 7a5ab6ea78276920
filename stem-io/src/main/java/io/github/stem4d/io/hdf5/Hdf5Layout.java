package io.github.stem4d.io.hdf5;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanShape;
import java.util.List;

/**
 * Location of a scan's frames in an HDF5 file: one 4D dataset (scan_y, scan_x, det_y,
 * det_x), or one or more 3D frame stacks (frame, det_y, det_x) read one after the other.
 * Scan frame {@code i} is stack frame {@code firstFrame + i}, counted across the parts.
 *
 * @param layout the layout recognised, for example {@code "py4DSTEM/EMD"}
 * @param parts the datasets that hold the frames, in order; each of the same rank, frame shape and type
 * @param partFrames the number of frames in each part
 * @param rank 3 or 4
 * @param frameShape det_y x det_x
 * @param pixelType element type of every part
 * @param scanShape scan_y x scan_x
 * @param firstFrame stack frames skipped before the scan starts
 * @param scanShapeSource where the scan shape came from, for {@code metadata()}
 */
public record Hdf5Layout(String layout, List<String> parts, List<Long> partFrames, int rank, FrameShape frameShape,
        PixelType pixelType, ScanShape scanShape, long firstFrame, String scanShapeSource) {

    public Hdf5Layout {
        parts = List.copyOf(parts);
        partFrames = List.copyOf(partFrames);
        if (parts.isEmpty() || parts.size() != partFrames.size()) {
            throw new IllegalArgumentException("parts " + parts + " and partFrames " + partFrames
                    + " must be non-empty and of equal length");
        }
        if (rank != 3 && rank != 4) {
            throw new IllegalArgumentException("rank must be 3 or 4, got " + rank);
        }
        if (firstFrame < 0 || firstFrame + scanShape.frameCount() > totalFrames(partFrames)) {
            throw new IllegalArgumentException("scan " + scanShape + " from frame " + firstFrame
                    + " does not fit in " + totalFrames(partFrames) + " stored frames");
        }
    }

    /** Returns the number of stored frames over all parts. */
    public long storedFrames() {
        return totalFrames(partFrames);
    }

    private static long totalFrames(List<Long> frames) {
        long total = 0;
        for (long count : frames) {
            total += count;
        }
        return total;
    }
}
