package io.github.stem4d.io.hdf5;

import io.github.stem4d.analysis.scan.PixelType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts stored HDF5 elements to float or double, shared by both HDF5 backends so that
 * they return bit-identical values. The buffer's byte order must be the stored order;
 * indices are in elements, not bytes, and the buffer's position is ignored. Unsigned types
 * are converted from their unsigned value. Stateless and thread-safe; allocates nothing.
 *
 * <p>Buffers backed by an array take a faster path for 8, 16 and 32-bit elements, which
 * reads the array through byte-array views instead of one buffer call per element.
 */
public final class Hdf5Pixels {

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.BIG_ENDIAN);

    private Hdf5Pixels() {
    }

    /**
     * Converts {@code count} elements starting at element {@code srcIndex} into {@code dst}.
     * Integers above 2^24 are rounded to the nearest float.
     */
    public static void toFloat(ByteBuffer src, int srcIndex, PixelType type, int count, float[] dst, int dstOffset) {
        if (src.hasArray() && toFloatFromArray(src, srcIndex, type, count, dst, dstOffset)) {
            return;
        }
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
        if (src.hasArray() && toDoubleFromArray(src, srcIndex, type, count, dst, dstOffset)) {
            return;
        }
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

    /**
     * Converts from the buffer's array and returns true, or returns false for a type without an
     * array path. Checks the element range against the buffer's limit, as the buffer calls do.
     */
    private static boolean toFloatFromArray(ByteBuffer src, int srcIndex, PixelType type, int count, float[] dst,
            int dstOffset) {
        byte[] array = src.array();
        int start = src.arrayOffset() + checkRange(src, srcIndex, type, count);
        boolean little = src.order() == ByteOrder.LITTLE_ENDIAN;
        switch (type) {
            case UINT8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = array[start + i] & 0xff;
                }
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = array[start + i];
                }
            }
            case UINT16 -> {
                if (little) {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (short) SHORT_LE.get(array, start + 2 * i) & 0xffff;
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (short) SHORT_BE.get(array, start + 2 * i) & 0xffff;
                    }
                }
            }
            case INT16 -> {
                if (little) {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (short) SHORT_LE.get(array, start + 2 * i);
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (short) SHORT_BE.get(array, start + 2 * i);
                    }
                }
            }
            case UINT32 -> {
                if (little) {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (int) INT_LE.get(array, start + 4 * i) & 0xffffffffL;
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (int) INT_BE.get(array, start + 4 * i) & 0xffffffffL;
                    }
                }
            }
            case INT32 -> {
                if (little) {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (int) INT_LE.get(array, start + 4 * i);
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (int) INT_BE.get(array, start + 4 * i);
                    }
                }
            }
            case FLOAT32 -> {
                if (little) {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = Float.intBitsToFloat((int) INT_LE.get(array, start + 4 * i));
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = Float.intBitsToFloat((int) INT_BE.get(array, start + 4 * i));
                    }
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The double counterpart of {@link #toFloatFromArray}. */
    private static boolean toDoubleFromArray(ByteBuffer src, int srcIndex, PixelType type, int count, double[] dst,
            int dstOffset) {
        byte[] array = src.array();
        int start = src.arrayOffset() + checkRange(src, srcIndex, type, count);
        boolean little = src.order() == ByteOrder.LITTLE_ENDIAN;
        switch (type) {
            case UINT8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = array[start + i] & 0xff;
                }
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = array[start + i];
                }
            }
            case UINT16 -> {
                if (little) {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (short) SHORT_LE.get(array, start + 2 * i) & 0xffff;
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (short) SHORT_BE.get(array, start + 2 * i) & 0xffff;
                    }
                }
            }
            case INT16 -> {
                if (little) {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (short) SHORT_LE.get(array, start + 2 * i);
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (short) SHORT_BE.get(array, start + 2 * i);
                    }
                }
            }
            case UINT32 -> {
                if (little) {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (int) INT_LE.get(array, start + 4 * i) & 0xffffffffL;
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (int) INT_BE.get(array, start + 4 * i) & 0xffffffffL;
                    }
                }
            }
            case INT32 -> {
                if (little) {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (int) INT_LE.get(array, start + 4 * i);
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = (int) INT_BE.get(array, start + 4 * i);
                    }
                }
            }
            case FLOAT32 -> {
                if (little) {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = Float.intBitsToFloat((int) INT_LE.get(array, start + 4 * i));
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        dst[dstOffset + i] = Float.intBitsToFloat((int) INT_BE.get(array, start + 4 * i));
                    }
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Returns the byte offset of element {@code srcIndex} after checking the range against the limit. */
    private static int checkRange(ByteBuffer src, int srcIndex, PixelType type, int count) {
        int bytes = type.bytes();
        long end = ((long) srcIndex + count) * bytes;
        if (srcIndex < 0 || count < 0 || end > src.limit()) {
            throw new IndexOutOfBoundsException("elements " + srcIndex + " to " + ((long) srcIndex + count)
                    + " of " + bytes + " bytes are outside a buffer of " + src.limit() + " bytes");
        }
        return srcIndex * bytes;
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2.0 + (value & 1);
    }
}
