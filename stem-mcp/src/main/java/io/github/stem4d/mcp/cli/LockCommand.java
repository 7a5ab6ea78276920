package io.github.stem4d.mcp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code stem4d lock} command: shows or takes the analysis lock. */
@Command(name = "lock",
        mixinStandardHelpOptions = true,
        description = {
            "Shows or takes the analysis lock that lets one heavy analysis run at a time on this machine.",
            "The lock is a JSON record file (default <java.io.tmpdir>/4dllm_analysis.lock) shared with the"
                    + " original Python tools, guarded by an OS file lock on <file>.guard."
        },
        subcommands = {LockStatusCommand.class, LockRunCommand.class})
final class LockCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("stem4d lock: missing subcommand; expected 'status' or 'run'.");
        spec.commandLine().usage(spec.commandLine().getErr());
        return Stem4dCommand.EXIT_USAGE;
    }
}
