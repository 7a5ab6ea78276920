package io.github.stem4d.io.hdf5;

import com.google.auto.service.AutoService;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanReader;
import io.github.stem4d.io.internal.ScanFiles;
import io.jhdf.AbstractNode;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.filter.FilterManager;
import io.jhdf.object.message.FilterPipelineMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads HDF5 scans with jhdf (pure Java, always available). Layouts are found by
 * {@link Hdf5LayoutFinder}; filters: gzip, shuffle, fletcher32, LZF and LZ4 from jhdf,
 * bitshuffle (32008) and bzip2 (307) from stem-io. Any other filter fails at
 * {@link #open} with an {@link UnsupportedFilterException} naming it.
 *
 * <p>Stateless and thread-safe; each {@link #open} returns a dataset for one thread.
 */
@AutoService(ScanReader.class)
public final class JhdfScanReader implements ScanReader {

    /** The reader name. */
    public static final String NAME = "hdf5-jhdf";

    private static final System.Logger LOG = System.getLogger(JhdfScanReader.class.getName());

    static {
        // jhdf loads Filter providers with the context class loader; registering here as well makes
        // stem-io's decoders win under any class loader.
        FilterManager.addFilter(new BitshuffleLz4Filter());
        FilterManager.addFilter(new Bzip2Filter());
    }

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
        return 10;
    }

    @Override
    public boolean canRead(Path path, ByteBuffer head) {
        return hasHdf5Signature(head);
    }

    /**
     * Returns whether the HDF5 signature is at offset 0, 512, 1024 or 2048 of {@code head} (an
     * HDF5 file may start with a user block of a power of two of at least 512 bytes).
     */
    public static boolean hasHdf5Signature(ByteBuffer head) {
        byte[] signature = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        for (int offset = 0; offset + signature.length <= head.limit(); offset = offset == 0 ? 512 : offset * 2) {
            boolean match = true;
            for (int i = 0; i < signature.length && match; i++) {
                match = head.get(offset + i) == signature[i];
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Chunks are decoded on up to {@link DecodePool#defaultWorkers()} threads per read.
     */
    @Override
    public ScanDataset open(Path path, OpenOptions options) throws IOException {
        return open(path, options, DecodePool.defaultWorkers());
    }

    /** Opens a scan whose reads decode chunks on at most {@code workers} threads, the caller included. */
    ScanDataset open(Path path, OpenOptions options, int workers) throws IOException {
        // Checked first: opening a FIFO would block until a writer appears.
        ScanFiles.requireReadableFile(path);
        HdfFile file;
        SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ);
        try {
            // Through a plain channel jhdf reads chunks with positional reads. Given a path, jhdf
            // 0.13.0 memory-maps every chunk it reads, and the mappings stay until the garbage
            // collector frees their buffers, which slowed long reads down several times.
            file = new HdfFile(channel, path.toUri());
        } catch (RuntimeException e) {
            channel.close();
            // jhdf reports a corrupt or truncated superblock with HdfException and also with plain
            // IllegalArgumentException or buffer exceptions from its parsers.
            throw new InvalidScanException(path, "'" + path + "' is not a readable HDF5 file (truncated or"
                    + " corrupted?): " + e, e);
        }
        try {
            JhdfNavigator navigator = new JhdfNavigator(path, file);
            Hdf5Layout layout = Hdf5LayoutFinder.find(path, navigator, options);
            List<Dataset> datasets = new ArrayList<>();
            for (String part : layout.parts()) {
                Optional<Node> node = navigator.node(part);
                if (node.isEmpty() || !(node.get() instanceof Dataset dataset)) {
                    throw new InvalidScanException(path, "dataset '" + part + "' disappeared from '" + path + "'");
                }
                checkFilters(path, part, dataset);
                datasets.add(dataset);
            }
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1} layout, {2}, scan {3} ({4})", path, layout.layout(),
                    layout.parts(), layout.scanShape(), layout.scanShapeSource());
            return new JhdfScanDataset(path, file, layout, datasets, Map.of("backend", NAME), workers);
        } catch (IOException | RuntimeException e) {
            file.close();
            if (e instanceof HdfException hdf) {
                throw new InvalidScanException(path, "cannot read '" + path + "': " + hdf.getMessage(), hdf);
            }
            if (e instanceof RuntimeException unchecked) {
                throw new InvalidScanException(path, "cannot read the structure of '" + path + "' (truncated or"
                        + " corrupted?): " + unchecked, unchecked);
            }
            throw e;
        }
    }

    /** Rejects a dataset whose filter pipeline contains a filter that the jhdf backend cannot decode. */
    static void checkFilters(Path path, String datasetPath, Dataset dataset) throws UnsupportedFilterException {
        for (int id : filterIds(dataset)) {
            if (!Hdf5Filters.JHDF_FILTERS.contains(id)) {
                throw new UnsupportedFilterException(path, datasetPath, id, NAME);
            }
        }
    }

    /**
     * Returns whether a scan that this reader opened stores Fletcher-32 checksums (HDF5 filter
     * 3) in any of its datasets; false for a scan that another reader opened. This reader checks
     * the checksums in Java and rejects a chunk too short to hold one.
     */
    public static boolean usesFletcher32(ScanDataset dataset) {
        return dataset instanceof JhdfScanDataset jhdf && jhdf.filterIds().contains(ChunkDecoder.FLETCHER32);
    }

    /** Returns the filter ids of a dataset's pipeline, read from its object header. */
    static List<Integer> filterIds(Dataset dataset) {
        return filters(dataset).stream().map(FilterPipelineMessage.FilterInfo::getId).toList();
    }

    /** Returns a dataset's filter pipeline in the order the filters were applied when writing. */
    static List<FilterPipelineMessage.FilterInfo> filters(Dataset dataset) {
        if (!(dataset instanceof AbstractNode node)) {
            return List.of();
        }
        List<FilterPipelineMessage.FilterInfo> filters = new ArrayList<>();
        for (FilterPipelineMessage message : node.getHeader().getMessagesOfType(FilterPipelineMessage.class)) {
            filters.addAll(message.getFilters());
        }
        return filters;
    }
}
