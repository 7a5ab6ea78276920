package io.github.stem4d.io.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.ResultWriter;
import io.github.stem4d.analysis.scan.ScanReader;
import io.github.stem4d.io.results.Hdf5ResultWriter;
import io.jhdf.filter.Filter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The HDF5 reader, the results writer and the jhdf filters load through ServiceLoader. */
class Hdf5ProvidersTest {

    @Test
    void jhdfReaderIsRegistered() {
        List<ScanReader> readers = ServiceLoader.load(ScanReader.class).stream().map(ServiceLoader.Provider::get)
                .filter(r -> r.name().equals(JhdfScanReader.NAME)).toList();
        assertEquals(1, readers.size());
        assertEquals("hdf5", readers.get(0).format());
        assertTrue(readers.get(0).isAvailable());
    }

    @Test
    void resultWriterIsRegistered() {
        assertTrue(ServiceLoader.load(ResultWriter.class).stream()
                .anyMatch(p -> p.get().name().equals(Hdf5ResultWriter.NAME)));
    }

    @Test
    void filtersAreRegisteredWithJhdf() {
        List<String> filters = ServiceLoader.load(Filter.class).stream().map(p -> p.type().getName()).toList();
        assertTrue(filters.contains(BitshuffleLz4Filter.class.getName()), filters.toString());
        assertTrue(filters.contains(Bzip2Filter.class.getName()), filters.toString());
    }

    @Test
    void signatureIsFoundAfterUserBlock() {
        byte[] head = new byte[1024];
        byte[] signature = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, head, 512, 8);
        assertTrue(JhdfScanReader.hasHdf5Signature(ByteBuffer.wrap(head)));
        assertFalse(JhdfScanReader.hasHdf5Signature(ByteBuffer.wrap(new byte[1024])));
        assertFalse(JhdfScanReader.hasHdf5Signature(ByteBuffer.wrap(new byte[3])));
    }
}
