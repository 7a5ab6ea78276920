package io.github.stem4d.mcp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code stem4d serve} subcommand. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Not implemented yet.")
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        // TODO: implement.
        System.err.println("stem4d serve: not implemented yet");
        return 1;
    }
}
