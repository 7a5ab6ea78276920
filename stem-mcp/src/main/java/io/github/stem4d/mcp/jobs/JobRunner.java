package io.github.stem4d.mcp.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs analysis jobs on its own threads, each under the analysis lock for its whole life, and
 * keeps every job of this process for status queries. Used by the MCP server and by
 * {@code stem4d analyze}, so both produce the same outputs.
 *
 * <p>Each job writes {@code <out_root>/<scan_name>/<job_id>/} (a new folder; a run never
 * replaces an earlier one), its {@code analysis.log}, a {@code summary.json}, and on success
 * replaces {@code <out_root>/<scan_name>/latest.json}; JSON files are written to a temporary name
 * and renamed. Thread-safe.
 */
public final class JobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final AnalysisEngine engine;
    private final JobLock lock;
    private final ExecutorService executor;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** Ids of jobs that hold the lock but are not yet in {@link #jobs}; {@link #owns} returns true for them. */
    private final java.util.Set<String> starting = ConcurrentHashMap.newKeySet();

    /**
     * Creates a runner.
     *
     * @param engine runs the analysis
     * @param lock the analysis lock; jobs are denied while another job holds it
     */
    public JobRunner(AnalysisEngine engine, JobLock lock) {
        this.engine = engine;
        this.lock = lock;
        this.executor = Executors.newCachedThreadPool(new JobThreads());
    }

    /** Returns the lock the runner uses, for status queries. */
    public JobLock lock() {
        return lock;
    }

    /**
     * Takes the lock for a new job and starts it.
     *
     * @throws LockHeldException when another job holds the lock; nothing is started or written
     * @throws IOException when the output folder cannot be created
     */
    public Job submit(JobRequest request) throws LockHeldException, IOException {
        String jobId = Jobs.newJobId();
        starting.add(jobId);
        try {
            return start(jobId, request);
        } finally {
            starting.remove(jobId);
        }
    }

    private Job start(String jobId, JobRequest request) throws LockHeldException, IOException {
        JobLock.Lease lease = lock.tryAcquire(jobId, request.scanIdentifier());
        Job job;
        try {
            Path scanFolder = request.outputRoot().resolve(request.scanName());
            Files.createDirectories(scanFolder);
            Path folder = scanFolder.resolve(jobId);
            // The id carries the second and 24 random bits; a clash means a second job in the same second.
            Files.createDirectory(folder);
            job = new Job(jobId, request, folder);
            job.log().open();
        } catch (IOException | RuntimeException e) {
            lease.close();
            if (e instanceof FileAlreadyExistsException) {
                throw new IOException("job folder for '" + jobId + "' exists already; submit again", e);
            }
            throw e;
        }

        lease.onLost(() -> {
            job.log().warn("the analysis lock was lost while the job ran (taken over or its record replaced);"
                    + " stopping the job");
            job.cancel("the analysis lock was lost");
        });
        jobs.put(jobId, job);
        LOG.info("job {} accepted: scan {}, output {}", jobId, request.scan(), job.outputDirectory());
        try {
            executor.execute(() -> run(job, lease));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            lease.close();
            job.log().error("not started: the process is shutting down", e);
            job.log().close();
            job.markFailed("not started: the process is shutting down");
            throw new IOException("job " + jobId + " was not started because the process is shutting down", e);
        }
        return job;
    }

    /** Returns the job with this id, if this process ran it. */
    public Optional<Job> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /**
     * Returns whether this runner started the job with this id, including a job that holds the
     * lock but is not yet visible to {@link #find}.
     */
    public boolean owns(String jobId) {
        return starting.contains(jobId) || jobs.containsKey(jobId);
    }

    /** Returns the most recently submitted job, if any. */
    public Optional<Job> latest() {
        return jobs.values().stream().max(Comparator.comparing(Job::createdAt).thenComparing(Job::id));
    }

    /** Returns every job of this process, newest first. */
    public List<Job> jobs() {
        List<Job> all = new ArrayList<>(jobs.values());
        all.sort(Comparator.comparing(Job::createdAt).thenComparing(Job::id).reversed());
        return all;
    }

    private void run(Job job, JobLock.Lease lease) {
        JobLog log = job.log();
        JobRequest request = job.request();
        JobState outcome;
        String message = null;
        List<Path> files = List.of();
        Map<String, Object> summary = Map.of();
        int[] labels = null;
        job.markRunning();
        Instant start = Instant.now();
        try {
            log.info("started: scan " + request.scan() + " (requested as '" + request.scanIdentifier() + "')");
            log.info("parameters: " + Summaries.parameters(request.settings()));
            job.cancellation().throwIfCancelled();

            Map<String, Object> dataset = DatasetProbe.describe(request.scan(), request.openOptions());
            log.info("dataset: " + dataset.get("format") + ", scan " + dataset.get("scan_shape") + ", frames "
                    + dataset.get("frame_shape") + " " + dataset.get("pixel_type"));
            AnalysisEngine.Outcome result = engine.analyze(request.scan(), job.outputDirectory(), request.settings(),
                    request.openOptions(), job, job.cancellation());
            job.cancellation().throwIfCancelled();
            List<String> warnings = new ArrayList<>(result.warnings());
            warnings.addAll(Summaries.clusterWarnings(result.result().kmeans().clusterSizes()));
            result = new AnalysisEngine.Outcome(result.result(), result.files(), result.timings(), warnings);
            result.warnings().forEach(warning -> log.warn(warning));

            List<Path> written = new ArrayList<>(result.files());
            Path summaryFile = job.outputDirectory().resolve("summary.json");
            written.add(summaryFile);
            written.add(job.logFile());
            summary = Summaries.summary(job, dataset, result, written, start, Instant.now());
            Jobs.writeJsonAtomically(summaryFile, summary);
            writeLatest(job);
            files = written;
            labels = result.result().kmeans().labels();
            outcome = JobState.SUCCEEDED;
            log.info("finished in " + Jobs.formatDuration(Duration.between(start, Instant.now())) + "; outputs in "
                    + job.outputDirectory());
        } catch (CancellationException e) {
            outcome = JobState.CANCELLED;
            message = e.getMessage() == null ? "cancelled" : e.getMessage();
            log.warn("cancelled after " + Jobs.formatDuration(Duration.between(start, Instant.now())) + ": " + message);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            outcome = JobState.FAILED;
            message = describe(e);
            log.failure("failed: " + message, e);
        } catch (RuntimeException | Error e) {
            outcome = JobState.FAILED;
            message = "internal error: " + describe(e);
            log.error("failed with an internal error", e);
        } finally {
            lease.close();
            log.info("analysis lock released");
        }
        log.close();
        switch (outcome) {
            case SUCCEEDED -> job.markSucceeded(files, summary, labels);
            case CANCELLED -> job.markCancelled(message);
            default -> job.markFailed(message);
        }
    }

    private static String describe(Throwable e) {
        String text = e.getMessage();
        if (text == null || text.isBlank()) {
            text = e.getClass().getSimpleName();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            text = "file not found: " + text;
        }
        return text;
    }

    private static void writeLatest(Job job) throws IOException {
        Map<String, Object> latest = new LinkedHashMap<>();
        latest.put("job_id", job.id());
        latest.put("scan", job.request().scan().toString());
        latest.put("output_directory", job.outputDirectory().toString());
        latest.put("summary", job.outputDirectory().resolve("summary.json").toString());
        latest.put("finished_at", Instant.now().toString());
        Path target = job.outputDirectory().getParent().resolve("latest.json");
        // NOTE: two processes that finish runs of the same scan at the same moment both rename a file
        // here. The last rename wins, so latest.json may name the run that finished a moment earlier.
        Jobs.writeJsonAtomically(target, latest);
    }

    /**
     * Asks every running job to stop and waits up to {@code timeout} for them to end, so that
     * their locks are released.
     */
    public void shutdown(Duration timeout) {
        for (Job job : jobs.values()) {
            job.cancel("the process is shutting down");
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("jobs still running after {}; exiting anyway", Jobs.formatDuration(timeout));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }

    private static final class JobThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "stem4d-job-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
