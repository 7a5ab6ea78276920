package io.github.stem4d.io.hdf5;

import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.FilterManager;
import io.jhdf.filter.FilterPipeline;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the stored bytes of one HDF5 chunk through a dataset's filter pipeline, in the reverse
 * of the order in which the filters were applied when the chunk was written.
 *
 * <p>deflate, shuffle and fletcher32 (whose checksum is checked) are decoded here into reused buffers: deflate with one
 * {@link Inflater} per {@link Scratch}, inflating the whole chunk in one call. Every other
 * filter (LZF, LZ4, bitshuffle, bzip2) goes through jhdf's filter for its id, which allocates
 * its output. Like jhdf 0.13.0, the decoder applies every filter of the pipeline to every
 * chunk: it ignores the per-chunk filter mask, which jhdf does not expose.
 *
 * <p>Thread safety: immutable; each thread decodes with its own {@link Scratch}.
 */
final class ChunkDecoder {

    static final int DEFLATE = 1;
    static final int SHUFFLE = 2;
    static final int FLETCHER32 = 3;
    static final int LZF = 32000;
    static final int LZ4 = 32004;

    private static final int CHECKSUM_BYTES = 4;

    private final List<Step> steps;
    private final int chunkBytes;

    private ChunkDecoder(List<Step> steps, int chunkBytes) {
        this.steps = steps;
        this.chunkBytes = chunkBytes;
    }

    /**
     * Creates the decoder of a pipeline.
     *
     * @param filters the pipeline in the order the filters were applied when writing, as in the
     *     dataset's filter pipeline message
     * @param chunkBytes the decoded size of every chunk
     */
    static ChunkDecoder of(List<FilterInfo> filters, int chunkBytes) {
        List<Step> steps = new ArrayList<>();
        for (int i = filters.size() - 1; i >= 0; i--) {
            FilterInfo filter = filters.get(i);
            steps.add(switch (filter.getId()) {
                case DEFLATE -> new Deflate(maxIntermediateBytes(chunkBytes));
                case SHUFFLE -> new Shuffle(shuffleElementSize(filter.getData()));
                case FLETCHER32 -> new Fletcher32();
                default -> {
                    checkLzfChunkSize(filter, chunkBytes);
                    yield new JhdfFilter(filter.getId(), FilterManager.getPipeline(List.of(filter)),
                            maxIntermediateBytes(chunkBytes));
                }
            });
        }
        return new ChunkDecoder(List.copyOf(steps), chunkBytes);
    }

    /** Returns the decoded size of every chunk. */
    int chunkBytes() {
        return chunkBytes;
    }

    /**
     * Decodes {@code storedLength} bytes of {@code stored} and returns an array whose first
     * {@link #chunkBytes()} bytes are the chunk: {@code target}, or the new array that the last
     * filter returned (never one of the scratch buffers).
     *
     * @throws HdfFilterException if a filter fails, or the chunk does not decode to exactly
     *     {@link #chunkBytes()} bytes
     */
    byte[] decode(byte[] stored, int storedLength, byte[] target, Scratch scratch) {
        byte[] data = stored;
        int length = storedLength;
        for (int i = 0; i < steps.size(); i++) {
            boolean last = i == steps.size() - 1;
            byte[] output = last ? target : scratch.other(data, chunkBytes);
            Step step = steps.get(i);
            Decoded decoded = step.decode(data, length, output, last ? chunkBytes : -1, scratch);
            data = decoded.data();
            length = decoded.length();
        }
        if (length != chunkBytes) {
            throw new HdfFilterException("chunk decoded to " + length + " bytes, expected " + chunkBytes
                    + " (stored size " + storedLength + " bytes)");
        }
        if (data == target || (data.length == chunkBytes && !scratch.owns(data))) {
            return data;
        }
        System.arraycopy(data, 0, target, 0, chunkBytes);
        return target;
    }

    /**
     * Returns the largest output accepted from a filter that is not the last to decode: twice
     * the chunk plus 4 KiB. Filters left to decode shrink their input or add a few bytes (a
     * checksum, a compressor's header), so a larger output means a corrupt chunk, and the cap
     * keeps such a chunk from allocating what its stream claims.
     */
    static int maxIntermediateBytes(int chunkBytes) {
        return (int) Math.min(Integer.MAX_VALUE - 8, 2L * chunkBytes + 4096);
    }

    /**
     * Rejects an LZF filter whose data claim a decoded size larger than {@link #maxIntermediateBytes},
     * because jhdf's LZF filter allocates that size for every chunk.
     */
    private static void checkLzfChunkSize(FilterInfo filter, int chunkBytes) {
        int[] data = filter.getData();
        if (filter.getId() != LZF || data == null || data.length < 3) {
            return;
        }
        int claimed = data[2];
        if (claimed < 1 || claimed > maxIntermediateBytes(chunkBytes)) {
            throw new HdfFilterException("lzf (filter 32000) data give a decoded chunk size of " + claimed
                    + " bytes, but the chunks of this dataset hold " + chunkBytes + " bytes; the filter"
                    + " pipeline message is corrupt");
        }
    }

