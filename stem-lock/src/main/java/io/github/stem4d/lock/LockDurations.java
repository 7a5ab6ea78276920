package io.github.stem4d.lock;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats durations for lock options and command lines.
 *
 * <p>Accepted forms: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, combinations
 * such as {@code 1h30m}, ISO-8601 ({@code PT30S}), and a bare number, which means seconds. Units
 * are case-insensitive. Negative durations are rejected. Thread-safe.
 */
public final class LockDurations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private LockDurations() {
    }

    /**
     * Parses a duration.
     *
     * @param text the text, for example {@code 30s} or {@code PT30S}
     * @return the duration, zero or positive
     * @throws IllegalArgumentException if the text is empty, negative or not in an accepted form;
     *     the message lists the accepted forms
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text);
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        Duration result;
        if (value.startsWith("p")) {
            try {
                result = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        } else if (value.matches("\\d+(\\.\\d+)?")) {
            result = fromUnits(new java.math.BigDecimal(value), "s", text);
        } else {
            result = Duration.ZERO;
            Matcher matcher = PART.matcher(value);
            int end = 0;
            while (matcher.find() && matcher.start() == end) {
                result = result.plus(fromUnits(new java.math.BigDecimal(matcher.group(1)), matcher.group(2), text));
                end = matcher.end();
            }
            if (end != value.length() || end == 0) {
                throw invalid(text);
            }
        }
        if (result.isNegative()) {
            throw new IllegalArgumentException("Invalid duration '" + text + "': it must not be negative.");
        }
        return result;
    }

    /**
     * Formats a duration for people, for example {@code 1h 2m 3s}, {@code 12.5s} or {@code 250ms}.
     *
     * @param duration the duration
     * @return the text
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = duration.getSeconds();
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        StringBuilder text = new StringBuilder();
        if (days > 0) {
            text.append(days).append("d ");
        }
        if (days > 0 || hours > 0) {
            text.append(hours).append("h ");
        }
        text.append(minutes).append("m ").append(rest).append('s');
        return text.toString();
    }

    private static Duration fromUnits(java.math.BigDecimal amount, String unit, String text) {
        java.math.BigDecimal millis;
        switch (unit) {
            case "ms" -> millis = amount;
            case "s" -> millis = amount.movePointRight(3);
            case "m" -> millis = amount.multiply(java.math.BigDecimal.valueOf(60_000));
            case "h" -> millis = amount.multiply(java.math.BigDecimal.valueOf(3_600_000));
            case "d" -> millis = amount.multiply(java.math.BigDecimal.valueOf(86_400_000));
            default -> throw invalid(text);
        }
        try {
            return Duration.ofNanos(millis.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Invalid duration '" + text + "': it is too long.", e);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("Invalid duration '" + text
                + "'; expected forms such as 500ms, 30s, 5m, 1h, 2d, 1h30m, PT30S, or a number of seconds.");
    }
}
