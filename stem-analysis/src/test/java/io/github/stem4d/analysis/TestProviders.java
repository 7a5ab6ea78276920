package io.github.stem4d.analysis;

import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Test-scope providers registered in META-INF/services, used by {@link AnalysisTest}. */
public final class TestProviders {

    /** When set, {@link LabelsWriter} throws an IOException with this message. */
    static volatile String writerFailure;

    private TestProviders() {
    }

    /** Opens {@code .h5} files with {@link JhdfScanDataset} at {@code /data}. */
    public static final class JhdfReader implements ScanReader {
        @Override
        public String name() {
            return "test-jhdf";
        }

        @Override
        public String format() {
            return "hdf5";
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public boolean canRead(Path path, ByteBuffer head) {
            return path.getFileName().toString().endsWith(".h5");
        }

        @Override
        public ScanDataset open(Path path, OpenOptions options) {
            return new JhdfScanDataset(path, options.datasetPath().orElse("/data"));
        }
    }

    /** Writes the labels as text, to a temporary name renamed when complete. */
    public static final class LabelsWriter implements ResultWriter {
        @Override
        public String name() {
            return "labels-text";
        }

        @Override
        public List<Path> write(AnalysisResult result, ScanDataset dataset, Path outputDirectory) throws IOException {
            if (writerFailure != null) {
                throw new IOException(writerFailure);
            }
            StringBuilder text = new StringBuilder();
            for (int label : result.kmeans().labels()) {
                text.append(label).append('\n');
            }
            Path target = outputDirectory.resolve("labels.txt");
            Path temporary = outputDirectory.resolve("labels.txt.tmp");
            Files.writeString(temporary, text);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return List.of(target);
        }
    }

    /** Writes the cluster sizes as text. */
    public static final class SizesRenderer implements ReportRenderer {
        @Override
        public String name() {
            return "sizes-text";
        }

        @Override
        public List<Path> render(AnalysisResult result, ScanDataset dataset, Path outputDirectory) throws IOException {
            Path target = outputDirectory.resolve("sizes.txt");
            Files.writeString(target, java.util.Arrays.toString(result.kmeans().clusterSizes()));
            return List.of(target);
        }
    }

    /** Always fails, to prove that renderer failures are isolated. */
    public static final class BrokenRenderer implements ReportRenderer {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public List<Path> render(AnalysisResult result, ScanDataset dataset, Path outputDirectory) {
            throw new IllegalStateException("broken renderer always fails");
        }
    }
}