    private static int shuffleElementSize(int[] data) {
        if (data == null || data.length < 1 || data[0] < 1) {
            throw new HdfFilterException("shuffle filter data must give the element size in bytes, got "
                    + java.util.Arrays.toString(data));
        }
        return data[0];
    }

    /**
     * Per-thread state of a decoder: the inflater, a buffer for a chunk's stored bytes, one for
     * its decoded bytes, and two that the steps alternate between. Buffers grow on demand and
     * are kept, so a thread that decodes chunks of one size allocates nothing after its first.
     */
    static final class Scratch implements AutoCloseable {
        private final Inflater inflater = new Inflater();
        private byte[] stored = new byte[0];
        private byte[] chunk = new byte[0];
        private byte[] first = new byte[0];
        private byte[] second = new byte[0];

        /** Returns the buffer for stored bytes, at least {@code minLength} long. */
        byte[] stored(int minLength) {
            if (stored.length < minLength) {
                stored = new byte[minLength];
            }
            return stored;
        }

        /** Returns the buffer for a decoded chunk, at least {@code minLength} long. */
        byte[] chunk(int minLength) {
            if (chunk.length < minLength) {
                chunk = new byte[minLength];
            }
            return chunk;
        }

        /** Returns an intermediate buffer of at least {@code minLength} bytes that is not {@code busy}. */
        byte[] other(byte[] busy, int minLength) {
            if (busy != first) {
                if (first.length < minLength) {
                    first = new byte[minLength];
                }
                return first;
            }
            if (second.length < minLength) {
                second = new byte[minLength];
            }
            return second;
        }

        /** Returns whether {@code array} is one of these buffers. */
        boolean owns(byte[] array) {
            return array == stored || array == chunk || array == first || array == second;
        }

        /** Releases the inflater's native memory. */
        @Override
        public void close() {
            inflater.end();
        }
    }

    /** Output of one step: {@code length} bytes at the start of {@code data}. */
    private record Decoded(byte[] data, int length) {
    }

    /** One filter's decoding. */
    private interface Step {
        /**
         * Decodes {@code length} bytes of {@code input}, into {@code output} when the result fits
         * there. {@code expected} is the exact output size when known, else -1.
         */
        Decoded decode(byte[] input, int length, byte[] output, int expected, Scratch scratch);
    }

    /** Filter 1: a zlib stream, inflated in one call when the output buffer is large enough. */
    private static final class Deflate implements Step {
        private final int maxBytes;

        Deflate(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public Decoded decode(byte[] input, int length, byte[] output, int expected, Scratch scratch) {
            Inflater inflater = scratch.inflater;
            inflater.reset();
            inflater.setInput(input, 0, length);
            byte[] out = output;
            int limit = expected >= 0 ? Math.min(expected, out.length) : out.length;
            int produced = 0;
            try {
                while (!inflater.finished()) {
                    if (produced == limit) {
                        if (expected >= 0) {
                            checkEnd(inflater, expected);
                            break;
                        }
                        if (out.length >= maxBytes) {
                            throw new HdfFilterException("deflate (filter 1) data of " + length
                                    + " bytes inflates to more than " + maxBytes + " bytes (twice the chunk size"
                                    + " plus 4 KiB); the chunk is corrupt");
                        }
                        out = java.util.Arrays.copyOf(out, (int) Math.min(maxBytes, Math.max(16L, out.length * 2L)));
                        limit = out.length;
                    }
                    int n = inflater.inflate(out, produced, limit - produced);
                    produced += n;
                    if (n == 0 && produced < limit && !inflater.finished()) {
                        throw new HdfFilterException("deflate (filter 1) data of " + length + " bytes ends after "
                                + produced + " inflated bytes, before the end of its stream; the chunk is"
                                + " truncated or corrupt");
                    }
                }
            } catch (DataFormatException e) {
                throw new HdfFilterException("deflate (filter 1) data of " + length + " bytes is invalid after "
                        + produced + " inflated bytes: " + e.getMessage(), e);
            }
            return new Decoded(out, produced);
        }

        /** Checks that a stream that filled the whole chunk ends there, reading at most one byte more. */
        private static void checkEnd(Inflater inflater, int expected) throws DataFormatException {
            byte[] probe = new byte[1];
            if (inflater.inflate(probe) > 0) {
                throw new HdfFilterException("deflate (filter 1) data inflates to more than the " + expected
                        + " bytes of a chunk; the chunk is corrupt");
            }
            if (!inflater.finished()) {
                throw new HdfFilterException("deflate (filter 1) data fills the " + expected + " bytes of a chunk"
                        + " but its stream does not end there; the chunk is truncated or corrupt");
            }
        }
    }

