package io.jqemu.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A minimal test-local QMP exchange over a UNIX domain socket: one command at a time, events skipped.
 * Core's tests use it because they must not depend on the qmp module.
 */
public final class TestQmp implements AutoCloseable {
    /** The JSON mapper the exchange uses, for tests that build or read command arguments. */
    public static final ObjectMapper JSON = new ObjectMapper();
    private final SocketChannel channel;
    private final BufferedReader in;

    private TestQmp(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        JsonNode greeting = JSON.readTree(in.readLine());
        if (!greeting.has("QMP")) {
            throw new IOException("not a QMP greeting: " + greeting);
        }
        execute("qmp_capabilities");
    }

    /** Connects to {@code socket} and negotiates capabilities. */
    public static TestQmp connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        return new TestQmp(ch);
    }

    /** Runs a command without arguments and returns its {@code return} value. */
    public JsonNode execute(String command) throws IOException {
        return execute(command, null);
    }

    /** Runs a command and returns its {@code return} value. */
    public JsonNode execute(String command, ObjectNode arguments) throws IOException {
        JsonNode reply = raw(command, arguments);
        if (reply.has("error")) {
            throw new QmpError(command, reply.get("error"));
        }
        return reply.get("return");
    }

    /** Runs a command and returns the whole reply, {@code return} or {@code error}. */
    public JsonNode raw(String command, ObjectNode arguments) throws IOException {
        ObjectNode msg = JSON.createObjectNode().put("execute", command);
        if (arguments != null) {
            msg.set("arguments", arguments);
        }
        channel.write(ByteBuffer.wrap((JSON.writeValueAsString(msg) + "\n").getBytes(StandardCharsets.UTF_8)));
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("QMP closed while waiting for the reply to " + command);
            }
            JsonNode reply = JSON.readTree(line);
            if (reply.has("return") || reply.has("error")) {
                return reply;
            }
        }
    }

    /** {@code qom-get}. */
    public JsonNode qomGet(String path, String property) throws IOException {
        return execute("qom-get", JSON.createObjectNode().put("path", path).put("property", property));
    }

    /** {@code human-monitor-command}. */
    public String hmp(String commandLine) throws IOException {
        return execute("human-monitor-command", JSON.createObjectNode().put("command-line", commandLine)).asText();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A QMP error reply. */
    public static final class QmpError extends IOException {
        QmpError(String command, JsonNode error) {
            super(command + " failed: " + error);
        }
    }
}
