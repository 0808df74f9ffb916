package io.jqemu.qmp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import io.netty.util.Timeout;

/** One command from submission to reply; mutable fields are guarded by the connection's lock. */
final class PendingRequest {
    final String command;
    final Optional<ObjectNode> arguments;
    /** The request without its id ({@link RequestEncoder#head}). */
    final byte[] head;
    final OptionalInt fd;
    final Duration timeout;
    final CompletableFuture<JsonNode> future = new CompletableFuture<>();
    Timeout timer;
    /** Assigned when the request is written: the smallest id no other request in flight holds. */
    long id = -1;
    boolean sent;

    PendingRequest(String command, Optional<ObjectNode> arguments, byte[] head, OptionalInt fd, Duration timeout) {
        this.command = command;
        this.arguments = arguments;
        this.head = head;
        this.fd = fd;
        this.timeout = timeout;
    }

    /** {@return the request as sent, for error messages (built only when needed)} */
    ObjectNode request() {
        ObjectNode r = JsonNodeFactory.instance.objectNode().put("execute", command);
        arguments.ifPresent(a -> r.set("arguments", a));
        return r.put("id", id);
    }

    boolean isQuit() {
        return command.equals("quit");
    }
}
