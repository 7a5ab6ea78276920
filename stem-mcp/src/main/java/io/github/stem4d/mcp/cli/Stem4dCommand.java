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
        configureLogging();
        int exitCode = commandLine().execute(args);
        System.exit(exitCode);
    }

    /**
     * Sends slf4j-simple output to stderr with timestamps, before the first logger is created;
     * stdout belongs to results and, under {@code serve}, to the MCP protocol. A value set with
     * {@code -D} on the command line wins.
     */
    static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setDefault("org.slf4j.simpleLogger.log.io.modelcontextprotocol", "warn");
        setDefault("org.slf4j.simpleLogger.log.io.jhdf", "warn");
        // jhdf 0.13.0 warns on every file it writes that its writer is in alpha. The tests read
        // results.h5 back with jhdf and h5py, so the warning would only alarm users.
        setDefault("org.slf4j.simpleLogger.log.io.jhdf.WritableHdfFile", "error");
        setDefault("org.slf4j.simpleLogger.log.hdf", "warn");
    }

    private static void setDefault(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
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
