package io.github.stem4d.io.hdf5;

import java.util.Arrays;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Decoder of the bitshuffle chunk format (HDF5 filter 32008), with or without LZ4.
 *
 * <p>Format, as written by the bitshuffle library's HDF5 filter: with LZ4, a 12-byte header
 * (uint64 big-endian uncompressed size in bytes, uint32 big-endian block size in bytes), then
 * for each block a uint32 big-endian compressed size and one LZ4 block. Within a block of
 * {@code n} elements ({@code n} a multiple of 8) the bits are transposed: bit {@code k} of
 * byte {@code j} of element {@code i} is bit {@code i % 8} of byte {@code i / 8} of bit row
 * {@code 8 * j + k}, each row {@code n / 8} bytes long. The blocks hold {@code blockSize}
 * elements except the last, which holds the remaining count rounded down to a multiple of 8;
 * the final {@code count % 8} elements follow as plain bytes, neither shuffled nor compressed.
 *
 * <p>Thread safety: stateless; every method may be called from any thread. Each call
 * allocates the decoded chunk and one block buffer.
 */
public final class Bitshuffle {

    /** HDF5 filter id registered for bitshuffle. */
    public static final int FILTER_ID = 32008;

    /** Filter option {@code cd_values[4]} for no compression. */
    static final int COMPRESSION_NONE = 0;
    /** Filter option {@code cd_values[4]} for LZ4. */
    static final int COMPRESSION_LZ4 = 2;
    /** Filter option {@code cd_values[4]} for Zstandard. */
    static final int COMPRESSION_ZSTD = 3;

    private static final int HEADER_BYTES = 12;
    private static final int TARGET_BLOCK_BYTES = 8192;
    private static final int MIN_BLOCK_ELEMENTS = 128;
    /** LZ4 cannot expand data by more than a factor of 255, plus a few bytes per block. */
    private static final long MAX_LZ4_RATIO = 256;

    /** lz4-java's native LZ4 when its bundled library loads, else its slower Java port. */
    private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();

    private Bitshuffle() {
    }

    /**
     * Decodes one HDF5 chunk stored with filter 32008.
     *
     * @param encoded the chunk as stored
     * @param filterData the filter's {@code cd_values}: major and minor version, element size
     *     in bytes, block size in elements (0 for the default), compression (0 none, 2 LZ4)
     * @return the decoded chunk bytes
     * @throws IllegalArgumentException if the options or the chunk are invalid, or the chunk
     *     uses Zstandard compression
     */
    public static byte[] decodeChunk(byte[] encoded, int[] filterData) {
        if (filterData == null || filterData.length < 3) {
            throw new IllegalArgumentException("bitshuffle filter data must hold at least 3 values (version,"
                    + " version, element size), got " + Arrays.toString(filterData));
        }
        int elementSize = filterData[2];
        int blockOption = filterData.length > 3 ? filterData[3] : 0;
        int compression = filterData.length > 4 ? filterData[4] : COMPRESSION_NONE;
        if (elementSize < 1) {
            throw new IllegalArgumentException("bitshuffle element size must be at least 1 byte, got " + elementSize);
        }
        return switch (compression) {
            case COMPRESSION_LZ4 -> decodeLz4(encoded, elementSize);
            case COMPRESSION_NONE -> unshuffle(encoded, elementSize,
                    blockOption > 0 ? blockOption : defaultBlockElements(elementSize));
            case COMPRESSION_ZSTD -> throw new IllegalArgumentException("bitshuffle with Zstandard compression"
                    + " (cd_values[4] = 3) is not supported by the jhdf backend; read the file with the"
                    + " hdf5-jarhdf5 backend and the bitshuffle HDF5 plugin, or rewrite it with LZ4");
            default -> throw new IllegalArgumentException("unknown bitshuffle compression " + compression
                    + " in cd_values[4]; expected 0 (none) or 2 (LZ4)");
        };
    }

