package io.github.stem4d.mcp.server;

import io.github.stem4d.lock.AnalysisLock;
import io.github.stem4d.lock.LockLease;
import io.github.stem4d.lock.LockOptions;
import java.nio.file.Path;

/**
 * Holds the analysis lock in a separate JVM for tests: acquires it, prints {@code HELD} on
 * stdout, and releases it when stdin closes. Arguments: lock file, job id, scan identifier.
 */
public final class LockHolderMain {

    private LockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        AnalysisLock lock = AnalysisLock.open(LockOptions.builder().path(Path.of(args[0])).build());
        try (LockLease lease = lock.tryAcquire(args[1], args[2])) {
            System.out.println("HELD " + lease.generation());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Wait for the parent to close stdin.
            }
        }
    }
}
