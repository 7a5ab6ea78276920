package io.github.stem4d.mcp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code stem4d} command line. Results go to stdout; progress, logs and errors go to
 * stderr, so that {@code stem4d serve} can use stdout for the MCP protocol.
 *
 * <p>Exit codes: 0 success, 1 failure, 2 usage error, 75 lock held (EX_TEMPFAIL).
 */
@Command(name = "stem4d",
        mixinStandardHelpOptions = true,
        versionProvider = Stem4dCommand.Version.class,
        description = "Streaming clustering of 4D-STEM scans: features, PCA, k-means, figures, an MCP server.",
        subcommands = {
            DemoCommand.class,
            AnalyzeCommand.class,
            InfoCommand.class,
            GenerateCommand.class,
            ServeCommand.class,
            LockCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Stem4dCommand implements Runnable {

    /** Exit code for a usage error. */
    public static final int EXIT_USAGE = 2;
    /** Exit code when the analysis lock is held by someone else (EX_TEMPFAIL of sysexits.h). */
    public static final int EXIT_LOCK_HELD = 75;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Builds the configured command line, for tests and embedding. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Stem4dCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setErr(new java.io.PrintWriter(System.err, true));
        return commandLine;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int exitCode = commandLine().execute(args);
        System.exit(exitCode);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Stem4dCommand.class.getPackage().getImplementationVersion();
            return new String[] {"stem4d " + (version == null ? "(development build)" : version)};
        }
    }
}
