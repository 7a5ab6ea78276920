package io.github.stem4d.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.synthetic.SyntheticFormat;
import io.github.stem4d.io.synthetic.SyntheticScanGenerator;
import io.github.stem4d.io.synthetic.SyntheticScanSpec;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@code java -jar target/stem4d.jar serve} as a separate process and drives it with the
 * MCP SDK's own client over stdio: tool listing, analyses of generated and real files, polling,
 * cancellation, lock denial by another JVM, invalid arguments and concurrent calls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Stem4dServerIT {

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path temp;

    private Path jar;
    private Path dataRoot;
    private Path outputRoot;
    private Path lockFile;
    private Path shared;
    private McpSyncClient client;
    private final ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<McpSchema.ProgressNotification> progress = new ConcurrentLinkedQueue<>();

    @BeforeAll
    void startServer() throws IOException {
        jar = Path.of(System.getProperty("stem4d.jar", "target/stem4d.jar")).toAbsolutePath();
        assumeTrue(Files.isRegularFile(jar), "packaged jar missing: " + jar);
        dataRoot = Files.createDirectories(temp.resolve("data"));
        outputRoot = temp.resolve("results");
        lockFile = temp.resolve("analysis.lock");
        shared = findShared();

        SyntheticScanGenerator.generate(new SyntheticScanSpec(new ScanShape(8, 8), new FrameShape(32, 32), 3, 1,
                PixelType.UINT16, SyntheticFormat.NPY), dataRoot.resolve("tiny.npy"), false);
        SyntheticScanGenerator.generate(new SyntheticScanSpec(new ScanShape(64, 64), new FrameShape(128, 128), 4, 2,
                PixelType.UINT16, SyntheticFormat.NPY), dataRoot.resolve("big.npy"), false);
        Files.createDirectories(dataRoot.resolve("sub"));
        SyntheticScanGenerator.generate(new SyntheticScanSpec(new ScanShape(4, 4), new FrameShape(16, 16), 2, 3,
                PixelType.UINT8, SyntheticFormat.NPY), dataRoot.resolve("sub/tiny.npy"), false);
        Path outside = Files.writeString(temp.resolve("outside.npy"), "not a scan");
        Files.createSymbolicLink(dataRoot.resolve("escape.npy"), outside);
        Files.writeString(dataRoot.resolve("broken.npy"), "this is not a numpy file");

        List<String> args = new ArrayList<>(List.of("-Djava.awt.headless=true", "-jar", jar.toString(), "serve",
                "--data-root", dataRoot.toString(), "--output-root", outputRoot.toString(),
                "--lock-file", lockFile.toString(), "--threads", "2"));
        if (shared != null) {
            args.addAll(List.of("--data-root", shared.resolve("data/reference").toString(),
                    "--data-root", shared.resolve("data/real/rosettasciio/quantumdetector").toString()));
        }
        ServerParameters parameters = ServerParameters.builder(javaExecutable()).args(args).build();
        StdioClientTransport transport = new StdioClientTransport(parameters, new JacksonMcpJsonMapper(new ObjectMapper()));
        transport.setStdErrorHandler(serverErrors::add);
        client = McpClient.sync(transport)
                .requestTimeout(CALL_TIMEOUT)
                .initializationTimeout(Duration.ofSeconds(60))
                .progressConsumer(progress::add)
                .build();
        client.initialize();
    }

    @AfterAll
    void stopServer() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    @Test
    @Order(1)
    void listsTheSixTools() {
        Set<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
        assertEquals(Set.of("analyze_scan_tool", "check_analysis_status", "get_analysis_log", "cancel_analysis",
                "list_scans", "show_analysis_results"), names);
        McpSchema.Tool analyze = client.listTools().tools().stream()
                .filter(tool -> tool.name().equals("analyze_scan_tool")).findFirst().orElseThrow();
        assertEquals(List.of("scan_identifier"), analyze.inputSchema().get("required"));
    }

    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void listScansShowsShapesAndErrors() {
        CallToolResult result = call("list_scans", Map.of());
        assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
        List<Map<String, Object>> scans = (List<Map<String, Object>>) structured(result).get("scans");
        Map<String, Object> tiny = scans.stream().filter(s -> s.get("scan_identifier").equals("tiny.npy"))
                .findFirst().orElseThrow();
        assertEquals("npy", tiny.get("format"));
        assertEquals(List.of(8, 8), tiny.get("scan_shape"));
        assertEquals(List.of(32, 32), tiny.get("frame_shape"));
        assertEquals("uint16", tiny.get("pixel_type"));
        Map<String, Object> broken = scans.stream().filter(s -> s.get("scan_identifier").equals("broken.npy"))
                .findFirst().orElseThrow();
        assertNotNull(broken.get("error"), "an unreadable file is listed with its error");
        assertTrue(scans.stream().noneMatch(s -> s.get("scan_identifier").equals("escape.npy")),
                "a link that leaves the data root is not listed");
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void analyzesGeneratedScanAndShowsFigures() throws IOException {
        CallToolResult result = call("analyze_scan_tool", Map.of("scan_identifier", "tiny.npy", "k_clusters", 3,
                "wait_seconds", 240));
        assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
        Map<String, Object> summary = structured(result);
        Map<String, Object> clusters = (Map<String, Object>) summary.get("clusters");
        assertEquals(3, clusters.get("k"));
        assertEquals(64, ((List<Number>) clusters.get("sizes")).stream().mapToInt(Number::intValue).sum());
        Path folder = Path.of((String) summary.get("output_directory"));
        assertTrue(folder.startsWith(outputRoot.toRealPath().resolve("tiny")), folder.toString());
        assertTrue(Files.isRegularFile(folder.resolve("summary.json")));
        assertTrue(Files.isRegularFile(folder.resolve("analysis.log")));
        Map<String, Object> latest = new ObjectMapper().readValue(folder.getParent().resolve("latest.json").toFile(), Map.class);
        assertEquals(summary.get("job_id"), latest.get("job_id"));
        assertTrue(result.content().stream().anyMatch(c -> c instanceof McpSchema.ImageContent),
                "the overview figure is attached");

        CallToolResult shown = call("show_analysis_results", Map.of("scan_identifier", "tiny", "max_clusters", 2));
        assertFalse(Boolean.TRUE.equals(shown.isError()), text(shown));
        List<McpSchema.ImageContent> images = shown.content().stream()
                .filter(McpSchema.ImageContent.class::isInstance).map(McpSchema.ImageContent.class::cast).toList();
        assertTrue(images.size() >= 2, "overview, map and montages: " + images.size());
        for (McpSchema.ImageContent image : images) {
            assertEquals("image/png", image.mimeType());
            byte[] png = Base64.getDecoder().decode(image.data());
            assertTrue(png.length < 1_000_000, "each figure is under 1 MB: " + png.length);
            assertEquals((byte) 0x89, png[0]);
        }

        CallToolResult log = call("get_analysis_log", Map.of("job_id", summary.get("job_id"), "tail_lines", 500));
        assertFalse(Boolean.TRUE.equals(log.isError()), text(log));
        assertTrue(text(log).contains("started: scan"), text(log));
    }

    @Test
    @Order(4)
    @SuppressWarnings("unchecked")
    void pollsJobPastWaitSeconds() throws InterruptedException {
        CallToolResult started = call("analyze_scan_tool", Map.of("scan_identifier", "sub/tiny.npy", "k_clusters", 2,
                "wait_seconds", 0));
        assertFalse(Boolean.TRUE.equals(started.isError()), text(started));
        Map<String, Object> status = structured(started);
        String jobId = (String) status.get("job_id");
        assertNotNull(jobId, text(started));
        assertTrue(text(started).contains("check_analysis_status"), text(started));

        String state = pollUntilFinished(jobId);
        assertEquals("succeeded", state);
        CallToolResult finished = call("check_analysis_status", Map.of("job_id", jobId));
        Map<String, Object> job = (Map<String, Object>) structured(finished).get("job");
        assertEquals(16L, ((Number) job.get("frames_total")).longValue());
        assertTrue(((List<String>) job.get("files")).stream().anyMatch(f -> f.endsWith("summary.json")));
        Map<String, Object> lock = (Map<String, Object>) structured(finished).get("lock");
        assertEquals(false, lock.get("held"));
    }

    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void cancelsRunningJobAndReleasesLock() throws InterruptedException {
        CallToolResult started = call("analyze_scan_tool", Map.of("scan_identifier", "big", "k_clusters", 4,
                "features", "binned-pattern", "wait_seconds", 0));
        assertFalse(Boolean.TRUE.equals(started.isError()), text(started));
        String jobId = (String) structured(started).get("job_id");
        awaitFeatureStage(jobId);

        CallToolResult cancelled = call("cancel_analysis", Map.of("job_id", jobId));
        assertFalse(Boolean.TRUE.equals(cancelled.isError()), text(cancelled));
        assertEquals("cancelled", pollUntilFinished(jobId), text(cancelled));
        Map<String, Object> lock = (Map<String, Object>) structured(call("check_analysis_status", Map.of())).get("lock");
        assertEquals(false, lock.get("held"), "the lock is released after cancellation");
        CallToolResult log = call("get_analysis_log", Map.of("job_id", jobId));
        assertTrue(text(log).contains("cancelled"), text(log));
        Map<String, Object> job = (Map<String, Object>) structured(call("check_analysis_status",
                Map.of("job_id", jobId))).get("job");
        assertFalse(Files.exists(Path.of((String) job.get("output_directory")).resolve("summary.json")),
                "a cancelled run writes no summary.json");
    }

    @Test
    @Order(6)
    void deniesWhileAnotherProcessHoldsLock() throws Exception {
        Path testClasses = Path.of("target/test-classes").toAbsolutePath();
        Process holder = new ProcessBuilder(javaExecutable(), "-cp", jar + java.io.File.pathSeparator + testClasses,
                LockHolderMain.class.getName(), lockFile.toString(), "it-holder-job", "elsewhere.h5")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "holder JVM printed nothing before exiting");
            assertTrue(line.startsWith("HELD"), "holder JVM started: " + line);

            CallToolResult denied = call("analyze_scan_tool", Map.of("scan_identifier", "tiny.npy", "k_clusters", 2));
            assertTrue(Boolean.TRUE.equals(denied.isError()), text(denied));
            assertTrue(text(denied).contains("it-holder-job"), text(denied));
            assertTrue(text(denied).contains("elsewhere.h5"), text(denied));
            assertTrue(text(denied).contains("check_analysis_status"), text(denied));
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "holder JVM exits when stdin closes");
        }
        CallToolResult after = call("analyze_scan_tool", Map.of("scan_identifier", "sub/tiny.npy", "k_clusters", 2,
                "wait_seconds", 240));
        assertFalse(Boolean.TRUE.equals(after.isError()), text(after));
    }

    @Test
    @Order(7)
    void rejectsInvalidArgumentsAndKeepsServing() throws IOException {
        Map<Map<String, Object>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(Map.of("scan_identifier", "missing_scan"), "no scan named 'missing_scan'");
        cases.put(Map.of("scan_identifier", "../outside.npy"), "outside the allowed data roots");
        cases.put(Map.of("scan_identifier", temp.resolve("outside.npy").toString()), "outside the allowed data roots");
        cases.put(Map.of("scan_identifier", "escape.npy"), "outside the allowed data roots");
        cases.put(Map.of("scan_identifier", "tiny"), "matches 2 files");
        cases.put(Map.of("scan_identifier", "tiny.npy", "k_clusters", 0), "'k_clusters' must be an integer from 1 to 256, got 0");
        cases.put(Map.of("scan_identifier", "tiny.npy", "k_clusters", "abc"), "'k_clusters' must be an integer");
        cases.put(Map.of("scan_identifier", "tiny.npy", "k_clusters", 100), "exceeds the number of frames (64)");
        cases.put(Map.of("scan_identifier", "tiny.npy", "n_components", 0), "'n_components' must be an integer");
        cases.put(Map.of("scan_identifier", "tiny.npy", "wait_seconds", 601), "'wait_seconds' must be an integer from 0 to 600");
        cases.put(Map.of("scan_identifier", "tiny.npy", "scan_shape", List.of(8)), "'scan_shape' must be a list of 2 integers");
        cases.put(Map.of("scan_identifier", "tiny.npy", "features", "nope"), "unknown feature extractor 'nope'");
        cases.put(Map.of("scan_identifier", "tiny.npy", "out_root", "/etc"), "outside the server's output root");
        cases.put(Map.of("scan_identifier", "tiny.npy", "colour", "red"), "unknown argument [colour]");
        cases.put(Map.of("scan_identifier", 42), "'scan_identifier' must be a string");
        cases.put(Map.of("scan_identifier", "broken.npy"), "cannot open scan 'broken.npy'");
        cases.put(Map.of(), "'scan_identifier' is required");
        Files.writeString(outputRoot.resolve("plain_file"), "x");
        cases.put(Map.of("scan_identifier", "tiny.npy", "out_root", "plain_file"), "out_root 'plain_file' is a file");
        cases.put(Map.of("scan_identifier", "x".repeat(100_000)), "must be at most 4096 characters, got 100000");
        cases.put(Map.of("scan_identifier", "tiny.npy", "scan_shape", List.of(3, 3)), "scan shape 3x3");
        for (Map.Entry<Map<String, Object>, String> entry : cases.entrySet()) {
            CallToolResult result = call("analyze_scan_tool", entry.getKey());
            assertTrue(Boolean.TRUE.equals(result.isError()), entry.getKey() + " -> " + text(result));
            assertTrue(text(result).contains(entry.getValue()), entry.getKey() + " -> " + text(result));
            assertTrue(text(result).length() < 2000, "message stays short: " + text(result).length() + " characters");
            assertFalse(text(result).contains(".. "), "sentences end once: " + text(result));
        }
        CallToolResult cancelUnknown = call("cancel_analysis", Map.of("job_id", "no-such-job"));
        assertTrue(Boolean.TRUE.equals(cancelUnknown.isError()), text(cancelUnknown));
        CallToolResult logUnknown = call("get_analysis_log", Map.of("job_id", "no-such-job", "tail_lines", -1));
        assertTrue(Boolean.TRUE.equals(logUnknown.isError()), text(logUnknown));

        CallToolResult stillServing = call("list_scans", Map.of());
        assertFalse(Boolean.TRUE.equals(stillServing.isError()), text(stillServing));
        assertTrue(text(stillServing).contains("tiny.npy"), text(stillServing));
    }

    @Test
    @Order(8)
    void concurrentCallsAllAnswered() throws Exception {
        // The SDK's stdio transport dropped responses that finished at the same moment. Five rounds
        // of 20 parallel calls showed the loss within a round or two.
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<CallToolResult>> futures = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String tool = i % 2 == 0 ? "list_scans" : "check_analysis_status";
                    futures.add(pool.submit(() -> call(tool, Map.of())));
                }
                int answered = 0;
                for (Future<CallToolResult> future : futures) {
                    CallToolResult result = future.get(2, TimeUnit.MINUTES);
                    assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
                    assertFalse(text(result).isEmpty());
                    answered++;
                }
                assertEquals(20, answered, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(9)
    @SuppressWarnings("unchecked")
    void analyzesSharedSyntheticScanWithProgress() throws IOException {
        assumeTrue(shared != null && Files.isRegularFile(shared.resolve("data/reference/synth_small.h5")),
                "shared test data absent");
        progress.clear();
        CallToolRequest request = CallToolRequest.builder().name("analyze_scan_tool")
                .arguments(Map.of("scan_identifier", "synth_small.h5", "k_clusters", 5, "features", "binned-pattern",
                        "wait_seconds", 240))
                .progressToken("synth-progress").build();
        CallToolResult result = client.callTool(request);
        assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
        Map<String, Object> summary = structured(result);
        Map<String, Object> dataset = (Map<String, Object>) summary.get("dataset");
        assertEquals(List.of(32, 32), dataset.get("scan_shape"));
        assertEquals(List.of(256, 256), dataset.get("frame_shape"));
        List<Number> sizes = (List<Number>) ((Map<String, Object>) summary.get("clusters")).get("sizes");
        assertEquals(1024, sizes.stream().mapToInt(Number::intValue).sum());
        double seconds = ((Number) ((Map<String, Object>) summary.get("timings_seconds")).get("total")).doubleValue();
        if (seconds > 2) {
            assertFalse(progress.isEmpty(), "progress notifications arrive for a " + seconds + " s job");
            assertTrue(progress.stream().allMatch(p -> "synth-progress".equals(p.progressToken())));
        }
    }

    @Test
    @Order(10)
    @SuppressWarnings("unchecked")
    void analyzesRealMerlinFile() {
        assumeTrue(shared != null && Files.isRegularFile(
                shared.resolve("data/real/rosettasciio/quantumdetector/001_4x2_6bit.mib")), "shared test data absent");
        CallToolResult result = call("analyze_scan_tool", Map.of("scan_identifier", "001_4x2_6bit.mib",
                "k_clusters", 2, "wait_seconds", 240));
        assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
        Map<String, Object> dataset = (Map<String, Object>) structured(result).get("dataset");
        assertEquals("mib", dataset.get("format"));
        assertEquals(List.of(2, 4), dataset.get("scan_shape"));
        assertEquals(List.of(256, 256), dataset.get("frame_shape"));
    }

    /** Waits until the job reads frames (or has ended), so that cancellation hits the streaming pass. */
    @SuppressWarnings("unchecked")
    private void awaitFeatureStage(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> job = (Map<String, Object>) structured(call("check_analysis_status",
                    Map.of("job_id", jobId))).get("job");
            boolean ended = Set.of("succeeded", "failed", "cancelled").contains(job.get("state"));
            boolean streaming = !"open".equals(job.get("stage"));
            if (ended || streaming) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private String pollUntilFinished(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            CallToolResult status = call("check_analysis_status", Map.of("job_id", jobId));
            @SuppressWarnings("unchecked")
            Map<String, Object> job = (Map<String, Object>) structured(status).get("job");
            String state = (String) job.get("state");
            if (Set.of("succeeded", "failed", "cancelled").contains(state)) {
                return state;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " did not finish within " + JOB_TIMEOUT + "; server log: "
                + String.join("\n", serverErrors));
    }

    private CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new CallToolRequest(tool, new HashMap<>(arguments)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(CallToolResult result) {
        Object content = result.structuredContent();
        assertTrue(content instanceof Map, "structured content expected: " + text(result));
        return (Map<String, Object>) content;
    }

    private static String text(CallToolResult result) {
        return result.content().stream().filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Returns the folder that contains {@code data/} of the shared test data, walking up from the working directory. */
    static Path findShared() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("data"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }
}
