package io.github.stem4d.mcp.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON Schemas of the tool inputs (draft 2020-12 subset that MCP clients understand). */
final class ToolSchemas {

    private ToolSchemas() {
    }

    static Map<String, Object> object(List<String> required, Map<String, Object> properties) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    static Map<String, Object> string(String description) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("minLength", 1);
        schema.put("description", description);
        return schema;
    }

    static Map<String, Object> integer(String description, long min, Long max, Long defaultValue) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "integer");
        schema.put("minimum", min);
        if (max != null) {
            schema.put("maximum", max);
        }
        if (defaultValue != null) {
            schema.put("default", defaultValue);
        }
        schema.put("description", description);
        return schema;
    }

    static Map<String, Object> anyInteger(String description, long defaultValue) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "integer");
        schema.put("default", defaultValue);
        schema.put("description", description);
        return schema;
    }

    static Map<String, Object> bool(String description, boolean defaultValue) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "boolean");
        schema.put("default", defaultValue);
        schema.put("description", description);
        return schema;
    }

    static Map<String, Object> enumeration(String description, List<String> values, String defaultValue) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("enum", values);
        schema.put("default", defaultValue);
        schema.put("description", description);
        return schema;
    }

    static Map<String, Object> pair(String description) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "array");
        schema.put("items", Map.of("type", "integer", "minimum", 1));
        schema.put("minItems", 2);
        schema.put("maxItems", 2);
        schema.put("description", description);
        return schema;
    }

    static Map<String, Object> properties(Object... nameSchemaPairs) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < nameSchemaPairs.length; i += 2) {
            properties.put((String) nameSchemaPairs[i], nameSchemaPairs[i + 1]);
        }
        return properties;
    }
}
