package io.github.stem4d.mcp.jobs;

import java.util.Locale;

/** Life-cycle states of an analysis job. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** Returns whether the job has ended. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Returns the lower-case name used in tool results and JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
