package io.github.stem4d.mcp.cli;

import io.github.stem4d.lock.LockException;
import io.github.stem4d.mcp.jobs.AnalysisLockJobLock;
import io.github.stem4d.mcp.jobs.JobRunner;
import io.github.stem4d.mcp.jobs.PipelineEngine;
import io.github.stem4d.mcp.server.ServerSettings;
import io.github.stem4d.mcp.server.Stem4dServer;
import io.github.stem4d.mcp.server.Stem4dTools;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code stem4d serve} subcommand: the MCP server. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the stem4d MCP server on stdio (default) or streamable HTTP on 127.0.0.1.",
            "stdout carries only MCP messages; logs go to stderr and to each job's analysis.log."})
final class ServeCommand implements Callable<Integer> {

    enum Transport { STDIO, HTTP }

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "stdio",
            description = "stdio or http (default: ${DEFAULT-VALUE}).")
    Transport transport;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8765",
            description = "TCP port of the HTTP transport on 127.0.0.1; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-root", paramLabel = "DIR", required = true,
            description = "Folder whose scans may be analysed; repeat for several. Paths that leave it (.., symbolic"
                    + " links) are rejected.")
    List<Path> dataRoots;

    @Option(names = "--output-root", paramLabel = "DIR",
            description = "Where results go: DIR/<scan name>/<job id>/ (default: ${java.io.tmpdir}/scan_analysis)."
                    + " A tool's out_root must lie inside it.")
    Path outputRoot;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads per analysis (default: all processors).")
    Integer threads;

    @Mixin
    LockFileOptions lockOptions;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            System.err.println("stem4d serve: invalid --port " + port + ": expected 0 (any free port) to 65535");
            return Stem4dCommand.EXIT_USAGE;
        }
        // The stdio transport owns stdout: keep the real stream for it and send stray prints to stderr.
        OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        if (transport == Transport.STDIO) {
            System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        }
        ServerSettings settings;
        Stem4dTools tools;
        JobRunner runner;
        try {
            settings = new ServerSettings(dataRoots,
                    (outputRoot == null ? ServerSettings.defaultOutputRoot() : outputRoot).toAbsolutePath(),
                    threads == null ? Runtime.getRuntime().availableProcessors() : threads);
            runner = new JobRunner(new PipelineEngine(), new AnalysisLockJobLock(lockOptions.open()));
            tools = new Stem4dTools(settings, runner);
        } catch (IllegalArgumentException | IOException | LockException e) {
            System.err.println("stem4d serve: " + e.getMessage());
            return Stem4dCommand.EXIT_USAGE;
        }

        if (transport == Transport.HTTP) {
            try {
                Stem4dServer.startHttp(tools, runner, port).join();
            } catch (IOException e) {
                System.err.println("stem4d serve: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
                return 1;
            }
            return 0;
        }
        Stem4dServer.runStdio(tools, runner, new FileInputStream(FileDescriptor.in), protocolOut);
        return 0;
    }
}
