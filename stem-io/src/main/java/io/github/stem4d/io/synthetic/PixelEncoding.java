package io.github.stem4d.io.synthetic;

import io.github.stem4d.analysis.scan.PixelType;
import java.nio.ByteBuffer;

/** Converts simulated counts to stored pixels, clamping to the type's range. */
final class PixelEncoding {

    private PixelEncoding() {
    }

    /** Returns the largest value a pixel of {@code type} stores. */
    static double maxValue(PixelType type) {
        return switch (type) {
            case UINT8 -> 255;
            case UINT16 -> 65535;
            case UINT32 -> 4294967295.0;
            default -> Double.MAX_VALUE;
        };
    }

    /** Appends {@code counts} to {@code out} in its byte order; integer types are rounded and clamped to [0, max]. */
    static void put(PixelType type, float[] counts, ByteBuffer out, double max) {
        switch (type) {
            case UINT8 -> {
                for (float c : counts) {
                    out.put((byte) clamp(c, max));
                }
            }
            case UINT16 -> {
                for (float c : counts) {
                    out.putShort((short) clamp(c, max));
                }
            }
            case UINT32 -> {
                for (float c : counts) {
                    out.putInt((int) clamp(c, max));
                }
            }
            case FLOAT32 -> {
                for (float c : counts) {
                    out.putFloat(c);
                }
            }
            default -> throw new IllegalArgumentException("unsupported pixel type " + type);
        }
    }

    private static long clamp(float value, double max) {
        if (!(value > 0)) {
            return 0;
        }
        return (long) Math.min(Math.rint(value), max);
    }
}
