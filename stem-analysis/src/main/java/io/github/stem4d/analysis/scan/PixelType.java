package io.github.stem4d.analysis.scan;

/** Element type of the stored frames, with its size in bytes. */
public enum PixelType {
    UINT8(1, true),
    INT8(1, true),
    UINT16(2, true),
    INT16(2, true),
    UINT32(4, true),
    INT32(4, true),
    UINT64(8, true),
    INT64(8, true),
    FLOAT32(4, false),
    FLOAT64(8, false);

    private final int bytes;
    private final boolean integer;

    PixelType(int bytes, boolean integer) {
        this.bytes = bytes;
        this.integer = integer;
    }

    /** Returns the size of one stored pixel in bytes. */
    public int bytes() {
        return bytes;
    }

    /** Returns true for integer counts, false for floating-point data. */
    public boolean isInteger() {
        return integer;
    }
}
