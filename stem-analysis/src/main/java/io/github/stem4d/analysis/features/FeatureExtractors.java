package io.github.stem4d.analysis.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds {@link FeatureExtractor} providers by name. */
public final class FeatureExtractors {

    private FeatureExtractors() {
    }

    /** Returns every extractor on the class path, sorted by name. */
    public static List<FeatureExtractor> all() {
        List<FeatureExtractor> found = new ArrayList<>();
        var iterator = ServiceLoader.load(FeatureExtractor.class, FeatureExtractors.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                found.add(iterator.next());
            } catch (ServiceConfigurationError e) {
                System.getLogger(FeatureExtractors.class.getName())
                        .log(System.Logger.Level.WARNING, "skipping a feature extractor that failed to load", e);
            }
        }
        found.sort(Comparator.comparing(FeatureExtractor::name));
        return found;
    }

    /**
     * Returns the extractor with this name.
     *
     * @throws IllegalArgumentException if none has it; the message lists the known names
     */
    public static FeatureExtractor byName(String name) {
        List<FeatureExtractor> all = all();
        return all.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown feature extractor '" + name + "'; available: "
                        + all.stream().map(FeatureExtractor::name).collect(Collectors.joining(", "))));
    }
}
