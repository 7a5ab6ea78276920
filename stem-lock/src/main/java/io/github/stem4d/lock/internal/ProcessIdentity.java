package io.github.stem4d.lock.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Identity of this process and its host (pid, start time, host name, boot id), and checks of
 * other processes on the same host. Reads {@code /proc} on Linux, {@link ProcessHandle} elsewhere;
 * never uses the network.
 */
final class ProcessIdentity {

    /** State of a process named by a record. */
    enum State { RUNNING, GONE, REUSED, UNKNOWN }

    private static final Path PROC = Path.of("/proc");

    static final long PID = ProcessHandle.current().pid();
    static final String HOST = readHostName();
    static final String BOOT_ID = readFirstLine(Path.of("/proc/sys/kernel/random/boot_id")).orElse(null);
    static final Long PROCESS_START = startOf(PID).orElse(null);

    private ProcessIdentity() {
    }

    /**
     * Returns the start time of a process: clock ticks since boot from {@code /proc/<pid>/stat}
     * field 22 on Linux, epoch milliseconds from {@link ProcessHandle} elsewhere.
     */
    static Optional<Long> startOf(long pid) {
        if (Files.isDirectory(PROC.resolve("self"))) {
            return procStat(pid).map(ProcStat::startTicks);
        }
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().startInstant()).map(Instant::toEpochMilli);
    }

    /** Checks whether {@code pid} still runs and is the process that started at {@code start}. */
    static State check(long pid, Long start) {
        if (pid <= 0) {
            return State.GONE;
        }
        if (Files.isDirectory(PROC.resolve("self"))) {
            Optional<ProcStat> stat = procStat(pid);
            if (stat.isEmpty() || stat.get().state() == 'Z' || stat.get().state() == 'X') {
                return State.GONE;
            }
            if (start != null && stat.get().startTicks() != start) {
                return State.REUSED;
            }
            return State.RUNNING;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return State.GONE;
        }
        Optional<Instant> started = handle.get().info().startInstant();
        if (start != null && started.isPresent() && Math.abs(started.get().toEpochMilli() - start) > 1000) {
            return State.REUSED;
        }
        return start == null || started.isPresent() ? State.RUNNING : State.UNKNOWN;
    }

    private record ProcStat(char state, long startTicks) {
    }

    /** Parses state (field 3) and start time (field 22) of {@code /proc/<pid>/stat}. */
    private static Optional<ProcStat> procStat(long pid) {
        String text;
        try {
            text = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        // The command name (field 2) is in parentheses and may itself contain spaces and ')'.
        int close = text.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] fields = text.substring(close + 1).trim().split("\\s+");
        if (fields.length < 20) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcStat(fields[0].charAt(0), Long.parseLong(fields[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String readHostName() {
        Optional<String> host = readFirstLine(Path.of("/proc/sys/kernel/hostname"));
        if (host.isPresent()) {
            return host.get();
        }
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return readFirstLine(Path.of("/etc/hostname")).orElse("unknown-host");
    }

    private static Optional<String> readFirstLine(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            int newline = text.indexOf('\n');
            String line = newline < 0 ? text : text.substring(0, newline).trim();
            return line.isEmpty() ? Optional.empty() : Optional.of(line);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
