package io.jqemu.qmp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import io.netty.util.Timeout;

/** One command from submission to reply; mutable fields are guarded by the connection's lock. */
final class PendingRequest {
    final long id;
    final String command;
    final ObjectNode request;
    final byte[] bytes;
    final OptionalInt fd;
    final Duration timeout;
    final CompletableFuture<JsonNode> future = new CompletableFuture<>();
    Timeout timer;
    boolean sent;

    PendingRequest(long id, String command, ObjectNode request, byte[] bytes, OptionalInt fd, Duration timeout) {
        this.id = id;
        this.command = command;
        this.request = request;
        this.bytes = bytes;
        this.fd = fd;
        this.timeout = timeout;
    }

    boolean isQuit() {
        return command.equals("quit");
    }
}
