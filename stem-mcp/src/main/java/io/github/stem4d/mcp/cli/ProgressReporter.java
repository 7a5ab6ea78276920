package io.github.stem4d.mcp.cli;

import io.github.stem4d.mcp.jobs.Job;
import io.github.stem4d.mcp.jobs.Jobs;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows a job's progress on stderr until it ends: one line rewritten with {@code \r} when stderr
 * is a terminal, else a line every 10 % or every 10 seconds, whichever comes first.
 */
final class ProgressReporter {

    private static final int BAR_WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;

    ProgressReporter(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Returns a reporter for {@code System.err}; stderr counts as a terminal when the JVM has a console and TERM is not dumb. */
    static ProgressReporter forStderr() {
        String term = System.getenv("TERM");
        boolean terminal = System.console() != null && term != null && !term.equals("dumb");
        return new ProgressReporter(System.err, terminal);
    }

    /** Reports until the job ends; returns early only when interrupted. */
    void follow(Job job) throws InterruptedException {
        int lastTenth = -1;
        long lastLine = 0;
        while (!job.await(Duration.ofMillis(terminal ? 200 : 500))) {
            double fraction = job.overallProgress();
            if (terminal) {
                err.print("\r" + line(job, fraction) + "   ");
                err.flush();
                continue;
            }
            int tenth = (int) (fraction * 10);
            long now = System.nanoTime();
            if (tenth > lastTenth || now - lastLine > 10_000_000_000L) {
                err.println(line(job, fraction));
                lastTenth = tenth;
                lastLine = now;
            }
        }
        if (terminal) {
            err.print("\r" + line(job, job.overallProgress()) + "   \n");
        } else {
            err.println(line(job, job.overallProgress()));
        }
        err.flush();
    }

    static String line(Job job, double fraction) {
        StringBuilder text = new StringBuilder();
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        text.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
        text.append(String.format(Locale.ROOT, "%5.1f%% ", fraction * 100));
        text.append(job.stage().name().toLowerCase(Locale.ROOT));
        if (job.framesTotal() > 0) {
            text.append(' ').append(job.framesDone()).append('/').append(job.framesTotal()).append(" frames");
        }
        text.append(", ").append(Jobs.formatDuration(job.elapsed()));
        job.estimatedRemaining().ifPresent(left -> text.append(", about ").append(Jobs.formatDuration(left)).append(" left"));
        return text.toString();
    }
}