    /**
     * Decodes a bitshuffle+LZ4 stream: the 12-byte header, then the compressed blocks.
     *
     * @throws IllegalArgumentException if the header or a block is invalid
     */
    public static byte[] decodeLz4(byte[] encoded, int elementSize) {
        if (encoded.length < HEADER_BYTES) {
            throw new IllegalArgumentException("bitshuffle+LZ4 chunk of " + encoded.length
                    + " bytes is shorter than its 12-byte header");
        }
        long totalBytes = readUint64(encoded, 0);
        long blockBytes = readUint32(encoded, 8);
        if (totalBytes < 0 || totalBytes > Integer.MAX_VALUE - 16
                || totalBytes > encoded.length * MAX_LZ4_RATIO + TARGET_BLOCK_BYTES) {
            throw new IllegalArgumentException("bitshuffle+LZ4 header claims " + Long.toUnsignedString(totalBytes)
                    + " decoded bytes from a chunk of " + encoded.length + " bytes; the chunk is corrupt");
        }
        if (totalBytes % elementSize != 0) {
            throw new IllegalArgumentException("bitshuffle+LZ4 decoded size " + totalBytes
                    + " is not a multiple of the element size " + elementSize);
        }
        if (blockBytes == 0 || blockBytes % elementSize != 0 || (blockBytes / elementSize) % 8 != 0
                || blockBytes > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("bitshuffle+LZ4 block size " + blockBytes + " bytes is invalid for "
                    + elementSize + "-byte elements: expected a positive multiple of 8 elements");
        }

        int elements = (int) (totalBytes / elementSize);
        int blockElements = (int) (blockBytes / elementSize);
        byte[] out = new byte[(int) totalBytes];
        byte[] block = new byte[(int) Math.min(blockBytes, totalBytes)];
        int in = HEADER_BYTES;
        int done = 0;
        while (elements - done >= 8) {
            int count = Math.min(blockElements, elements - done);
            count -= count % 8;
            int bytes = count * elementSize;
            if (in + 4 > encoded.length) {
                throw new IllegalArgumentException("bitshuffle+LZ4 chunk ends at byte " + in
                        + " before the block that decodes element " + done);
            }
            long compressed = readUint32(encoded, in);
            in += 4;
            if (compressed > encoded.length - in) {
                throw new IllegalArgumentException("bitshuffle+LZ4 block at byte " + (in - 4) + " claims "
                        + compressed + " compressed bytes but only " + (encoded.length - in) + " remain");
            }
            int produced;
            try {
                produced = LZ4.decompress(encoded, in, (int) compressed, block, 0, bytes);
            } catch (LZ4Exception e) {
                throw new IllegalArgumentException("bitshuffle+LZ4 block at byte " + (in - 4)
                        + " is not valid LZ4: " + e.getMessage(), e);
            }
            if (produced != bytes) {
                throw new IllegalArgumentException("bitshuffle+LZ4 block at byte " + (in - 4) + " decoded to "
                        + produced + " bytes, expected " + bytes);
            }
            in += (int) compressed;
            untransposeBlock(block, 0, out, done * elementSize, count, elementSize);
            done += count;
        }

        int leftoverBytes = (elements - done) * elementSize;
        if (encoded.length - in < leftoverBytes) {
            throw new IllegalArgumentException("bitshuffle+LZ4 chunk lacks the " + leftoverBytes
                    + " trailing bytes of its last " + (elements - done) + " elements");
        }
        System.arraycopy(encoded, in, out, done * elementSize, leftoverBytes);
        return out;
    }

    /**
     * Reverses the bit transposition of a chunk stored without compression.
     *
     * @param blockElements elements per block, a positive multiple of 8
     */
    public static byte[] unshuffle(byte[] shuffled, int elementSize, int blockElements) {
        if (blockElements < 8 || blockElements % 8 != 0) {
            throw new IllegalArgumentException("bitshuffle block size must be a positive multiple of 8 elements, got "
                    + blockElements);
        }
        if (shuffled.length % elementSize != 0) {
            throw new IllegalArgumentException("bitshuffle chunk of " + shuffled.length
                    + " bytes is not a multiple of the element size " + elementSize);
        }
        int elements = shuffled.length / elementSize;
        byte[] out = new byte[shuffled.length];
        int done = 0;
        while (elements - done >= 8) {
            int count = Math.min(blockElements, elements - done);
            count -= count % 8;
            untransposeBlock(shuffled, done * elementSize, out, done * elementSize, count, elementSize);
            done += count;
        }
        System.arraycopy(shuffled, done * elementSize, out, done * elementSize, (elements - done) * elementSize);
        return out;
    }

    /**
     * Transposes a block the way the bitshuffle library does before compressing; the inverse of
     * the decoding step, used by tests to build chunks.
     */
    public static void transposeBlock(byte[] in, int inOffset, byte[] out, int outOffset, int count,
            int elementSize) {
        int rowBytes = count / 8;
        Arrays.fill(out, outOffset, outOffset + count * elementSize, (byte) 0);
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < elementSize; j++) {
                int value = in[inOffset + i * elementSize + j] & 0xff;
                for (int k = 0; k < 8; k++) {
                    if ((value >>> k & 1) != 0) {
                        out[outOffset + (8 * j + k) * rowBytes + (i >>> 3)] |= (byte) (1 << (i & 7));
                    }
                }
            }
        }
    }

    /** Returns the block size in elements that bitshuffle picks when the filter option is 0. */
    static int defaultBlockElements(int elementSize) {
        int elements = TARGET_BLOCK_BYTES / elementSize;
        elements -= elements % 8;
        return Math.max(elements, MIN_BLOCK_ELEMENTS);
    }

    private static void untransposeBlock(byte[] in, int inOffset, byte[] out, int outOffset, int count,
            int elementSize) {
        int rowBytes = count / 8;
        for (int j = 0; j < elementSize; j++) {
            for (int group = 0; group < rowBytes; group++) {
                // Gather the 8 bit rows of byte j for elements 8*group .. 8*group+7, then scatter.
                long rows = 0;
                for (int k = 0; k < 8; k++) {
                    rows |= (long) (in[inOffset + (8 * j + k) * rowBytes + group] & 0xff) << (8 * k);
                }
                rows = transpose8x8(rows);
                int base = outOffset + (group * 8) * elementSize + j;
                for (int m = 0; m < 8; m++) {
                    out[base + m * elementSize] = (byte) (rows >>> (8 * m));
                }
            }
        }
    }

    /** Transposes an 8x8 bit matrix held row by row in the bytes of a long: bit 8r+c moves to 8c+r. */
    private static long transpose8x8(long x) {
        long t = (x ^ (x >>> 7)) & 0x00AA00AA00AA00AAL;
        x = x ^ t ^ (t << 7);
        t = (x ^ (x >>> 14)) & 0x0000CCCC0000CCCCL;
        x = x ^ t ^ (t << 14);
        t = (x ^ (x >>> 28)) & 0x00000000F0F0F0F0L;
        return x ^ t ^ (t << 28);
    }

    private static long readUint64(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (bytes[offset + i] & 0xff);
        }
        return value;
    }

    private static long readUint32(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = value << 8 | (bytes[offset + i] & 0xff);
        }
        return value;
    }
}
