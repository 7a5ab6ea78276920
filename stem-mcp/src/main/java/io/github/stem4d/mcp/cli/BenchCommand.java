package io.github.stem4d.mcp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code stem4d bench} subcommand. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Not implemented yet.")
final class BenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        // TODO: implement.
        System.err.println("stem4d bench: not implemented yet");
        return 1;
    }
}
