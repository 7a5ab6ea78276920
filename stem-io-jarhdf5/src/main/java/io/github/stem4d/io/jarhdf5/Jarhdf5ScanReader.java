package io.github.stem4d.io.jarhdf5;

import com.google.auto.service.AutoService;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanReader;
import io.github.stem4d.io.hdf5.Hdf5LayoutFinder;
import io.github.stem4d.io.hdf5.JhdfScanReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads HDF5 scans through the HDF Group's C library (jarhdf5 1.10 API), so the HDF5 filter
 * plugins installed on the machine can decode the chunks. Preferred over {@code hdf5-jhdf} when its native
 * library loads; filter plugins are searched on {@code HDF5_PLUGIN_PATH}, or in Debian's plugin
 * folder when that variable is unset. Layouts are found by {@link Hdf5LayoutFinder}, as for jhdf.
 *
 * <p>This class refers to no jarhdf5 type, so {@link java.util.ServiceLoader} can create it
 * without the jar; every library call is in {@link Jarhdf5Files}.
 *
 * <p>Thread safety: stateless; jarhdf5 serialises every call to the C library, so parallel
 * readers do not run in parallel.
 */
@AutoService(ScanReader.class)
public final class Jarhdf5ScanReader implements ScanReader {

    /** The reader name. */
    public static final String NAME = "hdf5-jarhdf5";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String format() {
        return "hdf5";
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public boolean isAvailable() {
        return Jarhdf5Library.status().available();
    }

    @Override
    public String unavailableReason() {
        return Jarhdf5Library.status().reason();
    }

    @Override
    public boolean canRead(Path path, ByteBuffer head) {
        return JhdfScanReader.hasHdf5Signature(head);
    }

    @Override
    public ScanDataset open(Path path, OpenOptions options) throws IOException {
        if (!isAvailable()) {
            throw new InvalidScanException(path, "reader " + NAME + " is not available: " + unavailableReason());
        }
        return Jarhdf5Files.open(path, options);
    }
}
