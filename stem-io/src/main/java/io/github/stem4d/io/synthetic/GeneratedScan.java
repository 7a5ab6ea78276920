package io.github.stem4d.io.synthetic;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Files and truth labels written by {@link SyntheticScanGenerator#generate}.
 *
 * @param scanFile the scan
 * @param labelsFile the truth label map beside it: {@code .npy}, int32, shape (scan_y, scan_x)
 * @param sidecarFiles other files written beside the scan (the {@code .hdr} of a MIB scan)
 * @param spec the parameters used
 * @param regionKinds the kind of region label {@code i}, at index {@code i}
 * @param labels the truth label of every probe position in scan order (row-major); not copied
 * @param bytes size of the scan file in bytes
 */
public record GeneratedScan(Path scanFile, Path labelsFile, List<Path> sidecarFiles, SyntheticScanSpec spec,
        List<RegionKind> regionKinds, int[] labels, long bytes) {

    public GeneratedScan {
        Objects.requireNonNull(scanFile, "scanFile");
        Objects.requireNonNull(labelsFile, "labelsFile");
        sidecarFiles = List.copyOf(sidecarFiles);
        regionKinds = List.copyOf(regionKinds);
        Objects.requireNonNull(labels, "labels");
    }

    /** Returns the number of probe positions carrying each label. */
    public long[] regionSizes() {
        long[] sizes = new long[regionKinds.size()];
        for (int label : labels) {
            sizes[label]++;
        }
        return sizes;
    }
}
