package io.github.stem4d.analysis.features;

import com.google.auto.service.AutoService;
import io.github.stem4d.analysis.scan.FrameShape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code binned-pattern} extractor: the frame itself, on a log scale and mean-pooled to a
 * coarse grid, so that it keeps the orientation of the pattern.
 *
 * <p>Each pixel becomes {@code log1p(max(x, 0))}; the frame (or a window, see below) is split
 * into {@code grid} rows by columns of cells, cell edges at {@code floor(k * length / cells)},
 * and each feature is the mean of one cell, row-major (det_y, then det_x). Unlike
 * {@code polar-harmonics} this separates grains of one phase at different orientations.
 *
 * <p>Options: {@code grid}, "32" or "ROWSxCOLS" such as "32x32" (each from 1 to 256 and at most
 * the window size; the default 32x32 shrinks to the window of smaller frames), and {@code center}. With "detector" the whole frame is pooled. With "beam"
 * a square window of side {@code min(rows, cols) - 2 * round(min(rows, cols) / 16)} is pooled,
 * moved by whole pixels to the direct beam as {@code polar-harmonics} with
 * {@code beam-center=com} finds it and kept inside the frame, which removes descan drift. NaN and infinite pixels are replaced by 0, and the worker reports the frame.
 * Stateless and thread-safe.
 */
@AutoService(FeatureExtractor.class)
public final class BinnedPatternExtractor implements FeatureExtractor {

    /** Name users select this extractor by. */
    public static final String NAME = "binned-pattern";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public BinnedPatternExtractor() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "log-scaled frame mean-pooled to a coarse grid; orientation-sensitive";
    }

    @Override
    public Map<String, String> defaultOptions() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("grid", "32x32");
        defaults.put("center", "detector");
        return defaults;
    }

    /**
     * Validates the options and builds the cell tables for this frame shape.
     *
     * @throws IllegalArgumentException for an unknown option or an invalid value, including a
     *     grid larger than the window
     */
    @Override
    public PreparedExtractor prepare(FrameShape frameShape, Map<String, String> options) {
        Objects.requireNonNull(frameShape, "frameShape");
        ExtractorOptions parsed = ExtractorOptions.merge(NAME, defaultOptions(), options);
        return new BinnedPatternModel(frameShape, parsed, options.containsKey("grid"));
    }
}
