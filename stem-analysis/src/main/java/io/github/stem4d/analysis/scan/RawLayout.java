package io.github.stem4d.analysis.scan;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Byte layout of a headerless (raw) scan file: {@code headerBytes}, then for every frame
 * {@code frameShape.pixelCount()} pixels of {@code pixelType} in {@code byteOrder}, each frame
 * followed by {@code frameGapBytes} bytes that are skipped (EMPAD-style footers).
 */
public record RawLayout(FrameShape frameShape, PixelType pixelType, ByteOrder byteOrder,
        long headerBytes, long frameGapBytes) {

    public RawLayout {
        Objects.requireNonNull(frameShape, "frameShape");
        Objects.requireNonNull(pixelType, "pixelType");
        Objects.requireNonNull(byteOrder, "byteOrder");
        if (headerBytes < 0) {
            throw new IllegalArgumentException("headerBytes must be >= 0, got " + headerBytes);
        }
        if (frameGapBytes < 0) {
            throw new IllegalArgumentException("frameGapBytes must be >= 0, got " + frameGapBytes);
        }
    }

    /** Returns the bytes from the start of one frame to the start of the next. */
    public long frameStrideBytes() {
        return (long) frameShape.pixelCount() * pixelType.bytes() + frameGapBytes;
    }
}
