package io.github.stem4d.mcp.jobs;

import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.scan.OpenOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One analysis to run.
 *
 * @param scan the scan file, already resolved and checked against the allowed roots
 * @param scanIdentifier what the caller named the scan, recorded in the lock and the summary
 * @param outputRoot results go to {@code <outputRoot>/<scan name>/<job id>/}
 * @param settings analysis parameters
 * @param openOptions reader options (format, dataset path, scan shape)
 */
public record JobRequest(Path scan, String scanIdentifier, Path outputRoot, AnalysisSettings settings,
        OpenOptions openOptions) {

    public JobRequest {
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(scanIdentifier, "scanIdentifier");
        Objects.requireNonNull(outputRoot, "outputRoot");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(openOptions, "openOptions");
    }

    /** Returns the scan name: the file name without its last extension. */
    public String scanName() {
        return Jobs.scanName(scan);
    }
}
