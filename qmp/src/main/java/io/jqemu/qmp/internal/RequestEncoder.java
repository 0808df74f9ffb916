package io.jqemu.qmp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Encodes {@code {"execute": name, "arguments": {...}, "id": n}} in two steps: the {@linkplain #head
 * head} (everything but the id, built by the caller outside any lock) and the {@linkplain #withId id}
 * (appended once the request is about to be written and its id is known). The frame around the
 * arguments is written by hand (a plain command name needs no escaping), so commands without
 * arguments, the common queries, cost no trip through Jackson; the arguments themselves are always
 * written by Jackson. The output is compact: QEMU's monitor reads its input one byte per main-loop
 * iteration, so every byte of a request costs a few microseconds of round trip.
 */
final class RequestEncoder {
    private RequestEncoder() {
    }

    static byte[] encode(String command, Optional<ObjectNode> arguments, long id) {
        return withId(head(command, arguments), id);
    }

    /**
     * Encodes a request without its id: the execute member and the arguments, if any, of an
     * object whose closing brace {@link #withId} writes.
     *
     * @param command the command name
     * @param arguments its arguments
     * @return the open request object
     */
    static byte[] head(String command, Optional<ObjectNode> arguments) {
        if (!isPlainName(command)) {
            ObjectNode request = QmpMessageParser.MAPPER.createObjectNode().put("execute", command);
            arguments.ifPresent(a -> request.set("arguments", a));
            byte[] closed = write(command, request);
            return Arrays.copyOf(closed, closed.length - 1);
        }
        StringBuilder head = new StringBuilder(24 + command.length()).append("{\"execute\":\"").append(command).append('"');
        if (arguments.isEmpty()) {
            return head.toString().getBytes(StandardCharsets.US_ASCII);
        }
        byte[] prefix = head.append(",\"arguments\":").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] args = write(command, arguments.get());
        byte[] out = Arrays.copyOf(prefix, prefix.length + args.length);
        System.arraycopy(args, 0, out, prefix.length, args.length);
        return out;
    }

    /**
     * Closes a {@link #head} with its id.
     *
     * @param head the open request object
     * @param id the request's id
     * @return the complete request
     */
    static byte[] withId(byte[] head, long id) {
        byte[] suffix = (",\"id\":" + id + "}").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + suffix.length);
        System.arraycopy(suffix, 0, out, head.length, suffix.length);
        return out;
    }

    /** QMP and guest-agent command names: letters, digits, '-' and '_' (nothing JSON must escape). */
    static boolean isPlainName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] write(String command, ObjectNode node) {
        try {
            return QmpMessageParser.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new QmpException("cannot encode QMP command '" + command + "'", e);
        }
    }
}
