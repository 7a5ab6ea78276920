package io.github.stem4d.io.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.io.testdata.H5py;
import io.github.stem4d.io.testdata.SharedTestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads of several chunks that the jhdf backend decodes on several threads. The frames equal
 * one-frame reads on one thread for every shared HDF5 file, a corrupt chunk fails with a
 * message naming its frame, and the threads stop when the dataset is closed. Tests that write
 * their file need /usr/bin/python3 with h5py and are skipped without it.
 */
class JhdfParallelReadTest {

    private static final int WORKERS = 4;

    static Stream<Path> files() throws IOException {
        var files = Hdf5ReaderContract.sharedHdf5Files();
        return files.isEmpty() ? Stream.of((Path) null) : files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void blockReadsEqualOneFrameReads(Path file) throws IOException {
        assumeTrue(file != null, "shared/data not found");
        JhdfScanReader reader = new JhdfScanReader();
        try (Hdf5ScanDataset parallel = (Hdf5ScanDataset) reader.open(file, OpenOptions.defaults(), WORKERS);
                Hdf5ScanDataset serial = (Hdf5ScanDataset) reader.open(file, OpenOptions.defaults(), 1)) {
            int pixels = serial.frameShape().pixelCount();
            int frames = (int) serial.frameCount();
            double[] expected = new double[frames * pixels];
            double[] one = new double[pixels];
            for (int f = 0; f < frames; f++) {
                serial.readFramesExact(f, 1, one);
                System.arraycopy(one, 0, expected, f * pixels, pixels);
            }

            double[] whole = new double[frames * pixels];
            parallel.readFramesExact(0, frames, whole);
            assertArrayEquals(expected, whole, "all frames in one read");

            // Blocks of 7 from frame 3 start and end inside chunks that contain several frames.
            int block = 7;
            double[] part = new double[block * pixels];
            float[] partFloat = new float[block * pixels];
            for (int first = 3; first < frames; first += block) {
                int count = Math.min(block, frames - first);
                parallel.readFramesExact(first, count, part);
                parallel.readFrames(first, count, partFloat);
                for (int i = 0; i < count * pixels; i++) {
                    double value = expected[first * pixels + i];
                    assertEquals(value, part[i], 0.0, "frames " + first + " to " + (first + count) + ", value " + i);
                    assertEquals((float) value, partFloat[i], 0.0f, "float frames from " + first + ", value " + i);
                }
            }
        }
    }

    @Test
    void tiledEdgeChunksReturnWrittenValues(@TempDir Path dir) throws IOException {
        H5py.assumeAvailable();
        Path file = dir.resolve("tiled.h5");
        H5py.script("import sys, h5py, numpy as np\n"
                + "d = (np.arange(3 * 5 * 9 * 11, dtype=np.int64) * 7919 % 65521).astype(np.uint16)\n"
                + "with h5py.File(sys.argv[1], 'w') as f:\n"
                + "    f.create_dataset('data', data=d.reshape(3, 5, 9, 11), chunks=(2, 2, 4, 4),"
                + " compression='gzip', shuffle=True, fletcher32=True)\n", file.toString());
        JhdfScanReader reader = new JhdfScanReader();
        try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) reader.open(file, OpenOptions.defaults(), WORKERS)) {
            double[] values = new double[15 * 99];
            dataset.readFramesExact(0, 15, values);
            for (int i = 0; i < values.length; i++) {
                assertEquals((long) i * 7919 % 65521, (long) values[i], "element " + i);
            }
            double[] frame = new double[99];
            dataset.readFramesExact(9, 1, frame);
            assertEquals(9L * 99 * 7919 % 65521, (long) frame[0], "first value of frame 9");
        }
    }

    @Test
    void corruptChunkNamesItsFrame(@TempDir Path dir) throws IOException {
        H5py.assumeAvailable();
        Path file = dir.resolve("corrupt.h5");
        writeWithRawChunk(file, "b'not a deflate stream at all'");
        for (int workers : new int[] {1, WORKERS}) {
            try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) new JhdfScanReader().open(file,
                    OpenOptions.defaults(), workers)) {
                float[] block = new float[8 * 16 * 16];
                InvalidScanException error = assertThrows(InvalidScanException.class,
                        () -> dataset.readFrames(0, 8, block));
                assertTrue(error.getMessage().contains("(frame 5)"), error.getMessage());
                assertTrue(error.getMessage().contains("'/data'"), error.getMessage());
                assertTrue(error.getMessage().contains("deflate (filter 1)"), error.getMessage());

                float[] frame = new float[16 * 16];
                dataset.readFrames(6, 1, frame);
                assertEquals(6 * 256, frame[0], 0.0f, "frame 6 after the failed read");
            }
        }
    }

    @Test
    void inflationBombBeforeShuffleIsRejected(@TempDir Path dir) throws IOException {
        H5py.assumeAvailable();
        Path file = dir.resolve("bomb.h5");
        // 50 MB of zeros compress to about 50 kB; with shuffle after deflate the inflated size is
        // not known in advance, so only the reader's cap keeps it from being allocated.
        H5py.script("import sys, zlib, h5py, numpy as np\n"
                + "d = np.arange(16 * 256, dtype=np.uint16).reshape(4, 4, 16, 16)\n"
                + "with h5py.File(sys.argv[1], 'w') as f:\n"
                + "    ds = f.create_dataset('data', data=d, chunks=(1, 1, 16, 16), compression='gzip',"
                + " shuffle=True)\n"
                + "    ds.id.write_direct_chunk((1, 1, 0, 0), zlib.compress(bytes(50_000_000)))\n", file.toString());
        try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) new JhdfScanReader().open(file, OpenOptions.defaults(),
                WORKERS)) {
            float[] frame = new float[16 * 16];
            InvalidScanException error = assertThrows(InvalidScanException.class,
                    () -> dataset.readFrames(5, 1, frame));
            assertTrue(error.getMessage().contains("(frame 5)"), error.getMessage());
            assertTrue(error.getMessage().contains("inflates to more than " + ChunkDecoder.maxIntermediateBytes(512)),
                    error.getMessage());

            dataset.readFrames(6, 1, frame);
            assertEquals(6 * 256, frame[0], 0.0f, "frame 6 after the rejected chunk");
        }
    }

    @Test
    void truncatedChunkIsRejected(@TempDir Path dir) throws IOException {
        H5py.assumeAvailable();
        Path file = dir.resolve("truncated.h5");
        writeWithRawChunk(file, "zlib.compress(np.arange(256, dtype='<u2').tobytes())[:40]");
        try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) new JhdfScanReader().open(file, OpenOptions.defaults(),
                WORKERS)) {
            float[] frame = new float[16 * 16];
            InvalidScanException error = assertThrows(InvalidScanException.class,
                    () -> dataset.readFrames(5, 1, frame));
            assertTrue(error.getMessage().contains("(frame 5)"), error.getMessage());
            assertTrue(error.getMessage().contains("truncated or corrupt"), error.getMessage());
        }
    }

    @Test
    void oversizedChunkIsRejected(@TempDir Path dir) throws IOException {
        H5py.assumeAvailable();
        Path file = dir.resolve("oversized.h5");
        writeWithRawChunk(file, "zlib.compress(bytes(1024))");
        try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) new JhdfScanReader().open(file, OpenOptions.defaults(),
                WORKERS)) {
            float[] frame = new float[16 * 16];
            InvalidScanException error = assertThrows(InvalidScanException.class,
                    () -> dataset.readFrames(5, 1, frame));
            assertTrue(error.getMessage().contains("more than the 512 bytes"), error.getMessage());
        }
    }

    @Test
    void fletcherChecksumIsChecked(@TempDir Path dir) throws IOException {
        H5py.assumeAvailable();
        Path file = dir.resolve("fletcher.h5");
        // Frames of 3x5 uint8 make 15-byte chunks, so the checksum covers an odd last byte.
        H5py.script("import sys, h5py, numpy as np\n"
                + "d = (np.arange(16 * 15) * 37 % 251).astype(np.uint8).reshape(4, 4, 3, 5)\n"
                + "with h5py.File(sys.argv[1], 'w') as f:\n"
                + "    ds = f.create_dataset('data', data=d, chunks=(1, 1, 3, 5), fletcher32=True)\n"
                + "    ds.id.write_direct_chunk((2, 3, 0, 0), d[2, 3].tobytes() + bytes(4))\n", file.toString());
        try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) new JhdfScanReader().open(file, OpenOptions.defaults(),
                WORKERS)) {
            double[] frames = new double[11 * 15];
            dataset.readFramesExact(0, 11, frames);
            for (int i = 0; i < frames.length; i++) {
                assertEquals(i * 37 % 251, (int) frames[i], "element " + i);
            }

            double[] frame = new double[15];
            InvalidScanException error = assertThrows(InvalidScanException.class,
                    () -> dataset.readFramesExact(11, 1, frame));
            assertTrue(error.getMessage().contains("(frame 11)"), error.getMessage());
            assertTrue(error.getMessage().contains("checksum mismatch"), error.getMessage());
        }
    }

    @Test
    void poolThreadsStopOnClose() throws IOException, InterruptedException {
        Path file = SharedTestData.require("hdf5/b_chunk1_gzip_u16.h5");
        Set<Thread> before = decodeThreads();
        Set<Thread> started;
        try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) new JhdfScanReader().open(file, OpenOptions.defaults(),
                WORKERS)) {
            float[] block = new float[64 * 64 * 64];
            dataset.readFrames(0, 64, block);
            started = decodeThreads();
            started.removeAll(before);
            assertEquals(WORKERS - 1, started.size(), "decode threads started by one block read");
        }
        for (Thread thread : started) {
            thread.join(5_000);
            assertFalse(thread.isAlive(), thread.getName() + " still runs after close");
        }
    }

    @Test
    void oneFrameReadStartsNoThread() throws IOException {
        Path file = SharedTestData.require("hdf5/b_chunk1_gzip_u16.h5");
        Set<Thread> before = decodeThreads();
        try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) new JhdfScanReader().open(file, OpenOptions.defaults(),
                WORKERS)) {
            float[] frame = new float[64 * 64];
            dataset.readFrames(3, 1, frame);
            Set<Thread> started = decodeThreads();
            started.removeAll(before);
            assertEquals(Set.of(), started);
        }
    }

    /**
     * Writes a (4, 4, 16, 16) uint16 gzip dataset, one frame per chunk, whose frame {@code i}
     * contains {@code i * 256 + pixel}, then replaces the stored bytes of frame 5 (scan position
     * (1, 1)) with the Python expression {@code rawChunk}.
     */
    private static void writeWithRawChunk(Path file, String rawChunk) throws IOException {
        H5py.script("import sys, zlib, h5py, numpy as np\n"
                + "d = np.arange(16 * 256, dtype=np.uint16).reshape(4, 4, 16, 16)\n"
                + "with h5py.File(sys.argv[1], 'w') as f:\n"
                + "    ds = f.create_dataset('data', data=d, chunks=(1, 1, 16, 16), compression='gzip')\n"
                + "    ds.id.write_direct_chunk((1, 1, 0, 0), " + rawChunk + ")\n", file.toString());
    }

    private static Set<Thread> decodeThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(DecodePool.THREAD_PREFIX)) {
                threads.add(thread);
            }
        }
        return threads;
    }
}
