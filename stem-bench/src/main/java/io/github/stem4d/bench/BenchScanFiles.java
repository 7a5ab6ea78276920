package io.github.stem4d.bench;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.synthetic.GeneratedScan;
import io.github.stem4d.io.synthetic.SyntheticFormat;
import io.github.stem4d.io.synthetic.SyntheticScanGenerator;
import io.github.stem4d.io.synthetic.SyntheticScanSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes the scan files that the read benchmarks open: NumPy and MIB files from the project's
 * synthetic scan generator, and HDF5 files converted from the NumPy file by h5py.
 *
 * <p>h5py runs as {@code /usr/bin/python3} unless the system property
 * {@code stem4d.bench.python} names another interpreter; the conversion script is packed in
 * the benchmark jar and copied next to the scan.
 */
final class BenchScanFiles {

    /** Dataset path of the HDF5 files. */
    static final String HDF5_DATASET = "/data";

    private static final long SEED = 11L;
    private static final int REGIONS = 5;
    private static final int CONVERT_TIMEOUT_MINUTES = 10;

    private BenchScanFiles() {
    }

    /** Storage of a benchmark scan file. */
    enum Storage {
        NPY, MIB, HDF5_GZIP, HDF5_BITSHUFFLE_LZ4
    }

    /**
     * Writes a uint16 scan of {@code scanShape} frames of {@code frameShape} into {@code folder}
     * and returns its path.
     *
     * @throws SkipException if HDF5 is requested and h5py or the bitshuffle plugin is missing
     * @throws IOException if writing fails
     */
    static Path write(Path folder, Storage storage, ScanShape scanShape, FrameShape frameShape)
            throws IOException {
        SyntheticFormat format = storage == Storage.MIB ? SyntheticFormat.MIB : SyntheticFormat.NPY;
        SyntheticScanSpec spec = new SyntheticScanSpec(scanShape, frameShape, REGIONS, SEED, PixelType.UINT16, format);
        Path generated = folder.resolve("scan." + format.extension());
        GeneratedScan scan = SyntheticScanGenerator.generate(spec, generated, true);
        if (storage == Storage.NPY || storage == Storage.MIB) {
            return scan.scanFile();
        }

        String compression = storage == Storage.HDF5_GZIP ? "gzip" : "bslz4";
        Path h5 = folder.resolve("scan-" + compression + ".h5");
        convertToHdf5(scan.scanFile(), h5, compression);
        Files.delete(scan.scanFile());
        return h5;
    }

    /**
     * Converts a 4D .npy file to a chunked, compressed HDF5 file with h5py.
     *
     * @param compression {@code gzip} or {@code bslz4}
     * @throws SkipException if the interpreter, h5py or the filter is missing
     * @throws IOException if the conversion fails for another reason
     */
    static void convertToHdf5(Path npy, Path h5, String compression) throws IOException {
        Path script = copyScript(npy.getParent(), "make_h5.py");
        String python = System.getProperty("stem4d.bench.python", "/usr/bin/python3");
        if (!Files.isExecutable(Path.of(python))) {
            throw new SkipException("HDF5 files are written by h5py, but " + python + " is not an executable;"
                    + " install python3-h5py or pass -Dstem4d.bench.python=PATH");
        }
        List<String> command = new ArrayList<>(List.of(python, script.toString(), npy.toString(), h5.toString(),
                "--compression", compression, "--dataset", HDF5_DATASET));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        int exit;
        try {
            if (!process.waitFor(CONVERT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("h5py conversion of " + npy + " timed out after " + CONVERT_TIMEOUT_MINUTES
                        + " minutes");
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while h5py converted " + npy, e);
        }
        if (exit != 0 && (exit == 3 || output.contains("ModuleNotFoundError"))) {
            throw new SkipException("cannot write " + compression + " HDF5 with " + python + ": " + output);
        }
        if (exit != 0) {
            throw new IOException("h5py conversion failed (exit " + exit + "): " + String.join(" ", command) + "\n"
                    + output);
        }
    }

    /** Deletes {@code folder} and everything in it; missing files are ignored. */
    static void deleteTree(Path folder) throws IOException {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Copies a script packed under {@code scripts/} in the jar into {@code folder}. */
    private static Path copyScript(Path folder, String name) throws IOException {
        Path target = folder.resolve(name);
        try (InputStream in = BenchScanFiles.class.getResourceAsStream("scripts/" + name)) {
            if (in == null) {
                throw new IOException("script " + name + " is missing from the benchmark jar; rebuild stem-bench");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** Thrown when a benchmark cannot run here; the message says what is missing. */
    static final class SkipException extends IllegalStateException {
        SkipException(String message) {
            super("SKIPPED: " + message);
        }
    }
}
