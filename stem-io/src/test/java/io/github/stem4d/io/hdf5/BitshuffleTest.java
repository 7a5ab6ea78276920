package io.github.stem4d.io.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.io.testdata.SharedTestData;
import io.jhdf.HdfFile;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.BitShuffleFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Decoding of the bitshuffle chunk format, on chunks built here and on files written by the C plugin. */
class BitshuffleTest {

    private static final LZ4Compressor LZ4 = LZ4Factory.fastestJavaInstance().fastCompressor();

    /** Encodes like the bitshuffle HDF5 filter with LZ4: header, blocks, unshuffled leftover. */
    static byte[] encodeLz4(byte[] data, int elementSize, int blockElements) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN);
        header.putLong(data.length).putInt(blockElements * elementSize);
        out.write(header.array());
        int elements = data.length / elementSize;
        int done = 0;
        while (elements - done >= 8) {
            int count = Math.min(blockElements, elements - done);
            count -= count % 8;
            byte[] shuffled = new byte[count * elementSize];
            Bitshuffle.transposeBlock(data, done * elementSize, shuffled, 0, count, elementSize);
            byte[] compressed = LZ4.compress(shuffled);
            out.write(ByteBuffer.allocate(4).putInt(compressed.length).array());
            out.write(compressed);
            done += count;
        }
        out.write(data, done * elementSize, (elements - done) * elementSize);
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0} elements of {1} bytes, block {2}")
    @CsvSource({"6720, 2, 4096", "9216, 2, 4096", "4200, 2, 512", "13, 4, 2048", "7, 2, 4096", "1000, 1, 8192",
            "4099, 8, 1024", "8, 2, 8"})
    void lz4ChunkRoundTrips(int elements, int elementSize, int blockElements) throws IOException {
        byte[] data = new byte[elements * elementSize];
        new Random(elements * 31L + elementSize).nextBytes(data);
        byte[] encoded = encodeLz4(data, elementSize, blockElements);
        assertArrayEquals(data, Bitshuffle.decodeChunk(encoded, new int[] {0, 3, elementSize, blockElements, 2}));
    }

    @Test
    void uncompressedChunkRoundTrips() {
        byte[] data = new byte[1003 * 2];
        new Random(7).nextBytes(data);
        byte[] shuffled = data.clone();
        int blocked = 1000;
        Bitshuffle.transposeBlock(data, 0, shuffled, 0, blocked, 2);
        byte[] decoded = Bitshuffle.decodeChunk(shuffled, new int[] {0, 3, 2, 0, 0});
        assertEquals(4096, Bitshuffle.defaultBlockElements(2));
        assertArrayEquals(data, decoded);
    }

    @Test
    void transposeMatchesBitDefinition() {
        byte[] data = new byte[16];
        data[3 * 2 + 1] = (byte) 0x80;
        byte[] shuffled = new byte[16];
        Bitshuffle.transposeBlock(data, 0, shuffled, 0, 8, 2);
        // Bit 7 of byte 1 of element 3 is bit 3 of bit row 8 * 1 + 7 = 15, a row of one byte.
        byte[] expected = new byte[16];
        expected[15] = 1 << 3;
        assertArrayEquals(expected, shuffled);
    }

    @Test
    void headerClaimingHugeSizeIsRejected() {
        byte[] encoded = new byte[16];
        ByteBuffer.wrap(encoded).putLong(1L << 40).putInt(8192);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Bitshuffle.decodeChunk(encoded, new int[] {0, 3, 2, 0, 2}));
        assertTrue(error.getMessage().contains("claims 1099511627776 decoded bytes"), error.getMessage());
    }

    @Test
    void truncatedBlockIsRejected() throws IOException {
        byte[] data = new byte[4096 * 2];
        new Random(3).nextBytes(data);
        byte[] encoded = encodeLz4(data, 2, 4096);
        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 100);
        assertThrows(IllegalArgumentException.class, () -> Bitshuffle.decodeChunk(truncated,
                new int[] {0, 3, 2, 0, 2}));
    }

    @Test
    void zstdCompressionIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Bitshuffle.decodeChunk(new byte[16], new int[] {0, 3, 2, 0, 3}));
        assertTrue(error.getMessage().contains("Zstandard"), error.getMessage());
    }

    /**
     * jhdf 0.13.0's own decoder returns other bytes than the C plugin wrote for a 60x70 uint16
     * frame (8400 bytes, not a multiple of 8 KiB), which is why stem-io replaces it.
     */
    @Test
    void builtinJhdfDecoderDiffersOnOddFrameSize() throws IOException {
        Path file = SharedTestData.require("hdf5/bitshuffle-edge/bs_60x70_u16.h5");
        try (HdfFile hdf = new HdfFile(file)) {
            ChunkedDataset dataset = (ChunkedDataset) hdf.getDatasetByPath("/data");
            int[] offset = {1, 2, 0, 0};
            ByteBuffer raw = dataset.getRawChunkBuffer(offset);
            byte[] encoded = new byte[raw.remaining()];
            raw.get(encoded);
            int[] filterData = dataset.getFilters().get(0).getFilterData();
            byte[] ours = Bitshuffle.decodeChunk(encoded, filterData);
            assertEquals(60 * 70 * 2, ours.length);
            byte[] builtin;
            try {
                builtin = new BitShuffleFilter().decode(encoded, filterData);
            } catch (RuntimeException e) {
                builtin = new byte[0];
            }
            assertFalse(java.util.Arrays.equals(ours, builtin), "jhdf's bitshuffle decoder now matches");
        }
        try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) new JhdfScanReader().open(file, OpenOptions.defaults())) {
            double[] frame = new double[60 * 70];
            dataset.readFramesExact(1 * 4 + 2, 1, frame);
            long sum = 0;
            for (double value : frame) {
                sum += (long) value;
            }
            assertEquals(214964, sum, "frame_sum of scan position (1, 2)");
        }
    }
}
