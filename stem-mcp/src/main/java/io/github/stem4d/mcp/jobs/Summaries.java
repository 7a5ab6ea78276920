package io.github.stem4d.mcp.jobs;

import io.github.stem4d.analysis.AnalysisResult;
import io.github.stem4d.analysis.AnalysisSettings;
import io.github.stem4d.analysis.kmeans.KMeansResult;
import io.github.stem4d.analysis.pca.PcaModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the content of {@code summary.json}. */
final class Summaries {

    private Summaries() {
    }

    static Map<String, Object> parameters(AnalysisSettings settings) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("features", settings.features());
        parameters.put("feature_options", settings.featureOptions());
        parameters.put("k_clusters", settings.k());
        parameters.put("n_components", settings.components());
        parameters.put("standardize", settings.standardize());
        parameters.put("seed", settings.seed());
        parameters.put("kmeans_restarts", settings.restarts());
        parameters.put("kmeans_max_iterations", settings.maxIterations());
        parameters.put("kmeans_tolerance", settings.tolerance());
        parameters.put("threads", settings.threads());
        parameters.put("block_frames", settings.blockFrames());
        return parameters;
    }

    static Map<String, Object> summary(Job job, Map<String, Object> dataset, AnalysisEngine.Outcome outcome,
            List<Path> files, Instant start, Instant end) {
        AnalysisResult result = outcome.result();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("job_id", job.id());
        summary.put("scan_name", result.scanName());
        summary.put("scan_identifier", job.request().scanIdentifier());
        summary.put("parameters", parameters(result.settings()));

        Map<String, Object> datasetEntry = new LinkedHashMap<>(dataset);
        datasetEntry.put("scan_shape", List.of(result.scanShape().rows(), result.scanShape().cols()));
        datasetEntry.put("frame_shape", List.of(result.frameShape().rows(), result.frameShape().cols()));
        datasetEntry.put("non_finite_frames", result.nonFiniteFrames());
        summary.put("dataset", datasetEntry);

        KMeansResult kmeans = result.kmeans();
        Map<String, Object> clusters = new LinkedHashMap<>();
        clusters.put("k", result.k());
        clusters.put("sizes", Arrays.stream(kmeans.clusterSizes()).boxed().toList());
        clusters.put("inertia", finite(kmeans.inertia()));
        clusters.put("iterations", kmeans.iterations());
        clusters.put("converged", kmeans.converged());
        summary.put("clusters", clusters);

        PcaModel pca = result.pca();
        Map<String, Object> pcaEntry = new LinkedHashMap<>();
        pcaEntry.put("feature_dimension", result.featureDimension());
        pcaEntry.put("components", pca.componentCount());
        pcaEntry.put("explained_variance", Arrays.stream(pca.explainedVariance()).mapToObj(Summaries::finite).toList());
        pcaEntry.put("explained_variance_ratio",
                Arrays.stream(pca.explainedVarianceRatio()).mapToObj(Summaries::finite).toList());
        pcaEntry.put("cumulative_explained_variance_ratio",
                finite(Arrays.stream(pca.explainedVarianceRatio()).sum()));
        summary.put("pca", pcaEntry);

        Map<String, Object> timings = new LinkedHashMap<>();
        result.timings().forEach((stage, duration) -> timings.put(stage, seconds(duration)));
        outcome.timings().forEach((stage, duration) -> timings.put(stage, seconds(duration)));
        timings.put("total", seconds(Duration.between(start, end)));
        summary.put("timings_seconds", timings);
        summary.put("frames_per_second", finite(result.frameCount() / Math.max(1e-9, seconds(Duration.between(start, end)))));

        summary.put("warnings", outcome.warnings());
        summary.put("started_at", start.toString());
        summary.put("finished_at", end.toString());
        summary.put("output_directory", job.outputDirectory().toString());
        summary.put("files", files.stream()
                .map(file -> job.outputDirectory().relativize(file.toAbsolutePath()).toString())
                .toList());

        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("stem4d", Jobs.version());
        versions.put("java", Runtime.version().toString());
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        summary.put("versions", versions);
        return summary;
    }

    /**
     * Returns a warning naming the empty clusters, or nothing when every cluster has a frame.
     * k-means leaves clusters empty when the frames have fewer distinct feature vectors than K,
     * for example a scan of all-zero frames.
     */
    static List<String> clusterWarnings(long[] clusterSizes) {
        List<Integer> empty = new java.util.ArrayList<>();
        for (int cluster = 0; cluster < clusterSizes.length; cluster++) {
            if (clusterSizes[cluster] == 0) {
                empty.add(cluster);
            }
        }
        if (empty.isEmpty()) {
            return List.of();
        }
        int used = clusterSizes.length - empty.size();
        return List.of("only " + used + " of K=" + clusterSizes.length + " clusters received frames: cluster"
                + (empty.size() > 1 ? "s " : " ") + ranges(empty) + (empty.size() > 1 ? " are" : " is")
                + " empty, because the frames have only " + used + " distinct feature vector" + (used == 1 ? "" : "s")
                + " (for example all-zero frames); lower k_clusters or check the scan");
    }

    /** Formats ascending integers as ranges, e.g. {@code 1-3, 5}. */
    private static String ranges(List<Integer> values) {
        StringBuilder text = new StringBuilder();
        int start = 0;
        for (int i = 1; i <= values.size(); i++) {
            if (i == values.size() || values.get(i) != values.get(i - 1) + 1) {
                if (text.length() > 0) {
                    text.append(", ");
                }
                text.append(values.get(start));
                if (i - 1 > start) {
                    text.append('-').append(values.get(i - 1));
                }
                start = i;
            }
        }
        return text.toString();
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** Returns the value, or null for NaN and infinities, which JSON cannot represent. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
