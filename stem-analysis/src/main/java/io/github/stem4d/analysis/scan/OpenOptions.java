package io.github.stem4d.analysis.scan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings for {@link ScanDatasets#open(java.nio.file.Path, OpenOptions)}; every setting is
 * optional. Immutable; build with {@link #builder()}.
 */
public final class OpenOptions {

    private static final OpenOptions DEFAULTS = builder().build();

    private final String format;
    private final String datasetPath;
    private final ScanShape scanShape;
    private final RawLayout rawLayout;
    private final long skipFrames;
    private final Map<String, String> readerOptions;

    private OpenOptions(Builder builder) {
        this.format = builder.format;
        this.datasetPath = builder.datasetPath;
        this.scanShape = builder.scanShape;
        this.rawLayout = builder.rawLayout;
        this.skipFrames = builder.skipFrames;
        this.readerOptions = Map.copyOf(builder.readerOptions);
    }

    /** Returns options that force nothing. */
    public static OpenOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.format = format;
        builder.datasetPath = datasetPath;
        builder.scanShape = scanShape;
        builder.rawLayout = rawLayout;
        builder.skipFrames = skipFrames;
        builder.readerOptions.putAll(readerOptions);
        return builder;
    }

    /** Returns the forced reader name ({@code "hdf5-jhdf"}) or format name ({@code "hdf5"}), if any. */
    public Optional<String> format() {
        return Optional.ofNullable(format);
    }

    /** Returns the HDF5 dataset path to read, if the caller named one. */
    public Optional<String> datasetPath() {
        return Optional.ofNullable(datasetPath);
    }

    /** Returns the caller's scan shape, which wins over any shape found in the file. */
    public Optional<ScanShape> scanShape() {
        return Optional.ofNullable(scanShape);
    }

    /** Returns the byte layout for raw files, required by the raw reader. */
    public Optional<RawLayout> rawLayout() {
        return Optional.ofNullable(rawLayout);
    }

    /** Returns the number of leading frames to drop before the scan starts (for example flyback frames). */
    public long skipFrames() {
        return skipFrames;
    }

    /** Returns reader-specific settings by name; each reader documents the names it reads. */
    public Map<String, String> readerOptions() {
        return readerOptions;
    }

    /** Builder of {@link OpenOptions}. */
    public static final class Builder {
        private String format;
        private String datasetPath;
        private ScanShape scanShape;
        private RawLayout rawLayout;
        private long skipFrames;
        private final Map<String, String> readerOptions = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder format(String format) {
            this.format = format;
            return this;
        }

        public Builder datasetPath(String datasetPath) {
            this.datasetPath = datasetPath;
            return this;
        }

        public Builder scanShape(ScanShape scanShape) {
            this.scanShape = scanShape;
            return this;
        }

        public Builder rawLayout(RawLayout rawLayout) {
            this.rawLayout = rawLayout;
            return this;
        }

        public Builder skipFrames(long skipFrames) {
            if (skipFrames < 0) {
                throw new IllegalArgumentException("skipFrames must be >= 0, got " + skipFrames);
            }
            this.skipFrames = skipFrames;
            return this;
        }

        public Builder readerOption(String name, String value) {
            readerOptions.put(name, value);
            return this;
        }

        public OpenOptions build() {
            return new OpenOptions(this);
        }
    }
}
