package io.github.stem4d.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.synthetic.SyntheticFormat;
import io.github.stem4d.io.synthetic.SyntheticScanGenerator;
import io.github.stem4d.io.synthetic.SyntheticScanSpec;
import io.github.stem4d.lock.AnalysisLock;
import io.github.stem4d.lock.LockOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code stem4d serve} over raw stdio lines: every line the server prints must be JSON-RPC,
 * also while jobs log and fail, and SIGTERM during a job must record the cancellation in the
 * job's log and leave the analysis lock free.
 */
class Stem4dStdioSignalIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void sigtermCancelsJobAndStdoutStaysJson() throws Exception {
        Path jar = Path.of(System.getProperty("stem4d.jar", "target/stem4d.jar")).toAbsolutePath();
        assumeTrue(Files.isRegularFile(jar), "packaged jar missing: " + jar);
        Path data = Files.createDirectories(temp.resolve("data"));
        SyntheticScanGenerator.generate(new SyntheticScanSpec(new ScanShape(64, 64), new FrameShape(128, 128), 4, 0,
                PixelType.UINT16, SyntheticFormat.NPY), data.resolve("long.npy"), false);
        Files.writeString(data.resolve("broken.npy"), "not a numpy file");
        Path lockFile = temp.resolve("analysis.lock");
        Path results = temp.resolve("results");

        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", jar.toString(), "serve", "--data-root", data.toString(),
                "--output-root", results.toString(), "--lock-file", lockFile.toString(), "--threads", "1")
                .redirectError(temp.resolve("stderr.txt").toFile()).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        BlockingQueue<JsonNode> responses = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(server, lines, responses), "stdout-reader");
        reader.start();
        try {
            OutputStream in = server.getOutputStream();
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}");
            awaitResponse(responses, 0);
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(in, callLine(1, "analyze_scan_tool", "{\"scan_identifier\":\"broken.npy\"}"));
            assertTrue(awaitResponse(responses, 1).path("result").path("isError").asBoolean(), "broken scan is an error");
            send(in, callLine(2, "analyze_scan_tool",
                    "{\"scan_identifier\":\"long\",\"k_clusters\":4,\"features\":\"binned-pattern\",\"wait_seconds\":0}"));
            JsonNode started = awaitResponse(responses, 2);
            String jobId = started.path("result").path("structuredContent").path("job_id").asText();
            assertFalse(jobId.isEmpty(), started.toString());
            awaitStreaming(in, responses, jobId);

            server.destroy();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "server exits after SIGTERM");
            reader.join(10_000);

            for (String line : lines) {
                JsonNode message = JSON.readTree(line);
                assertEquals("2.0", message.path("jsonrpc").asText(), "not JSON-RPC on stdout: " + line);
            }
            Path log = results.resolve("long").resolve(jobId).resolve("analysis.log");
            String text = Files.readString(log);
            assertTrue(text.contains("cancelled"), "the log records the cancellation:\n" + text);
            assertTrue(text.contains("analysis lock released"), text);
            AnalysisLock lock = AnalysisLock.open(LockOptions.builder().path(lockFile).build());
            assertTrue(lock.holder().isEmpty(), "lock free after SIGTERM");
        } finally {
            server.destroyForcibly();
        }
    }

    /** Polls the job until it reads frames, so that the signal arrives in the middle of the run. */
    private static void awaitStreaming(OutputStream in, BlockingQueue<JsonNode> responses, String jobId)
            throws Exception {
        for (int id = 100; id < 2100; id++) {
            send(in, callLine(id, "check_analysis_status", "{\"job_id\":\"" + jobId + "\"}"));
            JsonNode job = awaitResponse(responses, id).path("result").path("structuredContent").path("job");
            assertEquals("running", job.path("state").asText(), "job still running: " + job);
            if (job.path("frames_done").asLong() > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + jobId + " read no frames");
    }

    private static String callLine(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    private static void send(OutputStream in, String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static JsonNode awaitResponse(BlockingQueue<JsonNode> responses, int id) throws InterruptedException {
        while (true) {
            JsonNode message = responses.poll(60, TimeUnit.SECONDS);
            assertNotNull(message, "no response with id " + id + " within 60 s");
            if (message.path("id").asInt(-1) == id) {
                return message;
            }
        }
    }

    private static void readLines(Process server, List<String> lines, BlockingQueue<JsonNode> responses) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                try {
                    JsonNode message = JSON.readTree(line);
                    if (message.has("id")) {
                        responses.add(message);
                    }
                } catch (IOException e) {
                    // Kept in lines; the test fails on it after the server has stopped.
                }
            }
        } catch (IOException e) {
            // The stream closes when the server exits.
        }
    }
}
