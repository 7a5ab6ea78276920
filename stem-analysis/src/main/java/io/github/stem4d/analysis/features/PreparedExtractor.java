package io.github.stem4d.analysis.features;

import java.util.List;

/**
 * A feature extractor bound to one frame shape and option set. Immutable and safe to share
 * between threads; each thread computes through its own {@link Worker}.
 */
public interface PreparedExtractor {

    /** Returns the extractor name. */
    String name();

    /** Returns the number of features per frame, D. */
    int dimension();

    /** Returns the shape every frame passed to a {@link Worker} must have (det_y rows, det_x columns). */
    io.github.stem4d.analysis.scan.FrameShape frameShape();

    /** Returns a short name for each of the D columns. */
    List<String> columnNames();

    /** Returns the effective options, defaults included, for reports. */
    java.util.Map<String, String> options();

    /** Creates a worker with its own scratch buffers, for use by one thread at a time. */
    Worker newWorker();

    /** Per-thread feature computation; allocates nothing per frame. */
    interface Worker {

        /**
         * Computes the features of one frame.
         *
         * @param frames source buffer holding row-major frames
         * @param frameOffset index in {@code frames} of the frame's first pixel
         * @param features receives {@link #dimension()} values starting at {@code featureOffset}
         * @param featureOffset first index written in {@code features}
         * @return true if the frame held NaN or infinite values, which were handled by the
         *     extractor's documented rule
         */
        boolean extract(float[] frames, int frameOffset, double[] features, int featureOffset);
    }
}
