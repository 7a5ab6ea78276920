package io.github.stem4d.mcp.server;

import static io.github.stem4d.mcp.server.ToolSchemas.anyInteger;
import static io.github.stem4d.mcp.server.ToolSchemas.bool;
import static io.github.stem4d.mcp.server.ToolSchemas.integer;
import static io.github.stem4d.mcp.server.ToolSchemas.object;
import static io.github.stem4d.mcp.server.ToolSchemas.pair;
import static io.github.stem4d.mcp.server.ToolSchemas.properties;
import static io.github.stem4d.mcp.server.ToolSchemas.string;

import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.features.FeatureExtractor;
import io.github.stem4d.analysis.features.FeatureExtractors;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.mcp.jobs.DatasetProbe;
import io.github.stem4d.mcp.jobs.Job;
import io.github.stem4d.mcp.jobs.JobLock;
import io.github.stem4d.mcp.jobs.JobRequest;
import io.github.stem4d.mcp.jobs.JobRunner;
import io.github.stem4d.mcp.jobs.JobState;
import io.github.stem4d.mcp.jobs.Jobs;
import io.github.stem4d.mcp.jobs.LockHeldException;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stem4d MCP tools: start an analysis job, follow it, cancel it, list scans and show results.
 * Every failure becomes an {@code isError} result whose text names the problem and the fix, and
 * no call can stop the server. Thread-safe: the SDK may call handlers concurrently.
 */
public final class Stem4dTools {

    static final String ANALYZE = "analyze_scan_tool";
    static final String STATUS = "check_analysis_status";
    static final String LOG_TOOL = "get_analysis_log";
    static final String CANCEL = "cancel_analysis";
    static final String LIST = "list_scans";
    static final String SHOW = "show_analysis_results";

