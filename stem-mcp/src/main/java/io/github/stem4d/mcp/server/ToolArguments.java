package io.github.stem4d.mcp.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, validated access to the arguments of one tool call. Every error message names the
 * argument, the rule, and the value received, so that the caller can correct the call.
 * Not thread-safe; create one per call.
 */
final class ToolArguments {

    /** The maximum length of a string argument, in characters: the usual PATH_MAX of Linux. */
    static final int MAX_STRING_LENGTH = 4096;

    private final String tool;
    private final Map<String, Object> values;

    /**
     * Checks that {@code values} holds only {@code allowed} names.
     *
     * @throws ToolException naming unknown arguments and the allowed ones
     */
    ToolArguments(String tool, Map<String, Object> values, Set<String> allowed) throws ToolException {
        this.tool = tool;
        this.values = values == null ? Map.of() : values;
        Set<String> unknown = new TreeSet<>(this.values.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new ToolException(tool + ": unknown argument" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + "; allowed: " + new TreeSet<>(allowed));
        }
    }

    boolean has(String name) {
        return values.get(name) != null;
    }

    String requiredString(String name) throws ToolException {
        return optionalString(name).orElseThrow(() ->
                new ToolException(tool + ": argument '" + name + "' is required (a string)"));
    }

    Optional<String> optionalString(String name) throws ToolException {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new ToolException(tool + ": argument '" + name + "' must be a string, got " + describe(value));
        }
        if (text.isBlank()) {
            throw new ToolException(tool + ": argument '" + name + "' must not be empty");
        }
        if (text.length() > MAX_STRING_LENGTH) {
            throw new ToolException(tool + ": argument '" + name + "' must be at most " + MAX_STRING_LENGTH
                    + " characters, got " + text.length() + " characters starting " + describe(text));
        }
        return Optional.of(text.trim());
    }

    int integer(String name, int defaultValue, int min, int max) throws ToolException {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        long number = toLong(name, value, min, max);
        return (int) number;
    }

    long longInteger(String name, long defaultValue) throws ToolException {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        return toLong(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    boolean bool(String name, boolean defaultValue) throws ToolException {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Boolean flag)) {
            throw new ToolException(tool + ": argument '" + name + "' must be true or false, got " + describe(value));
        }
        return flag;
    }

    /** Returns a list of exactly {@code size} integers, each at least {@code min}. */
    Optional<int[]> integerList(String name, int size, int min) throws ToolException {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        String rule = tool + ": argument '" + name + "' must be a list of " + size + " integers >= " + min;
        if (!(value instanceof List<?> list) || list.size() != size) {
            throw new ToolException(rule + ", for example [256, 256]; got " + describe(value));
        }
        int[] result = new int[size];
        for (int i = 0; i < size; i++) {
            Object item = list.get(i);
            if (!isIntegral(item)) {
                throw new ToolException(rule + "; item " + i + " is " + describe(item));
            }
            long number = ((Number) item).longValue();
            if (number < min || number > Integer.MAX_VALUE) {
                throw new ToolException(rule + "; item " + i + " is " + number);
            }
            result[i] = (int) number;
        }
        return Optional.of(result);
    }

    private long toLong(String name, Object value, long min, long max) throws ToolException {
        String range = min == Long.MIN_VALUE ? "an integer" : "an integer from " + min + " to " + max;
        if (!isIntegral(value)) {
            throw new ToolException(tool + ": argument '" + name + "' must be " + range + ", got " + describe(value));
        }
        long number = ((Number) value).longValue();
        if (number < min || number > max) {
            throw new ToolException(tool + ": argument '" + name + "' must be " + range + ", got " + number);
        }
        return number;
    }

    private static boolean isIntegral(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return true;
        }
        if (value instanceof java.math.BigInteger big) {
            return big.bitLength() < 64;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.0e15;
        }
        return false;
    }

    private static String describe(Object value) {
        if (value instanceof String text) {
            return "\"" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "\" (a string)";
        }
        if (value instanceof Boolean) {
            return value + " (a boolean)";
        }
        if (value instanceof Number) {
            return value + " (a number)";
        }
        if (value instanceof List<?>) {
            return value + " (a list)";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        return String.valueOf(value);
    }
}
