package io.github.stem4d.mcp.jobs;

import io.github.stem4d.analysis.CancellationToken;
import io.github.stem4d.analysis.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One analysis job: its request, state, progress and outputs. State and progress are updated by
 * the job's thread and read from any thread. Thread-safe.
 */
public final class Job implements ProgressListener {

    /** Share of the overall progress at the start of each stage; the feature pass dominates the run time. */
    private static final Map<Stage, double[]> STAGE_SPAN = new EnumMap<>(Map.of(
            Stage.OPEN, new double[] {0.00, 0.02},
            Stage.FEATURES, new double[] {0.02, 0.80},
            Stage.PCA, new double[] {0.80, 0.85},
            Stage.KMEANS, new double[] {0.85, 0.92},
            Stage.REPRESENTATIVES, new double[] {0.92, 0.95},
            Stage.WRITE, new double[] {0.95, 0.97},
            Stage.RENDER, new double[] {0.97, 1.00},
            Stage.DONE, new double[] {1.00, 1.00}));

    private final String id;
    private final JobRequest request;
    private final Path outputDirectory;
    private final JobLog log;
    private final CancellationToken cancellation = new CancellationToken();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Instant createdAt = Instant.now();

    private volatile JobState state = JobState.QUEUED;
    private volatile Stage stage = Stage.OPEN;
    private volatile long stageDone;
    private volatile long stageTotal;
    private volatile long framesDone;
    private volatile long framesTotal;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile Instant featuresStartedAt;
    private volatile String error;
    private volatile List<Path> files = List.of();
    private volatile Map<String, Object> summary = Map.of();
    private volatile int[] labels;
    private volatile int loggedTenth = -1;

    Job(String id, JobRequest request, Path outputDirectory) {
        this.id = id;
        this.request = request;
        this.outputDirectory = outputDirectory;
        this.log = new JobLog(id, outputDirectory.resolve("analysis.log"));
    }

    /** Returns the job id. */
    public String id() {
        return id;
    }

    /** Returns what the job analyses and how. */
    public JobRequest request() {
        return request;
    }

    /** Returns the folder that receives the outputs, {@code <out_root>/<scan_name>/<job_id>}. */
    public Path outputDirectory() {
        return outputDirectory;
    }

    /** Returns the path of the job's {@code analysis.log}. */
    public Path logFile() {
        return log.file();
    }

    /** Returns the current state. */
    public JobState state() {
        return state;
    }

    /** Returns the stage the pipeline last reported. */
    public Stage stage() {
        return stage;
    }

    /** Returns frames whose features are computed. */
    public long framesDone() {
        return framesDone;
    }

    /** Returns the number of frames to process, or 0 before the scan is open. */
    public long framesTotal() {
        return framesTotal;
    }

    /** Returns when the job was submitted. */
    public Instant createdAt() {
        return createdAt;
    }

    /** Returns the time since the job started running, or zero while queued; stops at the end. */
    public Duration elapsed() {
        Instant start = startedAt;
        if (start == null) {
            return Duration.ZERO;
        }
        Instant end = finishedAt;
        return Duration.between(start, end == null ? Instant.now() : end);
    }

    /**
     * Returns an estimate of the time left, from the progress rate so far and the usual share of
     * each stage in the run. Empty before 3 % of the run is done and after the end.
     */
    public Optional<Duration> estimatedRemaining() {
        if (state.isFinished() || startedAt == null) {
            return Optional.empty();
        }
        double fraction = overallProgress();
        if (fraction <= 0.03) {
            return Optional.empty();
        }
        long elapsedMillis = elapsed().toMillis();
        return Optional.of(Duration.ofMillis((long) (elapsedMillis * (1 - fraction) / fraction)));
    }

    /** Returns the overall progress in [0, 1], weighting stages by their usual share of the run time. */
    public double overallProgress() {
        if (state == JobState.SUCCEEDED) {
            return 1.0;
        }
        double[] span = STAGE_SPAN.get(stage);
        double within = stageTotal > 0 ? Math.min(1.0, (double) stageDone / stageTotal) : 0.0;
        return span[0] + (span[1] - span[0]) * within;
    }

