package io.github.stem4d.analysis;

/**
 * Receives progress of an analysis. Called from the analysis thread; implementations return
 * quickly and must be thread-safe if shared.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every update. */
    ProgressListener NONE = (stage, done, total) -> { };

    /**
     * Reports that {@code done} of {@code total} units of {@code stage} are complete.
     * For one stage, {@code done} never decreases.
     */
    void onProgress(Stage stage, long done, long total);

    /** Stages of {@code analyze_scan}, in the order they run. */
    enum Stage {
        OPEN, FEATURES, PCA, KMEANS, REPRESENTATIVES, WRITE, RENDER, DONE
    }
}