    static final int MAX_K = 256;
    static final int MAX_COMPONENTS = 4096;
    static final int MAX_WAIT_SECONDS = 600;
    static final int MAX_LOG_LINES = 10_000;
    static final int MAX_SHOWN_CLUSTERS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Stem4dTools.class);
    private static final Duration PROGRESS_PERIOD = Duration.ofMillis(500);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(30);
    private static final long MAX_LOG_BYTES = 4 << 20;

    private final ServerSettings settings;
    private final ScanResolver resolver;
    private final Path outputRoot;
    private final JobRunner runner;

    /**
     * Creates the tools.
     *
     * @throws IOException when a data root does not exist or the output root cannot be created
     */
    public Stem4dTools(ServerSettings settings, JobRunner runner) throws IOException {
        this.settings = settings;
        this.resolver = new ScanResolver(settings.dataRoots());
        Files.createDirectories(settings.outputRoot());
        this.outputRoot = settings.outputRoot().toRealPath();
        this.runner = runner;
    }

    /** Returns the real path of the output root. */
    public Path outputRoot() {
        return outputRoot;
    }

    /** Returns the specifications of every tool, for the server builder. */
    public List<SyncToolSpecification> specifications() {
        return List.of(
                spec(ANALYZE, "Analyze a 4D-STEM scan",
                        "Clusters the diffraction patterns of one scan (features, PCA, k-means) and writes results.h5,"
                                + " figures and summary.json under <out_root>/<scan_name>/<job_id>/. Holds the exclusive"
                                + " analysis lock while it runs. Waits up to wait_seconds; if the job is still running"
                                + " then, returns its job_id: poll check_analysis_status every 30-60 s.",
                        analyzeSchema(), this::analyze),
                spec(STATUS, "Check an analysis job",
                        "State (queued, running, succeeded, failed, cancelled), stage, frames done and total, elapsed"
                                + " and estimated time left, result paths or the error, and who holds the analysis"
                                + " lock. Without job_id: the latest job of this server.",
                        object(List.of(), properties("job_id", string("Job id returned by analyze_scan_tool."))),
                        this::status),
                spec(LOG_TOOL, "Read an analysis log",
                        "The last lines of a job's analysis.log. Without job_id: the latest job.",
                        object(List.of(), properties(
                                "job_id", string("Job id returned by analyze_scan_tool."),
                                "tail_lines", integer("Number of lines from the end.", 1, (long) MAX_LOG_LINES, 100L))),
                        this::log),
                spec(CANCEL, "Cancel an analysis",
                        "Stops a running job at its next block of frames and releases the analysis lock.",
                        object(List.of("job_id"), properties("job_id", string("Job id to cancel."))),
                        this::cancel),
                spec(LIST, "List scans",
                        "Scan files under the server's data roots with format, scan and frame shapes, pixel type and"
                                + " size; files that cannot be opened are listed with the error.",
                        object(List.of(), properties()), this::list),
                spec(SHOW, "Show analysis results",
                        "The overview figure, the cluster map and the montages of the first clusters of the latest"
                                + " finished run of a scan (or of one job), each a PNG under 1 MB, with a text summary.",
                        object(List.of(), properties(
                                "scan_identifier", string("Scan name or path, as for analyze_scan_tool."),
                                "job_id", string("A finished job; wins over scan_identifier."),
                                "out_root", string("Output root the run used, inside the server's output root."),
                                "max_clusters", integer("Montages to include (clusters 0..max_clusters-1).", 0,
                                        (long) MAX_SHOWN_CLUSTERS, 4L))),
                        this::show));
    }

    private Map<String, Object> analyzeSchema() {
        List<String> extractors = FeatureExtractors.all().stream().map(FeatureExtractor::name).toList();
        Map<String, Object> features = new LinkedHashMap<>(string("Feature extractor"
                + (extractors.isEmpty() ? "." : ": " + String.join(", ", extractors) + ".")));
        features.put("default", "polar-harmonics");
        if (!extractors.isEmpty()) {
            features.put("enum", extractors);
        }
        return object(List.of("scan_identifier"), properties(
                "scan_identifier", string("Scan file: a path relative to a data root, or a scan name (file name"
                        + " with or without extension) from list_scans."),
                "out_root", string("Output root, relative to or inside the server's output root (default: the"
                        + " server's output root)."),
                "k_clusters", integer("Number of clusters.", 1, (long) MAX_K, 16L),
                "seed", anyInteger("Random seed of k-means.", 0),
                "features", features,
                "n_components", integer("Principal components kept (capped at the feature dimension).", 1,
                        (long) MAX_COMPONENTS, 50L),
                "standardize", bool("Divide each feature by its standard deviation before PCA.", false),
                "scan_shape", pair("Scan shape [rows, cols]; wins over the shape found in the file."),
                "format", string("Force a reader or format (hdf5, mib, npy, raw, or a reader name)."),
                "dataset_path", string("HDF5 dataset path of the frames, e.g. /entry/data/data."),
                "wait_seconds", integer("Seconds to wait for the job before returning its job_id.", 0,
                        (long) MAX_WAIT_SECONDS, 50L)));
    }

    static SyncToolSpecification spec(String name, String title, String description, Map<String, Object> schema,
            Handler handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, schema).title(title).description(description).build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            try {
                return handler.handle(exchange, request);
            } catch (ToolException e) {
                LOG.info("{} rejected: {}", name, e.getMessage());
                return error(e.getMessage());
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                // These two errors come from one call's allocation or recursion, so the server stays usable.
                // An error that reaches the SDK would leave the call without a response.
                LOG.error("{} failed with an internal error", name, e);
                return error(name + " failed: " + e + ". The server is still running; check its log (stderr)"
                        + " and try again.");
            }
        }).build();
    }

    @FunctionalInterface
    interface Handler {
        CallToolResult handle(McpSyncServerExchange exchange, CallToolRequest request) throws ToolException;
    }

    // ---- analyze_scan_tool ------------------------------------------------------------------

    private CallToolResult analyze(McpSyncServerExchange exchange, CallToolRequest request) throws ToolException {
        ToolArguments args = new ToolArguments(ANALYZE, request.arguments(), Set.of("scan_identifier", "out_root",
                "k_clusters", "seed", "features", "n_components", "standardize", "scan_shape", "format", "dataset_path",
                "wait_seconds"));
        String identifier = args.requiredString("scan_identifier");
        int k = args.integer("k_clusters", 16, 1, MAX_K);
        long seed = args.longInteger("seed", 0);
        String features = args.optionalString("features").orElse("polar-harmonics");
        int components = args.integer("n_components", 50, 1, MAX_COMPONENTS);
        boolean standardize = args.bool("standardize", false);
        Optional<int[]> shape = args.integerList("scan_shape", 2, 1);
        int waitSeconds = args.integer("wait_seconds", 50, 0, MAX_WAIT_SECONDS);
        checkFeatures(features);

        Path scan = resolver.resolve(identifier);
        Path root = resolveOutRoot(args.optionalString("out_root"));
        OpenOptions.Builder open = OpenOptions.builder();
        shape.ifPresent(s -> open.scanShape(new ScanShape(s[0], s[1])));
        args.optionalString("format").ifPresent(open::format);
        args.optionalString("dataset_path").ifPresent(open::datasetPath);
        OpenOptions openOptions = open.build();

        Map<String, Object> dataset = probe(scan, openOptions);
        long frames = ((Number) dataset.get("frames")).longValue();
        if (k > frames) {
            throw new ToolException(ANALYZE + ": k_clusters (" + k + ") exceeds the number of frames (" + frames
                    + ") of '" + resolver.relative(scan) + "'; pass k_clusters between 1 and " + frames);
        }
        AnalysisSettings analysisSettings = AnalysisSettings.builder().features(features).k(k).components(components)
                .standardize(standardize).seed(seed).threads(settings.threads()).build();

        Job job;
        try {
            job = runner.submit(new JobRequest(scan, identifier, root, analysisSettings, openOptions));
        } catch (LockHeldException e) {
            return error(lockHeldMessage(e));
        } catch (IOException e) {
            throw new ToolException(ANALYZE + ": cannot create the output folder under '" + root + "': "
                    + e.getMessage() + "; check that the output root is writable");
        }
        waitWithProgress(exchange, request.progressToken(), job, Duration.ofSeconds(waitSeconds));
        return jobResult(job);
    }

    private String lockHeldMessage(LockHeldException e) {
        StringBuilder text = new StringBuilder("The analysis lock is held");
        Optional<JobLock.Holder> holder = e.holder();
        if (holder.isPresent()) {
            text.append(" by ").append(holder.get().description());
            boolean ours = runner.owns(holder.get().jobId());
            text.append(". Only one analysis runs at a time. ");
            if (ours) {
                text.append("That job runs in this server: call ").append(STATUS).append(" with job_id '")
                        .append(holder.get().jobId()).append("' to follow it, or ").append(CANCEL)
                        .append(" to stop it, then try again.");
            } else {
                text.append("It runs in another process; call ").append(STATUS)
                        .append(" to see the holder, and try again when it has finished.");
            }
        } else {
            text.append(": ").append(e.getMessage()).append(" Call ").append(STATUS).append(" and try again later.");
        }
        return text.toString();
    }

    private void checkFeatures(String features) throws ToolException {
        try {
            FeatureExtractors.byName(features);
        } catch (IllegalArgumentException e) {
            throw new ToolException(ANALYZE + ": argument 'features': " + e.getMessage());
        }
    }

    private Map<String, Object> probe(Path scan, OpenOptions options) throws ToolException {
        try {
            return DatasetProbe.describe(scan, options);
        } catch (IOException | RuntimeException e) {
            String reason = String.valueOf(e.getMessage()).strip();
            if (!reason.endsWith(".")) {
                reason += ".";
            }
            throw new ToolException("cannot open scan '" + resolver.relative(scan) + "': " + reason
                    + " Check the file, or pass format, dataset_path or scan_shape.", e);
        }
    }

    /** Resolves out_root inside the server's output root; a relative value is taken from the output root. */
    Path resolveOutRoot(Optional<String> value) throws ToolException {
        if (value.isEmpty()) {
            return outputRoot;
        }
        Path given;
        try {
            given = Path.of(value.get());
        } catch (java.nio.file.InvalidPathException e) {
            throw new ToolException("out_root '" + value.get() + "' is not a valid path: " + e.getReason());
        }
        Path candidate = (given.isAbsolute() ? given : outputRoot.resolve(given)).normalize();
        if (!candidate.startsWith(outputRoot)) {
            throw outRootOutside(value.get());
        }
        if (Files.exists(candidate) && !Files.isDirectory(candidate)) {
            throw new ToolException("out_root '" + value.get() + "' is a file, not a folder; pass a folder inside the"
                    + " server's output root " + outputRoot + " (it is created when missing), or omit out_root");
        }
        try {
            Files.createDirectories(candidate);
            Path real = candidate.toRealPath();
            if (!real.startsWith(outputRoot)) {
                throw outRootOutside(value.get());
            }
            return real;
        } catch (IOException e) {
            throw new ToolException("out_root '" + value.get() + "' cannot be created: " + e.getMessage());
        }
    }

    private ToolException outRootOutside(String value) {
        return new ToolException("out_root '" + value + "' is outside the server's output root " + outputRoot
                + " (after resolving '..' and symbolic links); pass a folder inside it, or omit out_root");
    }

    private static void waitWithProgress(McpSyncServerExchange exchange, Object token, Job job, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        double sent = -1;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                if (job.await(Duration.ofNanos(Math.min(left, PROGRESS_PERIOD.toNanos())))) {
                    return;
                }
                if (token != null) {
                    double percent = Math.floor(job.overallProgress() * 1000) / 10;
                    if (percent > sent) {
                        sent = percent;
                        exchange.progressNotification(McpSchema.ProgressNotification.builder(token, percent)
                                .total(100.0).message(progressMessage(job)).build());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("progress notification for job {} failed: {}", job.id(), e.toString());
        }
    }

    private static String progressMessage(Job job) {
        String stage = job.stage().name().toLowerCase(Locale.ROOT);
        if (job.framesTotal() > 0) {
            return stage + ": " + job.framesDone() + " of " + job.framesTotal() + " frames";
        }
        return stage;
    }

    private CallToolResult jobResult(Job job) {
        JobState state = job.state();
        if (state == JobState.SUCCEEDED) {
            List<McpSchema.Content> content = new ArrayList<>();
            content.add(text("Analysis finished: job " + job.id() + ".\n"
                    + ResultsText.summary(job.summary())));
            image(job.outputDirectory().resolve("overview.png")).ifPresent(content::add);
            return CallToolResult.builder().content(content).structuredContent(job.summary()).isError(false).build();
        }
        if (state == JobState.FAILED) {
            return CallToolResult.builder()
                    .addTextContent("Analysis job " + job.id() + " failed: " + job.error().orElse("no message")
                            + "\nLog: " + job.logFile() + " (or call " + LOG_TOOL + " with job_id '" + job.id() + "').")
                    .structuredContent(job.status()).isError(true).build();
        }
        if (state == JobState.CANCELLED) {
            return CallToolResult.builder()
                    .addTextContent("Analysis job " + job.id() + " was cancelled: " + job.error().orElse(""))
                    .structuredContent(job.status()).isError(false).build();
        }
        return CallToolResult.builder()
                .addTextContent("Analysis job " + job.id() + " is " + state.label() + " ("
                        + String.format(Locale.ROOT, "%.1f%%, ", job.overallProgress() * 100) + progressMessage(job)
                        + ", elapsed " + Jobs.formatDuration(job.elapsed()) + "). It keeps running in the server."
                        + " Call " + STATUS + " with job_id '" + job.id() + "' every 30-60 seconds until it has"
                        + " finished, then " + SHOW + " to see the figures; " + CANCEL + " stops it.")
                .structuredContent(job.status()).isError(false).build();
    }

    // ---- check_analysis_status, get_analysis_log, cancel_analysis ---------------------------------

    private CallToolResult status(McpSyncServerExchange exchange, CallToolRequest request) throws ToolException {
        ToolArguments args = new ToolArguments(STATUS, request.arguments(), Set.of("job_id"));
        Optional<String> jobId = args.optionalString("job_id");
        Map<String, Object> structured = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();

        Optional<JobLock.Holder> holder = lockHolder(structured);
        text.append("Analysis lock: ").append(holder.map(h -> "held by " + h.description()).orElse("free"))
                .append('\n');

        Optional<Job> job = jobId.isPresent() ? runner.find(jobId.get()) : runner.latest();
        if (job.isPresent()) {
            Map<String, Object> status = job.get().status();
            structured.put("job", status);
            text.append(statusText(job.get()));
        } else if (jobId.isPresent()) {
            Optional<Path> folder = findJobFolder(jobId.get());
            if (folder.isEmpty()) {
                throw new ToolException(STATUS + ": no job '" + jobId.get() + "' in this server or under the output"
                        + " root " + outputRoot + "; call " + STATUS + " without job_id for the latest job");
            }
            Map<String, Object> status = statusFromDisk(jobId.get(), folder.get());
            structured.put("job", status);
            text.append("Job ").append(jobId.get()).append(" ran in an earlier server process: ")
                    .append(status.get("state")).append(". Outputs: ").append(folder.get()).append('\n');
        } else {
            text.append("No analysis job has run in this server yet.\n");
        }
        return CallToolResult.builder().addTextContent(text.toString()).structuredContent(structured).isError(false)
                .build();
    }

    private Optional<JobLock.Holder> lockHolder(Map<String, Object> structured) {
        try {
            Optional<JobLock.Holder> holder = runner.lock().holder();
            Map<String, Object> lock = new LinkedHashMap<>();
            lock.put("held", holder.isPresent());
            holder.ifPresent(h -> {
                lock.put("job_id", h.jobId());
                lock.put("scan_identifier", h.scanIdentifier());
                lock.put("held_seconds", h.heldFor().toMillis() / 1000.0);
                lock.put("description", h.description());
            });
            structured.put("lock", lock);
            return holder;
        } catch (RuntimeException e) {
            structured.put("lock", Map.of("error", String.valueOf(e.getMessage())));
            return Optional.empty();
        }
    }

    private static String statusText(Job job) {
        StringBuilder text = new StringBuilder();
        text.append("Job ").append(job.id()).append(": ").append(job.state().label());
        if (!job.state().isFinished()) {
            text.append(String.format(Locale.ROOT, ", %.1f%%, ", job.overallProgress() * 100)).append(progressMessage(job));
        }
        text.append(", elapsed ").append(Jobs.formatDuration(job.elapsed()));
        job.estimatedRemaining().ifPresent(left -> text.append(", about ").append(Jobs.formatDuration(left)).append(" left"));
        text.append('\n').append("Scan: ").append(job.request().scan()).append('\n');
        job.error().ifPresent(error -> text.append("Error: ").append(error).append('\n'));
        if (job.state() == JobState.SUCCEEDED) {
            text.append("Outputs: ").append(job.outputDirectory()).append('\n');
            job.files().forEach(file -> text.append("  ").append(job.outputDirectory().relativize(file)).append('\n'));
            text.append("Call ").append(SHOW).append(" with job_id '").append(job.id()).append("' to see the figures.\n");
        } else if (!job.state().isFinished()) {
            text.append("Call again in 30-60 seconds.\n");
        }
        text.append("Log: ").append(job.logFile()).append('\n');
        return text.toString();
    }

    private Optional<Path> findJobFolder(String jobId) throws ToolException {
        if (!jobId.matches("[A-Za-z0-9._-]+") || jobId.startsWith(".")) {
            throw new ToolException("job_id '" + jobId + "' is not a job id; job ids look like 20260101-120000-a1b2c3");
        }
        try (var scans = Files.list(outputRoot)) {
            return scans.map(folder -> folder.resolve(jobId)).filter(Files::isDirectory).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> statusFromDisk(String jobId, Path folder) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("job_id", jobId);
        Path summary = folder.resolve("summary.json");
        status.put("state", Files.isRegularFile(summary) ? "succeeded" : "unknown (no summary.json: failed,"
                + " cancelled or interrupted)");
        status.put("output_directory", folder.toString());
        status.put("log_file", folder.resolve("analysis.log").toString());
        return status;
    }

    private Job requireJob(String tool, Optional<String> jobId) throws ToolException {
        if (jobId.isPresent()) {
            return runner.find(jobId.get()).orElseThrow(() -> new ToolException(tool + ": no job '" + jobId.get()
                    + "' in this server; call " + STATUS + " without job_id for the latest job"));
        }
        return runner.latest().orElseThrow(() -> new ToolException(tool + ": no analysis job has run in this server"
                + " yet; start one with " + ANALYZE));
    }

    private CallToolResult log(McpSyncServerExchange exchange, CallToolRequest request) throws ToolException {
        ToolArguments args = new ToolArguments(LOG_TOOL, request.arguments(), Set.of("job_id", "tail_lines"));
        Optional<String> jobId = args.optionalString("job_id");
        int tail = args.integer("tail_lines", 100, 1, MAX_LOG_LINES);
        Path file;
        String id;
        Optional<Job> job = jobId.isPresent() ? runner.find(jobId.get()) : runner.latest();
        if (job.isPresent()) {
            file = job.get().logFile();
            id = job.get().id();
        } else if (jobId.isPresent()) {
            Path folder = findJobFolder(jobId.get()).orElseThrow(() -> new ToolException(LOG_TOOL + ": no job '"
                    + jobId.get() + "' in this server or under the output root " + outputRoot
                    + "; call " + STATUS + " without job_id for the latest job"));
            file = folder.resolve("analysis.log");
            id = jobId.get();
        } else {
            throw new ToolException(LOG_TOOL + ": no analysis job has run in this server yet; start one with " + ANALYZE);
        }
        List<String> lines = tail(file, tail);
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("job_id", id);
        structured.put("log_file", file.toString());
        structured.put("lines", lines);
        String text = lines.isEmpty() ? "(the log of job " + id + " is empty)" : String.join("\n", lines);
        return CallToolResult.builder().addTextContent(text).structuredContent(structured).isError(false).build();
    }

    static List<String> tail(Path file, int count) throws ToolException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            long size = channel.size();
            long start = Math.max(0, size - MAX_LOG_BYTES);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (size - start));
            channel.read(buffer, start);
            String text = new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
            List<String> lines = text.lines().collect(Collectors.toList());
            if (start > 0 && !lines.isEmpty()) {
                lines.remove(0);
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            throw new ToolException("cannot read the log '" + file + "': " + e.getMessage());
        }
    }

    private CallToolResult cancel(McpSyncServerExchange exchange, CallToolRequest request) throws ToolException {
        ToolArguments args = new ToolArguments(CANCEL, request.arguments(), Set.of("job_id"));
        Job job = requireJob(CANCEL, Optional.of(args.requiredString("job_id")));
        if (job.state().isFinished()) {
            return CallToolResult.builder().addTextContent("Job " + job.id() + " has already ended: "
                    + job.state().label() + "; nothing to cancel.").structuredContent(job.status()).isError(false).build();
        }
        job.cancel("cancelled by " + CANCEL);
        try {
            job.await(CANCEL_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String text = job.state().isFinished()
                ? "Job " + job.id() + " " + job.state().label() + " after " + Jobs.formatDuration(job.elapsed())
                        + "; the analysis lock is released."
                : "Cancellation of job " + job.id() + " was requested; it stops at the end of its current block."
                        + " Call " + STATUS + " to confirm.";
        return CallToolResult.builder().addTextContent(text).structuredContent(job.status()).isError(false).build();
    }

    // ---- list_scans ---------------------------------------------------------------------------

    private CallToolResult list(McpSyncServerExchange exchange, CallToolRequest request) throws ToolException {
        new ToolArguments(LIST, request.arguments(), Set.of());
        List<Map<String, Object>> scans = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Path file : resolver.scanFiles()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("scan_identifier", resolver.relative(file));
            entry.put("data_root", resolver.rootOf(file).toString());
            try {
                entry.put("size_bytes", Files.size(file));
                Map<String, Object> description = DatasetProbe.describe(file, OpenOptions.defaults());
                entry.put("format", description.get("format"));
                entry.put("scan_shape", description.get("scan_shape"));
                entry.put("frame_shape", description.get("frame_shape"));
                entry.put("pixel_type", description.get("pixel_type"));
                entry.put("frames", description.get("frames"));
                text.append(resolver.relative(file)).append(": ").append(description.get("format")).append(", scan ")
                        .append(ResultsText.shape(description.get("scan_shape"))).append(", frames ")
                        .append(ResultsText.shape(description.get("frame_shape"))).append(' ')
                        .append(description.get("pixel_type")).append(", ")
                        .append(ResultsText.bytes(((Number) entry.get("size_bytes")).longValue())).append('\n');
            } catch (IOException | RuntimeException e) {
                entry.put("error", String.valueOf(e.getMessage()));
                text.append(resolver.relative(file)).append(": cannot be opened: ").append(e.getMessage()).append('\n');
            }
            scans.add(entry);
        }
        if (scans.isEmpty()) {
            text.append("No scan files under the data roots ").append(resolver.roots()).append('.');
        }
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("data_roots", resolver.roots().stream().map(Path::toString).toList());
        structured.put("scans", scans);
        return CallToolResult.builder().addTextContent(text.toString()).structuredContent(structured).isError(false)
                .build();
    }

    // ---- show_analysis_results ------------------------------------------------------------------

    private CallToolResult show(McpSyncServerExchange exchange, CallToolRequest request) throws ToolException {
        ToolArguments args = new ToolArguments(SHOW, request.arguments(),
                Set.of("scan_identifier", "job_id", "out_root", "max_clusters"));
        Optional<String> jobId = args.optionalString("job_id");
        Optional<String> identifier = args.optionalString("scan_identifier");
        int maxClusters = args.integer("max_clusters", 4, 0, MAX_SHOWN_CLUSTERS);
        Path root = resolveOutRoot(args.optionalString("out_root"));
        if (jobId.isEmpty() && identifier.isEmpty()) {
            throw new ToolException(SHOW + ": pass scan_identifier (shows its latest finished run) or job_id");
        }

        Path folder = jobId.isPresent() ? jobFolder(jobId.get()) : latestFolder(root, identifier.get());
        Path summaryFile = folder.resolve("summary.json");
        if (!Files.isRegularFile(summaryFile)) {
            throw new ToolException(SHOW + ": the run in " + folder + " has no summary.json (it failed, was"
                    + " cancelled or is still running); call " + STATUS + " for its state");
        }
        Map<String, Object> summary;
        try {
            summary = Jobs.JSON.readValue(summaryFile.toFile(), Jobs.JSON.getTypeFactory()
                    .constructMapType(LinkedHashMap.class, String.class, Object.class));
        } catch (IOException e) {
            throw new ToolException(SHOW + ": cannot read " + summaryFile + ": " + e.getMessage());
        }

        List<McpSchema.Content> content = new ArrayList<>();
        content.add(text("Results of job " + summary.get("job_id") + " in " + folder + ".\n"
                + ResultsText.summary(summary)));
        List<String> shown = new ArrayList<>();
        for (String name : figureNames(folder, maxClusters)) {
            Optional<McpSchema.Content> image = image(folder.resolve(name));
            if (image.isPresent()) {
                content.add(text(name));
                content.add(image.get());
                shown.add(name);
            }
        }
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("output_directory", folder.toString());
        structured.put("figures", shown);
        structured.put("summary", summary);
        return CallToolResult.builder().content(content).structuredContent(structured).isError(false).build();
    }

    private Path jobFolder(String jobId) throws ToolException {
        Optional<Job> job = runner.find(jobId);
        if (job.isPresent()) {
            return job.get().outputDirectory();
        }
        return findJobFolder(jobId).orElseThrow(() -> new ToolException(SHOW + ": no job '" + jobId
                + "' in this server or under " + outputRoot));
    }

    private Path latestFolder(Path root, String identifier) throws ToolException {
        String scanName;
        try {
            scanName = Jobs.scanName(resolver.resolve(identifier));
        } catch (ToolException e) {
            // The scan may have been moved since it was analysed; its name still finds the results.
            scanName = ScanResolver.scanName(Path.of(identifier).getFileName().toString());
        }
        Path latest = root.resolve(scanName).resolve("latest.json");
        if (!Files.isRegularFile(latest)) {
            throw new ToolException(SHOW + ": no finished run of scan '" + scanName + "' under " + root
                    + " (no latest.json); run " + ANALYZE + " first");
        }
        try {
            Map<?, ?> record = Jobs.JSON.readValue(latest.toFile(), Map.class);
            Path folder = Path.of(String.valueOf(record.get("output_directory")));
            Path real = folder.toRealPath();
            if (!real.startsWith(outputRoot)) {
                throw new ToolException(SHOW + ": " + latest + " names a folder outside the output root");
            }
            return real;
        } catch (IOException e) {
            throw new ToolException(SHOW + ": cannot read " + latest + ": " + e.getMessage());
        }
    }

    private static List<String> figureNames(Path folder, int maxClusters) {
        List<String> names = new ArrayList<>(List.of("overview.png", "cluster_map.png"));
        for (int cluster = 0; cluster < maxClusters; cluster++) {
            String name = "montages/cluster_" + cluster + ".png";
            if (Files.isRegularFile(folder.resolve(name))) {
                names.add(name);
            }
        }
        return names;
    }

    private static Optional<McpSchema.Content> image(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            byte[] png = ResultImages.fittedPng(file);
            return Optional.of(McpSchema.ImageContent.builder(ResultImages.base64(png), "image/png").build());
        } catch (IOException e) {
            LOG.warn("cannot attach figure {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static McpSchema.Content text(String text) {
        return McpSchema.TextContent.builder(text).build();
    }

    static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
