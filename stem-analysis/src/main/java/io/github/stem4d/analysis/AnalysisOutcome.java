package io.github.stem4d.analysis;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The output of {@link Analysis#analyze}: the result, the files written by every result writer
 * and report renderer, and the renderers that failed.
 *
 * @param result the analysis result
 * @param files every file written, writers first, then renderers, each in provider-name order
 * @param rendererFailures message of each report renderer that failed, by renderer name, in
 *     the order they ran; empty when all succeeded
 */
public record AnalysisOutcome(AnalysisResult result, List<Path> files, Map<String, String> rendererFailures) {

    public AnalysisOutcome {
        Objects.requireNonNull(result, "result");
        files = List.copyOf(files);
        rendererFailures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rendererFailures));
    }
}
