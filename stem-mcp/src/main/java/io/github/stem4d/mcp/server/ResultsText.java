package io.github.stem4d.mcp.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text renderings of {@code summary.json} content for people, shared by the tools and the command line. */
public final class ResultsText {

    private ResultsText() {
    }

    /** Returns scan, timing, features, cluster sizes, explained variance and the output files, one item per line. */
    @SuppressWarnings("unchecked")
    public static String summary(Map<String, Object> summary) {
        StringBuilder text = new StringBuilder();
        Map<String, Object> dataset = (Map<String, Object>) summary.getOrDefault("dataset", Map.of());
        Map<String, Object> clusters = (Map<String, Object>) summary.getOrDefault("clusters", Map.of());
        Map<String, Object> pca = (Map<String, Object>) summary.getOrDefault("pca", Map.of());
        Map<String, Object> timings = (Map<String, Object>) summary.getOrDefault("timings_seconds", Map.of());
        Map<String, Object> parameters = (Map<String, Object>) summary.getOrDefault("parameters", Map.of());

        text.append("Scan: ").append(dataset.get("path")).append(" (").append(dataset.get("format")).append(", scan ")
                .append(shape(dataset.get("scan_shape"))).append(", frames ").append(shape(dataset.get("frame_shape")))
                .append(' ').append(dataset.get("pixel_type")).append(")\n");
        text.append("Job: ").append(summary.get("job_id"));
        if (timings.get("total") instanceof Number total) {
            text.append(String.format(Locale.ROOT, ", %.1f s", total.doubleValue()));
        }
        if (summary.get("frames_per_second") instanceof Number rate) {
            text.append(String.format(Locale.ROOT, " (%.0f frames/s)", rate.doubleValue()));
        }
        text.append('\n');
        text.append("Features: ").append(parameters.get("features")).append(", ").append(pca.get("feature_dimension"))
                .append(" values per frame; PCA kept ").append(pca.get("components")).append(" components");
        if (pca.get("cumulative_explained_variance_ratio") instanceof Number cumulative) {
            text.append(String.format(Locale.ROOT, " (%.1f%% of the variance)", 100 * cumulative.doubleValue()));
        }
        text.append('\n');
        text.append("Clusters (K=").append(clusters.get("k")).append("): sizes ");
        if (clusters.get("sizes") instanceof List<?> sizes) {
            text.append(String.join(", ", sizes.stream().map(String::valueOf).toList()));
        }
        text.append('\n');
        if (summary.get("warnings") instanceof List<?> warnings) {
            for (Object warning : warnings) {
                text.append("Warning: ").append(warning).append('\n');
            }
        }
        text.append("Outputs: ").append(summary.get("output_directory")).append('\n');
        if (summary.get("files") instanceof List<?> files) {
            for (Object name : files) {
                text.append("  ").append(name).append('\n');
            }
        }
        return text.toString();
    }

    /** Formats a [rows, cols] list as {@code RxC}. */
    public static String shape(Object value) {
        if (value instanceof List<?> list && list.size() == 2) {
            return list.get(0) + "x" + list.get(1);
        }
        return String.valueOf(value);
    }

    /** Formats a byte count with a binary unit, e.g. {@code 512.0 MiB}. */
    public static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
