package io.github.stem4d.mcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The SDK's stdio transport with outgoing messages queued one thread at a time.
 *
 * <p>In MCP Java SDK 2.2.0 the stdio session transport puts each outgoing message into a
 * Reactor unicast sink with {@code tryEmitNext}. When two tool calls finish at the same moment,
 * two threads emit at once and one emission fails as non-serialized. That response is dropped
 * ("Failed to enqueue message" on stderr), so the client waits until its timeout. Wrapping the
 * session transport so that each emission runs under one lock keeps every response.
 */
final class SerializedStdioTransportProvider extends StdioServerTransportProvider {

    SerializedStdioTransportProvider(McpJsonMapper jsonMapper, InputStream in, OutputStream out) {
        super(jsonMapper, in, out);
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory sessionFactory) {
        super.setSessionFactory(transport -> sessionFactory.create(new SerializedTransport(transport)));
    }

    /** Delegates to the SDK transport; {@link #sendMessage} subscribes, and so emits, under a lock. */
    private static final class SerializedTransport implements McpServerTransport {
        private final McpServerTransport delegate;
        private final Object emitLock = new Object();

        SerializedTransport(McpServerTransport delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            // The SDK emits during subscription once the transport is started, so the lock covers the emission.
            return Mono.create(sink -> {
                synchronized (emitLock) {
                    delegate.sendMessage(message).subscribe(ignored -> { }, sink::error, sink::success);
                }
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return delegate.unmarshalFrom(data, type);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public List<String> protocolVersions() {
            return delegate.protocolVersions();
        }
    }
}
