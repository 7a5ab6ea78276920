package io.github.stem4d.mcp.cli;

import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.kmeans.ClusterAgreement;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.io.synthetic.GeneratedScan;
import io.github.stem4d.io.synthetic.SyntheticScanGenerator;
import io.github.stem4d.io.synthetic.SyntheticScanSpec;
import io.github.stem4d.lock.LockException;
import io.github.stem4d.mcp.jobs.AnalysisLockJobLock;
import io.github.stem4d.mcp.jobs.Job;
import io.github.stem4d.mcp.jobs.JobRequest;
import io.github.stem4d.mcp.jobs.JobRunner;
import io.github.stem4d.mcp.jobs.JobState;
import io.github.stem4d.mcp.jobs.LockHeldException;
import io.github.stem4d.mcp.jobs.PipelineEngine;
import io.github.stem4d.mcp.server.ResultsText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code stem4d demo} subcommand: generates a scan with known regions and analyses it. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Writes a synthetic scan (64x64 positions of 256x256 uint16 frames, 5 regions: vacuum, an"
                + " amorphous ring, a square lattice, a hexagonal lattice and the square lattice rotated by 30"
                + " degrees) and clusters it with K = 5 and binned-pattern features (16x16 grid).",
            "Prints where the outputs are and how well the clusters match the true regions (adjusted Rand index,"
                + " 1 = perfect)."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "stem4d-demo",
            description = "Folder for the scan (DIR/demo_scan.npy) and the results (DIR/results/) (default: ./${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the scan and of k-means (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    Integer threads;

    @Mixin
    LockFileOptions lockOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        SyntheticScanSpec defaults = SyntheticScanSpec.demo();
        SyntheticScanSpec scanSpec = new SyntheticScanSpec(defaults.scanShape(), defaults.frameShape(),
                defaults.regions(), seed, defaults.pixelType(), defaults.format());
        Path folder = out.toAbsolutePath().normalize();
        Path scanFile = folder.resolve("demo_scan.npy");

        // Polar-harmonic magnitudes do not change when a pattern rotates, so they would merge the
        // rotated grain with the square lattice; binned patterns keep orientation. A 16x16 grid
        // (256 features) separates the five regions and keeps PCA short.
        AnalysisSettings.Builder settings = AnalysisSettings.builder().features("binned-pattern")
                .featureOption("grid", "16x16").k(scanSpec.regions()).seed(seed);
        if (threads != null) {
            settings.threads(threads);
        }
        try (JobRunner runner = new JobRunner(new PipelineEngine(), new AnalysisLockJobLock(lockOptions.open()))) {
            long start = System.nanoTime();
            System.err.println("stem4d demo: writing " + ResultsText.bytes(scanSpec.fileBytes()) + " to " + scanFile);
            GeneratedScan scan;
            try {
                scan = SyntheticScanGenerator.generate(scanSpec, scanFile, true);
            } catch (IOException e) {
                System.err.println("stem4d demo: cannot write " + scanFile + ": " + e.getMessage());
                return 1;
            }
            double generateSeconds = (System.nanoTime() - start) / 1e9;
            System.err.print(GenerateCommand.describe(scan, generateSeconds));

            Job job;
            try {
                job = runner.submit(new JobRequest(scanFile, scanFile.toString(), folder.resolve("results"),
                        settings.build(), OpenOptions.defaults()));
            } catch (LockHeldException e) {
                System.err.println("stem4d demo: " + e.getMessage());
                return Stem4dCommand.EXIT_LOCK_HELD;
            }
            ProgressReporter.forStderr().follow(job);
            if (job.state() != JobState.SUCCEEDED) {
                System.err.println("stem4d demo: analysis " + job.state().label() + ": " + job.error().orElse("")
                        + " (log: " + job.logFile() + ")");
                return 1;
            }
            double ari = ClusterAgreement.adjustedRandIndex(scan.labels(), job.labels().orElseThrow());
            double totalSeconds = (System.nanoTime() - start) / 1e9;
            stdout.print(ResultsText.summary(job.summary()));
            stdout.printf(Locale.ROOT, "Agreement with the true regions: adjusted Rand index %.3f (1 = perfect)%n", ari);
            stdout.printf(Locale.ROOT, "Demo wall time: %.1f s (generation %.1f s); scan %s, truth %s%n", totalSeconds,
                    generateSeconds, scanFile, scan.labelsFile());
            stdout.println("Open " + job.outputDirectory().resolve("overview.png") + " to see the clusters.");
            stdout.flush();
            return 0;
        } catch (LockException e) {
            System.err.println("stem4d demo: " + e.getMessage());
            return 1;
        }
    }
}
