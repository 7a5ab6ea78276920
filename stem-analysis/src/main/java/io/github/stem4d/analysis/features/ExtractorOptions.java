package io.github.stem4d.analysis.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Option values of one extractor, defaults merged in, with parsers that name the option in their errors. */
final class ExtractorOptions {

    private final String extractor;
    private final Map<String, String> values;

    private ExtractorOptions(String extractor, Map<String, String> values) {
        this.extractor = extractor;
        this.values = values;
    }

    /**
     * Merges {@code given} over {@code defaults}.
     *
     * @throws IllegalArgumentException if {@code given} contains a name that {@code defaults} lacks
     */
    static ExtractorOptions merge(String extractor, Map<String, String> defaults, Map<String, String> given) {
        Objects.requireNonNull(given, "options");
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, String> entry : given.entrySet()) {
            String name = entry.getKey();
            if (name == null || !defaults.containsKey(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "' for feature extractor '" + extractor
                        + "'; allowed: " + String.join(", ", defaults.keySet()));
            }
            if (entry.getValue() == null) {
                throw new IllegalArgumentException("option '" + name + "' of feature extractor '" + extractor
                        + "' has no value; expected for example " + defaults.get(name));
            }
            merged.put(name, entry.getValue().trim());
        }
        return new ExtractorOptions(extractor, merged);
    }

    /** Returns the effective values, unmodifiable, in the order of the defaults. */
    Map<String, String> asMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    int intValue(String name, int min, int max) {
        String text = values.get(name);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(name, text, "an integer from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw invalid(name, text, "an integer from " + min + " to " + max);
        }
        return value;
    }

    double doubleValue(String name, double min, double max) {
        String text = values.get(name);
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw invalid(name, text, "a number from " + min + " to " + max);
        }
        if (!(value >= min && value <= max)) {
            throw invalid(name, text, "a number from " + min + " to " + max);
        }
        return value;
    }

    /** Parses a comma-separated list of distinct integers in [min, max], in the given order. */
    int[] intList(String name, int min, int max) {
        String text = values.get(name);
        String expected = "a comma-separated list of distinct integers from " + min + " to " + max;
        if (text.isEmpty()) {
            throw invalid(name, text, expected);
        }
        List<Integer> parsed = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int value;
            try {
                value = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw invalid(name, text, expected);
            }
            if (value < min || value > max || parsed.contains(value)) {
                throw invalid(name, text, expected);
            }
            parsed.add(value);
        }
        return parsed.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Returns the value, lower-cased, if it is one of {@code allowed}. */
    String choice(String name, String... allowed) {
        String text = values.get(name).toLowerCase(Locale.ROOT);
        for (String candidate : allowed) {
            if (candidate.equals(text)) {
                return candidate;
            }
        }
        throw invalid(name, values.get(name), "one of " + String.join(", ", allowed));
    }

    String text(String name) {
        return values.get(name);
    }

    IllegalArgumentException invalid(String name, String text, String expected) {
        return new IllegalArgumentException("invalid value '" + text + "' for option '" + name
                + "' of feature extractor '" + extractor + "'; expected " + expected);
    }
}
