package io.github.stem4d.bench;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanReader;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading uint16 frames through {@link ScanDataset#readFrames}, converted to float, for each
 * file format and HDF5 backend.
 *
 * <p>The trial setup writes one scan of {@code frames} frames (256x256 uint16 by default,
 * 128 KiB each) into a new folder under {@code java.io.tmpdir}, reads it once so that it sits
 * in the page cache, and the teardown deletes the folder. Scores are frames per second; MB/s is
 * frames/s times the stored frame size (131,072 bytes for 256x256 uint16) divided by 10^6.
 * Calls walk through the file in scan order and wrap around at its end.
 *
 * <p>With {@code -jvmArgsAppend -Dstem4d.bench.keepFiles=true} the folder is kept and its path
 * printed, so that {@code scripts/time_h5py.py} can read the same file.
 *
 * <p>{@code source} values: {@code mib}, {@code npy}, and {@code h5-gzip-*} or
 * {@code h5-bslz4-*} followed by the HDF5 reader ({@code jhdf} or {@code jarhdf5}). A source
 * whose reader or writer is missing fails its setup with a message that starts with
 * {@code SKIPPED:}; JMH then moves on to the next one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReadBenchmark {

    /** Frames per {@link #readBlock} call. */
    static final int BLOCK_FRAMES = 64;

    /** System property that keeps the scan files (to time h5py on the same file); false by default. */
    static final String KEEP_FILES_PROPERTY = "stem4d.bench.keepFiles";

    @Param({"mib", "npy", "h5-gzip-jhdf", "h5-gzip-jarhdf5", "h5-bslz4-jhdf", "h5-bslz4-jarhdf5"})
    public String source;

    /** Frames in the file; the scan is {@code frames / 64} rows of 64 positions. */
    @Param({"1024"})
    public int frames;

    /** Detector rows and columns (square frames). */
    @Param({"256"})
    public int detector;

    private Path folder;
    private ScanDataset dataset;
    private float[] block;
    private float[] frame;
    private long frameCount;
    private long nextBlock;
    private long nextFrame;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (frames < BLOCK_FRAMES || frames % 64 != 0) {
            throw new IllegalArgumentException("frames must be a multiple of 64 and at least " + BLOCK_FRAMES
                    + ", got " + frames);
        }
        BenchScanFiles.Storage storage = storage(source);
        String reader = readerName(source);
        checkReaderAvailable(reader);

        folder = Files.createTempDirectory("stem4d-bench-read-");
        FrameShape frameShape = new FrameShape(detector, detector);
        Path file;
        try {
            file = BenchScanFiles.write(folder, storage, new ScanShape(frames / 64, 64), frameShape);
            OpenOptions.Builder options = OpenOptions.builder().format(reader);
            if (reader.startsWith("hdf5")) {
                options.datasetPath(BenchScanFiles.HDF5_DATASET);
            }
            dataset = ScanDatasets.open(file, options.build());
        } catch (IOException | RuntimeException e) {
            BenchScanFiles.deleteTree(folder);
            throw e;
        }

        frameCount = dataset.frameCount();
        block = new float[BLOCK_FRAMES * frameShape.pixelCount()];
        frame = new float[frameShape.pixelCount()];
        for (long first = 0; first < frameCount; first += BLOCK_FRAMES) {
            dataset.readFrames(first, BLOCK_FRAMES, block);
        }
        System.err.printf("%nReadBenchmark: %s, %d frames of %s, %d bytes on disk, reader %s, file %s%n", source,
                frameCount, frameShape, Files.size(file), reader, file);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try {
            if (dataset != null) {
                dataset.close();
            }
        } finally {
            if (Boolean.getBoolean(KEEP_FILES_PROPERTY)) {
                System.err.println("ReadBenchmark: kept " + folder);
            } else {
                BenchScanFiles.deleteTree(folder);
            }
        }
    }

    /** Reads the next {@value #BLOCK_FRAMES} frames, as the pipeline reads a block. */
    @Benchmark
    @OperationsPerInvocation(BLOCK_FRAMES)
    public float[] readBlock() throws IOException {
        long first = nextBlock;
        nextBlock = first + BLOCK_FRAMES >= frameCount ? 0 : first + BLOCK_FRAMES;
        dataset.readFrames(first, BLOCK_FRAMES, block);
        return block;
    }

    /** Reads the next single frame, as a frame-by-frame Python loop over h5py does. */
    @Benchmark
    public float[] readFrame() throws IOException {
        long index = nextFrame;
        nextFrame = index + 1 == frameCount ? 0 : index + 1;
        dataset.readFrames(index, 1, frame);
        return frame;
    }

    private static BenchScanFiles.Storage storage(String source) {
        if (source.equals("mib")) {
            return BenchScanFiles.Storage.MIB;
        }
        if (source.equals("npy")) {
            return BenchScanFiles.Storage.NPY;
        }
        if (source.startsWith("h5-gzip-")) {
            return BenchScanFiles.Storage.HDF5_GZIP;
        }
        if (source.startsWith("h5-bslz4-")) {
            return BenchScanFiles.Storage.HDF5_BITSHUFFLE_LZ4;
        }
        throw new IllegalArgumentException("unknown source '" + source
                + "'; expected mib, npy, h5-gzip-jhdf, h5-gzip-jarhdf5, h5-bslz4-jhdf or h5-bslz4-jarhdf5");
    }

    private static String readerName(String source) {
        if (source.equals("mib") || source.equals("npy")) {
            return source;
        }
        return "hdf5-" + source.substring(source.lastIndexOf('-') + 1);
    }

    private static void checkReaderAvailable(String name) {
        ScanReader reader = ScanDatasets.readers().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new BenchScanFiles.SkipException("no reader named '" + name
                        + "' is on the class path (the hdf5-jarhdf5 backend is built only when"
                        + " /usr/share/java/jarhdf5.jar exists)"));
        if (!reader.isAvailable()) {
            throw new BenchScanFiles.SkipException("reader '" + name + "' is unavailable: " + reader.unavailableReason());
        }
    }
}
