package io.github.stem4d.mcp.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code stem4d} in this JVM and captures its exit code, stdout and stderr. */
final class LockCliRunner {

    record Result(int exitCode, String out, String err) {
    }

    private LockCliRunner() {
    }

    static Result run(String... args) {
        CommandLine commandLine = Stem4dCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
