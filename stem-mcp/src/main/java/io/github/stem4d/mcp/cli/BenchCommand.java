package io.github.stem4d.mcp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.github.stem4d.analysis.Analysis;
import io.github.stem4d.analysis.AnalysisOutcome;
import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.CancellationToken;
import io.github.stem4d.analysis.ProgressListener;
import io.github.stem4d.analysis.ScanAnalyzer;
import io.github.stem4d.analysis.features.FeatureExtractors;
import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.synthetic.GeneratedScan;
import io.github.stem4d.io.synthetic.SyntheticFormat;
import io.github.stem4d.io.synthetic.SyntheticScanGenerator;
import io.github.stem4d.io.synthetic.SyntheticScanSpec;
import io.github.stem4d.lock.LockDeniedException;
import io.github.stem4d.lock.LockException;
import io.github.stem4d.lock.LockLease;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code stem4d bench} subcommand: writes a synthetic scan with the project's streaming
 * generator, runs the whole analysis on it one or more times, and reports frames per second,
 * MB/s, the time of each stage and the peak heap.
 *
 * <p>The report goes to stdout (text, or one JSON object with {@code --json}); progress goes to
 * stderr. The command holds the analysis lock from before the scan is written until the report
 * is printed, so a benchmark neither slows down another job nor is slowed down by one. The scan and the analysis outputs are written under a new folder in the work
 * folder and deleted at the end unless {@code --keep} is given.
 *
 * <p>Peak heap is the maximum of two measurements taken during each analysis run: the used heap
 * sampled every {@value #HEAP_SAMPLE_MILLIS} ms through the {@code MemoryMXBean}, and the
 * used heap just before each garbage collection, summed over the heap pools, from the
 * collectors' notifications. The second catches the peaks that occur between two samples. The
 * sum of each heap pool's own peak is reported as well, as an upper bound, since the pools do
 * not peak at the same moment.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Generate a synthetic scan, run the whole analysis on it, and report frames/s, MB/s, "
                    + "the time of each stage and the peak heap.",
            "The default scan is 128x128 positions of 256x256 uint16 frames (2 GiB, uncompressed .npy). "
                    + "MB/s counts uncompressed pixel bytes (10^6 bytes) in every format. "
                    + "Set -Xmx through STEM4D_JAVA_OPTS (for example -Xmx512m) to check a memory bound.",
            "Holds the analysis lock for the whole run (exit code 75 when another job holds it)."
        })
final class BenchCommand implements Callable<Integer> {

    static final int HEAP_SAMPLE_MILLIS = 5;

    private static final long MIB = 1L << 20;
    private static final int REGIONS = 5;
    private static final String HDF5_DATASET = "/data";
    private static final int CONVERT_TIMEOUT_MINUTES = 60;

    @Option(names = "--scan-shape", defaultValue = "128x128", converter = ScanShapeConverter.class,
            description = "Probe positions as ROWSxCOLS (scan_y x scan_x). Default: ${DEFAULT-VALUE}.")
    ScanShape scanShape;

    @Option(names = "--detector", defaultValue = "256",
            description = "Detector rows and columns of each square uint16 frame, at least 16. Default: ${DEFAULT-VALUE}.")
    int detector;

    @Option(names = "--format", defaultValue = "npy", converter = BenchFormatConverter.class,
            description = "File format of the scan: npy (uncompressed), h5-gzip or h5-bslz4 "
                    + "(HDF5 with one frame per chunk, written by h5py). Default: ${DEFAULT-VALUE}.")
    BenchFormat format;

    @Option(names = "--reader",
            description = "Reader to open the scan with, for example hdf5-jhdf or hdf5-jarhdf5. "
                    + "Default: the reader stem4d chooses.")
    String reader;

    @Option(names = "--repeat", defaultValue = "1",
            description = "Number of timed analysis runs on the same file. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--features", defaultValue = "polar-harmonics",
            description = "Feature extractor. Default: ${DEFAULT-VALUE}.")
    String features;

