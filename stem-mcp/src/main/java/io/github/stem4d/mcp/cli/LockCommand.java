package io.github.stem4d.mcp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code stem4d lock} subcommand. */
@Command(name = "lock", mixinStandardHelpOptions = true, description = "Not implemented yet.")
final class LockCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        // TODO: implement.
        System.err.println("stem4d lock: not implemented yet");
        return 1;
    }
}
