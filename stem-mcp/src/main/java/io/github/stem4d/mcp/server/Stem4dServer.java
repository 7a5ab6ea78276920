package io.github.stem4d.mcp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.stem4d.mcp.jobs.JobRunner;
import io.github.stem4d.mcp.jobs.Jobs;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the stem4d MCP server on stdio or on streamable HTTP bound to 127.0.0.1. */
public final class Stem4dServer {

    /** Path of the MCP endpoint of the HTTP transport. */
    public static final String HTTP_ENDPOINT = "/mcp";

    private static final Logger LOG = LoggerFactory.getLogger(Stem4dServer.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);
    private static final String INSTRUCTIONS = "stem4d clusters 4D-STEM scans. Call list_scans to see the scans,"
            + " analyze_scan_tool to start an analysis (it returns a job_id when the analysis outlasts wait_seconds),"
            + " check_analysis_status to follow it, and show_analysis_results for the figures. One analysis runs at"
            + " a time on this machine.";

    private Stem4dServer() {
    }

    private static McpJsonMapper jsonMapper() {
        return new JacksonMcpJsonMapper(new ObjectMapper());
    }

    private static McpSchema.ServerCapabilities capabilities() {
        return McpSchema.ServerCapabilities.builder().tools(false).build();
    }

    /**
     * Serves MCP on {@code in}/{@code out} until {@code in} reaches its end, then cancels running
     * jobs (releasing the lock) and returns. A shutdown hook cancels running jobs the same way when
     * the process is stopped by a signal.
     */
    public static void runStdio(Stem4dTools tools, JobRunner runner, InputStream in, OutputStream out) {
        EndOfInput input = new EndOfInput(in);
        StdioServerTransportProvider transport = new SerializedStdioTransportProvider(jsonMapper(), input, out);
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("stem4d", Jobs.version())
                .instructions(INSTRUCTIONS)
                .capabilities(capabilities())
                // Stem4dTools checks every argument itself; its messages name the argument, the rule and the value.
                .validateToolInputs(false)
                .tools(tools.specifications())
                .build();
        // On SIGTERM or SIGINT, running jobs are cancelled so that their logs record why they ended.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> runner.shutdown(SHUTDOWN_WAIT), "stem4d-stdio-shutdown"));
        LOG.info("stem4d MCP server ready on stdio; output root {}", tools.outputRoot());
        try {
            input.await();
            LOG.info("stdin closed; stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runner.shutdown(SHUTDOWN_WAIT);
        server.closeGracefully();
    }

    /**
     * Serves MCP over streamable HTTP at {@code http://127.0.0.1:<port>/mcp} until the process is
     * stopped. Requests whose Host or Origin header names another host are rejected (DNS
     * rebinding protection).
     *
     * @param port TCP port, or 0 for any free port
     * @return never returns normally before the server stops
     * @throws Exception when Jetty cannot start (for example, the port is in use)
     */
    public static Server startHttp(Stem4dTools tools, JobRunner runner, int port) throws Exception {
        String portPattern = port == 0 ? "*" : Integer.toString(port);
        DefaultServerTransportSecurityValidator validator = DefaultServerTransportSecurityValidator.builder()
                .allowedHosts(List.of("localhost:" + portPattern, "127.0.0.1:" + portPattern))
                .allowedOrigins(List.of("http://localhost:" + portPattern, "http://127.0.0.1:" + portPattern))
                .build();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(jsonMapper())
                .mcpEndpoint(HTTP_ENDPOINT)
                .httpHeaderValidator(validator)
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("stem4d", Jobs.version())
                .instructions(INSTRUCTIONS)
                .capabilities(capabilities())
                // Stem4dTools checks every argument itself; its messages name the argument, the rule and the value.
                .validateToolInputs(false)
                .tools(tools.specifications())
                .build();

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(transport);
        holder.setAsyncSupported(true);
        context.addServlet(holder, HTTP_ENDPOINT);
        jetty.setHandler(context);
        jetty.setStopAtShutdown(false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.shutdown(SHUTDOWN_WAIT);
            server.closeGracefully();
            try {
                jetty.stop();
            } catch (Exception e) {
                LOG.warn("stopping Jetty failed: {}", e.toString());
            }
        }, "stem4d-http-shutdown"));
        jetty.start();
        LOG.info("stem4d MCP server listening on http://127.0.0.1:{}{}; output root {}", connector.getLocalPort(),
                HTTP_ENDPOINT, tools.outputRoot());
        return jetty;
    }

    /** An input stream that signals when it reaches its end or fails, so the server can stop. */
    private static final class EndOfInput extends FilterInputStream {
        private final CountDownLatch ended = new CountDownLatch(1);

        EndOfInput(InputStream in) {
            super(in);
        }

        void await() throws InterruptedException {
            ended.await();
        }

        @Override
        public int read() throws IOException {
            return check(super.read());
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return check(super.read(buffer, offset, length));
        }

        private int check(int result) {
            if (result < 0) {
                ended.countDown();
            }
            return result;
        }

        @Override
        public void close() throws IOException {
            ended.countDown();
            super.close();
        }
    }
}
