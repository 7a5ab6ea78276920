package io.github.stem4d.mcp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code stem4d generate} subcommand. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Not implemented yet.")
final class GenerateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        // TODO: implement.
        System.err.println("stem4d generate: not implemented yet");
        return 1;
    }
}
