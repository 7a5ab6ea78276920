package io.github.stem4d.io.hdf5;

import io.github.stem4d.analysis.scan.ScanReader;

/** Runs the HDF5 reader tests on the jhdf backend. */
class JhdfScanReaderTest extends Hdf5ReaderContract {

    @Override
    protected ScanReader reader() {
        return new JhdfScanReader();
    }
}
