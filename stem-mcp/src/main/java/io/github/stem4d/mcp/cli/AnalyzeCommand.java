package io.github.stem4d.mcp.cli;

import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.features.FeatureExtractors;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.lock.LockException;
import io.github.stem4d.mcp.jobs.AnalysisLockJobLock;
import io.github.stem4d.mcp.jobs.Job;
import io.github.stem4d.mcp.jobs.JobRequest;
import io.github.stem4d.mcp.jobs.JobRunner;
import io.github.stem4d.mcp.jobs.JobState;
import io.github.stem4d.mcp.jobs.Jobs;
import io.github.stem4d.mcp.jobs.LockHeldException;
import io.github.stem4d.mcp.jobs.PipelineEngine;
import io.github.stem4d.mcp.server.ResultsText;
import io.github.stem4d.mcp.server.ServerSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code stem4d analyze} subcommand: one analysis in this process, under the analysis lock. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Clusters one scan: features, PCA, k-means, results.h5 and figures.",
            "Takes the analysis lock for the whole run (exit code 75 when another job holds it).",
            "Progress goes to stderr; the summary goes to stdout."})
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Scan file (.h5/.hdf5/.emd/.hspy, .mib, .npy, raw).")
    Path file;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output root; results go to DIR/<scan name>/<job id>/ (default: ${java.io.tmpdir}/scan_analysis).")
    Path out;

    @Option(names = "--k", paramLabel = "N", defaultValue = "16", description = "Number of clusters (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--features", paramLabel = "NAME", defaultValue = "polar-harmonics",
            description = "Feature extractor: polar-harmonics or binned-pattern (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = {"-F", "--feature-option"}, paramLabel = "KEY=VALUE",
            description = "Option of the feature extractor, repeatable, for example grid=16x16 or beam-center=com;"
                    + " docs/FEATURES.md lists them. Unknown names fail the run.")
    Map<String, String> featureOptions = new LinkedHashMap<>();

    @Option(names = "--components", paramLabel = "N", defaultValue = "50",
            description = "Principal components kept, capped at the feature dimension (default: ${DEFAULT-VALUE}).")
    int components;

    @Option(names = "--standardize", description = "Divide each feature by its standard deviation before PCA.")
    boolean standardize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Random seed of k-means (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    Integer threads;

    @Mixin
    OpenOptionsMixin open;

    @Mixin
    LockFileOptions lockOptions;

    @Option(names = "--json", description = "Print summary.json on stdout instead of the text summary.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        AnalysisSettings settings;
        OpenOptions openOptions;
        try {
            AnalysisSettings.Builder builder = settings(features, k, components, standardize, seed, threads).toBuilder();
            featureOptions.forEach(builder::featureOption);
            settings = builder.build();
            openOptions = open.toOpenOptions();
            // An unknown name would otherwise fail only after the lock is taken and a job folder is created.
            FeatureExtractors.byName(settings.features());
        } catch (IllegalArgumentException e) {
            System.err.println("stem4d analyze: " + e.getMessage());
            return Stem4dCommand.EXIT_USAGE;
        }
        if (Files.isDirectory(file)) {
            System.err.println("stem4d analyze: " + file.toAbsolutePath() + " is a folder; pass the scan file inside it");
            return 1;
        }
        if (!Files.isRegularFile(file)) {
            System.err.println("stem4d analyze: scan file not found: " + file.toAbsolutePath());
            return 1;
        }

        Path outputRoot = (out == null ? ServerSettings.defaultOutputRoot() : out).toAbsolutePath();
        if (Files.exists(outputRoot) && !Files.isDirectory(outputRoot)) {
            System.err.println("stem4d analyze: --out " + outputRoot + " is a file; pass a folder (it is created"
                    + " when missing)");
            return Stem4dCommand.EXIT_USAGE;
        }
        Path scan = file.toAbsolutePath().normalize();
        // Reading the headers first rejects an unreadable file or a K above the frame count
        // before the lock is taken and a job folder is created.
        try (ScanDataset dataset = ScanDatasets.open(scan, openOptions)) {
            if (settings.k() > dataset.frameCount()) {
                System.err.println("stem4d analyze: --k " + settings.k() + " exceeds the " + dataset.frameCount()
                        + " frames of " + scan.getFileName() + "; choose at most " + dataset.frameCount() + " clusters");
                return Stem4dCommand.EXIT_USAGE;
            }
        } catch (IOException e) {
            System.err.println("stem4d analyze: cannot open " + scan + ": " + e.getMessage());
            return 1;
        }

        try (JobRunner runner = new JobRunner(new PipelineEngine(), new AnalysisLockJobLock(lockOptions.open()))) {
            Job job;
            try {
                job = runner.submit(new JobRequest(scan, file.toString(), outputRoot, settings, openOptions));
            } catch (LockHeldException e) {
                System.err.println("stem4d analyze: " + e.getMessage());
                return Stem4dCommand.EXIT_LOCK_HELD;
            }
            System.err.println("stem4d analyze: job " + job.id() + " on " + scan + " (log: " + job.logFile() + ")");
            ProgressReporter.forStderr().follow(job);
            return report(job, stdout);
        } catch (LockException e) {
            System.err.println("stem4d analyze: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("stem4d analyze: " + e.getMessage());
            return 1;
        }
    }

    private int report(Job job, PrintWriter stdout) throws IOException {
        if (job.state() != JobState.SUCCEEDED) {
            System.err.println("stem4d analyze: job " + job.id() + " " + job.state().label() + ": "
                    + job.error().orElse("no message") + " (log: " + job.logFile() + ")");
            return 1;
        }
        if (json) {
            stdout.println(Jobs.JSON.writeValueAsString(job.summary()));
        } else {
            stdout.print(ResultsText.summary(job.summary()));
        }
        stdout.flush();
        return 0;
    }

    /** Builds analysis settings from command-line or tool values; throws IllegalArgumentException naming a bad value. */
    static AnalysisSettings settings(String features, int k, int components, boolean standardize, long seed,
            Integer threads) {
        AnalysisSettings.Builder builder = AnalysisSettings.builder().features(features).k(k).components(components)
                .standardize(standardize).seed(seed);
        if (threads != null) {
            builder.threads(threads);
        }
        return builder.build();
    }
}
