package io.github.stem4d.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanReader;
import io.github.stem4d.io.mib.MibReader;
import io.github.stem4d.io.npy.NpyReader;
import io.github.stem4d.io.raw.RawReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The MIB, NumPy and raw readers load through ServiceLoader and claim the right files. */
class StemIoReadersProvidersTest {

    private static Map<String, ScanReader> loaded() {
        return ServiceLoader.load(ScanReader.class).stream().map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(ScanReader::name, Function.identity(), (a, b) -> a));
    }

    @Test
    void mibNpyAndRawReadersLoad() {
        Map<String, ScanReader> readers = loaded();

        assertTrue(readers.get("mib") instanceof MibReader, "mib reader: " + readers.keySet());
        assertTrue(readers.get("npy") instanceof NpyReader, "npy reader: " + readers.keySet());
        assertTrue(readers.get("raw") instanceof RawReader, "raw reader: " + readers.keySet());
        assertTrue(ScanDatasets.readers().stream().anyMatch(r -> r.name().equals("mib")));
    }

    @Test
    void readersClaimFilesByContentOrName() {
        Map<String, ScanReader> readers = loaded();
        ByteBuffer mibHead = ByteBuffer.wrap("MQ1,000001,00384,".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer npyHead = ByteBuffer.wrap(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        ByteBuffer other = ByteBuffer.wrap("\u0089HDF\r\n".getBytes(StandardCharsets.ISO_8859_1));

        assertTrue(readers.get("mib").canRead(Path.of("scan.dat"), mibHead));
        assertTrue(readers.get("mib").canRead(Path.of("scan.mib"), other));
        assertTrue(!readers.get("mib").canRead(Path.of("scan.h5"), other));
        assertTrue(readers.get("npy").canRead(Path.of("scan.dat"), npyHead));
        assertTrue(!readers.get("npy").canRead(Path.of("scan.h5"), other));
        assertTrue(readers.get("raw").canRead(Path.of("scan.raw"), other));
        assertTrue(!readers.get("raw").canRead(Path.of("scan.h5"), other));
        assertEquals(-100, readers.get("raw").priority());
    }
}