    /** Returns the error message of a failed job. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** Returns the files written by a successful job, absolute; empty until it succeeds. */
    public List<Path> files() {
        return files;
    }

    /** Returns the content of {@code summary.json} once the job succeeded, else an empty map. */
    public Map<String, Object> summary() {
        return summary;
    }

    /**
     * Returns the cluster label of every probe position in scan order once the job succeeded.
     * The result's other arrays are not kept, so a long-running server keeps 4 bytes per frame per job.
     */
    public Optional<int[]> labels() {
        int[] current = labels;
        return current == null ? Optional.empty() : Optional.of(current.clone());
    }

    /** Asks the job to stop at its next block boundary; a finished job is not changed. */
    public void cancel(String reason) {
        if (!state.isFinished()) {
            cancellation.cancel(reason);
        }
    }

    /** Returns whether cancellation was requested. */
    public boolean isCancellationRequested() {
        return cancellation.isCancelled();
    }

    /**
     * Waits until the job ends or {@code timeout} passes.
     *
     * @return true if the job has ended
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return finished.await(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Returns the job's state and progress as a JSON-ready map (for tools and {@code --json}). */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("job_id", id);
        status.put("state", state.label());
        status.put("scan", request.scan().toString());
        status.put("stage", stage.name().toLowerCase(java.util.Locale.ROOT));
        status.put("frames_done", framesDone);
        status.put("frames_total", framesTotal);
        status.put("progress_percent", Math.round(overallProgress() * 1000) / 10.0);
        status.put("elapsed_seconds", elapsed().toMillis() / 1000.0);
        estimatedRemaining().ifPresent(left -> status.put("estimated_seconds_left", left.toMillis() / 1000.0));
        status.put("output_directory", outputDirectory.toString());
        status.put("log_file", log.file().toString());
        if (error != null) {
            status.put("error", error);
        }
        if (state == JobState.SUCCEEDED) {
            status.put("files", files.stream().map(Path::toString).toList());
        }
        return status;
    }

    @Override
    public void onProgress(Stage newStage, long done, long total) {
        if (newStage != stage) {
            log.info("stage " + newStage.name().toLowerCase(java.util.Locale.ROOT) + " started after "
                    + Jobs.formatDuration(elapsed()));
            if (newStage == Stage.FEATURES) {
                featuresStartedAt = Instant.now();
            }
        }
        stage = newStage;
        stageDone = done;
        stageTotal = total;
        if (newStage == Stage.FEATURES) {
            framesDone = done;
            framesTotal = total;
            logFeatureProgress(done, total);
        }
    }

    private void logFeatureProgress(long done, long total) {
        if (total <= 0) {
            return;
        }
        int tenth = (int) (10 * done / total);
        if (tenth > loggedTenth) {
            loggedTenth = tenth;
            Instant start = featuresStartedAt;
            double seconds = start == null ? 0 : Duration.between(start, Instant.now()).toMillis() / 1000.0;
            String rate = seconds > 0 ? String.format(java.util.Locale.ROOT, ", %.0f frames/s", done / seconds) : "";
            log.info("features: " + done + " of " + total + " frames" + rate);
        }
    }

    JobLog log() {
        return log;
    }

    CancellationToken cancellation() {
        return cancellation;
    }

    void markRunning() {
        startedAt = Instant.now();
        state = JobState.RUNNING;
    }

    void markSucceeded(List<Path> writtenFiles, Map<String, Object> summaryContent, int[] clusterLabels) {
        files = List.copyOf(writtenFiles);
        labels = clusterLabels;
        summary = summaryContent;
        stage = Stage.DONE;
        end(JobState.SUCCEEDED);
    }

    void markFailed(String message) {
        error = message;
        end(JobState.FAILED);
    }

    void markCancelled(String reason) {
        error = "cancelled: " + reason;
        end(JobState.CANCELLED);
    }

    private void end(JobState finalState) {
        finishedAt = Instant.now();
        state = finalState;
        finished.countDown();
    }
}
