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
 * <p>Scans with Fletcher-32 checksums are opened with {@code hdf5-jhdf} instead, because the C
 * library crashes the JVM on a chunk too short for its checksum.
 *
 * <p>Thread safety: stateless; jarhdf5 serialises every call to the C library, so parallel
 * readers do not run in parallel.
 */
@AutoService(ScanReader.class)
public final class Jarhdf5ScanReader implements ScanReader {

    private static final System.Logger LOG = System.getLogger(Jarhdf5ScanReader.class.getName());

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
        ScanDataset checked = openWithJhdfIfFletcher32(path, options);
        if (checked != null) {
            return checked;
        }
        return Jarhdf5Files.open(path, options);
    }

    /**
     * Opens a scan whose datasets store Fletcher-32 checksums with the hdf5-jhdf reader instead,
     * and returns null for any other scan or one that hdf5-jhdf cannot open. libhdf5 1.10.8
     * crashes the whole JVM (SIGSEGV in H5_checksum_fletcher32) on a stored chunk shorter than
     * its 4-byte checksum. jarhdf5 cannot list stored chunk sizes to check them first, while
     * hdf5-jhdf checks every checksum in Java and rejects such a chunk with an error.
     */
    private static ScanDataset openWithJhdfIfFletcher32(Path path, OpenOptions options) {
        ScanDataset dataset;
        try {
            dataset = new JhdfScanReader().open(path, options);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (JhdfScanReader.usesFletcher32(dataset)) {
            LOG.log(System.Logger.Level.INFO, "{0} stores Fletcher-32 checksums; reading it with {1}, which"
                    + " checks them without the C library", path, JhdfScanReader.NAME);
            return dataset;
        }
        try {
            dataset.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the hdf5-jhdf probe of {0} failed: {1}", path, e);
        }
        return null;
    }
}
