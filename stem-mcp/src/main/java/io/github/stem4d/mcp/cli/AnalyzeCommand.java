package io.github.stem4d.mcp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code stem4d analyze} subcommand. */
@Command(name = "analyze", mixinStandardHelpOptions = true, description = "Not implemented yet.")
final class AnalyzeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        // TODO: implement.
        System.err.println("stem4d analyze: not implemented yet");
        return 1;
    }
}