    /** Filter 2: byte shuffle, which stores byte {@code j} of every element in the {@code j}-th plane. */
    private record Shuffle(int elementSize) implements Step {
        @Override
        public Decoded decode(byte[] input, int length, byte[] output, int expected, Scratch scratch) {
            if (elementSize == 1 || length < elementSize) {
                return new Decoded(input, length);
            }
            byte[] out = output.length >= length ? output : new byte[length];
            int elements = length / elementSize;
            for (int j = 0; j < elementSize; j++) {
                int plane = j * elements;
                for (int i = 0; i < elements; i++) {
                    out[i * elementSize + j] = input[plane + i];
                }
            }
            // Bytes after the last whole element are stored unshuffled.
            int tail = elements * elementSize;
            System.arraycopy(input, tail, out, tail, length - tail);
            return new Decoded(out, length);
        }
    }

    /** Filter 3: the data followed by its Fletcher-32 checksum, 4 bytes little-endian, checked and dropped. */
    private static final class Fletcher32 implements Step {
        /** Words summed before both sums are folded back to 17 bits, so that neither overflows 32 bits. */
        private static final int WORDS_PER_FOLD = 360;

        @Override
        public Decoded decode(byte[] input, int length, byte[] output, int expected, Scratch scratch) {
            if (length < CHECKSUM_BYTES) {
                throw new HdfFilterException("fletcher32 (filter 3) chunk of " + length
                        + " bytes is shorter than its 4-byte checksum");
            }
            int dataLength = length - CHECKSUM_BYTES;
            int stored = (input[dataLength] & 0xff) | (input[dataLength + 1] & 0xff) << 8
                    | (input[dataLength + 2] & 0xff) << 16 | (input[dataLength + 3] & 0xff) << 24;
            int computed = checksum(input, dataLength);
            // HDF5 before 1.6.3 stored the checksum with the bytes of each 16-bit half swapped on
            // little-endian machines. The C library (H5Zfletcher32.c) accepts both forms, and so does this check.
            int swapped = (computed & 0xff00ff00) >>> 8 | (computed & 0x00ff00ff) << 8;
            if (stored != computed && stored != swapped) {
                throw new HdfFilterException(String.format("fletcher32 (filter 3) checksum mismatch: the chunk"
                        + " stores 0x%08x but its %d bytes sum to 0x%08x; the chunk is corrupt", stored,
                        dataLength, computed));
            }
            return new Decoded(input, dataLength);
        }

        /**
         * Computes the Fletcher-32 checksum as HDF5 does (H5_checksum_fletcher32): both sums start
         * at 0, the data are read as big-endian 16-bit words, and a last odd byte is a high byte.
         */
        static int checksum(byte[] data, int length) {
            long sum1 = 0;
            long sum2 = 0;
            int words = length / 2;
            int index = 0;
            while (words > 0) {
                int run = Math.min(words, WORDS_PER_FOLD);
                words -= run;
                for (int i = 0; i < run; i++) {
                    sum1 += (data[index] & 0xff) << 8 | (data[index + 1] & 0xff);
                    sum2 += sum1;
                    index += 2;
                }
                sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
                sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
            }
            if (length % 2 != 0) {
                sum1 += (data[index] & 0xff) << 8;
                sum2 += sum1;
                sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
                sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
            }
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
            return (int) (sum2 << 16 | sum1);
        }
    }

    /** Any other filter, decoded by jhdf's filter of that id (stem-io's own for 32008 and 307). */
    private record JhdfFilter(int id, FilterPipeline pipeline, int maxBytes) implements Step {
        @Override
        public Decoded decode(byte[] input, int length, byte[] output, int expected, Scratch scratch) {
            if (id == LZ4 && length >= 8) {
                // jhdf's LZ4 filter allocates the decoded size that the chunk's first 8 bytes (big-endian) claim.
                long claimed = java.nio.ByteBuffer.wrap(input, 0, 8).getLong();
                if (claimed < 0 || claimed > maxBytes) {
                    throw new HdfFilterException("lz4 (filter 32004) chunk of " + length + " bytes claims "
                            + claimed + " decoded bytes, more than " + maxBytes + " (twice the chunk size plus"
                            + " 4 KiB); the chunk is corrupt");
                }
            }
            byte[] exact = input.length == length ? input : java.util.Arrays.copyOf(input, length);
            byte[] decoded = pipeline.decode(exact);
            return new Decoded(decoded, decoded.length);
        }
    }
}
