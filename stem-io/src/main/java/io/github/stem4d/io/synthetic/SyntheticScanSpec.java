package io.github.stem4d.io.synthetic;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanShape;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Parameters of a synthetic 4D-STEM scan.
 *
 * @param scanShape probe positions, scan_y x scan_x
 * @param frameShape detector pixels, det_y x det_x; both at least 16
 * @param regions number of regions with different diffraction, 1 to {@link #MAX_REGIONS}, at most
 *     the number of frames
 * @param seed seed of every random choice; equal specs produce byte-identical files
 * @param pixelType stored type: {@code UINT8}, {@code UINT16}, {@code UINT32} or {@code FLOAT32}
 *     ({@code FLOAT32} is not available for MIB)
 * @param format file format
 */
public record SyntheticScanSpec(ScanShape scanShape, FrameShape frameShape, int regions, long seed,
        PixelType pixelType, SyntheticFormat format) {

    /** The number of distinct region kinds the generator draws. */
    public static final int MAX_REGIONS = RegionKind.values().length;

    /**
     * The largest number of probe positions (4096x4096). The generator keeps one int label per
     * position in memory, so this bounds that map at 64 MiB.
     */
    public static final long MAX_POSITIONS = 4096L * 4096L;

    /** The largest detector (4096x4096 pixels); the generator keeps one float template per region in memory. */
    public static final long MAX_FRAME_PIXELS = 4096L * 4096L;

    private static final Set<PixelType> SUPPORTED_TYPES =
            EnumSet.of(PixelType.UINT8, PixelType.UINT16, PixelType.UINT32, PixelType.FLOAT32);

    public SyntheticScanSpec {
        Objects.requireNonNull(scanShape, "scanShape");
        Objects.requireNonNull(frameShape, "frameShape");
        Objects.requireNonNull(pixelType, "pixelType");
        Objects.requireNonNull(format, "format");
        if (frameShape.rows() < 16 || frameShape.cols() < 16) {
            throw new IllegalArgumentException("frameShape must be at least 16x16 pixels, got " + frameShape);
        }
        if (scanShape.frameCount() > MAX_POSITIONS) {
            throw new IllegalArgumentException("scanShape " + scanShape + " has " + scanShape.frameCount()
                    + " probe positions; the generator accepts at most " + MAX_POSITIONS + " (for example 4096x4096)");
        }
        if ((long) frameShape.rows() * frameShape.cols() > MAX_FRAME_PIXELS) {
            throw new IllegalArgumentException("frameShape " + frameShape + " has more than " + MAX_FRAME_PIXELS
                    + " pixels; the generator accepts detectors up to 4096x4096");
        }
        if (regions < 1 || regions > MAX_REGIONS) {
            throw new IllegalArgumentException("regions must be between 1 and " + MAX_REGIONS + ", got " + regions);
        }
        if (regions > scanShape.frameCount()) {
            throw new IllegalArgumentException("regions (" + regions + ") cannot exceed the number of probe positions ("
                    + scanShape.frameCount() + " for scan shape " + scanShape + ")");
        }
        if (!SUPPORTED_TYPES.contains(pixelType)) {
            throw new IllegalArgumentException("pixelType must be one of " + SUPPORTED_TYPES + ", got " + pixelType);
        }
        if (format == SyntheticFormat.MIB && pixelType == PixelType.FLOAT32) {
            throw new IllegalArgumentException("pixelType FLOAT32 cannot be stored in a .mib file; use UINT8, UINT16 or UINT32");
        }
    }

    /** Returns the default demo scan: 64x64 positions of 256x256 uint16 frames, 5 regions, seed 0, .npy. */
    public static SyntheticScanSpec demo() {
        return new SyntheticScanSpec(new ScanShape(64, 64), new FrameShape(256, 256), 5, 0, PixelType.UINT16,
                SyntheticFormat.NPY);
    }

    /** Returns the size in bytes of the scan file this spec produces (headers included). */
    public long fileBytes() {
        long frameBytes = (long) frameShape.pixelCount() * pixelType.bytes();
        return switch (format) {
            case NPY -> NpyHeader.HEADER_BYTES + scanShape.frameCount() * frameBytes;
            case RAW -> scanShape.frameCount() * frameBytes;
            case MIB -> scanShape.frameCount() * (MibFrameSink.HEADER_BYTES + frameBytes);
        };
    }
}
