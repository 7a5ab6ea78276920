package io.github.stem4d.mcp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code stem4d demo} subcommand. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Not implemented yet.")
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        // TODO: implement.
        System.err.println("stem4d demo: not implemented yet");
        return 1;
    }
}
