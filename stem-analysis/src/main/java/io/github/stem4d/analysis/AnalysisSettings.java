package io.github.stem4d.analysis;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Parameters of one {@code analyze_scan} run. Immutable; build with {@link #builder()}.
 * Defaults follow the original 4DLLM tool where it had one: {@code polar-harmonics}
 * features, K = 16, 50 components, centred but not standardised, seed 0.
 */
public final class AnalysisSettings {

    private final String features;
    private final Map<String, String> featureOptions;
    private final int k;
    private final int components;
    private final boolean standardize;
    private final long seed;
    private final int restarts;
    private final int maxIterations;
    private final double tolerance;
    private final int threads;
    private final int blockFrames;
    private final int representativesPerCluster;
    private final double brightFieldRadius;
    private final double annularInnerRadius;
    private final double annularOuterRadius;
    private final int[] initialRows;
    private final boolean clusterMeanPatterns;

    private AnalysisSettings(Builder b) {
        this.features = b.features;
        this.featureOptions = Map.copyOf(b.featureOptions);
        this.k = b.k;
        this.components = b.components;
        this.standardize = b.standardize;
        this.seed = b.seed;
        this.restarts = b.restarts;
        this.maxIterations = b.maxIterations;
        this.tolerance = b.tolerance;
        this.threads = b.threads;
        this.blockFrames = b.blockFrames;
        this.representativesPerCluster = b.representativesPerCluster;
        this.brightFieldRadius = b.brightFieldRadius;
        this.annularInnerRadius = b.annularInnerRadius;
        this.annularOuterRadius = b.annularOuterRadius;
        this.initialRows = b.initialRows.clone();
        this.clusterMeanPatterns = b.clusterMeanPatterns;
    }

    /** Returns settings with every default. */
    public static AnalysisSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.features = features;
        b.featureOptions.putAll(featureOptions);
        b.k = k;
        b.components = components;
        b.standardize = standardize;
        b.seed = seed;
        b.restarts = restarts;
        b.maxIterations = maxIterations;
        b.tolerance = tolerance;
        b.threads = threads;
        b.blockFrames = blockFrames;
        b.representativesPerCluster = representativesPerCluster;
        b.brightFieldRadius = brightFieldRadius;
        b.annularInnerRadius = annularInnerRadius;
        b.annularOuterRadius = annularOuterRadius;
        b.initialRows = initialRows.clone();
        b.clusterMeanPatterns = clusterMeanPatterns;
        return b;
    }

    /** Returns the feature extractor name. */
    public String features() {
        return features;
    }

    /** Returns options passed to the feature extractor. */
    public Map<String, String> featureOptions() {
        return featureOptions;
    }

    /** Returns K, the number of clusters. */
    public int k() {
        return k;
    }

    /** Returns the number of principal components kept (capped at the feature dimension). */
    public int components() {
        return components;
    }

    /** Returns whether feature columns are divided by their standard deviation before PCA. */
    public boolean standardize() {
        return standardize;
    }

    /** Returns the random seed of k-means. */
    public long seed() {
        return seed;
    }

    /** Returns the number of full k-means restarts (seeding plus Lloyd's algorithm). */
    public int restarts() {
        return restarts;
    }

    /** Returns the Lloyd iteration limit of each restart. */
    public int maxIterations() {
        return maxIterations;
    }

    /** Returns the relative inertia change below which Lloyd's algorithm stops. */
    public double tolerance() {
        return tolerance;
    }

    /** Returns the number of worker threads. */
    public int threads() {
        return threads;
    }

    /** Returns the number of frames read and processed per block. */
    public int blockFrames() {
        return blockFrames;
    }

    /** Returns how many frames closest to each centroid are kept for montages. */
    public int representativesPerCluster() {
        return representativesPerCluster;
    }

    /**
     * Returns the bright-field radius in detector pixels, or empty to derive it from the
     * direct beam (see {@link ScanAnalyzer}).
     */
    public OptionalDouble brightFieldRadius() {
        return optional(brightFieldRadius);
    }

    /** Returns the inner annular dark-field radius in detector pixels, or empty to derive it. */
    public OptionalDouble annularInnerRadius() {
        return optional(annularInnerRadius);
    }

    /** Returns the outer annular dark-field radius in detector pixels, or empty to derive it. */
    public OptionalDouble annularOuterRadius() {
        return optional(annularOuterRadius);
    }

    /**
     * Returns the K frame indices that Lloyd's algorithm starts from instead of k-means++
     * seeding, or an empty array (the default) to seed. Returns a copy.
     */
    public int[] initialRows() {
        return initialRows.clone();
    }

    /**
     * Returns whether the mean pattern of every cluster is computed, which costs a second read
     * of every frame.
     */
    public boolean clusterMeanPatterns() {
        return clusterMeanPatterns;
    }

    private static OptionalDouble optional(double value) {
        return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    @Override
    public String toString() {
        return "AnalysisSettings[features=" + features + ", featureOptions=" + featureOptions + ", k=" + k
                + ", components=" + components + ", standardize=" + standardize + ", seed=" + seed
                + ", restarts=" + restarts + ", maxIterations=" + maxIterations + ", tolerance=" + tolerance
                + ", threads=" + threads + ", blockFrames=" + blockFrames
                + ", representativesPerCluster=" + representativesPerCluster
                + ", brightFieldRadius=" + brightFieldRadius + ", annularInnerRadius=" + annularInnerRadius
                + ", annularOuterRadius=" + annularOuterRadius + ", initialRows=" + Arrays.toString(initialRows)
                + ", clusterMeanPatterns=" + clusterMeanPatterns + "]";
    }

    /** Builder of {@link AnalysisSettings}; every setter validates its value. */
    public static final class Builder {
        private String features = "polar-harmonics";
        private final Map<String, String> featureOptions = new LinkedHashMap<>();
        private int k = 16;
        private int components = 50;
        private boolean standardize;
        private long seed;
        private int restarts = 10;
        private int maxIterations = 300;
        private double tolerance = 1e-6;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int blockFrames = 256;
        private int representativesPerCluster = 16;
        private double brightFieldRadius = Double.NaN;
        private double annularInnerRadius = Double.NaN;
        private double annularOuterRadius = Double.NaN;
        private int[] initialRows = new int[0];
        private boolean clusterMeanPatterns = true;

        private Builder() {
        }

        public Builder features(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("features must name an extractor, got '" + name + "'");
            }
            this.features = name;
            return this;
        }

        public Builder featureOption(String name, String value) {
            featureOptions.put(name, value);
            return this;
        }

        public Builder k(int k) {
            this.k = positive("k", k);
            return this;
        }

        public Builder components(int components) {
            this.components = positive("components", components);
            return this;
        }

        public Builder standardize(boolean standardize) {
            this.standardize = standardize;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder restarts(int restarts) {
            this.restarts = positive("restarts", restarts);
            return this;
        }

        public Builder maxIterations(int maxIterations) {
            this.maxIterations = positive("maxIterations", maxIterations);
            return this;
        }

        public Builder tolerance(double tolerance) {
            if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
            }
            this.tolerance = tolerance;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = positive("threads", threads);
            return this;
        }

        public Builder blockFrames(int blockFrames) {
            this.blockFrames = positive("blockFrames", blockFrames);
            return this;
        }

        public Builder representativesPerCluster(int count) {
            this.representativesPerCluster = positive("representativesPerCluster", count);
            return this;
        }

        /** Sets the bright-field radius in detector pixels (positive), or NaN to derive it. */
        public Builder brightFieldRadius(double radius) {
            this.brightFieldRadius = radius("brightFieldRadius", radius);
            return this;
        }

        /** Sets the inner annular dark-field radius in detector pixels (positive), or NaN to derive it. */
        public Builder annularInnerRadius(double radius) {
            this.annularInnerRadius = radius("annularInnerRadius", radius);
            return this;
        }

        /** Sets the outer annular dark-field radius in detector pixels (positive), or NaN to derive it. */
        public Builder annularOuterRadius(double radius) {
            this.annularOuterRadius = radius("annularOuterRadius", radius);
            return this;
        }

        /**
         * Sets the K frame indices that Lloyd's algorithm starts from, replacing k-means++
         * seeding and restarts; no indices restore seeding. {@link #build()} checks the count
         * against K.
         */
        public Builder initialRows(int... rows) {
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] < 0) {
                    throw new IllegalArgumentException("initialRows[" + i + "] must be >= 0, got " + rows[i]);
                }
            }
            this.initialRows = rows.clone();
            return this;
        }

        /** Sets whether the per-cluster mean patterns are computed (a second read of every frame). */
        public Builder clusterMeanPatterns(boolean compute) {
            this.clusterMeanPatterns = compute;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @throws IllegalArgumentException if initial rows are set but their count is not K, or
         *     both annular radii are set and the inner one is not below the outer one
         */
        public AnalysisSettings build() {
            if (initialRows.length != 0 && initialRows.length != k) {
                throw new IllegalArgumentException("initialRows must name K = " + k + " frames, got "
                        + initialRows.length);
            }
            if (annularInnerRadius >= annularOuterRadius) {
                throw new IllegalArgumentException("annularInnerRadius " + annularInnerRadius
                        + " must be below annularOuterRadius " + annularOuterRadius);
            }
            return new AnalysisSettings(this);
        }

        private static double radius(String name, double value) {
            if (!Double.isNaN(value) && !(value > 0 && Double.isFinite(value))) {
                throw new IllegalArgumentException(name + " must be positive and finite (or NaN to derive it), got "
                        + value);
            }
            return value;
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
