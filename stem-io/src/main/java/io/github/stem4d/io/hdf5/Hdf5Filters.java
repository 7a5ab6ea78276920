package io.github.stem4d.io.hdf5;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * HDF5 filter ids known to stem4d: which ones the jhdf backend decodes, and which plugin or
 * package provides the others. Filter ids and names follow the HDF Group's registry of
 * third-party filters. Immutable and thread-safe.
 */
public final class Hdf5Filters {

    /** Filters that the jhdf backend decodes: jhdf's own plus bitshuffle and bzip2 from stem-io. */
    public static final Set<Integer> JHDF_FILTERS = Set.of(1, 2, 3, 32000, 32004, Bitshuffle.FILTER_ID,
            Bzip2Filter.FILTER_ID);

    private static final String HDF5PLUGIN = "the Python package hdf5plugin (its plugin folder on HDF5_PLUGIN_PATH)";

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "deflate (gzip)"),
            Map.entry(2, "shuffle"),
            Map.entry(3, "fletcher32"),
            Map.entry(4, "szip"),
            Map.entry(5, "nbit"),
            Map.entry(6, "scaleoffset"),
            Map.entry(307, "bzip2"),
            Map.entry(32000, "LZF"),
            Map.entry(32001, "Blosc"),
            Map.entry(32004, "LZ4"),
            Map.entry(32008, "bitshuffle"),
            Map.entry(32013, "zfp"),
            Map.entry(32015, "Zstandard"),
            Map.entry(32017, "SZ"),
            Map.entry(32024, "SZ3"),
            Map.entry(32026, "Blosc2"));

    private static final Map<Integer, String> PROVIDERS = Map.ofEntries(
            Map.entry(4, "an HDF5 C library built with szip (libaec); read it with the hdf5-jarhdf5 backend"),
            Map.entry(5, "the HDF5 C library; read it with the hdf5-jarhdf5 backend"),
            Map.entry(6, "the HDF5 C library; read it with the hdf5-jarhdf5 backend"),
            Map.entry(307, "the Debian package hdf5-filter-plugin, or " + HDF5PLUGIN),
            Map.entry(32000, "the Debian package hdf5-filter-plugin, or " + HDF5PLUGIN),
            Map.entry(32001, HDF5PLUGIN + ", or the HDF Group's hdf5_plugins build of Blosc"),
            Map.entry(32004, "the Debian package hdf5-filter-plugin, or " + HDF5PLUGIN),
            Map.entry(32008, "the Debian package bitshuffle, or " + HDF5PLUGIN),
            Map.entry(32013, HDF5PLUGIN + ", or the H5Z-ZFP plugin"),
            Map.entry(32015, HDF5PLUGIN + ", or the HDF Group's hdf5_plugins build of Zstandard"),
            Map.entry(32017, HDF5PLUGIN),
            Map.entry(32024, HDF5PLUGIN),
            Map.entry(32026, HDF5PLUGIN + ", or the HDF Group's hdf5_plugins build of Blosc2"));

    private Hdf5Filters() {
    }

    /** Returns the registered name of a filter id, or {@code "unregistered filter"}. */
    public static String name(int filterId) {
        return NAMES.getOrDefault(filterId, "unregistered filter");
    }

    /** Returns where to get a plugin for the filter, as a phrase for an error message. */
    public static String provider(int filterId) {
        return PROVIDERS.getOrDefault(filterId,
                "the plugin of the program that wrote the file (look the id up in the HDF Group's filter registry)");
    }

    /**
     * Returns the message for a filter that a backend cannot decode: the filter id and name, the
     * file and dataset, the provider, and what to do.
     */
    public static String unsupportedMessage(Path path, String datasetPath, int filterId, String backend) {
        String text = "HDF5 dataset '" + datasetPath + "' in '" + path + "' is compressed with filter " + filterId
                + " (" + name(filterId) + "), which the " + backend + " reader cannot decode. The filter is provided by "
                + provider(filterId) + ".";
        if ("hdf5-jhdf".equals(backend)) {
            return text + " Install the Debian packages libhdf5-java and libhdf5-jni plus that plugin to use the"
                    + " hdf5-jarhdf5 reader, or rewrite the file with gzip, LZF, LZ4, bitshuffle or bzip2.";
        }
        return text + " Put the plugin's folder on HDF5_PLUGIN_PATH, or rewrite the file with gzip.";
    }
}
