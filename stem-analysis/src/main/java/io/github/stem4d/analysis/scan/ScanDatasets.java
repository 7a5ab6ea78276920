package io.github.stem4d.analysis.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Opens scan files with the {@link ScanReader} providers on the class path.
 *
 * <p>Choice of reader: a format or reader name forced in {@link OpenOptions#format()} wins;
 * otherwise every available reader whose {@link ScanReader#canRead} accepts the file is a
 * candidate, and the highest priority wins (ties broken by name). A provider that fails to
 * load is skipped and named in the error when no reader fits.
 */
public final class ScanDatasets {

    private static final int HEAD_BYTES = 4096;

    private ScanDatasets() {
    }

    /** Opens a scan with default options. */
    public static ScanDataset open(Path path) throws IOException {
        return open(path, OpenOptions.defaults());
    }

    /**
     * Opens a scan, reading headers only.
     *
     * @throws NoSuchFileException if the path does not exist
     * @throws InvalidScanException if the path is not a regular file, no reader accepts it, or
     *     the chosen reader rejects its content
     * @throws IOException if the file cannot be read
     */
    public static ScanDataset open(Path path, OpenOptions options) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "scan file not found");
        }
        if (Files.isDirectory(path)) {
            throw new InvalidScanException(path, "'" + path + "' is a directory; pass the scan file inside it");
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidScanException(path, "'" + path + "' is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new InvalidScanException(path, "'" + path + "' is not readable; check its permissions");
        }
        ScanReader reader = choose(path, options);
        return reader.open(path, options);
    }

    /**
     * Returns the reader that {@link #open(Path, OpenOptions)} would use.
     *
     * @throws InvalidScanException if none fits; the message lists the readers tried
     */
    public static ScanReader choose(Path path, OpenOptions options) throws IOException {
        Discovery discovery = discover();
        List<ScanReader> available = discovery.readers.stream().filter(ScanReader::isAvailable).toList();
        if (options.format().isPresent()) {
            String requested = options.format().get().toLowerCase(Locale.ROOT);
            List<ScanReader> named = discovery.readers.stream()
                    .filter(r -> r.name().equals(requested) || r.format().equals(requested))
                    .sorted(byPriority())
                    .toList();
            if (named.isEmpty()) {
                throw new InvalidScanException(path, "unknown format or reader '" + options.format().get()
                        + "'; registered: " + describe(discovery.readers) + discovery.failureSuffix());
            }
            return named.stream().filter(ScanReader::isAvailable).findFirst().orElseThrow(() ->
                    new InvalidScanException(path, "reader '" + named.get(0).name() + "' is not available here: "
                            + named.get(0).unavailableReason()));
        }

        ByteBuffer head = readHead(path);
        List<ScanReader> accepting = new ArrayList<>();
        for (ScanReader reader : available) {
            if (reader.canRead(path, head.asReadOnlyBuffer())) {
                accepting.add(reader);
            }
        }
        if (accepting.isEmpty()) {
            throw new InvalidScanException(path, "no reader accepts '" + path.getFileName() + "'; tried: "
                    + describe(discovery.readers) + discovery.failureSuffix()
                    + ". Pass the format explicitly (--format), or convert the file to HDF5 or .npy.");
        }
        accepting.sort(byPriority());
        return accepting.get(0);
    }

    /** Returns every reader provider found, available or not, highest priority first. */
    public static List<ScanReader> readers() {
        return discover().readers;
    }

    private static Comparator<ScanReader> byPriority() {
        return Comparator.comparingInt(ScanReader::priority).reversed().thenComparing(ScanReader::name);
    }

    private static String describe(List<ScanReader> readers) {
        if (readers.isEmpty()) {
            return "none (add stem-io to the class path)";
        }
        return readers.stream()
                .map(r -> r.isAvailable() ? r.name() : r.name() + " (unavailable: " + r.unavailableReason() + ")")
                .collect(Collectors.joining(", "));
    }

    private static ByteBuffer readHead(Path path) throws IOException {
        byte[] buffer = new byte[HEAD_BYTES];
        int filled = 0;
        try (InputStream in = Files.newInputStream(path)) {
            while (filled < buffer.length) {
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    break;
                }
                filled += read;
            }
        }
        return ByteBuffer.wrap(buffer, 0, filled).slice();
    }

    private static Discovery discover() {
        List<ScanReader> readers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        var iterator = ServiceLoader.load(ScanReader.class, ScanDatasets.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                readers.add(iterator.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                failures.add(e.getMessage());
            }
        }
        readers.sort(byPriority());
        return new Discovery(List.copyOf(readers), List.copyOf(failures));
    }

    private record Discovery(List<ScanReader> readers, List<String> failures) {
        String failureSuffix() {
            return failures.isEmpty() ? "" : " (providers that failed to load: " + String.join("; ", failures) + ")";
        }
    }
}
