package io.github.stem4d.mcp.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ToolArgumentsTest {

    private static final Set<String> NAMES = Set.of("k", "name", "shape", "flag", "seed");

    private static ToolArguments args(Map<String, Object> values) throws ToolException {
        return new ToolArguments("tool", values, NAMES);
    }

    @Test
    void defaultsApplyWhenAbsentOrNull() throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put("k", null);
        ToolArguments arguments = args(values);
        assertEquals(16, arguments.integer("k", 16, 1, 256));
        assertEquals(7L, arguments.longInteger("seed", 7));
        assertEquals(false, arguments.bool("flag", false));
        assertTrue(arguments.optionalString("name").isEmpty());
        assertTrue(arguments.integerList("shape", 2, 1).isEmpty());
    }

    @Test
    void overlongStringIsRejectedWithoutEcho() {
        String huge = "x".repeat(100_000);
        ToolException e = assertThrows(ToolException.class, () -> args(Map.of("name", huge)).optionalString("name"));
        assertTrue(e.getMessage().contains("at most 4096 characters, got 100000"), e.getMessage());
        assertTrue(e.getMessage().length() < 300, "message stays short: " + e.getMessage().length());
    }

    @Test
    void acceptsIntegralNumbersOfAnyType() throws Exception {
        assertEquals(3, args(Map.of("k", 3L)).integer("k", 16, 1, 256));
        assertEquals(4, args(Map.of("k", 4.0)).integer("k", 16, 1, 256));
        assertEquals(-5L, args(Map.of("seed", -5)).longInteger("seed", 0));
        assertArrayEquals(new int[] {2, 4}, args(Map.of("shape", List.of(2, 4L))).integerList("shape", 2, 1).orElseThrow());
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of(Map.of("k", 0), "'k' must be an integer from 1 to 256, got 0"),
                Arguments.of(Map.of("k", 257), "'k' must be an integer from 1 to 256, got 257"),
                Arguments.of(Map.of("k", 2.5), "'k' must be an integer from 1 to 256, got 2.5 (a number)"),
                Arguments.of(Map.of("k", "8"), "'k' must be an integer from 1 to 256, got \"8\" (a string)"),
                Arguments.of(Map.of("k", true), "got true (a boolean)"),
                Arguments.of(Map.of("shape", List.of(1)), "'shape' must be a list of 2 integers >= 1"),
                Arguments.of(Map.of("shape", List.of(1, 0)), "item 1 is 0"),
                Arguments.of(Map.of("shape", List.of(1, "a")), "item 1 is \"a\" (a string)"),
                Arguments.of(Map.of("shape", "8x8"), "'shape' must be a list of 2 integers"),
                Arguments.of(Map.of("flag", "yes"), "'flag' must be true or false"),
                Arguments.of(Map.of("name", 5), "'name' must be a string, got 5 (a number)"),
                Arguments.of(Map.of("name", " "), "'name' must not be empty"));
    }

    @ParameterizedTest
    @MethodSource("invalidValues")
    void invalidValueNamesArgumentAndValue(Map<String, Object> values, String expected) throws Exception {
        ToolArguments arguments = args(values);
        ToolException error = assertThrows(ToolException.class, () -> {
            arguments.integer("k", 16, 1, 256);
            arguments.integerList("shape", 2, 1);
            arguments.bool("flag", false);
            arguments.optionalString("name");
        });
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertTrue(error.getMessage().startsWith("tool: "), error.getMessage());
    }

    @Test
    void unknownArgumentsListAllowedNames() {
        ToolException error = assertThrows(ToolException.class, () -> args(Map.of("colour", 1, "k", 2)));
        assertTrue(error.getMessage().contains("unknown argument [colour]"), error.getMessage());
        assertTrue(error.getMessage().contains("allowed: [flag, k, name, seed, shape]"), error.getMessage());
    }

    @Test
    void missingRequiredStringIsNamed() throws Exception {
        ToolException error = assertThrows(ToolException.class, () -> args(Map.of()).requiredString("name"));
        assertEquals("tool: argument 'name' is required (a string)", error.getMessage());
    }
}
