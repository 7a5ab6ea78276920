package io.github.stem4d.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ToolSpecificationTest {

    static Stream<Throwable> failures() {
        return Stream.of(new IllegalStateException("broken state"), new StackOverflowError("deep"),
                new OutOfMemoryError("Java heap space"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void handlerFailureBecomesErrorResult(Throwable failure) {
        SyncToolSpecification spec = Stem4dTools.spec("probe_tool", "Probe", "Throws.",
                ToolSchemas.object(List.of(), ToolSchemas.properties()), (exchange, request) -> {
                    if (failure instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) failure;
                });

        CallToolResult result = spec.callHandler().apply(null, new CallToolRequest("probe_tool", Map.of()));

        assertEquals(Boolean.TRUE, result.isError());
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        assertTrue(text.startsWith("probe_tool failed: " + failure), text);
        assertTrue(text.contains("The server is still running"), text);
    }
}
