package io.github.stem4d.mcp.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of the MCP server.
 *
 * @param dataRoots folders whose scans may be analysed, as real paths (symbolic links resolved)
 * @param outputRoot default output root; results go to {@code <root>/<scan name>/<job id>/}
 * @param threads worker threads per analysis, at least 1
 */
public record ServerSettings(List<Path> dataRoots, Path outputRoot, int threads) {

    public ServerSettings {
        dataRoots = List.copyOf(dataRoots);
        Objects.requireNonNull(outputRoot, "outputRoot");
        if (dataRoots.isEmpty()) {
            throw new IllegalArgumentException("dataRoots must name at least one folder (--data-root DIR)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** Returns the default output root, {@code <java.io.tmpdir>/scan_analysis}. */
    public static Path defaultOutputRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "scan_analysis");
    }
}
