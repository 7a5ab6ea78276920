package io.github.stem4d.mcp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code stem4d info} subcommand. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Not implemented yet.")
final class InfoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        // TODO: implement.
        System.err.println("stem4d info: not implemented yet");
        return 1;
    }
}
