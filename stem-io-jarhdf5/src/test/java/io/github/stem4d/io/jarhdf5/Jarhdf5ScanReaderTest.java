package io.github.stem4d.io.jarhdf5;

import io.github.stem4d.analysis.scan.ScanReader;
import io.github.stem4d.io.hdf5.Hdf5ReaderContract;

/** Runs the HDF5 reader tests on the jarhdf5 backend; skipped where its native library does not load. */
class Jarhdf5ScanReaderTest extends Hdf5ReaderContract {

    @Override
    protected ScanReader reader() {
        return new Jarhdf5ScanReader();
    }
}
