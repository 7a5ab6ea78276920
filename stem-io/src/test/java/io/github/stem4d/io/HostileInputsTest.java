package io.github.stem4d.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.RawLayout;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanReader;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Odd and hostile files and options given to every reader: each fails with a clear {@link IOException}. */
class HostileInputsTest {

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    /** Writes a version 1.0 .npy file of {@code frames} 4x4 little-endian uint16 frames whose pixel k is k. */
    private Path npy(String name, int frames) throws IOException {
        StringBuilder header = new StringBuilder("{'descr': '<u2', 'fortran_order': False, 'shape': (" + frames
                + ", 4, 4), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer bytes = ByteBuffer.allocate(10 + header.length() + frames * 32).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        bytes.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < frames * 16; i++) {
            bytes.putShort((short) (i % 16));
        }
        return Files.write(dir.resolve(name), bytes.array());
    }

    @Test
    void symlinkToScanOpens() throws IOException {
        Path target = npy("target.npy", 2);
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), target);

        try (ScanDataset dataset = ScanDatasets.open(link)) {
            float[] frame = new float[16];
            dataset.readFrames(1, 1, frame);

            assertEquals(2, dataset.frameCount());
            assertEquals(15.0f, frame[15]);
        }
    }

    @Test
    void fifoIsRejectedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("scan.npy");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo is not available");

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            InvalidScanException viaOpen = assertThrows(InvalidScanException.class, () -> ScanDatasets.open(fifo));
            assertTrue(viaOpen.getMessage().contains("is not a regular file"), viaOpen.getMessage());

            for (ScanReader reader : ScanDatasets.readers()) {
                if (!reader.isAvailable()) {
                    continue;
                }
                reader.canRead(fifo, ByteBuffer.allocate(0));
                IOException direct = assertThrows(IOException.class, () -> reader.open(fifo, OpenOptions.defaults()),
                        reader.name());
                assertTrue(direct.getMessage().contains("scan.npy"), reader.name() + ": " + direct.getMessage());
            }
        });
    }

    @Test
    void corruptHdf5GivesInvalidScanException() throws IOException {
        Random random = new Random(20261204);
        for (int trial = 0; trial < 40; trial++) {
            byte[] bytes = new byte[trial == 0 ? 8 : 64 + random.nextInt(4000)];
            random.nextBytes(bytes);
            System.arraycopy(HDF5_SIGNATURE, 0, bytes, 0, HDF5_SIGNATURE.length);
            if (bytes.length > 8) {
                // Superblock version 0 sends jhdf's parser furthest into the random bytes.
                bytes[8] = 0;
            }
            Path file = Files.write(dir.resolve("corrupt.h5"), bytes);

            try (ScanDataset dataset = ScanDatasets.open(file)) {
                dataset.readFrames(0, 1, new float[dataset.frameShape().pixelCount()]);
            } catch (InvalidScanException expected) {
                assertTrue(expected.getMessage().contains("corrupt.h5"), "trial " + trial + ": " + expected.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError("trial " + trial + " raised " + e, e);
            }
        }
    }

    @Test
    void unknownReaderOptionIsRejected() throws IOException {
        Path file = npy("scan.npy", 2);
        OpenOptions options = OpenOptions.builder().readerOption("ignore-trailng-frames", "true").build();

        InvalidScanException error = assertThrows(InvalidScanException.class, () -> ScanDatasets.open(file, options));

        assertEquals("unknown reader option 'ignore-trailng-frames' for reader npy on 'scan.npy': accepted names:"
                + " ignore-trailing-frames. Check the spelling or remove it.", error.getMessage());
    }

    @Test
    void unknownRawReaderOptionIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("scan.raw"), new byte[64]);
        RawLayout layout = new RawLayout(new FrameShape(4, 4), PixelType.UINT16, ByteOrder.BIG_ENDIAN, 0, 0);
        OpenOptions options = OpenOptions.builder().rawLayout(layout).readerOption("partial", "true").build();

        InvalidScanException error = assertThrows(InvalidScanException.class, () -> ScanDatasets.open(file, options));

        assertTrue(error.getMessage().contains("unknown reader option 'partial' for reader raw on 'scan.raw':"
                + " accepted names: ignore-partial-frame, ignore-trailing-frames"), error.getMessage());
    }

    @Test
    void rawFrameGapNearLongMaxIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("scan.raw"), new byte[64]);
        RawLayout layout = new RawLayout(new FrameShape(4, 4), PixelType.UINT16, ByteOrder.BIG_ENDIAN, 0,
                Long.MAX_VALUE);
        OpenOptions options = OpenOptions.builder().rawLayout(layout).build();

        InvalidScanException error = assertThrows(InvalidScanException.class, () -> ScanDatasets.open(file, options));

        assertTrue(error.getMessage().contains("raw frames of 32 pixel bytes + " + Long.MAX_VALUE
                + " gap bytes are not supported"), error.getMessage());
    }

    @Test
    void oddHdf5DatasetsAreRejected() throws IOException {
        Path file = dir.resolve("odd.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("image", new int[4][4]);
            hdf.putDataset("five", new short[1][1][2][4][4]);
            hdf.putDataset("names", new String[] {"a", "b"});
            WritableGroup group = hdf.putGroup("entry");
            group.putDataset("scalar", 3);
        }

        String[][] cases = {
            {"", "odd.h5"},
            {"/image", "odd.h5"},
            {"/five", "odd.h5"},
            {"/names", "odd.h5"},
            {"/entry", "odd.h5"},
            {"/entry/scalar", "odd.h5"},
            {"/missing", "no dataset at '/missing'"},
        };
        for (String[] c : cases) {
            OpenOptions.Builder builder = OpenOptions.builder().format("hdf5-jhdf");
            if (!c[0].isEmpty()) {
                builder.datasetPath(c[0]);
            }
            OpenOptions options = builder.build();
            try (ScanDataset dataset = ScanDatasets.open(file, options)) {
                throw new AssertionError("dataset '" + c[0] + "' opened as " + dataset);
            } catch (InvalidScanException expected) {
                assertTrue(expected.getMessage().contains(c[1]), "'" + c[0] + "': " + expected.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError("dataset '" + c[0] + "' raised " + e, e);
            }
        }
    }

    @Test
    void truncatedContiguousHdf5NamesSizes() throws IOException {
        Path file = dir.resolve("cut.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("data", new short[2][3][16][16]);
        }
        long size = Files.size(file);
        // jhdf writes the object headers first and the raw data last, so cutting the end cuts the data.
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size - 1000);
        }

        InvalidScanException error = assertThrows(InvalidScanException.class,
                () -> ScanDatasets.open(file, OpenOptions.builder().format("hdf5-jhdf").build()));

        assertTrue(error.getMessage().contains("contiguous dataset '/data' claims 3072 bytes"), error.getMessage());
        assertTrue(error.getMessage().contains("has " + (size - 1000) + " bytes; the file is truncated"),
                error.getMessage());
    }

    @Test
    void unknownHdf5ReaderOptionIsRejected() throws IOException {
        Path file = dir.resolve("scan.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("data", new short[2][3][4][4]);
        }
        OpenOptions accepted = OpenOptions.builder().readerOption("ignore-trailing-frames", "true").build();
        OpenOptions unknown = OpenOptions.builder().readerOption("chunk-cache", "64").build();

        try (ScanDataset dataset = ScanDatasets.open(file, accepted)) {
            assertEquals(6, dataset.frameCount());
        }
        InvalidScanException error = assertThrows(InvalidScanException.class, () -> ScanDatasets.open(file, unknown));

        assertTrue(error.getMessage().contains("unknown reader option 'chunk-cache' for reader hdf5 on 'scan.h5':"
                + " accepted names: ignore-trailing-frames"), error.getMessage());
    }
}
