package io.github.stem4d.analysis;

import io.github.stem4d.analysis.scan.ScanDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Service provider that writes an analysis result to files (for example {@code results.h5});
 * found with {@link java.util.ServiceLoader}.
 */
public interface ResultWriter {

    /** Returns the writer name, for logs and for selecting writers. */
    String name();

    /**
     * Writes the result under {@code outputDirectory}, each file to a temporary name renamed
     * when complete.
     *
     * @return the files written
     */
    List<Path> write(AnalysisResult result, ScanDataset dataset, Path outputDirectory) throws IOException;
}
