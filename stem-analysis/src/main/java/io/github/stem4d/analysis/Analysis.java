package io.github.stem4d.analysis;

import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * One-call analysis of a scan file: open it with the {@link io.github.stem4d.analysis.scan.ScanReader}
 * providers, run {@link ScanAnalyzer}, then every {@link ResultWriter} and every
 * {@link ReportRenderer} found with {@link ServiceLoader}, in name order.
 *
 * <p>Failure policy: the result files are the product, so a writer that fails to load or to
 * write fails the whole call. Figures are extras, so a renderer that fails to load or to render
 * is logged as a warning and recorded in {@link AnalysisOutcome#rendererFailures()}, and the
 * other renderers still run. Files a failed provider may have left behind are not removed;
 * providers write to temporary names and rename them when complete.
 *
 * <p>This class takes no lock; the application wraps the call in the analysis lock. Thread-safe.
 */
public final class Analysis {

    private static final System.Logger LOG = System.getLogger(Analysis.class.getName());

    private Analysis() {
    }

    /**
     * Analyses a scan file and writes all results under {@code outputDirectory} (created if
     * missing). Progress runs through {@code OPEN}, the {@link ScanAnalyzer} stages, {@code WRITE}
     * and {@code RENDER} (providers done of found), then {@code DONE}.
     *
     * @param scan the scan file
     * @param outputDirectory folder for the result files
     * @param settings analysis parameters
     * @param options how to open the scan
     * @param listener receives progress
     * @param cancellation checked between blocks of frames and between providers
     * @return the result and the files written
     * @throws IOException if the scan cannot be opened or read, the folder cannot be created, or a
     *     result writer fails (the message names the writer)
     * @throws NotDirectoryException if {@code outputDirectory} is an existing file; checked before
     *     the scan is opened
     * @throws IllegalArgumentException if the settings do not fit the scan
     * @throws CancellationException if the token was cancelled
     */
    public static AnalysisOutcome analyze(Path scan, Path outputDirectory, AnalysisSettings settings,
            OpenOptions options, ProgressListener listener, CancellationToken cancellation) throws IOException {
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
        if (Files.exists(outputDirectory) && !Files.isDirectory(outputDirectory)) {
            throw new NotDirectoryException("output folder '" + outputDirectory
                    + "' exists but is not a folder; pass a folder path or remove the file");
        }

        listener.onProgress(ProgressListener.Stage.OPEN, 0, 1);
        try (ScanDataset dataset = ScanDatasets.open(scan, options)) {
            listener.onProgress(ProgressListener.Stage.OPEN, 1, 1);
            Files.createDirectories(outputDirectory);
            AnalysisResult result = new ScanAnalyzer(settings, listener, cancellation).analyze(scanName(scan), dataset);

            List<Path> files = new ArrayList<>();
            List<ResultWriter> writers = loadWriters();
            listener.onProgress(ProgressListener.Stage.WRITE, 0, writers.size());
            for (int i = 0; i < writers.size(); i++) {
                cancellation.throwIfCancelled();
                files.addAll(write(writers.get(i), result, dataset, outputDirectory));
                listener.onProgress(ProgressListener.Stage.WRITE, i + 1, writers.size());
            }

            Map<String, String> failures = new LinkedHashMap<>();
            List<ReportRenderer> renderers = loadRenderers(failures);
            listener.onProgress(ProgressListener.Stage.RENDER, 0, renderers.size());
            for (int i = 0; i < renderers.size(); i++) {
                cancellation.throwIfCancelled();
                files.addAll(render(renderers.get(i), result, dataset, outputDirectory, failures));
                listener.onProgress(ProgressListener.Stage.RENDER, i + 1, renderers.size());
            }

            listener.onProgress(ProgressListener.Stage.DONE, 1, 1);
            return new AnalysisOutcome(result, files, failures);
        }
    }

    /** Returns the file name without its last extension ({@code scan.h5} gives {@code scan}). */
    static String scanName(Path scan) {
        String name = scan.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static List<Path> write(ResultWriter writer, AnalysisResult result, ScanDataset dataset, Path directory)
            throws IOException {
        try {
            return List.copyOf(writer.write(result, dataset, directory));
        } catch (IOException | RuntimeException e) {
            throw new IOException("result writer '" + writer.name() + "' failed to write under " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> render(ReportRenderer renderer, AnalysisResult result, ScanDataset dataset,
            Path directory, Map<String, String> failures) {
        try {
            return List.copyOf(renderer.render(result, dataset, directory));
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "report renderer '" + renderer.name() + "' failed; continuing", e);
            failures.put(renderer.name(), message);
            return List.of();
        }
    }

    private static List<ResultWriter> loadWriters() throws IOException {
        Map<String, String> failures = new LinkedHashMap<>();
        List<ResultWriter> writers = load(ResultWriter.class, ResultWriter::name, failures);
        if (!failures.isEmpty()) {
            throw new IOException("a result writer failed to load: " + failures.values()
                    + "; fix the class path or remove the broken provider");
        }
        return writers;
    }

    private static List<ReportRenderer> loadRenderers(Map<String, String> failures) {
        List<ReportRenderer> renderers = load(ReportRenderer.class, ReportRenderer::name, failures);
        failures.forEach((name, message) ->
                LOG.log(System.Logger.Level.WARNING, "a report renderer failed to load: " + message));
        return renderers;
    }

    /** Loads every provider, recording each one that fails to load instead of stopping. */
    private static <T> List<T> load(Class<T> type, Function<T, String> name, Map<String, String> failures) {
        List<T> found = new ArrayList<>();
        var iterator = ServiceLoader.load(type, Analysis.class.getClassLoader()).iterator();
        int failed = 0;
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                found.add(iterator.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                failures.put("unloadable provider " + (++failed), String.valueOf(e.getMessage()));
            }
        }
        found.sort(Comparator.comparing(name));
        return found;
    }
}
