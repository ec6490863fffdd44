package lmm.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.ConcurrentMessageProcessor;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * LSP4J's server launcher with two additions at the JSON-RPC edge: the framing layer
 * {@link FramedMessageProducer} (recovers from bad frames instead of going deaf), and the lifecycle
 * gate LSP asks for: before {@code initialize} every request is answered ServerNotInitialized
 * (-32002) and notifications other than {@code exit} are dropped; after {@code shutdown} every request
 * is answered InvalidRequest and notifications other than {@code exit} are dropped.
 */
final class ServerLauncher {
    private ServerLauncher() {}

    enum State { NEW, RUNNING, SHUT_DOWN }

    static Launcher<LanguageClient> create(Object server, InputStream in, OutputStream out) {
        AtomicReference<State> state = new AtomicReference<>(State.NEW);
        Builder builder = new Builder(state);
        builder.setLocalService(server).setRemoteInterface(LanguageClient.class).setInput(in).setOutput(out);
        builder.wrapMessages(consumer -> consumer instanceof RemoteEndpoint endpoint ? gate(endpoint, state) : consumer);
        return builder.create();
    }

    private static MessageConsumer gate(RemoteEndpoint endpoint, AtomicReference<State> state) {
        return message -> {
            if (!admit(message, endpoint, state)) return;
            endpoint.consume(message);
        };
    }

    /** Whether a message from the client goes on to the server; if not, a request is answered here. */
    private static boolean admit(Message message, RemoteEndpoint endpoint, AtomicReference<State> state) {
        String method = message instanceof RequestMessage r ? r.getMethod()
                : message instanceof NotificationMessage n ? n.getMethod() : null;
        if (method == null) return true; // responses to our own requests
        if (method.equals("exit")) return true;
        switch (state.get()) {
            case NEW -> {
                if (method.equals("initialize") && message instanceof RequestMessage) {
                    state.set(State.RUNNING);
                    return true;
                }
                refuse(message, endpoint, ResponseErrorCode.ServerNotInitialized, "the server is not initialized yet: send 'initialize' first");
                return false;
            }
            case RUNNING -> {
                if (method.equals("shutdown")) state.set(State.SHUT_DOWN);
                if (method.equals("initialize")) {
                    refuse(message, endpoint, ResponseErrorCode.InvalidRequest, "the server is already initialized");
                    return false;
                }
                return true;
            }
            default -> {
                refuse(message, endpoint, ResponseErrorCode.InvalidRequest, "the server is shut down: only 'exit' is accepted");
                return false;
            }
        }
    }

    private static void refuse(Message message, RemoteEndpoint endpoint, ResponseErrorCode code, String why) {
        if (message instanceof RequestMessage r) endpoint.handle(r, List.of(new MessageIssue(why, code.getValue())));
    }

    /** Builds the launcher with {@link FramedMessageProducer} in place of LSP4J's stream reader. */
    private static final class Builder extends LSPLauncher.Builder<LanguageClient> {
        private MessageJsonHandler json;
        private RemoteEndpoint endpoint;

        Builder(AtomicReference<State> state) {}

        @Override
        protected MessageJsonHandler createJsonHandler() {
            json = super.createJsonHandler();
            return json;
        }

        @Override
        protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler jsonHandler) {
            endpoint = super.createRemoteEndpoint(jsonHandler);
            return endpoint;
        }

        @Override
        protected ConcurrentMessageProcessor createMessageProcessor(MessageProducer reader, MessageConsumer consumer,
                                                                    LanguageClient remoteProxy) {
            return super.createMessageProcessor(new FramedMessageProducer(input, json, endpoint), consumer, remoteProxy);
        }
    }
}
