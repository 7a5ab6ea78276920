package io.github.stem4d.io.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.io.testdata.H5py;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LZF filter data and LZ4 chunks that claim a huge decoded size are rejected, not allocated. */
class JhdfLzfClaimTest {

    @TempDir
    Path directory;

    @Test
    void hugeLzfChunkSizeRejectedOnOpen() throws Exception {
        H5py.assumeAvailable();
        Path file = directory.resolve("lzf.h5");
        H5py.script("import sys, h5py, numpy as np\n"
                + "with h5py.File(sys.argv[1], 'w') as f:\n"
                + "    f.create_dataset('data', data=np.arange(4 * 30 * 30, dtype='u2').reshape(2, 2, 30, 30),\n"
                + "                     chunks=(1, 1, 30, 30), compression='lzf')\n", file.toString());
        byte[] bytes = Files.readAllBytes(file);
        // The LZF filter data are (version 4, LZF version 261, chunk size 1800 bytes) as little-endian uint32.
        ByteBuffer pattern = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(4).putInt(261).putInt(1800);
        int at = indexOf(bytes, pattern.array());
        assertTrue(at >= 0, "LZF filter data not found");
        ByteBuffer.wrap(bytes, at + 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7ffffff0);
        Files.write(file, bytes);

        InvalidScanException error = assertThrows(InvalidScanException.class,
                () -> new JhdfScanReader().open(file, OpenOptions.defaults()).close());

        assertTrue(error.getMessage().contains("lzf (filter 32000)"), error.getMessage());
        assertTrue(error.getMessage().contains("2147483632 bytes"), error.getMessage());
        assertEquals(file, error.path());
    }

    @Test
    void hugeLz4ChunkClaimRejected() throws Exception {
        H5py.assumeAvailable();
        Path file = directory.resolve("lz4.h5");
        // The first 8 bytes of an HDF5 LZ4 chunk give its decoded size, big-endian.
        H5py.script("import sys, struct, h5py, numpy as np\n"
                + "with h5py.File(sys.argv[1], 'w') as f:\n"
                + "    d = f.create_dataset('data', data=np.arange(4 * 30 * 30, dtype='u2').reshape(2, 2, 30, 30),\n"
                + "                         chunks=(1, 1, 30, 30), compression=32004)\n"
                + "    raw = d.id.read_direct_chunk((0, 1, 0, 0))[1]\n"
                + "    d.id.write_direct_chunk((0, 1, 0, 0), struct.pack('>Q', 0x7ffffff0) + raw[8:])\n",
                file.toString());

        try (var scan = new JhdfScanReader().open(file, OpenOptions.defaults())) {
            InvalidScanException error = assertThrows(InvalidScanException.class,
                    () -> scan.readFrames(0, 4, new float[4 * 900]));

            assertTrue(error.getMessage().contains("lz4 (filter 32004) chunk of"), error.getMessage());
            assertTrue(error.getMessage().contains("claims 2147483632 decoded bytes"), error.getMessage());
            float[] first = new float[900];
            scan.readFrames(0, 1, first);
            assertEquals(899f, first[899], "frame 0 still reads after the failed read");
        }
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }
}
