package io.github.stem4d.io.jarhdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanReader;
import io.github.stem4d.io.hdf5.Hdf5ScanDataset;
import io.github.stem4d.io.hdf5.JhdfScanReader;
import io.github.stem4d.io.testdata.H5py;
import io.github.stem4d.io.testdata.SharedTestData;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which HDF5 reader is chosen, and how the jarhdf5 reader behaves without its jar or with optional filters. */
class Jarhdf5SelectionTest {

    @Test
    void readerIsRegistered() {
        assertTrue(ServiceLoader.load(ScanReader.class).stream()
                .anyMatch(p -> p.get().name().equals(Jarhdf5ScanReader.NAME)));
    }

    @Test
    void jarhdf5IsPreferredWhenAvailable() throws IOException {
        assumeTrue(new Jarhdf5ScanReader().isAvailable(), new Jarhdf5ScanReader().unavailableReason());
        Path file = SharedTestData.require("hdf5/e_chunk1_bslz4_u16.h5");
        assertEquals(Jarhdf5ScanReader.NAME, ScanDatasets.choose(file, OpenOptions.defaults()).name());
        try (ScanDataset dataset = ScanDatasets.open(file)) {
            assertEquals(Jarhdf5ScanReader.NAME, dataset.metadata().get("backend"));
        }
        OpenOptions jhdf = OpenOptions.builder().format(JhdfScanReader.NAME).build();
        assertEquals(JhdfScanReader.NAME, ScanDatasets.choose(file, jhdf).name());
    }

    @Test
    void optionalMissingFilterIsSkippedByCLibrary(@TempDir Path dir) throws IOException {
        H5py.assumeAvailable();
        assumeTrue(new Jarhdf5ScanReader().isAvailable(), new Jarhdf5ScanReader().unavailableReason());
        Path file = dir.resolve("blosc_optional.h5");
        H5py.script(String.join("\n",
                "import sys, h5py, numpy as np",
                "from h5py import h5p, h5s, h5t, h5d, h5z",
                "f = h5py.File(sys.argv[1], 'w')",
                "dcpl = h5p.create(h5p.DATASET_CREATE)",
                "dcpl.set_chunk((1, 4, 4))",
                "dcpl.set_filter(32001, h5z.FLAG_OPTIONAL, (0, 0, 0, 0))",
                "space = h5s.create_simple((2, 4, 4))",
                "ds = h5py.Dataset(h5d.create(f.id, b'data', h5t.NATIVE_UINT16, space, dcpl=dcpl))",
                "ds[...] = np.arange(32, dtype=np.uint16).reshape(2, 4, 4)",
                "f.close()"), file.toString());
        try (Hdf5ScanDataset dataset = (Hdf5ScanDataset) new Jarhdf5ScanReader().open(file, OpenOptions.defaults())) {
            float[] frames = new float[32];
            dataset.readFrames(0, 2, frames);
            for (int i = 0; i < 32; i++) {
                assertEquals(i, frames[i], 0.0f);
            }
        }
    }

    /** A JVM whose class path lacks jarhdf5.jar lists the reader as unavailable and still loads the others. */
    @Test
    void readerIsUnavailableWithoutJarInSeparateJvm() throws Exception {
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!Path.of(entry).getFileName().toString().startsWith("jarhdf5")) {
                classPath.add(entry);
            }
        }
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(javaBinary.toString(), "-cp", String.join(File.pathSeparator, classPath),
                ReaderListing.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "listing JVM did not finish");
        assertEquals(0, process.exitValue(), output);
        List<String> lines = Arrays.asList(output.split("\n"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("hdf5-jarhdf5 false the jarhdf5 jar is not on the class path")),
                output);
        assertTrue(lines.contains("hdf5-jhdf true"), output);
    }

    /** Prints each reader's name, availability and reason, one per line; run in a separate JVM. */
    public static final class ReaderListing {
        public static void main(String[] args) {
            for (ScanReader reader : ScanDatasets.readers()) {
                System.out.println((reader.name() + " " + reader.isAvailable() + " " + reader.unavailableReason()).trim());
            }
        }
    }
}
