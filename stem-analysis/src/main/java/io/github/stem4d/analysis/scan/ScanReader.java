package io.github.stem4d.analysis.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Service provider that opens one file format; found with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations are stateless and safe to call from any thread.
 */
public interface ScanReader {

    /** Returns the unique reader name, for example {@code "hdf5-jhdf"} or {@code "mib"}. */
    String name();

    /** Returns the format it reads, for example {@code "hdf5"}; two backends may share a format. */
    String format();

    /** Returns the rank among readers that accept the same file; the highest wins. */
    int priority();

    /** Returns whether the reader can run here (native libraries loaded, and so on). */
    default boolean isAvailable() {
        return true;
    }

    /** Returns why {@link #isAvailable()} is false, or an empty string. */
    default String unavailableReason() {
        return "";
    }

    /**
     * Returns whether the file looks like this format, from its name and first bytes only.
     *
     * @param path the file
     * @param head the first bytes of the file (up to 4096; fewer for short files), read-only
     */
    boolean canRead(Path path, ByteBuffer head);

    /**
     * Opens the file, reading headers only.
     *
     * @throws IOException if the file is not readable or not valid for this format
     */
    ScanDataset open(Path path, OpenOptions options) throws IOException;
}
