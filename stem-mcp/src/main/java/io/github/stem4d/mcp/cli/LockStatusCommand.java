package io.github.stem4d.mcp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.stem4d.lock.AnalysisLock;
import io.github.stem4d.lock.LockDurations;
import io.github.stem4d.lock.LockException;
import io.github.stem4d.lock.LockHolder;
import io.github.stem4d.lock.LockOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code stem4d lock status} command: who holds the analysis lock, since when, and whether it is alive. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Shows who holds the analysis lock, since when, and whether the holder is alive, stale or unknown.",
            "A record whose holder is dead or stale counts as free, because the next request takes it over."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the lock is free",
            "75:the lock is held",
            "2:usage error",
            "1:any other failure (for example the lock file is a symbolic link or a directory)"
        })
final class LockStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--lock-file", paramLabel = "FILE",
            description = "The lock record file. Default: ${DEFAULT-VALUE}.")
    Path lockFile = LockOptions.defaultPath();

    @Option(names = "--stale-after", paramLabel = "DURATION", converter = LockDurationConverter.class,
            description = "Age after which a holder that cannot be proved alive counts as stale, such as 30m,"
                    + " 1h or PT1H. Default: 1h.")
    Duration staleAfter = LockOptions.DEFAULT_STALE_LIMIT;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<LockHolder> holder;
        try {
            AnalysisLock lock = AnalysisLock.open(LockOptions.builder().path(lockFile).staleLimit(staleAfter).build());
            holder = lock.holder();
        } catch (LockException | IllegalArgumentException e) {
            err.println("stem4d lock status: " + e.getMessage());
            return 1;
        }

        String state = state(holder);
        if (json) {
            out.println(toJson(state, holder));
        } else {
            printText(out, state, holder);
        }
        out.flush();
        return "held".equals(state) ? Stem4dCommand.EXIT_LOCK_HELD : 0;
    }

    /** Returns free, held, dead or stale. */
    private static String state(Optional<LockHolder> holder) {
        if (holder.isEmpty()) {
            return "free";
        }
        return switch (holder.get().liveness()) {
            case ALIVE, UNKNOWN -> "held";
            case DEAD -> "dead";
            case STALE -> "stale";
        };
    }

    private String toJson(String state, Optional<LockHolder> holder) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("lock_file", lockFile.toAbsolutePath().toString());
        root.put("state", state);
        root.put("held", "held".equals(state));
        root.put("stale_after_seconds", staleAfter.toMillis() / 1000.0);
        if (holder.isPresent()) {
            LockHolder h = holder.get();
            ObjectNode node = root.putObject("holder");
            node.put("job_id", h.jobId());
            node.put("scan_identifier", h.scanIdentifier());
            node.put("timestamp", h.timestamp());
            node.put("age_seconds", h.age().toMillis() / 1000.0);
            if (h.heldFor().isPresent()) {
                node.put("held_seconds", h.heldFor().get().toMillis() / 1000.0);
            }
            node.put("liveness", h.liveness().name().toLowerCase(Locale.ROOT));
            node.put("readable", h.readable());
            putIfPresent(node, "acquired_at", h.acquiredAt());
            putIfPresent(node, "owner_token", h.ownerToken());
            if (h.pid() != null) {
                node.put("pid", h.pid());
            }
            if (h.processStart() != null) {
                node.put("process_start", h.processStart());
            }
            putIfPresent(node, "host", h.host());
            putIfPresent(node, "boot_id", h.bootId());
            if (h.generation() != null) {
                node.put("generation", h.generation());
            }
            if (h.version() != null) {
                node.put("version", h.version());
            }
        } else {
            root.putNull("holder");
        }
        return mapper.writeValueAsString(root);
    }

    private static void putIfPresent(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    private void printText(PrintWriter out, String state, Optional<LockHolder> holder) {
        Path file = lockFile.toAbsolutePath();
        if (holder.isEmpty()) {
            out.println("The analysis lock " + file + " is free.");
            return;
        }
        LockHolder h = holder.get();
        String holderText = h.readable() ? "job '" + h.jobId() + "'" : "an unreadable record";
        switch (state) {
            case "held" -> out.println("The analysis lock " + file + " is held by " + holderText + ".");
            case "dead" -> out.println("The analysis lock " + file + " is free. The record of " + holderText
                    + " was left by a process that is gone, and the next request takes it over.");
            default -> out.println("The analysis lock " + file + " is free. The record of " + holderText
                    + " is stale (no heartbeat for " + LockDurations.format(h.age()) + ", limit "
                    + LockDurations.format(staleAfter) + "), and the next request takes it over.");
        }
        out.println("  job:        " + h.jobId());
        out.println("  scan:       " + h.scanIdentifier());
        if (h.acquiredAt() != null) {
            out.println("  since:      " + h.acquiredAt()
                    + h.heldFor().map(held -> " (" + LockDurations.format(held) + ")").orElse(""));
        }
        out.println("  heartbeat:  " + LockDurations.format(h.age()) + " ago");
        out.println("  host:       " + (h.host() == null ? "(not recorded)" : h.host()));
        out.println("  pid:        " + (h.pid() == null ? "(not recorded)" : h.pid().toString()));
        out.println("  holder:     " + describe(h.liveness()));
        if (h.generation() != null) {
            out.println("  generation: " + h.generation());
        }
    }

    private String describe(LockHolder.Liveness liveness) {
        return switch (liveness) {
            case ALIVE -> "alive (it holds the OS lock, or its process runs)";
            case DEAD -> "dead (its process is gone, or the record is unreadable and nobody holds the OS lock)";
            case STALE -> "stale (older than " + LockDurations.format(staleAfter) + " and not provably alive)";
            case UNKNOWN -> "unknown (another host, or a tool without the guard file; honoured until it is older"
                    + " than " + LockDurations.format(staleAfter) + ")";
        };
    }
}
