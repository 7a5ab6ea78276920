package io.github.stem4d.mcp.jobs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one job: every line goes to the job's {@code analysis.log} and to the application
 * log (stderr), prefixed with the job id there. Thread-safe.
 */
final class JobLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.stem4d.mcp.jobs");

    private final String jobId;
    private final Path file;
    private BufferedWriter writer;

    JobLog(String jobId, Path file) {
        this.jobId = jobId;
        this.file = file;
    }

    Path file() {
        return file;
    }

    synchronized void open() throws IOException {
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    void info(String message) {
        LOG.info("[job {}] {}", jobId, message);
        append("INFO", message, null);
    }

    void warn(String message) {
        LOG.warn("[job {}] {}", jobId, message);
        append("WARN", message, null);
    }

    void error(String message, Throwable error) {
        LOG.error("[job {}] {}", jobId, message, error);
        append("ERROR", message, error);
    }

    /**
     * Logs an expected failure, such as invalid input, whose message states what to change: one
     * line on the console, the stack trace in {@code analysis.log} only.
     */
    void failure(String message, Throwable error) {
        LOG.error("[job {}] {}", jobId, message);
        append("ERROR", message, error);
    }

    private synchronized void append(String level, String message, Throwable error) {
        if (writer == null) {
            return;
        }
        try {
            writer.write(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + " " + message);
            writer.newLine();
            if (error != null) {
                StringWriter trace = new StringWriter();
                error.printStackTrace(new PrintWriter(trace));
                writer.write(trace.toString());
            }
            writer.flush();
        } catch (IOException e) {
            LOG.warn("[job {}] cannot append to {}: {}", jobId, file, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            LOG.warn("[job {}] cannot close {}: {}", jobId, file, e.toString());
        }
        writer = null;
    }
}
