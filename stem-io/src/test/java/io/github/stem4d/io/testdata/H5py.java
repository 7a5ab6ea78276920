package io.github.stem4d.io.testdata;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code /usr/bin/python3} with h5py (the HDF5 C library) as an independent reader for
 * tests. Tests that use it are skipped when python3 or h5py is missing.
 */
public final class H5py {

    /** Python interpreter used by the tests; Debian's python3-h5py installs for this one. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Folder of Debian's HDF5 filter plugins (bitshuffle, LZ4, bzip2, LZF). */
    public static final String PLUGIN_PATH = "/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins";

    /** Computes the checksums one slice of the first axis at a time, so memory stays bounded. */
    private static final String CHECKSUM_SCRIPT = String.join("\n",
            "import sys, h5py, numpy as np",
            "path, name, check = sys.argv[1], sys.argv[2], int(sys.argv[3])",
            "total = wsum = fsum = fwsum = 0",
            "offset = 0",
            "with h5py.File(path, 'r') as f:",
            "    d = f[name]",
            "    fp = d.shape[-1] * d.shape[-2]",
            "    for i in range(d.shape[0]):",
            "        part = d[i]",
            "        if part.dtype == np.float32:",
            "            part = part.view(np.uint32)",
            "        flat = part.reshape(-1).astype(np.uint64)",
            "        idx = np.arange(offset, offset + flat.size, dtype=np.uint64) % np.uint64(1000003) + np.uint64(1)",
            "        with np.errstate(over='ignore'):",
            "            total += int(flat.sum(dtype=np.uint64))",
            "            wsum += int((flat * idx).sum(dtype=np.uint64))",
            "        lo = check * fp - offset",
            "        if 0 <= lo < flat.size:",
            "            frame = flat[lo:lo + fp]",
            "            fsum = int(frame.sum(dtype=np.uint64))",
            "            fwsum = int((frame * np.arange(1, fp + 1, dtype=np.uint64)).sum(dtype=np.uint64))",
            "        offset += flat.size",
            "m = 2 ** 64",
            "print(total % m, wsum % m, fsum % m, fwsum % m)");

    private static Boolean available;

    private H5py() {
    }

    /** Skips the calling test unless {@code /usr/bin/python3 -c 'import h5py'} succeeds. */
    public static void assumeAvailable() {
        assumeTrue(available(), PYTHON + " with h5py is not installed (Debian: python3-h5py)");
    }

    /** Returns whether python3 with h5py and numpy runs here. */
    public static synchronized boolean available() {
        if (available == null) {
            try {
                available = Files.isExecutable(PYTHON) && run(List.of("-c", "import h5py, numpy")).exitCode == 0;
            } catch (IOException e) {
                available = false;
            }
        }
        return available;
    }

    /** Computes {@link Checksums} of a dataset with h5py; frames are the last two dimensions. */
    public static Checksums checksums(Path file, String dataset, long checkFrame) throws IOException {
        Result result = run(List.of("-c", CHECKSUM_SCRIPT, file.toString(), dataset, Long.toString(checkFrame)));
        if (result.exitCode != 0) {
            throw new IOException("h5py failed on " + file + " " + dataset + ": " + result.output);
        }
        String[] parts = result.output.trim().split("\\s+");
        return new Checksums(new java.math.BigInteger(parts[0]).longValue(), new java.math.BigInteger(parts[1]).longValue(),
                new java.math.BigInteger(parts[2]).longValue(), new java.math.BigInteger(parts[3]).longValue());
    }

    /**
     * Runs a python script with arguments and returns its standard output.
     *
     * @throws IOException if python fails, with its output in the message
     */
    public static String script(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("-c", script));
        command.addAll(List.of(args));
        Result result = run(command);
        if (result.exitCode != 0) {
            throw new IOException("python3 exited with " + result.exitCode + ": " + result.output);
        }
        return result.output;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(PYTHON.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putIfAbsent("HDF5_PLUGIN_PATH", PLUGIN_PATH);
        Process process = builder.start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("python3 timed out after 120 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for python3", e);
        }
    }
}
