package io.github.stem4d.io.synthetic;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** File formats that {@link SyntheticScanGenerator} writes frame by frame. */
public enum SyntheticFormat {
    /** NumPy {@code .npy} version 1.0, little-endian, shape (scan_y, scan_x, det_y, det_x). */
    NPY("npy"),
    /** Headerless little-endian frames in scan order, row-major pixels. */
    RAW("raw"),
    /** Quantum Detectors Merlin {@code .mib} (one chip, big-endian), with a {@code .hdr} beside it. */
    MIB("mib");

    private final String extension;

    SyntheticFormat(String extension) {
        this.extension = extension;
    }

    /** Returns the usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /**
     * Parses a format name such as {@code "npy"}, case-insensitively.
     *
     * @throws IllegalArgumentException for an unknown name, or for {@code h5}, which jhdf 0.13.0
     *     cannot write frame by frame
     */
    public static SyntheticFormat parse(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (SyntheticFormat format : values()) {
            if (format.extension.equals(lower)) {
                return format;
            }
        }
        String known = Arrays.stream(values()).map(SyntheticFormat::extension).collect(Collectors.joining(", "));
        if (lower.equals("h5") || lower.equals("hdf5")) {
            throw new IllegalArgumentException("format '" + name + "' is not supported for synthetic scans: jhdf 0.13.0"
                    + " writes whole arrays only, so an HDF5 scan cannot be written frame by frame in bounded memory."
                    + " Use one of: " + known + " (h5py can convert an .npy file)");
        }
        throw new IllegalArgumentException("unknown format '" + name + "'; expected one of: " + known);
    }

    /** Returns the format named by the extension of {@code fileName}, if any. */
    public static java.util.Optional<SyntheticFormat> fromFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> lower.endsWith("." + f.extension)).findFirst();
    }
}
