package io.github.stem4d.analysis;

import io.github.stem4d.analysis.scan.ScanDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Service provider that draws figures of an analysis result (PNG files); found with
 * {@link java.util.ServiceLoader}. May read frames from {@code dataset} (for montages).
 */
public interface ReportRenderer {

    /** Returns the renderer name, for logs and for selecting renderers. */
    String name();

    /**
     * Renders figures under {@code outputDirectory}, each to a temporary name renamed when complete.
     *
     * @return the files written
     */
    List<Path> render(AnalysisResult result, ScanDataset dataset, Path outputDirectory) throws IOException;
}
