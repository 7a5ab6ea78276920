package io.github.stem4d.io.npy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parser of the Python literals that a NumPy header uses: dicts, strings, tuples, lists,
 * integers, {@code True}, {@code False} and {@code None}. Dicts become {@link Map}, tuples and
 * lists {@link List}, integers {@link Long}, {@code None} the string {@code "None"}.
 */
final class PythonLiteral {

    /** Deepest nesting accepted, so that a hostile header cannot overflow the stack. */
    private static final int MAX_DEPTH = 16;

    private final String text;
    private int index;
    private int depth;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /**
     * Parses one literal that fills {@code text} apart from white space.
     *
     * @throws IllegalArgumentException if the text is not such a literal; the message names the position
     */
    static Object parse(String text) {
        PythonLiteral parser = new PythonLiteral(text);
        Object value = parser.value();
        parser.skipSpace();
        if (parser.index != text.length()) {
            throw parser.error("end of the header");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        if (index >= text.length()) {
            throw error("a value");
        }
        char c = text.charAt(index);
        if (c == '{' || c == '(' || c == '[') {
            if (++depth > MAX_DEPTH) {
                throw error("at most " + MAX_DEPTH + " nested brackets");
            }
            Object nested = c == '{' ? dict() : sequence(c == '(' ? ')' : ']');
            depth--;
            return nested;
        }
        if (c == '\'' || c == '"') {
            return string();
        }
        if (c == '-' || Character.isDigit(c)) {
            return integer();
        }
        for (String word : new String[] {"True", "False", "None"}) {
            if (text.startsWith(word, index)) {
                index += word.length();
                return switch (word) {
                    case "True" -> Boolean.TRUE;
                    case "False" -> Boolean.FALSE;
                    default -> "None";
                };
            }
        }
        throw error("a value");
    }

    private Map<String, Object> dict() {
        Map<String, Object> map = new LinkedHashMap<>();
        index++;
        while (true) {
            skipSpace();
            if (peek() == '}') {
                index++;
                return map;
            }
            Object key = value();
            if (!(key instanceof String name)) {
                throw error("a string key");
            }
            skipSpace();
            expect(':');
            map.put(name, value());
            skipSpace();
            if (peek() == ',') {
                index++;
            } else if (peek() != '}') {
                throw error("',' or '}'");
            }
        }
    }

    private List<Object> sequence(char close) {
        List<Object> items = new ArrayList<>();
        index++;
        while (true) {
            skipSpace();
            if (peek() == close) {
                index++;
                return items;
            }
            items.add(value());
            skipSpace();
            if (peek() == ',') {
                index++;
            } else if (peek() != close) {
                throw error("',' or '" + close + "'");
            }
        }
    }

    private String string() {
        char quote = text.charAt(index++);
        int end = text.indexOf(quote, index);
        if (end < 0) {
            throw error("a closing quote");
        }
        String value = text.substring(index, end);
        index = end + 1;
        return value;
    }

    private Long integer() {
        int start = index;
        if (peek() == '-') {
            index++;
        }
        while (index < text.length() && Character.isDigit(text.charAt(index))) {
            index++;
        }
        String digits = text.substring(start, index);
        if (peek() == 'L') {
            // Python 2 wrote long integers with an L suffix.
            index++;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error("an integer of at most 19 digits");
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        index++;
    }

    private char peek() {
        return index < text.length() ? text.charAt(index) : '\0';
    }

    private void skipSpace() {
        while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
            index++;
        }
    }

    private IllegalArgumentException error(String expected) {
        String found = index >= text.length() ? "the end of the text"
                : "'" + text.substring(index, Math.min(text.length(), index + 20)) + "'";
        return new IllegalArgumentException("expected " + expected + " at character " + index + ", found " + found);
    }
}
