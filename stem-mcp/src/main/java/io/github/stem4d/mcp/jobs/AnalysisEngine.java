package io.github.stem4d.mcp.jobs;

import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.CancellationToken;
import io.github.stem4d.analysis.ProgressListener;
import io.github.stem4d.analysis.scan.OpenOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs one analysis: streams a scan, clusters it and writes results and figures into a folder.
 * The job runner composes it with the lock; implementations never lock.
 */
public interface AnalysisEngine {

    /**
     * Analyses {@code scan} and writes every output file under {@code outputDirectory}.
     *
     * @throws java.util.concurrent.CancellationException when {@code cancellation} was cancelled
     * @throws IOException when the scan cannot be read or an output cannot be written
     */
    Outcome analyze(Path scan, Path outputDirectory, AnalysisSettings settings, OpenOptions options,
            ProgressListener progress, CancellationToken cancellation) throws IOException;

    /**
     * Result and output files of one analysis.
     *
     * @param result the computed result
     * @param files every file written, absolute
     * @param timings wall time of the output stages (writing, rendering), in run order
     * @param warnings problems that did not stop the run (a figure that could not be drawn)
     */
    record Outcome(AnalysisResult result, List<Path> files, Map<String, Duration> timings, List<String> warnings) {
        public Outcome {
            java.util.Objects.requireNonNull(result, "result");
            files = List.copyOf(files);
            timings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timings));
            warnings = List.copyOf(warnings);
        }
    }
}
