package io.github.stem4d.mcp.cli;

import io.github.stem4d.lock.AnalysisLock;
import io.github.stem4d.lock.LockDeniedException;
import io.github.stem4d.lock.LockException;
import io.github.stem4d.lock.LockLease;
import io.github.stem4d.lock.LockOptions;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code stem4d lock run} command: runs any command while holding the analysis lock, like flock(1). */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs COMMAND while holding the analysis lock, like flock(1), and exits with the command's exit code.",
            "If another job holds the lock, COMMAND is not started. stem4d names the holder on stderr and exits"
                    + " with 75 (or --conflict-exit-code).",
            "SIGTERM and SIGINT sent to stem4d are passed to COMMAND (SIGTERM, then SIGKILL after 10 s), and the"
                    + " lock is released when COMMAND has ended.",
            "Unlike flock(1), COMMAND cannot inherit the lock: if stem4d itself is killed with SIGKILL, COMMAND"
                    + " runs on unprotected, and the next request takes the lock over.",
            "COMMAND sees STEM4D_LOCK_FILE, STEM4D_LOCK_JOB_ID and STEM4D_LOCK_GENERATION (a counter that grows"
                    + " with each acquisition, usable as a fencing token).",
            "Put -- before COMMAND when COMMAND has options of its own."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "N:the exit code of COMMAND (128+signal when a signal ended it)",
            "75:the lock is held by another job (see --conflict-exit-code)",
            "2:usage error",
            "126:COMMAND was found but could not be started",
            "127:COMMAND was not found",
            "1:any other failure"
        })
final class LockRunCommand implements Callable<Integer> {

    /** How long COMMAND may take to end after SIGTERM before it is killed. */
    static final Duration CHILD_STOP_GRACE = Duration.ofSeconds(10);
    /** Exit code when a signal stops stem4d before COMMAND starts: 128 + SIGTERM. */
    private static final int EXIT_TERMINATED = 143;

    @Spec
    CommandSpec spec;

    @Option(names = "--lock-file", paramLabel = "FILE",
            description = "The lock record file. Default: ${DEFAULT-VALUE}.")
    Path lockFile = LockOptions.defaultPath();

    @Option(names = "--job-id", paramLabel = "ID",
            description = "Job id written to the lock record. Default: lock-run-<pid>.")
    String jobId;

    @Option(names = "--scan", paramLabel = "S",
            description = "Scan identifier written to the lock record. Default: the command line.")
    String scan;

    @Option(names = "--wait", paramLabel = "DURATION", converter = LockDurationConverter.class,
            description = "How long to wait for the lock, such as 30s, 5m or PT1M. Default: 0 (fail at once).")
    Duration wait = Duration.ZERO;

    @Option(names = "--stale-after", paramLabel = "DURATION", converter = LockDurationConverter.class,
            description = "Age after which a holder that cannot be proved alive is taken over. Default: 1h.")
    Duration staleAfter = LockOptions.DEFAULT_STALE_LIMIT;

    @Option(names = "--conflict-exit-code", paramLabel = "N",
            description = "Exit code when the lock is held, 1 to 255. Default: ${DEFAULT-VALUE}.")
    int conflictExitCode = Stem4dCommand.EXIT_LOCK_HELD;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        if (conflictExitCode < 1 || conflictExitCode > 255) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--conflict-exit-code': expected 1 to 255, got " + conflictExitCode + ".");
        }
        PrintWriter err = spec.commandLine().getErr();
        String job = jobId != null ? jobId : "lock-run-" + ProcessHandle.current().pid();
        String scanIdentifier = scan != null ? scan : String.join(" ", command);

        LockLease lease;
        try {
            // The lease's own shutdown hook is off, because the hook below must stop COMMAND before the release.
            AnalysisLock lock = AnalysisLock.open(LockOptions.builder()
                    .path(lockFile)
                    .staleLimit(staleAfter)
                    .releaseOnShutdown(false)
                    .build());
            lease = wait.isZero() ? lock.tryAcquire(job, scanIdentifier) : lock.acquire(job, scanIdentifier, wait);
        } catch (LockDeniedException e) {
            err.println("stem4d lock run: " + e.getMessage());
            err.flush();
            return conflictExitCode;
        } catch (LockException | IllegalArgumentException e) {
            err.println("stem4d lock run: " + e.getMessage());
            err.flush();
            return 1;
        }

        return runHolding(lease, err);
    }

    private int runHolding(LockLease lease, PrintWriter err) throws InterruptedException {
        // The hook is in place before COMMAND starts, so a signal in between still releases the lock.
        // The monitor on `child` keeps the hook and the start apart, so COMMAND never starts after
        // the hook has looked for it.
        AtomicReference<Process> child = new AtomicReference<>();
        AtomicBoolean stopping = new AtomicBoolean();
        Thread stopOnSignal = new Thread(() -> {
            Process started;
            synchronized (child) {
                stopping.set(true);
                started = child.get();
            }
            stopChildThenRelease(started, lease);
        }, "stem4d-lock-run-stop");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().put("STEM4D_LOCK_FILE", lockFile.toAbsolutePath().toString());
            builder.environment().put("STEM4D_LOCK_JOB_ID", lease.holder().jobId());
            builder.environment().put("STEM4D_LOCK_GENERATION", Long.toString(lease.generation()));
            synchronized (child) {
                if (stopping.get()) {
                    return EXIT_TERMINATED;
                }
                try {
                    child.set(builder.start());
                } catch (IOException e) {
                    boolean notFound = programNotFound(command.get(0));
                    err.println("stem4d lock run: cannot start '" + command.get(0) + "': "
                            + (notFound ? "command not found (check the name and PATH)" : e.getMessage()));
                    err.flush();
                    // The shell's codes, which flock(1) also uses: 127 for not found, 126 for not executable.
                    return notFound ? 127 : 126;
                }
            }

            lease.onLost(reason -> {
                err.println("stem4d lock run: warning: the analysis lock was lost while the command runs: " + reason);
                err.flush();
            });
            try {
                return child.get().waitFor();
            } catch (InterruptedException e) {
                stopChildThenRelease(child.get(), lease);
                throw e;
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting on a signal, and the hook stops COMMAND and releases the lock.
            }
            // Waits for the hook's release if the hook runs, because close() returns after the release.
            lease.close();
        }
    }

    /**
     * Sends SIGTERM to COMMAND, kills it after the grace period, waits for it, then releases the
     * lock. {@code child} is null when COMMAND has not started.
     */
    static void stopChildThenRelease(Process child, LockLease lease) {
        try {
            if (child != null && child.isAlive()) {
                child.destroy();
                if (!child.waitFor(CHILD_STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    child.destroyForcibly();
                    child.waitFor(CHILD_STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            lease.close();
        }
    }

    /**
     * Returns whether {@code program} names no file: a path that does not exist, or a bare name
     * found in no directory of {@code PATH}.
     */
    static boolean programNotFound(String program) {
        try {
            if (program.contains("/")) {
                return !Files.exists(Path.of(program));
            }
            String searchPath = System.getenv("PATH");
            if (searchPath == null) {
                return true;
            }
            for (String folder : searchPath.split(File.pathSeparator)) {
                if (!folder.isEmpty() && Files.exists(Path.of(folder, program))) {
                    return false;
                }
            }
            return true;
        } catch (InvalidPathException e) {
            // A name with a NUL character cannot name a file.
            return true;
        }
    }
}