    @Option(names = "--k", defaultValue = "16", description = "Number of clusters. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--threads",
            description = "Worker threads. Default: the number of processors.")
    Integer threads;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the synthetic scan and of k-means. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--work-dir",
            description = "Folder in which a new folder for the scan and the outputs is made. "
                    + "Default: the system temporary folder (java.io.tmpdir).")
    Path workDir;

    @Option(names = "--keep", description = "Keep the scan and the analysis outputs instead of deleting them.")
    boolean keep;

    @Option(names = "--no-write",
            description = "Skip writing results.h5 and the figures; time the computation only.")
    boolean noWrite;

    @Option(names = "--json", description = "Print the report as one JSON object instead of text.")
    boolean json;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "Python interpreter with h5py, for the HDF5 formats. Default: ${DEFAULT-VALUE}.")
    String python;

    @CommandLine.Mixin
    LockFileOptions lockOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        validate(threadCount);
        try (LockLease lease = lockOptions.open().tryAcquire("bench-" + ProcessHandle.current().pid(),
                "synthetic " + scanShape + " benchmark scan")) {
            return run(threadCount);
        } catch (LockDeniedException e) {
            System.err.println("stem4d bench: " + e.getMessage());
            return Stem4dCommand.EXIT_LOCK_HELD;
        } catch (LockException e) {
            System.err.println("stem4d bench: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("stem4d bench: " + e.getMessage());
            return Stem4dCommand.EXIT_USAGE;
        } catch (IOException e) {
            System.err.println("stem4d bench: " + e.getMessage());
            return 1;
        }
    }

    private int run(int threadCount) throws Exception {
        PrintStream progress = System.err;

        Path parent = workDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : workDir;
        Files.createDirectories(parent);
        SyntheticScanSpec scanSpec = new SyntheticScanSpec(scanShape, new FrameShape(detector, detector), REGIONS,
                seed, PixelType.UINT16, SyntheticFormat.NPY);
        checkFreeSpace(parent, scanSpec);
        Path folder = Files.createTempDirectory(parent, "stem4d-bench-");
        // SIGINT and SIGTERM skip the finally block below, so a shutdown hook deletes the folder then.
        Thread cleanup = new Thread(() -> deleteOnShutdown(folder, progress), "stem4d-bench-cleanup");
        if (!keep) {
            Runtime.getRuntime().addShutdownHook(cleanup);
        }

        try {
            Prepared prepared = prepareScan(folder, scanSpec, progress);
            AnalysisSettings settings = AnalysisSettings.builder()
                    .features(features).k(k).threads(threadCount).seed(seed).build();
            OpenOptions options = openOptions();

            List<RunReport> runs = new ArrayList<>();
            for (int run = 1; run <= repeat; run++) {
                progress.printf(Locale.ROOT, "run %d of %d: analysing %s%n", run, repeat, prepared.scan.getFileName());
                Path outputs = folder.resolve("run-" + run);
                runs.add(timeOneRun(prepared, options, settings, outputs, progress));
                if (!keep) {
                    deleteTree(outputs);
                }
            }

            Map<String, Object> report = report(prepared, settings, runs);
            if (json) {
                ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                PrintWriter out = spec.commandLine().getOut();
                out.println(mapper.writeValueAsString(report));
                out.flush();
            } else {
                printText(report, prepared, runs);
            }
            return 0;
        } finally {
            if (keep) {
                progress.println("kept " + folder);
            } else if (removeHook(cleanup)) {
                deleteTree(folder);
            }
        }
    }

    /** Removes the cleanup hook; returns false when the JVM is already shutting down and the hook runs instead. */
    private static boolean removeHook(Thread cleanup) {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    /** Deletes the bench folder from a shutdown hook, reporting a failure on stderr instead of throwing. */
    private static void deleteOnShutdown(Path folder, PrintStream progress) {
        try {
            deleteTree(folder);
        } catch (IOException | java.io.UncheckedIOException e) {
            // Analysis threads may still write into the folder while the JVM shuts down.
            progress.println("stem4d bench: failed to delete " + folder + " after a signal: " + e
                    + "; delete it by hand");
        }
    }

    private void validate(int threadCount) {
        CommandLine commandLine = spec.commandLine();
        if (detector < 16) {
            throw new CommandLine.ParameterException(commandLine, "--detector must be at least 16, got " + detector);
        }
        if (repeat < 1) {
            throw new CommandLine.ParameterException(commandLine, "--repeat must be at least 1, got " + repeat);
        }
        if (reader != null) {
            // Checked here, because the scan is written before the reader opens it.
            String requested = reader.toLowerCase(java.util.Locale.ROOT);
            List<String> names = ScanDatasets.readers().stream().map(r -> r.name()).toList();
            boolean known = ScanDatasets.readers().stream()
                    .anyMatch(r -> r.name().equals(requested) || r.format().equals(requested));
            if (!known) {
                throw new CommandLine.ParameterException(commandLine, "--reader '" + reader + "' is not a known"
                        + " reader or format; registered readers: " + String.join(", ", names));
            }
        }
        if (workDir != null && Files.exists(workDir) && !Files.isDirectory(workDir)) {
            throw new CommandLine.ParameterException(commandLine, "--work-dir " + workDir + " exists but is not a"
                    + " directory; give a directory in which the bench folder can be made");
        }
        if (k < 1) {
            throw new CommandLine.ParameterException(commandLine, "--k must be at least 1, got " + k);
        }
        if (threadCount < 1) {
            throw new CommandLine.ParameterException(commandLine, "--threads must be at least 1, got " + threadCount);
        }
        try {
            FeatureExtractors.byName(features);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "invalid --features: " + e.getMessage());
        }
        if (k > scanShape.frameCount()) {
            throw new CommandLine.ParameterException(commandLine, "--k (" + k + ") cannot exceed the number of probe"
                    + " positions (" + scanShape.frameCount() + " for --scan-shape " + scanShape + ")");
        }
    }

    /** Rejects a run whose files would not fit, before anything is written. */
    private void checkFreeSpace(Path parent, SyntheticScanSpec scanSpec) throws IOException {
        // An HDF5 run has the .npy source and its HDF5 copy on disk at once. The estimate assumes the
        // compressed copy is no larger than the source.
        long needed = scanSpec.fileBytes() * (format == BenchFormat.NPY ? 1 : 2) + 64 * MIB;
        long free = Files.getFileStore(parent).getUsableSpace();
        if (free < needed) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                    "%s has %d MiB free but the scan needs about %d MiB; pass --work-dir on a larger disk"
                            + " or a smaller --scan-shape", parent, free / MIB, needed / MIB));
        }
    }

    private OpenOptions openOptions() {
        OpenOptions.Builder options = OpenOptions.builder();
        if (reader != null) {
            options.format(reader);
        }
        if (format != BenchFormat.NPY) {
            options.datasetPath(HDF5_DATASET);
        }
        return options.build();
    }

    /** Writes the scan (and converts it to HDF5 when asked); returns it with the time taken. */
    private Prepared prepareScan(Path folder, SyntheticScanSpec scanSpec, PrintStream progress) throws IOException {
        progress.printf(Locale.ROOT, "writing a %s scan of %s frames of %s uint16 (%d MiB) to %s%n", format.label,
                scanShape, scanSpec.frameShape(), scanSpec.fileBytes() / MIB, folder);
        long start = System.nanoTime();
        GeneratedScan generated = SyntheticScanGenerator.generate(scanSpec, folder.resolve("scan.npy"), false);
        double generateSeconds = seconds(System.nanoTime() - start);
        if (format == BenchFormat.NPY) {
            return new Prepared(generated.scanFile(), generated.bytes(), pixelBytes(scanSpec), generateSeconds, 0);
        }

        progress.printf(Locale.ROOT, "converting to HDF5 (%s) with h5py%n", format.label);
        Path h5 = folder.resolve("scan.h5");
        start = System.nanoTime();
        convertToHdf5(generated.scanFile(), h5);
        double convertSeconds = seconds(System.nanoTime() - start);
        Files.delete(generated.scanFile());
        return new Prepared(h5, Files.size(h5), pixelBytes(scanSpec), generateSeconds, convertSeconds);
    }

    /** Returns the bytes of pixel data of the scan, without file headers: the basis of MB/s. */
    private static long pixelBytes(SyntheticScanSpec scanSpec) {
        return scanSpec.scanShape().frameCount() * scanSpec.frameShape().pixelCount() * scanSpec.pixelType().bytes();
    }

    /** Runs one analysis while sampling the heap; returns its timings. */
    private RunReport timeOneRun(Prepared prepared, OpenOptions options, AnalysisSettings settings, Path outputs,
            PrintStream progress) throws Exception {
        System.gc();
        StageProgress listener = new StageProgress(progress);
        Map<String, Double> stages = new LinkedHashMap<>();
        HeapMonitor heap = HeapMonitor.start();
        long start = System.nanoTime();
        try {
            analyze(prepared.scan, options, settings, outputs, listener, stages);
        } finally {
            heap.stop();
        }
        double total = seconds(System.nanoTime() - start);
        listener.finish();
        double output = stages.getOrDefault("write", 0.0) + stages.getOrDefault("render", 0.0);
        return new RunReport(total, total - output, stages, heap.peakUsed(), heap.poolPeakSum(), heap.gcCount());
    }

    /**
     * Runs the whole analysis through {@link Analysis#analyze}, as {@code stem4d analyze} does:
     * opens the scan, streams it through the pipeline, then writes the results and the figures
     * with every provider on the class path. With {@code --no-write} it runs {@link ScanAnalyzer}
     * alone. Adds the seconds of each stage to {@code stages}: {@code open}, write and render
     * from the progress reports, the pipeline stages from {@link AnalysisResult#timings()}.
     */
    private void analyze(Path scan, OpenOptions options, AnalysisSettings settings, Path outputs,
            StageProgress listener, Map<String, Double> stages) throws IOException {
        long start = System.nanoTime();
        AnalysisResult result;
        if (noWrite) {
            try (ScanDataset dataset = ScanDatasets.open(scan, options)) {
                lap(stages, "open", start);
                result = new ScanAnalyzer(settings, listener, CancellationToken.NONE).analyze(scanName(scan), dataset);
            }
        } else {
            AnalysisOutcome outcome = Analysis.analyze(scan, outputs, settings, options, listener,
                    CancellationToken.NONE);
            outcome.rendererFailures().forEach((name, message) ->
                    System.err.println("stem4d bench: report renderer '" + name + "' failed: " + message));
            result = outcome.result();
            stages.put("open", listener.secondsBetween(start, ProgressListener.Stage.FEATURES));
        }
        long end = System.nanoTime();

        for (Map.Entry<String, Duration> stage : result.timings().entrySet()) {
            stages.put(stage.getKey(), stage.getValue().toNanos() / 1e9);
        }
        if (!noWrite) {
            stages.put("write", listener.secondsBetween(ProgressListener.Stage.WRITE, ProgressListener.Stage.RENDER));
            stages.put("render", listener.secondsBetween(ProgressListener.Stage.RENDER, end));
        }
    }

    private static String scanName(Path scan) {
        String name = scan.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static long lap(Map<String, Double> stages, String stage, long start) {
        long now = System.nanoTime();
        stages.put(stage, seconds(now - start));
        return now;
    }

    private Map<String, Object> report(Prepared prepared, AnalysisSettings settings, List<RunReport> runs) {
        long frames = scanShape.frameCount();
        double[] totals = runs.stream().mapToDouble(RunReport::seconds).sorted().toArray();
        double median = median(totals);
        long peak = runs.stream().mapToLong(RunReport::peakHeapBytes).max().orElse(0);
        long maxHeap = Runtime.getRuntime().maxMemory();

        Map<String, Object> scan = new LinkedHashMap<>();
        scan.put("file", prepared.scan.toString());
        scan.put("format", format.label);
        scan.put("scan_shape", List.of(scanShape.rows(), scanShape.cols()));
        scan.put("frame_shape", List.of(detector, detector));
        scan.put("pixel_type", "uint16");
        scan.put("frames", frames);
        scan.put("file_bytes", prepared.fileBytes);
        scan.put("pixel_bytes", prepared.pixelBytes);
        scan.put("generate_seconds", round(prepared.generateSeconds));
        scan.put("convert_seconds", round(prepared.convertSeconds));

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("features", settings.features());
        parameters.put("k", settings.k());
        parameters.put("components", settings.components());
        parameters.put("restarts", settings.restarts());
        parameters.put("threads", settings.threads());
        parameters.put("block_frames", settings.blockFrames());
        parameters.put("seed", settings.seed());
        parameters.put("reader", reader == null ? "automatic" : reader);
        parameters.put("write_outputs", !noWrite);

        List<Map<String, Object>> runList = new ArrayList<>();
        for (RunReport run : runs) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("seconds", round(run.seconds));
            entry.put("compute_seconds", round(run.computeSeconds));
            entry.put("frames_per_second", round(frames / run.seconds));
            entry.put("mb_per_second", round(prepared.pixelBytes / 1e6 / run.seconds));
            entry.put("stage_seconds", run.stageSeconds.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> round(e.getValue()), (a, b) -> a,
                            LinkedHashMap::new)));
            entry.put("peak_heap_bytes", run.peakHeapBytes);
            entry.put("pool_peak_sum_bytes", run.poolPeakSumBytes);
            entry.put("gc_count", run.gcCount);
            runList.add(entry);
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("median_seconds", round(median));
        summary.put("min_seconds", round(totals[0]));
        summary.put("max_seconds", round(totals[totals.length - 1]));
        summary.put("median_frames_per_second", round(frames / median));
        summary.put("median_mb_per_second", round(prepared.pixelBytes / 1e6 / median));
        double[] compute = runs.stream().mapToDouble(RunReport::computeSeconds).sorted().toArray();
        summary.put("median_compute_seconds", round(median(compute)));
        summary.put("min_compute_seconds", round(compute[0]));
        summary.put("max_compute_seconds", round(compute[compute.length - 1]));
        summary.put("median_compute_frames_per_second", round(frames / median(compute)));
        summary.put("peak_heap_bytes", peak);
        summary.put("max_heap_bytes", maxHeap);

        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("java_version", System.getProperty("java.version"));
        jvm.put("vm", System.getProperty("java.vm.name"));
        jvm.put("processors", Runtime.getRuntime().availableProcessors());
        jvm.put("input_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        jvm.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
        jvm.put("heap_measurement", "max of used heap sampled every " + HEAP_SAMPLE_MILLIS
                + " ms and used heap before each GC (GC notifications), summed over heap pools");

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scan", scan);
        report.put("parameters", parameters);
        report.put("runs", runList);
        report.put("summary", summary);
        report.put("jvm", jvm);
        return report;
    }

    private void printText(Map<String, Object> report, Prepared prepared, List<RunReport> runs) {
        long frames = scanShape.frameCount();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "scan: %s frames of %dx%d uint16, %s, %.1f MiB on disk (%.1f MiB of pixels)%n",
                scanShape, detector, detector, format.label, prepared.fileBytes / (double) MIB,
                prepared.pixelBytes / (double) MIB);
        out.printf(Locale.ROOT, "      written in %.2f s%s%n", prepared.generateSeconds,
                prepared.convertSeconds > 0 ? String.format(Locale.ROOT, ", converted in %.2f s", prepared.convertSeconds)
                        : "");
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = (Map<String, Object>) report.get("parameters");
        out.println("parameters: " + parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        out.println();

        List<String> stageNames = runs.stream().flatMap(r -> r.stageSeconds.keySet().stream()).distinct().toList();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-5s %9s %9s %10s %9s %10s %6s", "run",
                "seconds", "compute", "frames/s", "MB/s", "peak MiB", "GCs"));
        for (String stage : stageNames) {
            header.append(' ').append(pad(stage, stage.length()));
        }
        out.println(header);
        for (int i = 0; i < runs.size(); i++) {
            RunReport run = runs.get(i);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-5d %9.3f %9.3f %10.0f %9.0f %10.1f %6d",
                    i + 1, run.seconds, run.computeSeconds, frames / run.seconds, prepared.pixelBytes / 1e6 / run.seconds,
                    run.peakHeapBytes / (double) MIB, run.gcCount));
            for (String stage : stageNames) {
                Double seconds = run.stageSeconds.get(stage);
                line.append(' ').append(pad(seconds == null ? "-" : String.format(Locale.ROOT, "%.3f", seconds),
                        stage.length()));
            }
            out.println(line);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) report.get("summary");
        out.println();
        out.printf(Locale.ROOT, "median: %.3f s (min %.3f, max %.3f), %.0f frames/s, %.0f MB/s%n",
                summary.get("median_seconds"), summary.get("min_seconds"), summary.get("max_seconds"),
                summary.get("median_frames_per_second"), summary.get("median_mb_per_second"));
        out.printf(Locale.ROOT, "median without writing results and figures: %.3f s (min %.3f, max %.3f), %.0f frames/s%n",
                summary.get("median_compute_seconds"), summary.get("min_compute_seconds"),
                summary.get("max_compute_seconds"), summary.get("median_compute_frames_per_second"));
        long maxHeap = Runtime.getRuntime().maxMemory();
        out.printf(Locale.ROOT, "peak heap used: %.1f MiB of max %.0f MiB (sum of pool peaks, an upper bound: %.1f MiB)%n",
                (long) summary.get("peak_heap_bytes") / (double) MIB, maxHeap / (double) MIB,
                runs.stream().mapToLong(RunReport::poolPeakSumBytes).max().orElse(0) / (double) MIB);
        out.println("peak heap = max of the used heap sampled every " + HEAP_SAMPLE_MILLIS
                + " ms and the used heap before each GC; it includes garbage not yet collected.");
        if (maxHeap > 512 * MIB) {
            out.println("to prove a bound, run again with a smaller heap, for example STEM4D_JAVA_OPTS=-Xmx512m");
        }
        out.flush();
    }

    /** Converts the .npy scan to HDF5 with h5py, one frame per chunk. */
    private void convertToHdf5(Path npy, Path h5) throws IOException {
        if (!Files.isExecutable(Path.of(python))) {
            throw new IOException("the HDF5 formats are written by h5py, but '" + python + "' is not an executable;"
                    + " install python3-h5py or pass --python PATH");
        }
        String filter = format == BenchFormat.H5_GZIP ? "compression='gzip', compression_opts=4"
                : "compression=32008, compression_opts=(0, 2)";
        String script = String.join("\n",
                "import sys, os, h5py, numpy as np",
                "src, dst = sys.argv[1], sys.argv[2]",
                format == BenchFormat.H5_BSLZ4
                        ? "if not h5py.h5z.filter_avail(32008): sys.exit('the bitshuffle HDF5 filter (32008) is not"
                                + " installed; install the Debian package bitshuffle or hdf5-filter-plugin')"
                        : "",
                "a = np.load(src, mmap_mode='r')",
                "with h5py.File(dst + '.part', 'w') as f:",
                "    d = f.create_dataset('" + HDF5_DATASET + "', shape=a.shape, dtype=a.dtype,"
                        + " chunks=(1, 1) + a.shape[2:], " + filter + ")",
                "    for row in range(a.shape[0]):",
                "        d[row] = np.asarray(a[row])",
                "os.replace(dst + '.part', dst)");
        Process process = new ProcessBuilder(python, "-c", script, npy.toString(), h5.toString())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        try {
            if (!process.waitFor(CONVERT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("h5py did not finish converting " + npy + " within " + CONVERT_TIMEOUT_MINUTES
                        + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while h5py converted " + npy, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("h5py failed to write " + h5 + " (exit " + process.exitValue() + "): " + output);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Right-aligns {@code text} in a column at least 10 characters wide. */
    private static String pad(String text, int width) {
        return String.format(Locale.ROOT, "%" + Math.max(10, width) + "s", text);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Scan file formats of the benchmark. */
    enum BenchFormat {
        NPY("npy"), H5_GZIP("h5-gzip"), H5_BSLZ4("h5-bslz4");

        final String label;

        BenchFormat(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final class BenchFormatConverter implements CommandLine.ITypeConverter<BenchFormat> {
        @Override
        public BenchFormat convert(String value) {
            return Arrays.stream(BenchFormat.values())
                    .filter(f -> f.label.equalsIgnoreCase(value.trim()))
                    .findFirst()
                    .orElseThrow(() -> new CommandLine.TypeConversionException("invalid format '" + value
                            + "'; expected npy, h5-gzip or h5-bslz4"));
        }
    }

    static final class ScanShapeConverter implements CommandLine.ITypeConverter<ScanShape> {
        @Override
        public ScanShape convert(String value) {
            try {
                return ScanShape.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The scan file of the benchmark and how long it took to make. */
    private record Prepared(Path scan, long fileBytes, long pixelBytes, double generateSeconds,
            double convertSeconds) {
    }

    /** Measurements of one analysis run. */
    private record RunReport(double seconds, double computeSeconds, Map<String, Double> stageSeconds, long peakHeapBytes,
            long poolPeakSumBytes, long gcCount) {
    }

    /** Prints a stage line on stderr when a stage starts, and the frame count every 10 %. */
    private static final class StageProgress implements ProgressListener {
        private final PrintStream out;
        private final long start = System.nanoTime();
        private final Map<Stage, Long> stageStarts = new EnumMap<>(Stage.class);
        private Stage current;
        private long lastTenth = -1;

        StageProgress(PrintStream out) {
            this.out = out;
        }

        /** Returns the seconds from {@code startNanos} to the first report of {@code stage}. */
        synchronized double secondsBetween(long startNanos, Stage stage) {
            return seconds(stageStarts.getOrDefault(stage, startNanos) - startNanos);
        }

        /** Returns the seconds from the first report of {@code first} to that of {@code next}. */
        synchronized double secondsBetween(Stage first, Stage next) {
            Long from = stageStarts.get(first);
            Long to = stageStarts.get(next);
            return from == null || to == null ? 0 : seconds(to - from);
        }

        /** Returns the seconds from the first report of {@code stage} to {@code endNanos}. */
        synchronized double secondsBetween(Stage stage, long endNanos) {
            return seconds(endNanos - stageStarts.getOrDefault(stage, endNanos));
        }

        @Override
        public synchronized void onProgress(Stage stage, long done, long total) {
            stageStarts.putIfAbsent(stage, System.nanoTime());
            if (stage != current) {
                current = stage;
                lastTenth = -1;
                out.printf(Locale.ROOT, "  %7.2f s  %s%n", seconds(System.nanoTime() - start),
                        stage.name().toLowerCase(Locale.ROOT));
            }
            if (stage == Stage.FEATURES && total > 0) {
                long tenth = done * 10 / total;
                if (tenth != lastTenth) {
                    lastTenth = tenth;
                    out.printf(Locale.ROOT, "  %7.2f s    %d of %d frames%n", seconds(System.nanoTime() - start),
                            done, total);
                }
            }
        }

        synchronized void finish() {
            out.printf(Locale.ROOT, "  %7.2f s  finished%n", seconds(System.nanoTime() - start));
        }
    }

    /**
     * Measures the peak used heap while it runs: a daemon thread samples the heap every
     * {@value #HEAP_SAMPLE_MILLIS} ms, and a listener on every collector records the heap used
     * just before each collection.
     */
    static final class HeapMonitor implements NotificationListener {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong collections = new AtomicLong();
        private final List<MemoryPoolMXBean> heapPools;
        private final List<NotificationEmitter> emitters = new ArrayList<>();
        private final Thread sampler;
        private volatile boolean running = true;

        private HeapMonitor() {
            heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isValid())
                    .toList();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (collector instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(this, null, null);
                    emitters.add(emitter);
                }
            }
            sampler = new Thread(this::sample, "stem4d-bench-heap-sampler");
            sampler.setDaemon(true);
        }

        static HeapMonitor start() {
            HeapMonitor monitor = new HeapMonitor();
            monitor.record(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            monitor.sampler.start();
            return monitor;
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join();
            record(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            for (NotificationEmitter emitter : emitters) {
                try {
                    emitter.removeNotificationListener(this);
                } catch (ListenerNotFoundException e) {
                    // Already removed: nothing to undo.
                }
            }
        }

        long peakUsed() {
            return peak.get();
        }

        long gcCount() {
            return collections.get();
        }

        /** Returns the sum of each heap pool's peak since start: an upper bound of the true peak. */
        long poolPeakSum() {
            return heapPools.stream().mapToLong(pool -> {
                MemoryUsage usage = pool.getPeakUsage();
                return usage == null ? 0 : usage.getUsed();
            }).sum();
        }

        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            Map<String, MemoryUsage> before = info.getGcInfo().getMemoryUsageBeforeGc();
            long used = 0;
            for (MemoryPoolMXBean pool : heapPools) {
                MemoryUsage usage = before.get(pool.getName());
                if (usage != null) {
                    used += usage.getUsed();
                }
            }
            collections.incrementAndGet();
            record(used);
        }

        private void sample() {
            var memory = ManagementFactory.getMemoryMXBean();
            while (running) {
                record(memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(HEAP_SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void record(long used) {
            peak.accumulateAndGet(used, Math::max);
        }
    }
}
