package io.github.stem4d.mcp.cli;

import io.github.stem4d.lock.AnalysisLock;
import io.github.stem4d.lock.LockDurations;
import io.github.stem4d.lock.LockOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --lock-file} and {@code --stale-after} options of commands that take the analysis lock. */
final class LockFileOptions {

    @Option(names = "--lock-file", paramLabel = "PATH",
            description = "Analysis lock record (default: ${java.io.tmpdir}/4dllm_analysis.lock, shared with the"
                    + " original Python tool).")
    Path lockFile;

    @Option(names = "--stale-after", paramLabel = "DURATION",
            description = "Age after which a lock whose holder cannot be proved alive is taken over, e.g. 30m,"
                    + " 1h, 90s (default: 1h).")
    String staleAfter;

    /** Opens the lock these options describe. */
    AnalysisLock open() {
        LockOptions.Builder builder = LockOptions.builder();
        if (lockFile != null) {
            builder.path(lockFile.toAbsolutePath());
        }
        if (staleAfter != null) {
            builder.staleLimit(LockDurations.parse(staleAfter));
        }
        return AnalysisLock.open(builder.build());
    }
}
