package io.github.stem4d.analysis;

import java.util.concurrent.CancellationException;

/** A flag that asks a running analysis to stop; checked between blocks of frames. Thread-safe. */
public final class CancellationToken {

    /** A token that is never cancelled. */
    public static final CancellationToken NONE = new CancellationToken();

    private volatile String reason;

    /** Asks the analysis to stop at its next check. */
    public void cancel(String reason) {
        if (this == NONE) {
            throw new IllegalStateException("the shared NONE token cannot be cancelled");
        }
        this.reason = reason == null ? "cancelled" : reason;
    }

    /** Returns whether {@link #cancel} was called. */
    public boolean isCancelled() {
        return reason != null;
    }

    /**
     * Throws if cancelled.
     *
     * @throws CancellationException carrying the reason given to {@link #cancel}
     */
    public void throwIfCancelled() {
        String current = reason;
        if (current != null) {
            throw new CancellationException(current);
        }
    }
}
