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
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts {@code stem4d serve --transport http} as a separate process and talks to it over loopback HTTP. */
class Stem4dHttpServerIT {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+)/mcp)");
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";

    @TempDir
    Path temp;

    @Test
    void servesToolsAndRejectsForeignOrigin() throws Exception {
        Path jar = Path.of(System.getProperty("stem4d.jar", "target/stem4d.jar")).toAbsolutePath();
        assumeTrue(Files.isRegularFile(jar), "packaged jar missing: " + jar);
        Path data = Files.createDirectories(temp.resolve("data"));
        SyntheticScanGenerator.generate(new SyntheticScanSpec(new ScanShape(4, 4), new FrameShape(16, 16), 2, 0,
                PixelType.UINT16, SyntheticFormat.NPY), data.resolve("http_scan.npy"), false);

        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve", "--transport", "http", "--port", "0", "--data-root", data.toString(),
                "--output-root", temp.resolve("results").toString(), "--lock-file", temp.resolve("lock").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String endpoint = awaitEndpoint(server);

            HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(endpoint
                    .replace("/mcp", "")).jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper())).build();
            try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build()) {
                client.initialize();
                assertEquals(6, client.listTools().tools().size());
                McpSchema.CallToolResult scans = client.callTool(new McpSchema.CallToolRequest("list_scans", Map.of()));
                assertFalse(Boolean.TRUE.equals(scans.isError()));
                assertTrue(((McpSchema.TextContent) scans.content().get(0)).text().contains("http_scan.npy"));
            }

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("Origin", "http://attacker.example")
                    .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, foreign.statusCode(), foreign.body());
            HttpResponse<String> local = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("Origin", endpoint.replace("/mcp", ""))
                    .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, local.statusCode(), local.body());
        } finally {
            server.destroy();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "server exits on SIGTERM");
        }
    }

    private static String awaitEndpoint(Process server) throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (err.readLine() != null) {
                            // Keep the pipe empty so the server never blocks on stderr.
                        }
                    } catch (java.io.IOException e) {
                        // The server exited.
                    }
                });
                drain.setDaemon(true);
                drain.start();
                assertNotNull(matcher.group(2));
                return matcher.group(1);
            }
        }
        throw new AssertionError("server did not report its port; stderr:\n" + seen);
    }
}
