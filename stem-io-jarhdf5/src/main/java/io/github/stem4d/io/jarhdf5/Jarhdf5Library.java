package io.github.stem4d.io.jarhdf5;

import hdf.hdf5lib.H5;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the HDF Group's JNI library once and records whether it works. This class is the only
 * one that the reader touches before the library is known to load, and it reaches
 * {@code hdf.hdf5lib.H5} only inside {@link #probe()}, so a missing jar or native library
 * makes the reader unavailable instead of breaking {@link java.util.ServiceLoader}.
 */
final class Jarhdf5Library {

    /** Folder of Debian's HDF5 filter plugins (packages bitshuffle and hdf5-filter-plugin). */
    static final String DEBIAN_PLUGIN_DIR = "/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins";

    private static final System.Logger LOG = System.getLogger(Jarhdf5Library.class.getName());

    private Jarhdf5Library() {
    }

    /** Returns the outcome of loading the library, computed on first use. */
    static Status status() {
        return Holder.STATUS;
    }

    /** Whether the library loaded, its version, or why it did not load. */
    record Status(boolean available, String version, String reason) {
    }

    private static final class Holder {
        static final Status STATUS = probe();
    }

    private static Status probe() {
        try {
            Class.forName("hdf.hdf5lib.H5", false, Jarhdf5Library.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return new Status(false, "", "the jarhdf5 jar is not on the class path (Debian: install libhdf5-java;"
                    + " other systems: add jarhdf5.jar to the class path): " + e);
        }
        try {
            return Native.load();
        } catch (LinkageError | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "jarhdf5 native library failed to load", e);
            return new Status(false, "", "the jarhdf5 native library libhdf5_java did not load (Debian: install"
                    + " libhdf5-jni; other systems: pass -Djava.library.path=<folder of libhdf5_java>): " + e);
        }
    }

    /** Touches {@code H5} only when the jar is known to be present. */
    private static final class Native {
        static Status load() {
            int[] version = new int[3];
            H5.H5get_libversion(version);
            String plugins = System.getenv("HDF5_PLUGIN_PATH");
            if ((plugins == null || plugins.isEmpty()) && Files.isDirectory(Path.of(DEBIAN_PLUGIN_DIR))) {
                H5.H5PLappend(DEBIAN_PLUGIN_DIR);
            }
            return new Status(true, version[0] + "." + version[1] + "." + version[2], "");
        }
    }
}
