package io.github.stem4d.io.internal;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Typed access to the string reader options of {@link OpenOptions#readerOptions()}. */
public final class ReaderOptions {

    private ReaderOptions() {
    }

    /**
     * Checks that every reader option name in {@code options} is one of {@code accepted}, so a
     * misspelled name fails instead of being silently ignored.
     *
     * @param reader the reader name, for the message
     * @throws InvalidScanException naming the first unknown option and listing the accepted names
     */
    public static void requireKnown(OpenOptions options, String reader, Path path, String... accepted)
            throws InvalidScanException {
        List<String> names = List.of(accepted);
        for (String name : options.readerOptions().keySet()) {
            if (!names.contains(name)) {
                String expected = names.isEmpty() ? "this reader accepts no reader options"
                        : "accepted names: " + String.join(", ", names);
                throw new InvalidScanException(path, "unknown reader option '" + name + "' for reader " + reader
                        + " on '" + path.getFileName() + "': " + expected + ". Check the spelling or remove it.");
            }
        }
    }

    /**
     * Returns the boolean option {@code name}, or {@code defaultValue} when it is absent.
     *
     * @throws InvalidScanException if the value is not {@code true} or {@code false}
     */
    public static boolean flag(OpenOptions options, String name, boolean defaultValue, Path path)
            throws InvalidScanException {
        String value = options.readerOptions().get(name);
        if (value == null) {
            return defaultValue;
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals("true")) {
            return true;
        }
        if (normalized.equals("false")) {
            return false;
        }
        throw new InvalidScanException(path, "invalid reader option " + name + "='" + value + "' for '"
                + path.getFileName() + "': expected true or false");
    }

    /**
     * Returns the non-negative integer option {@code name}, or {@code defaultValue} when it is absent.
     *
     * @throws InvalidScanException if the value is not an integer between 0 and {@code max}
     */
    public static int count(OpenOptions options, String name, int defaultValue, int max, Path path)
            throws InvalidScanException {
        String value = options.readerOptions().get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 0 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below with the allowed range.
        }
        throw new InvalidScanException(path, "invalid reader option " + name + "='" + value + "' for '"
                + path.getFileName() + "': expected an integer from 0 to " + max);
    }

    /**
     * Returns the option {@code name}, which must be one of {@code allowed}, or {@code defaultValue}.
     *
     * @throws InvalidScanException if the value is not one of {@code allowed}
     */
    public static String choice(OpenOptions options, String name, String defaultValue, Path path,
            String... allowed) throws InvalidScanException {
        String value = options.readerOptions().get(name);
        if (value == null) {
            return defaultValue;
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        for (String candidate : allowed) {
            if (candidate.equals(normalized)) {
                return candidate;
            }
        }
        throw new InvalidScanException(path, "invalid reader option " + name + "='" + value + "' for '"
                + path.getFileName() + "': expected one of " + String.join(", ", allowed));
    }
}
