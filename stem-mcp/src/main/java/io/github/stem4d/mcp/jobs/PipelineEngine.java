package io.github.stem4d.mcp.jobs;

import io.github.stem4d.analysis.Analysis;
import io.github.stem4d.analysis.AnalysisOutcome;
import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.CancellationToken;
import io.github.stem4d.analysis.ProgressListener;
import io.github.stem4d.analysis.ProgressListener.Stage;
import io.github.stem4d.analysis.scan.OpenOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link AnalysisEngine} on {@link Analysis#analyze}: the stem-analysis pipeline followed by
 * every result writer and report renderer on the class path. A failing writer fails the run, a
 * failing renderer becomes a warning. Adds the wall time of the write and render stages, taken
 * from the progress reports. Thread-safe.
 */
public final class PipelineEngine implements AnalysisEngine {

    @Override
    public Outcome analyze(Path scan, Path outputDirectory, AnalysisSettings settings, OpenOptions options,
            ProgressListener progress, CancellationToken cancellation) throws IOException {
        StageClock clock = new StageClock(progress);
        AnalysisOutcome outcome = Analysis.analyze(scan, outputDirectory, settings, options, clock, cancellation);

        List<String> warnings = new ArrayList<>();
        outcome.rendererFailures().forEach((name, message) ->
                warnings.add("report renderer '" + name + "' failed: " + message));
        return new Outcome(outcome.result(), outcome.files(), clock.outputTimings(), warnings);
    }

    /** Forwards progress and notes when the write, render and done stages start. */
    private static final class StageClock implements ProgressListener {
        private final ProgressListener delegate;
        private final Map<Stage, Long> started = new EnumMap<>(Stage.class);

        StageClock(ProgressListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onProgress(Stage stage, long done, long total) {
            synchronized (started) {
                started.putIfAbsent(stage, System.nanoTime());
            }
            delegate.onProgress(stage, done, total);
        }

        Map<String, Duration> outputTimings() {
            Map<String, Duration> timings = new LinkedHashMap<>();
            synchronized (started) {
                long end = started.getOrDefault(Stage.DONE, System.nanoTime());
                Long write = started.get(Stage.WRITE);
                Long render = started.get(Stage.RENDER);
                if (write != null) {
                    timings.put("write", Duration.ofNanos((render != null ? render : end) - write));
                }
                if (render != null) {
                    timings.put("render", Duration.ofNanos(end - render));
                }
            }
            return timings;
        }
    }
}
