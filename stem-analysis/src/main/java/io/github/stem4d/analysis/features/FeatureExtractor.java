package io.github.stem4d.analysis.features;

import io.github.stem4d.analysis.scan.FrameShape;
import java.util.Map;

/**
 * Service provider that turns each diffraction frame into a fixed-length feature vector;
 * found with {@link java.util.ServiceLoader} through {@link FeatureExtractors}.
 *
 * <p>Implementations are stateless; {@link #prepare} builds the per-shape tables once.
 */
public interface FeatureExtractor {

    /** Returns the name users select it by, for example {@code "polar-harmonics"}. */
    String name();

    /** Returns one sentence on what the features capture, for help text. */
    String description();

    /** Returns every option this extractor reads, with its default value as text. */
    Map<String, String> defaultOptions();

    /**
     * Validates the options and precomputes what frames of this shape need.
     *
     * @param frameShape shape of every frame that will be passed in
     * @param options option values by name; missing names take their defaults
     * @throws IllegalArgumentException for an unknown option name or an invalid value, naming both
     */
    PreparedExtractor prepare(FrameShape frameShape, Map<String, String> options);
}
