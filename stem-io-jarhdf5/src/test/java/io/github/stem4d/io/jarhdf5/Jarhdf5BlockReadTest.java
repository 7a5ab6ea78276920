package io.github.stem4d.io.jarhdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.io.hdf5.Hdf5ReaderContract;
import io.github.stem4d.io.hdf5.Hdf5ScanDataset;
import io.github.stem4d.io.testdata.SharedTestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads of many frames through jarhdf5, converted on the dataset's conversion thread while the
 * C library reads the next buffer: they equal one-frame reads, and the thread stops on close.
 */
class Jarhdf5BlockReadTest {

    static Stream<Path> files() throws IOException {
        var files = Hdf5ReaderContract.sharedHdf5Files();
        return files.isEmpty() ? Stream.of((Path) null) : files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void blockReadsEqualOneFrameReads(Path file) throws IOException {
        assumeTrue(file != null, "shared/data not found");
        Jarhdf5ScanReader reader = new Jarhdf5ScanReader();
        assumeTrue(reader.isAvailable(), reader.unavailableReason());
        try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) reader.open(file, OpenOptions.defaults())) {
            int pixels = dataset.frameShape().pixelCount();
            int frames = (int) dataset.frameCount();
            double[] expected = new double[frames * pixels];
            double[] one = new double[pixels];
            for (int f = 0; f < frames; f++) {
                dataset.readFramesExact(f, 1, one);
                System.arraycopy(one, 0, expected, f * pixels, pixels);
            }

            double[] whole = new double[frames * pixels];
            dataset.readFramesExact(0, frames, whole);
            assertArrayEquals(expected, whole, "all frames in one read");

            float[] wholeFloat = new float[frames * pixels];
            dataset.readFrames(0, frames, wholeFloat);
            for (int i = 0; i < wholeFloat.length; i++) {
                assertEquals((float) expected[i], wholeFloat[i], 0.0f, "float value " + i);
            }
        }
    }

    @Test
    void conversionThreadStopsOnClose() throws IOException, InterruptedException {
        Path file = SharedTestData.require("hdf5/b_chunk1_gzip_u16.h5");
        Jarhdf5ScanReader reader = new Jarhdf5ScanReader();
        assumeTrue(reader.isAvailable(), reader.unavailableReason());
        Set<Thread> before = conversionThreads();
        Set<Thread> started;
        try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) reader.open(file, OpenOptions.defaults())) {
            float[] frames = new float[256 * 64 * 64];
            dataset.readFrames(0, 256, frames);
            started = conversionThreads();
            started.removeAll(before);
            assertEquals(1, started.size(), "conversion threads started by a read of 256 frames");
        }
        for (Thread thread : started) {
            thread.join(5_000);
            assertFalse(thread.isAlive(), thread.getName() + " still runs after close");
        }
    }

    private static Set<Thread> conversionThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(Jarhdf5ScanDataset.THREAD_PREFIX)) {
                threads.add(thread);
            }
        }
        return threads;
    }
}
