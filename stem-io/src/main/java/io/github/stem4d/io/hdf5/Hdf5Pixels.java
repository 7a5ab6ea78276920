package io.github.stem4d.io.hdf5;

import io.github.stem4d.analysis.scan.PixelType;
import java.nio.ByteBuffer;

/**
 * Converts stored HDF5 elements to float or double, shared by both HDF5 backends so that
 * they return bit-identical values. The buffer's byte order must be the stored order;
 * indices are in elements, not bytes, and the buffer's position is ignored. Unsigned types
 * are converted from their unsigned value. Stateless and thread-safe; allocates nothing.
 */
public final class Hdf5Pixels {

    private Hdf5Pixels() {
    }

    /**
     * Converts {@code count} elements starting at element {@code srcIndex} into {@code dst}.
     * Integers above 2^24 are rounded to the nearest float.
     */
    public static void toFloat(ByteBuffer src, int srcIndex, PixelType type, int count, float[] dst, int dstOffset) {
        switch (type) {
            case UINT8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.get(srcIndex + i) & 0xff;
                }
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.get(srcIndex + i);
                }
            }
            case UINT16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getShort((srcIndex + i) << 1) & 0xffff;
                }
            }
            case INT16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getShort((srcIndex + i) << 1);
                }
            }
            case UINT32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getInt((srcIndex + i) << 2) & 0xffffffffL;
                }
            }
            case INT32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getInt((srcIndex + i) << 2);
                }
            }
            case UINT64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (float) unsignedToDouble(src.getLong((srcIndex + i) << 3));
                }
            }
            case INT64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getLong((srcIndex + i) << 3);
                }
            }
            case FLOAT32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getFloat((srcIndex + i) << 2);
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (float) src.getDouble((srcIndex + i) << 3);
                }
            }
        }
    }

    /**
     * Converts {@code count} elements starting at element {@code srcIndex} into {@code dst};
     * exact for every type except 64-bit integers above 2^53.
     */
    public static void toDouble(ByteBuffer src, int srcIndex, PixelType type, int count, double[] dst, int dstOffset) {
        switch (type) {
            case UINT8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.get(srcIndex + i) & 0xff;
                }
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.get(srcIndex + i);
                }
            }
            case UINT16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getShort((srcIndex + i) << 1) & 0xffff;
                }
            }
            case INT16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getShort((srcIndex + i) << 1);
                }
            }
            case UINT32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getInt((srcIndex + i) << 2) & 0xffffffffL;
                }
            }
            case INT32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getInt((srcIndex + i) << 2);
                }
            }
            case UINT64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = unsignedToDouble(src.getLong((srcIndex + i) << 3));
                }
            }
            case INT64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getLong((srcIndex + i) << 3);
                }
            }
            case FLOAT32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getFloat((srcIndex + i) << 2);
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src.getDouble((srcIndex + i) << 3);
                }
            }
        }
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2.0 + (value & 1);
    }
}
